"""My journal: see and edit the stored rows, fill in the weather, the sample data, the trash,
backups, and deleting everything."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise.ui import journal as uj
from crampwise.ui import session
from crampwise.ui import journal_editor as je
from crampwise.ui import weather as uw
from crampwise.ui import widgets

st.title("My journal", anchor=False)

with widgets.friendly_errors():
    decision = session.current_mode()
    journal = session.get_journal()
    owner = session.current_owner()

uj.where_it_lives(decision, journal)
uj.mode_notice(decision)

if owner is None:  # accounts mode, signed out: show and store nothing
    st.info("Sign in to see your own journal.", icon=":material/login:")
    st.button("Sign in", key="journal_login", on_click=st.login, icon=":material/login:")
    st.stop()

episodes_tab, daily_tab = st.tabs(["Episodes", "Daily"])
with episodes_tab:
    je.editor(journal, owner, "episodes")
    je.episode_sources_section(journal, owner)
with daily_tab:
    je.editor(journal, owner, "daily")
    je.sources_section(journal, owner)

st.subheader("Fill in the weather", anchor=False)
uw.weather_section(journal, owner, decision.mode)

st.subheader("Sample data", anchor=False)
je.sample_section(journal, owner)

st.subheader("Trash", anchor=False)
je.trash_section(journal, owner)

st.subheader("Backup", anchor=False)
je.backup_section(journal, owner)

st.subheader("Delete all my data", anchor=False)
je.delete_all_section(journal, owner)
