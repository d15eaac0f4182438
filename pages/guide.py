"""Guide: the whole guide, one section at a time, with a contents list and next/previous."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise import guide
from crampwise.ui import guide as guide_ui
from crampwise.ui import navigation

sections = guide.sections()
ids = [s.id for s in sections]
wanted = st.query_params.get("section", ids[0])
current = guide.section(wanted) if wanted in ids else sections[0]
index = ids.index(current.id)

st.title("Guide to spasms, cramps and twitches", anchor=False)
guide_ui.disclaimer()
st.caption(f"The whole guide takes about {guide.read_minutes():.0f} minutes to read.")

# The contents in the main area too: on a phone the sidebar is closed.
with st.expander(f"Contents: section {index + 1} of {len(sections)}, {current.title}", icon=":material/toc:"):
    guide_ui.contents(sections, current)
with st.sidebar:
    st.markdown("**Contents**")
    guide_ui.contents(sections, current)

if index == 0:
    summary = guide.key_points()
    with st.container(border=True):
        st.subheader(summary.title, anchor=False)
        st.markdown(summary.body)
        guide_ui.sources(summary.sources)

guide_ui.section_body(current)

with st.container(horizontal=True):
    if index > 0:
        prev = sections[index - 1]
        st.page_link(
            navigation.GUIDE.path,
            label=f"Previous: {prev.title}",
            icon=":material/arrow_back:",
            query_params={"section": prev.id},
        )
    if index + 1 < len(sections):
        nxt = sections[index + 1]
        st.page_link(
            navigation.GUIDE.path,
            label=f"Next: {nxt.title}",
            icon=":material/arrow_forward:",
            query_params={"section": nxt.id},
        )

st.divider()
with st.container(horizontal=True):
    st.page_link(navigation.CHECKER.path, label="Is this something to check?", icon=navigation.CHECKER.icon)
    st.page_link(navigation.CRAMP_NOW.path, label="Cramp right now", icon=navigation.CRAMP_NOW.icon)
