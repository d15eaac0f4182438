"""Cramp right now: what to do for the cramping muscle, in large type, with a hold timer."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise import guide, schema
from crampwise.guide import right_now
from crampwise.ui import guide as guide_ui
from crampwise.ui import navigation

st.title("Cramp right now", anchor=False)
muscle = (
    st.pills(
        "Where is the cramp?",
        schema.MUSCLES,
        default="calf",
        key="cramp_now_muscle",
        format_func=right_now.name,
        width="stretch",
        required=True,
    )
    or "calf"
)
plan = right_now.plan(muscle)

guide_ui.long_cramp_notice()
if plan.leads:
    guide_ui.triage_box(plan.leads)

if plan.twitch is not None:
    st.header(plan.twitch.heading, anchor=False)
    guide_ui.passage(plan.twitch, title=False)
else:
    if plan.stretch is not None:
        # Heading, timer, then the steps: on a phone all three start on the first screen.
        st.subheader(plan.stretch.heading, anchor=False)
        guide_ui.hold_timer(30, key="cramp_now_hold")
        guide_ui.step_lists(guide.step_lists(plan.stretch), key="cramp_now_way")
        guide_ui.sources(plan.stretch.sources)
        st.subheader("Also", anchor=False)
    if plan.leads:
        st.markdown(f"**{right_now.settings().steps_after_leads}**")
    guide_ui.big_steps(guide.steps(plan.relief))
    guide_ui.sources(plan.relief.sources)

st.divider()
st.subheader("When to get help", anchor=False)
guide_ui.triage_box(plan.watch, full=False)
guide_ui.passage_expander("cramp-or-clot")
st.page_link(navigation.CHECKER.path, label="Is this something to check?", icon=navigation.CHECKER.icon)
st.caption(guide.disclaimer())
