"""Plotly figures for the app. Library code: no Streamlit here, so notebooks can use them too."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from crampwise import schema, units
from crampwise.stats.daily import DERIVED
from crampwise.words import contrasts, plain, takeaways
from crampwise.words.dates import HOVER_FORMAT, in_sentence

BELOW, WITHIN, ABOVE = "#c0392b", "#2a7f62", "#2471a3"


#: The legend's names of the fluid bars, by status (the colours say the same).
HYDRATION_BARS: dict[str, tuple[str, str]] = {
    "below": ("Below the goal", BELOW),
    "within": ("Within the goal", WITHIN),
    "above": ("Above the goal", ABOVE),
}
#: The shortest stretch of days the hydration chart's axis spans (one day alone would
#: fill the whole width).
HYDRATION_MIN_DAYS = 7


def hydration(compared: pd.DataFrame, system: str = "metric") -> go.Figure:
    """Logged fluids per day against that day's goal range (from hydration.compare).

    ``compared`` is in litres; ``system`` ("metric" or "us") chooses the units plotted.
    The x-axis spans the days of ``compared`` (at least :data:`HYDRATION_MIN_DAYS`, ending
    on its last day), so pass one stretch of days (``guide.hydration.in_stretch``), not
    months with nothing logged. The goal band covers each day of ``compared`` and no
    other; every mark has its name in the legend.
    """
    q = units.quantity("water_l", system)
    assert q is not None  # fluids are converted in every system
    places = min(q.decimals, 1)
    day = pd.to_datetime(compared["date"]).dt.normalize().reset_index(drop=True)
    half = pd.Timedelta(hours=12)

    def shown(column: str) -> pd.Series:
        return q.show(pd.to_numeric(compared[column], errors="coerce").astype("float64")).reset_index(
            drop=True
        )

    # The goal band: one box per day (edges from half a day before to half a day after),
    # separated by gaps, so a day missing from the log gets no band.
    band_x: list[Any] = []
    band_y: list[Any] = []
    for d, low, high in zip(day, shown("drinks_low_l"), shown("drinks_high_l"), strict=True):
        if pd.isna(low) or pd.isna(high):
            continue
        band_x += [d - half, d + half, d + half, d - half, d - half, None]
        band_y += [high, high, low, low, high, None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=band_x,
            y=band_y,
            mode="lines",
            line={"width": 0},
            fill="toself",
            fillcolor="rgba(42,127,98,0.18)",
            name="Goal range",
            hoverinfo="skip",
        )
    )
    status = compared["status"].astype(str).reset_index(drop=True)
    water = shown("water_l")
    for key, (name, colour) in HYDRATION_BARS.items():
        these = (status == key) & water.notna()
        if not these.any():
            continue
        fig.add_trace(
            go.Bar(
                x=day[these],
                y=water[these],
                width=0.8 * 86_400_000,  # most of a day, in milliseconds
                marker_color=colour,
                name=name,
                hovertemplate=f"%{{x|{HOVER_FORMAT}}}: %{{y:.{places}f}} {q.symbol} ({name.lower()})"
                "<extra></extra>",
            )
        )
    layout: dict[str, Any] = {}
    if len(day):
        last = day.max()
        first = min(day.min(), last - pd.Timedelta(days=HYDRATION_MIN_DAYS - 1))
        layout["xaxis_range"] = [(first - half).isoformat(), (last + half).isoformat()]
    fig.update_layout(
        yaxis_title=q.column_label,
        xaxis_title=None,
        bargap=0.15,
        barmode="overlay",
        showlegend=True,
        legend_orientation="h",
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=360,
        title="Fluids drunk each day, against that day's goal",
        **layout,
    )
    return fig


# --------------------------------------------------------------------------- insights
# Figures for the Insights page. Each takes a frame from crampwise.stats (the analysis'
# ``table``, a model's ``terms``, the ``episode_patterns`` frames) and only draws:
# the numbers and the sentence under each chart come from the library
# (crampwise.stats, crampwise.words.takeaways). Frames hold canonical units (litres,
# °C); figures that plot a factor take ``system`` ("metric" or "us") and plot and
# label converted factors (fluids, temperature, heat index) in its units.

EPISODES_COLOUR = "#2a7f62"
FACTOR_COLOUR = "#d35400"
NEUTRAL = "#7f8c8d"
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 10}


def _label(factor: str, system: str = "metric") -> str:
    return takeaways.label(factor, system)


# --------------------------------------------------------------------------- axes
# Honest axes: a count gets whole-number ticks (plotly puts ticks at 0.5 steps under
# 4, and ``tickformat="d"`` alone would then repeat labels: 0, 1, 1, 2...); a yes/no
# factor gets two ticks, "No" and "Yes", never a scale of 0, 0.167, 0.333...

#: Factors that are yes/no by definition (logged as yes/no, or derived as 0/1).
YES_NO_FACTORS: frozenset[str] = frozenset(
    {f.name for f in schema.DAILY.fields if f.kind == "boolean"} | {"no_warmup"}
)
#: Factors on a scale: yes/no only if they are also in YES_NO_FACTORS, whatever was logged
#: (stress logged only as 0 and 1 is still a 0-10 scale).
_SCALES: frozenset[str] = (
    frozenset({f.name for f in schema.DAILY.fields if f.kind in ("number", "integer")} | set(DERIVED))
    - YES_NO_FACTORS
)


def yes_no(values: pd.Series, factor: str) -> bool:
    """Whether ``factor`` is a yes/no answer: a known one, or a custom factor logged as 0/1
    only (takeaways' ``_yes_no`` check, except that a known scale never counts)."""
    if factor in YES_NO_FACTORS:
        return True
    if factor in _SCALES:
        return False
    seen = set(pd.to_numeric(values, errors="coerce").dropna().unique())
    return bool(seen) and seen <= {0.0, 1.0}


def whole_step(top: float, most: int = 6) -> int:
    """A whole tick step (1, 2 or 5 × a power of ten) giving at most ``most`` steps from 0
    to ``top``: 0, 1, 2, 3 for up to 3 episodes, 0, 5, 10... for up to 30."""
    if not math.isfinite(top) or top <= most:
        return 1
    power = 10 ** max(0, math.floor(math.log10(top / most)))
    return next(m * power for m in (1, 2, 5, 10) if top / (m * power) <= most)


def _top(values: Any) -> float:
    """The largest finite value (0 when there is none), for sizing a count axis."""
    found = pd.to_numeric(pd.Series(np.asarray(values, dtype=float).ravel()), errors="coerce")
    found = found[np.isfinite(found)]
    return float(found.max()) if len(found) else 0.0


def count_axis(values: Any, *, most: int = 6, **more: Any) -> dict[str, Any]:
    """Axis settings for a count (episodes, days): ticks 0, 1, 2... or 0, 5, 10...
    (at most ``most`` steps), printed as whole numbers, from 0. ``more`` adds other
    settings (a title)."""
    top = _top(values)
    axis: dict[str, Any] = {
        "tickmode": "linear",
        "tick0": 0,
        "dtick": whole_step(top, most),
        "tickformat": ",d",
        "rangemode": "tozero",
    }
    if top <= 0:  # nothing counted yet: an axis of 0 and 1, not a lone 0
        axis["range"] = [0, 1]
    return axis | more


#: The yes/no axis: two ticks, at 0 and 1.
YES_NO_TICKS: dict[str, Any] = {"tickmode": "array", "tickvals": [0, 1], "ticktext": ["No", "Yes"]}


def ratio_ticks(low: float, high: float) -> list[float]:
    """Round ticks for a log axis of rate ratios from ``low`` to ``high`` (empty: leave
    them to plotly, for a range too narrow for three round values).

    Plotly labels a short log axis by its digits only (0.3 to 0.9 read "3 4 5 ... 9",
    then "1 2 3"); these are the coarsest round values (1, 2, 5 × a power of ten, then
    finer) that give at least four ticks (three on a narrow range), 1 always among them.
    """
    low, high = min(low, 1.0), max(high, 1.0)
    if not (math.isfinite(low) and math.isfinite(high) and low > 0):
        return []
    ladders = ((1, 2, 5), (1, 1.5, 2, 3, 5, 7), (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9))
    powers = range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1)
    ticks: list[float] = []
    for ladder in ladders:
        values = {float(f"{m * 10.0**k:.6g}") for k in powers for m in ladder}
        ticks = sorted({v for v in values if low <= v <= high} | {1.0})
        if len(ticks) >= 4:
            break
    if len(ticks) < 3:
        return []
    while len(ticks) > 9:  # a wide range: every other tick, keeping 1
        one = ticks.index(1.0)
        ticks = [t for i, t in enumerate(ticks) if (i - one) % 2 == 0]
    return ticks


def _shown(values: pd.Series, factor: str, system: str) -> tuple[pd.Series, str]:
    """``values`` of ``factor`` in ``system``'s units, and the unit to add in hover texts."""
    values = pd.to_numeric(values, errors="coerce")
    q = contrasts.display_quantity(factor, system) if system != "metric" else None
    if q is None or q.alias is None:
        return values, ""
    return q.show(values.astype("float64")), f" {q.symbol}"


def timeline(table: pd.DataFrame, factor: str | None = None, *, system: str = "metric") -> go.Figure:
    """Episodes per day as bars (whole-number ticks), with ``factor`` on a second axis
    (right), in ``system``'s units.

    A factor on a scale is a line with its own round ticks (plotly would otherwise sync
    them to the episodes' grid: 0, 5.9, 11.8...). A yes/no factor is a mark per day on an
    axis of "No" and "Yes" only (filled for yes, hollow for no, days without an answer
    blank): a line between answers would suggest values in between.
    """
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=table["date"],
            y=table["episodes"],
            name="Episodes",
            marker_color=EPISODES_COLOUR,
            hovertemplate="%{x|" + HOVER_FORMAT + "}: %{y} episodes<extra></extra>",
        )
    )
    title = "Episodes each day"
    if factor and factor in table.columns:
        label = _label(factor, system)
        values, suffix = _shown(table[factor], factor, system)
        if not suffix:
            values = table[factor]
        axis: dict[str, Any] = {"title": label, "overlaying": "y", "side": "right", "showgrid": False}
        if yes_no(table[factor], factor):
            answered = pd.to_numeric(values, errors="coerce").astype("float64")
            for value, answer, symbol in ((1.0, "Yes", "circle"), (0.0, "No", "circle-open")):
                days = answered.eq(value)
                fig.add_trace(
                    go.Scatter(
                        x=table.loc[days, "date"],
                        y=answered[days],
                        name=f"{label}: {answer.lower()}",
                        mode="markers",
                        yaxis="y2",
                        marker={"color": FACTOR_COLOUR, "size": 8, "symbol": symbol},
                        hovertemplate="%{x|" + HOVER_FORMAT + "}: " + answer + "<extra>" + label + "</extra>",
                    )
                )
            axis |= YES_NO_TICKS | {"range": [-0.15, 1.15], "zeroline": False}
        else:
            fig.add_trace(
                go.Scatter(
                    x=table["date"],
                    y=values,
                    name=label,
                    mode="lines",
                    yaxis="y2",
                    connectgaps=False,
                    line={"color": FACTOR_COLOUR, "width": 1.5},
                    hovertemplate="%{x|" + HOVER_FORMAT + "}: %{y}" + suffix + "<extra>" + label + "</extra>",
                )
            )
            axis |= {"tickmode": "auto", "rangemode": "tozero"}
        fig.update_layout(yaxis2=axis)
        title = f"Episodes each day, with {label}"
    fig.update_layout(
        title=title,
        yaxis=count_axis(table["episodes"], title="Episodes"),
        xaxis_title=None,
        bargap=0.1,
        legend_orientation="h",
        legend={"y": -0.15},
        margin=_MARGIN,
        height=380,
        hovermode="x unified",
    )
    return fig


def calendar(table: pd.DataFrame) -> go.Figure:
    """A calendar heatmap: one column per week (Monday first), one row per weekday.

    Days without a row in ``table`` (not logged) stay blank, so "no episodes"
    (0, pale) and "no record" (blank) look different.
    """
    dates = pd.to_datetime(table["date"])
    counts = pd.Series(table["episodes"].to_numpy(dtype=float), index=dates)
    if counts.empty:
        everyday = pd.DatetimeIndex([])
    else:
        first = dates.min() - pd.Timedelta(days=int(dates.min().weekday()))
        everyday = pd.date_range(first, dates.max(), freq="D")
    full = counts.groupby(level=0).sum(min_count=1).reindex(everyday)
    weeks = (everyday - everyday.min()).days // 7 if len(everyday) else []
    grid = pd.DataFrame(
        {"week": weeks, "weekday": everyday.day_of_week, "count": full.to_numpy(), "date": everyday}
    )
    week_starts = everyday[everyday.day_of_week == 0]
    z = grid.pivot(index="weekday", columns="week", values="count").reindex(range(7))
    text = grid.pivot(index="weekday", columns="week", values="date").reindex(range(7))
    hover = text.apply(
        lambda col: col.map(lambda v: "" if pd.isna(v) else f"{v:%a} {in_sentence(v)}")
    ).fillna("")
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=list(week_starts),
            y=list(_WEEKDAYS),
            customdata=hover.to_numpy(),
            colorscale=[[0, "#eef6f2"], [1, EPISODES_COLOUR]],
            zmin=0,
            xgap=2,
            ygap=2,
            colorbar={"title": "Episodes"} | _colorbar_ticks(z.to_numpy()),
            hoverongaps=False,
            hovertemplate="%{customdata}: %{z} episodes<extra></extra>",
        )
    )
    fig.update_layout(
        title="Episodes per day, week by week",
        xaxis={"title": "Week starting", "type": "date"},
        yaxis={"autorange": "reversed"},
        margin=_MARGIN,
        height=300,
    )
    return fig


def _colorbar_ticks(z: Any) -> dict[str, Any]:
    """Whole-number ticks for a colour bar of counts (the settings of :func:`count_axis`
    a colour bar takes)."""
    axis = count_axis(z)
    return {k: axis[k] for k in ("tickmode", "tick0", "dtick", "tickformat")}


def _group_means(x: pd.Series, y: pd.Series, groups: int = 5) -> pd.DataFrame:
    """Mean ``y`` per group of days: a value shared by a fifth of days or more is its own
    group, the other days are cut into equal-count groups. Columns x (median), y (mean)."""
    counts = x.value_counts()
    big = set(counts[counts * groups >= len(x)].index)
    key = pd.Series(x.where(x.isin(big)).map(lambda v: f"v{v!r}"), index=x.index, dtype=object)
    rest = ~x.isin(big)
    if rest.any():
        cuts = pd.qcut(x[rest], max(1, groups - len(big)), duplicates="drop")
        key[rest] = "q" + pd.Series(cuts.cat.codes, index=cuts.index).astype(str)
    frame = pd.DataFrame({"x": x, "y": pd.to_numeric(y), "key": key})
    out = frame.groupby("key").agg(x=("x", "median"), y=("y", "mean"))
    return out.sort_values("x").reset_index(drop=True)


def factor_scatter(table: pd.DataFrame, factor: str, *, system: str = "metric") -> go.Figure:
    """Episodes against one factor: a box per value for yes/no factors, else a scatter.

    The scatter's trend line is a LOWESS smooth (statsmodels, no robustness
    iterations, so days without episodes are not treated as outliers). When
    one value covers more than half the days (a factor that is 0 on most
    days), or ties leave LOWESS undefined, it is the mean episodes of each
    fifth of days instead. It is drawn only with at least 10
    days and 3 different values. A converted factor is plotted in ``system``'s
    units (the trend is fitted on the plotted values).
    """
    label = _label(factor, system)
    data = table[["date", "episodes", factor]].dropna(subset=[factor, "episodes"])
    x, suffix = _shown(data[factor], factor, system)
    fig = go.Figure()
    if x.nunique() <= 2:
        answers = yes_no(data[factor], factor)
        order = sorted(x.unique())
        names = [("Yes" if v else "No") if answers else f"{v:g}{suffix}" for v in order]
        for value, name in zip(order, names, strict=True):
            mask = x == value
            fig.add_trace(
                go.Box(
                    y=data.loc[mask, "episodes"],
                    name=name,
                    boxmean=True,
                    boxpoints="all",
                    jitter=0.4,
                    pointpos=0,
                    marker_color=EPISODES_COLOUR,
                    hovertemplate="%{y} episodes<extra></extra>",
                )
            )
        fig.update_layout(
            xaxis={"title": label, "type": "category", "categoryorder": "array", "categoryarray": names},
            showlegend=False,
        )
    else:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=data["episodes"],
                mode="markers",
                name="One day",
                marker={"color": EPISODES_COLOUR, "opacity": 0.55, "size": 7},
                customdata=data["date"],
                hovertemplate="%{customdata|"
                + HOVER_FORMAT
                + "}: %{x}"
                + suffix
                + ", %{y} episodes<extra></extra>",
            )
        )
        if len(data) >= 10 and x.nunique() >= 3:
            from statsmodels.nonparametric.smoothers_lowess import lowess

            y = data["episodes"].to_numpy(dtype=float)
            smooth = None
            if x.value_counts().iloc[0] * 2 <= len(x):  # LOWESS needs spread-out values
                try:
                    with np.errstate(divide="raise", invalid="raise", over="raise"):
                        smooth = lowess(y, x.to_numpy(dtype=float), frac=2 / 3, it=0)
                except FloatingPointError:  # ties leave local fits undefined
                    smooth = None
            if smooth is not None and np.isfinite(smooth[:, 1]).all():
                tx, ty, name = smooth[:, 0], smooth[:, 1], "Trend (LOWESS)"
            else:
                binned = _group_means(x, data["episodes"])
                tx, ty, name = binned["x"], binned["y"], "Trend (average per group of days)"
            fig.add_trace(
                go.Scatter(
                    x=tx,
                    y=ty,
                    mode="lines+markers" if name.startswith("Trend (a") else "lines",
                    name=name,
                    line={"color": FACTOR_COLOUR, "width": 2.5},
                    hoverinfo="skip",
                )
            )
        fig.update_layout(xaxis_title=label, legend_orientation="h", legend={"y": -0.2})
    fig.update_layout(
        title=f"Episodes per day by {label}",
        yaxis=count_axis(data["episodes"], title="Episodes that day"),
        margin=_MARGIN,
        height=360,
    )
    return fig


def forest(terms: pd.DataFrame, *, system: str = "metric") -> go.Figure:
    """Rate ratios with their 95% CIs on a log axis, one row per factor, 1 marked.

    ``terms`` has ``factor``, ``irr``, ``ci_low`` and ``ci_high`` (a model's
    terms, or ``takeaways.model_terms`` with the ratios per a readable step
    and a ``label`` column, which is then used for the rows; pass the same ``system``
    to both). Rate ratios have no unit: only row labels depend on ``system``.
    """
    terms = terms.reset_index(drop=True)
    rows = list(range(len(terms)))
    labels = (
        [str(x) for x in terms["label"]]
        if "label" in terms.columns
        else [_label(str(f), system) for f in terms["factor"]]
    )
    clear = (
        terms["finding"].astype(bool)
        if "finding" in terms.columns
        else terms["ci_low"].gt(1) | terms["ci_high"].lt(1)
    )
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=terms["irr"],
            y=rows,
            mode="markers",
            name="Rate ratio (95% CI)",
            marker={
                "size": 11,
                "symbol": "square",
                "color": [EPISODES_COLOUR if c else NEUTRAL for c in clear],
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": terms["ci_high"] - terms["irr"],
                "arrayminus": terms["irr"] - terms["ci_low"],
                "thickness": 2,
                "width": 6,
            },
            customdata=terms[["ci_low", "ci_high"]].to_numpy(),
            text=labels,
            hovertemplate="%{text}: %{x:.2f} (95% CI %{customdata[0]:.2f} to "
            "%{customdata[1]:.2f})<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[1, 1],
            y=[-0.5, len(terms) - 0.5],
            mode="lines",
            name="1 = no difference",
            line={"color": "#555555", "dash": "dash", "width": 1},
            hoverinfo="skip",
        )
    )
    xaxis: dict[str, Any] = {"type": "log", "title": "Rate ratio (log scale): above 1 = more episodes"}
    ends = pd.to_numeric(pd.concat([terms["ci_low"], terms["ci_high"], terms["irr"]]), errors="coerce")
    ends = ends[np.isfinite(ends) & ends.gt(0)]
    ticks = ratio_ticks(float(ends.min()), float(ends.max())) if len(ends) else []
    if ticks:
        low, high = math.log10(min(ends.min(), 1.0)), math.log10(max(ends.max(), 1.0))
        pad = max(0.05, (high - low) * 0.05)
        xaxis |= {
            "tickmode": "array",
            "tickvals": ticks,
            "ticktext": [f"{t:g}" for t in ticks],
            "range": [low - pad, high + pad],
        }
    fig.update_layout(
        title="Rate ratios, each factor adjusted for the others",
        xaxis=xaxis,
        yaxis={"tickvals": rows, "ticktext": labels, "range": [len(terms) - 0.5, -0.5]},
        legend_orientation="h",
        legend={"y": -0.25},
        margin=_MARGIN,
        height=max(220, 60 + 45 * len(terms)),
    )
    return fig


def hours(frame: pd.DataFrame) -> go.Figure:
    """Episodes by the hour they started (``episode_patterns()["hour"]``), night hours darker."""
    night = (frame["hour"] >= 22) | (frame["hour"] < 7)
    fig = go.Figure(
        go.Bar(
            x=frame["hour"],
            y=frame["episodes"],
            name="Episodes",
            marker_color=[EPISODES_COLOUR if n else "#9cc9b6" for n in night],
            customdata=[f"{h:02d}:00–{(h + 1) % 24:02d}:00" for h in frame["hour"]],
            hovertemplate="%{customdata}: %{y} episodes<extra></extra>",
        )
    )
    fig.update_layout(
        title="When episodes started (darker: 22:00 to 07:00)",
        xaxis={
            "title": "Hour of the day",
            "tickmode": "array",
            "tickvals": list(range(0, 24, 3)),
            "ticktext": [f"{h:02d}:00" for h in range(0, 24, 3)],
            "range": [-0.5, 23.5],
        },
        yaxis=count_axis(frame["episodes"], title="Episodes"),
        bargap=0.15,
        margin=_MARGIN,
        height=320,
    )
    return fig


_SIDE_COLOURS = {"left": "#2a7f62", "right": "#2471a3", "both": "#8e44ad", "unspecified": "#bdc3c7"}


def muscles(frame: pd.DataFrame) -> go.Figure:
    """Episodes per muscle, split by side (``episode_patterns()["muscle"]``), most first."""
    order = (
        frame.groupby("muscle", sort=False)["episodes"]
        .sum()
        .sort_values(ascending=False, kind="stable")
        .index.astype(str)
        .tolist()
    )
    fig = go.Figure()
    sides = [s for s in _SIDE_COLOURS if s in set(frame["side"].astype(str))]
    sides += sorted(set(frame["side"].astype(str)) - set(sides))
    for side in sides:
        part = frame[frame["side"].astype(str) == side]
        counts = part.groupby(part["muscle"].astype(str))["episodes"].sum().reindex(order)
        fig.add_trace(
            go.Bar(
                y=[schema.muscle_name(m) for m in order],
                x=counts.fillna(0).to_numpy(),
                orientation="h",
                name="side not noted" if side == "unspecified" else side,
                marker_color=_SIDE_COLOURS.get(side, NEUTRAL),
                hovertemplate="%{y}, " + side + ": %{x} episodes<extra></extra>",
            )
        )
    totals = frame.groupby(frame["muscle"].astype(str))["episodes"].sum()
    fig.update_layout(
        title="Episodes by muscle and side",
        barmode="stack",
        # The title says "Episodes"; an x-axis title too would sit under the legend.
        xaxis=count_axis(totals),
        yaxis={"autorange": "reversed"},
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -0.12,
            "yanchor": "top",
            "title": {"text": "Side"},
        },
        margin=_MARGIN,
        height=max(240, 90 + 28 * len(order)),
    )
    return fig


def relief(frame: pd.DataFrame) -> go.Figure:
    """How often each kind of relief was used (``episode_patterns()["relief"]``)."""
    fig = go.Figure(
        go.Bar(
            y=frame["relief"].astype(str),
            x=frame["times_used"],
            orientation="h",
            marker_color=EPISODES_COLOUR,
            customdata=[plain.percent(s) for s in frame["share"]],
            hovertemplate="%{y}: %{x} episodes (%{customdata})<extra></extra>",
        )
    )
    fig.update_layout(
        title="What you used for relief (an episode can have several)",
        xaxis=count_axis(frame["times_used"], title="Episodes it was used for"),
        yaxis={"autorange": "reversed"},
        margin=_MARGIN,
        height=max(220, 90 + 28 * len(frame)),
    )
    return fig


def monthly(frame: pd.DataFrame) -> go.Figure:
    """Per month: episodes, median severity and median duration (``episode_patterns()``)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=("Episodes", "Median severity (0-10)", "Median duration (minutes)"),
    )
    fig.add_trace(
        go.Bar(
            x=frame["month"],
            y=frame["episodes"],
            name="Episodes",
            marker_color=EPISODES_COLOUR,
            hovertemplate="%{x|%B %Y}: %{y} episodes<extra></extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=frame["month"],
            y=frame["median_severity"],
            name="Median severity",
            mode="lines+markers",
            line={"color": FACTOR_COLOUR},
            hovertemplate="%{x|%B %Y}: %{y}<extra>median severity</extra>",
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=frame["month"],
            y=frame["median_duration_min"],
            name="Median duration",
            mode="lines+markers",
            line={"color": "#2471a3"},
            hovertemplate="%{x|%B %Y}: %{y} min<extra>median duration</extra>",
        ),
        row=3,
        col=1,
    )
    fig.update_yaxes(rangemode="tozero")
    fig.update_yaxes(count_axis(frame["episodes"], most=4), row=1, col=1)  # a short panel
    fig.update_yaxes(range=[0, 10], dtick=2, row=2, col=1)
    fig.update_xaxes(dtick="M1", tickformat="%b %Y")
    fig.update_layout(title="Month by month", showlegend=False, margin=_MARGIN, height=480)
    return fig
