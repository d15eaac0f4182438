"""Loaded files: the tables opened on Import in this session -- not the journal -- filtered,
downloadable and removable (with undo).

Why a page of its own: a file can be looked at and analysed without keeping
it. What is kept lives in "My journal"; this page says so and links there.
"""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise.stats import filters
from crampwise.ui import state, widgets
from crampwise.ui import navigation

st.title("Loaded files", anchor=False)
st.markdown(
    "Files you opened on **Import** (or the sample data from Home), for a look and for "
    "Insights. They are **not in your journal** and are gone when this session ends; "
    "to keep rows, use *Add to my journal* on Import."
)
st.page_link(navigation.JOURNAL.path, label="Go to my journal (what is saved)", icon=navigation.JOURNAL.icon)
widgets.privacy_note()

for tab, kind in zip(st.tabs(["Episodes", "Daily"]), state.KINDS, strict=True):
    with tab:
        widgets.undo_notice(kind, key=f"data_undo_{kind}")
        loaded = state.get_loaded(kind)
        if loaded is None:
            st.info(f"No {widgets.table_noun(kind)} loaded yet.", icon=":material/info:")
            st.page_link(navigation.IMPORT.path, label=f"Import a {kind} file", icon=navigation.IMPORT.icon)
            if not state.has_loaded():
                widgets.sample_button(key=f"data_sample_{kind}")
            continue

        table = loaded.table
        version = state.version(kind)  # new data -> fresh filter widgets
        with st.container(horizontal=True):
            start, end = widgets.date_range_filter(
                filters.date_bounds(loaded.data, table), key=f"data_dates_{kind}_{version}"
            )
            muscles = (
                widgets.muscle_filter(loaded.data, key=f"data_muscles_{version}")
                if kind == "episodes"
                else None
            )
        shown = filters.filter_rows(loaded.data, table, start=start, end=end, muscles=muscles)

        st.caption(
            f"Showing {len(shown)} of {loaded.rows} {widgets.table_noun(kind, loaded.rows)} "
            f"from {widgets.md_text(loaded.source)}."
        )
        widgets.data_table(shown, table, alt=f"Loaded {kind}, filtered", key=f"data_table_{kind}")
        with st.container(horizontal=True):
            widgets.csv_download(
                shown,
                table,
                label=f"Download these {len(shown)} rows (CSV)",
                file_name=f"crampwise_{kind}.csv",
                key=f"data_download_{kind}",
            )
            st.button(
                "Remove loaded data",
                key=f"data_remove_{kind}",
                icon=":material/delete:",
                on_click=state.remove_loaded,
                args=(kind,),
                help="Takes these rows out of this session. You can undo it.",
            )
