"""Hydration goal: a daily fluid target from reference values, compared with the loaded log."""

import streamlit as st

from crampwise import charts
from crampwise.errors import CrampwiseError
from crampwise.guide import hydration
from crampwise.ui import guide as guide_ui
from crampwise.ui import state

texts = hydration.texts()
st.title(texts["title"], anchor=False)
st.markdown(texts["intro"])
st.warning(texts["caution"], icon=":material/medical_information:")
guide_ui.disclaimer()

inputs = guide_ui.hydration_inputs(key="hydration")
try:
    target = hydration.target(**inputs.today)
except CrampwiseError as exc:
    st.error(str(exc))
    st.stop()
guide_ui.hydration_target(target)
st.caption(texts["drinks_note"])

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
