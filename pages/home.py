"""Home: what Crampwise is, the ways in, and what the guide says about your own log."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise.guide import patterns
from crampwise.ui import guide as guide_ui
from crampwise.ui import insights as insights_ui
from crampwise.ui import journal as journal_ui
from crampwise.ui import widgets
from crampwise.ui import units as units_ui
from crampwise.ui import navigation

st.title("Crampwise", anchor=False)
st.markdown(
    "Crampwise is for people who get **muscle spasms and cramps**: night-time calf cramps, "
    "a foot that locks up, an eyelid that will not stop twitching. It has two parts:"
)

# Columns, not a horizontal container: Streamlit stacks columns on a narrow screen (a phone).
guide_column, tracker_column = st.columns(2)
with guide_column:
    with st.container(border=True):
        st.markdown("**:material/menu_book: Guide**")
        st.markdown(
            "Plain-language pages on what spasms and cramps are, what tends to bring "
            "them on, what helps in the moment, and when to see a doctor."
        )
        st.page_link(navigation.CRAMP_NOW.path, label="Cramp right now", icon=navigation.CRAMP_NOW.icon)
        st.page_link(navigation.GUIDE.path, label="Read the guide", icon=navigation.GUIDE.icon)
        st.page_link(
            navigation.CHECKER.path, label="Is this something to check?", icon=navigation.CHECKER.icon
        )
with tracker_column:
    with st.container(border=True):
        st.markdown("**:material/lock: Private tracker**")
        st.markdown(
            "Log episodes and days (fluids, exercise, heat, stress, sleep), or load "
            "your own spreadsheet, and see what goes with your cramps. " + journal_ui.privacy_summary()
        )
        st.page_link(navigation.LOG.path, label="Log a cramp or today's check-in", icon=navigation.LOG.icon)
        st.page_link(navigation.JOURNAL.path, label="My journal", icon=navigation.JOURNAL.icon)
        st.page_link(navigation.IMPORT.path, label="Import your own spreadsheet", icon=navigation.IMPORT.icon)

journal_ui.mode_notice()
widgets.disclaimer()

episodes, daily, where = journal_ui.pointer_tables()
episodes_df, daily_df = (episodes.data if episodes else None), (daily.data if daily else None)
pointers = patterns.find(
    episodes_df,
    daily_df,
    system=units_ui.current(),
    findings=insights_ui.log_findings(daily_df, episodes_df),  # days compared only with a finding
)
if pointers:
    st.subheader("What the guide says about your log", anchor=False)
    st.caption(f"From {where}.")
    for pointer in pointers:
        guide_ui.pointer(pointer)

st.subheader("Get started", anchor=False)
st.markdown("See every page working with six months of a made-up person's log, or load your own spreadsheet.")
with st.container(horizontal=True, vertical_alignment="center"):
    widgets.sample_button(key="home_sample")
