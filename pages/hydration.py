"""Hydration goal: a daily fluid target from reference values, compared with the loaded log."""

import streamlit as st

from crampwise import charts
from crampwise.errors import CrampwiseError
from crampwise.guide import hydration
from crampwise.ui import guide as guide_ui
from crampwise.ui import state

st.title("How much to drink", anchor=False)
st.markdown("A daily fluid goal from published reference values, adjusted for heat and exercise. "
            "It is a guide, not a rule: needs differ from person to person.")
guide_ui.disclaimer()

inputs = guide_ui.hydration_inputs(key="hydration")
try:
    target = hydration.target(**inputs.today)
except CrampwiseError as exc:
    st.error(str(exc))
    st.stop()
guide_ui.hydration_target(target)

daily = state.get_loaded("daily")
st.subheader("Your log against the goal", anchor=False)
if daily is None or "water_l" not in daily.data.columns:
    st.caption("Load a daily log with a water column (Import, or the sample data on Home) to "
               "compare each day with its goal.")
else:
    compared = hydration.compare(daily.data, **inputs.person)
    guide_ui.hydration_summary(compared)
    st.plotly_chart(charts.hydration(compared), key="hydration_chart")
guide_ui.passage_expander("hydration")
