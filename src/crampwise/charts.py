"""Plotly figures for the app. Library code: no Streamlit here, so notebooks can use them too."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

BELOW, WITHIN, ABOVE = "#c0392b", "#2a7f62", "#2471a3"


def hydration(compared: pd.DataFrame) -> go.Figure:
    """Logged fluids per day against that day's goal range (from hydration.compare)."""
    colours = compared["status"].map({"below": BELOW, "within": WITHIN, "above": ABOVE})
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=compared["date"], y=compared["drinks_high_l"], mode="lines", line={"width": 0},
        name="Goal (high)", hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=compared["date"], y=compared["drinks_low_l"], mode="lines", line={"width": 0},
        fill="tonexty", fillcolor="rgba(42,127,98,0.18)", name="Goal range"))
    fig.add_trace(go.Bar(
        x=compared["date"], y=compared["water_l"], marker_color=colours.fillna("#999999"),
        name="You drank", hovertemplate="%{x|%d %b %Y}: %{y:.1f} L<extra></extra>"))
    fig.update_layout(
        yaxis_title="Litres", xaxis_title=None, bargap=0.15, legend_orientation="h",
        margin={"l": 10, "r": 10, "t": 30, "b": 10}, height=360,
        title="Fluids drunk each day, against that day's goal")
    return fig
