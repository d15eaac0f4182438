"""Hydration goal: a daily fluid target from reference values, compared with the person's log
(their journal, or a daily table loaded in this session), in the units they chose."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise.words import charts, takeaways
from crampwise.errors import CrampwiseError
from crampwise.guide import hydration
from crampwise.ui import guide as guide_ui
from crampwise.ui import insights as insights_ui
from crampwise.ui import units as units_ui

texts = hydration.texts()
st.title(texts["title"], anchor=False)
st.markdown(texts["intro"])
st.warning(texts["caution"], icon=":material/medical_information:")
guide_ui.disclaimer()

system = units_ui.current()
inputs = guide_ui.hydration_inputs(key="hydration", system=system)
try:
    target = hydration.target(**inputs.today, system=system)
except CrampwiseError as exc:
    st.error(str(exc))
    st.stop()
guide_ui.hydration_target(target, system)
st.caption(texts["drinks_note"])

st.subheader("Your log against the goal", anchor=False)
daily = guide_ui.hydration_log()
if daily is None:
    st.caption(
        "Log your fluids on the Log page, or load a daily log with a water column "
        "(Import, or the sample data on Home), to compare each day with its goal."
    )
else:
    st.caption(f"Compared: {daily.source}, {takeaways.counted(len(daily.data), 'day')}.")
    compared = hydration.compare(daily.data, **inputs.person)
    guide_ui.hydration_summary(compared)
    shown = guide_ui.hydration_stretch(compared)
    if shown is not None:
        fig = charts.hydration(shown, system=system)
        insights_ui.chart(
            fig, key="hydration_chart", alt=str(fig.layout.title.text or "Fluids against the goal")
        )
guide_ui.passage_expander("hydration")
