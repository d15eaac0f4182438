"""Home: what Crampwise is, and the two ways in (sample data or your own file)."""

import streamlit as st

from crampwise.ui import widgets

st.title("Crampwise", anchor=False)
st.markdown(
    "Crampwise is for people who get **muscle spasms and cramps**: night-time calf cramps, "
    "a foot that locks up, an eyelid that will not stop twitching. It has two parts:")

with st.container(horizontal=True):
    with st.container(border=True):
        st.markdown("**:material/menu_book: Guide** (coming soon)")
        st.markdown("Plain-language pages on what spasms and cramps are, what tends to bring "
                    "them on, what helps in the moment, and when to see a doctor.")
    with st.container(border=True):
        st.markdown("**:material/lock: Private tracker**")
        st.markdown("Load your own log of episodes and days (fluids, exercise, heat, stress, "
                    "sleep) and see what goes with your cramps. Your data stays in this "
                    "browser session only.")

widgets.disclaimer()

st.subheader("Get started", anchor=False)
st.markdown("See every page working with six months of a made-up person's log, or load your "
            "own spreadsheet.")
with st.container(horizontal=True, vertical_alignment="center"):
    widgets.sample_button(key="home_sample")
    st.page_link(widgets.IMPORT_PAGE, label="Import your own spreadsheet",
                 icon=":material/upload_file:")
