"""Cramp right now: what to do for the cramping muscle, in large type, with a hold timer."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise import guide, schema
from crampwise.ui import guide as guide_ui

st.title("Cramp right now", anchor=False)
muscle = st.pills("Where is the cramp?", schema.MUSCLES, default="calf", key="cramp_now_muscle",
                  format_func=lambda m: m.capitalize(), width="stretch") or "calf"

stretch = guide.stretch_for(muscle)
topic = guide.passage(muscle)
if stretch is None and muscle in ("eyelid", "face"):
    st.header(topic.heading, anchor=False)
    guide_ui.passage(topic, title=False)
else:
    right_now = guide.passage("right-now")
    guide_ui.big_steps(guide.steps(right_now))
    guide_ui.sources(right_now.sources)
    if stretch is not None:
        st.divider()
        st.header(stretch.heading, anchor=False)
        guide_ui.big_steps(guide.steps(stretch))
        guide_ui.sources(stretch.sources)
        guide_ui.hold_timer(30, key="cramp_now_hold")

st.divider()
urgent = guide.passage("urgent")
st.warning(f"**{urgent.heading}**\n\n{urgent.markdown}", icon=":material/emergency:")
guide_ui.sources(urgent.sources)
st.page_link(guide_ui.CHECKER_PAGE, label="Is this something to check?",
             icon=":material/checklist:")
st.caption(guide.disclaimer())
