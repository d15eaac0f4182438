"""The person's unit system (metric or US) for every form and display.

Why here: every page reads the same choice, so it is decided once per
session. First match wins:

1. the choice made in this session (the sidebar control);
2. the choice saved in the person's journal (``settings`` table), so it
   survives a restart in personal mode and follows a signed-in person;
3. the browser's locale (``en-US`` -> US), else metric.

Converting lives in :mod:`crampwise.units` (no Streamlit); this module only
remembers the choice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from crampwise import schema, units
from crampwise.errors import CrampwiseError
from crampwise.journal.store import Journal
from crampwise.ui import session
from crampwise.units import System

log = logging.getLogger(__name__)

_STATE = "crampwise.units"
WIDGET_KEY = "units_choice"


def _journal_and_owner() -> tuple[Journal, str] | None:
    """This session's journal and owner; None when nobody's rows may be read (signed out)."""
    owner = session.current_owner()
    return (session.get_journal(), owner) if owner is not None else None


def _saved() -> str | None:
    try:
        found = _journal_and_owner()
        value = found[0].setting(found[1], units.SETTING) if found is not None else None
    except CrampwiseError as exc:  # the journal is unreachable: the choice stays in the session
        log.warning("could not read the units setting: %s", type(exc).__name__)
        return None
    return value if value in units.SYSTEMS else None


def _locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # noqa: BLE001 - no browser context (bare mode)
        return None


def current() -> System:
    """The unit system this session shows and reads forms in."""
    system = st.session_state.get(_STATE)
    if system not in units.SYSTEMS:
        system = _saved() or units.default_for_locale(_locale())
        st.session_state[_STATE] = system
    return units.check(system)


def choose(system: str) -> None:
    """Use ``system`` from now on, and save it in the journal when there is one."""
    system = units.check(system)
    st.session_state[_STATE] = system
    try:
        found = _journal_and_owner()
        if found is not None:
            found[0].set_setting(found[1], units.SETTING, system)
    except CrampwiseError as exc:
        log.warning("could not save the units setting: %s", type(exc).__name__)
        st.toast(
            "Units changed for this session; they could not be saved in your journal.",
            icon=":material/warning:",
        )


def carried_over(field: str, key_for: Callable[[str], str], system: str) -> float | None:
    """What was typed for ``field`` in the widget of another unit system (``key_for(other)``),
    in canonical units, or None. That widget's value is forgotten, so switching back
    carries the latest value the other way: switching units mid-entry keeps what was typed."""
    for other in units.SYSTEMS:
        if other == system:
            continue
        typed = st.session_state.pop(key_for(other), None)
        if typed is not None:
            return units.converting(field, other).store(float(typed))
    return None


def _on_change() -> None:
    chosen = st.session_state.get(WIDGET_KEY)
    if chosen in units.SYSTEMS:
        choose(chosen)


def selector() -> System:
    """The sidebar control. Returns the system in use."""
    system = current()
    st.session_state[WIDGET_KEY] = system
    st.sidebar.segmented_control(
        "Units",
        units.SYSTEMS,
        format_func=lambda s: schema.UNIT_SYSTEMS[s],
        key=WIDGET_KEY,
        on_change=_on_change,
        required=True,
        help="For every form and display. Files, backups and the command line always use "
        "litres and °C; the import reads either.",
    )
    return current()


__all__ = ["WIDGET_KEY", "carried_over", "choose", "current", "selector"]
