"""The journal as pages use it: where it lives in words, the sidebar's account
controls, the journal as analysis tables, the Log page's undo and check-in.

Which journal and whose rows a session uses (mode, owner, connection, clock)
is :mod:`crampwise.ui.session`; the storage itself is
:mod:`crampwise.journal.store` (no Streamlit there).

Session keys
------------
``crampwise.journal.last_saved`` / ``crampwise.journal.undone``
    The Log page's last saved episode and the trash token of its undo.
``crampwise.journal.saved_form``
    What the Log page's episode form held when it was saved: while it still holds
    that, Save is off and a second tap stores nothing (see :func:`already_saved`).
``crampwise.journal.twin``
    ``(form, values, message)``: an episode held back because one just like it is in
    the journal, until "Save it anyway" (see :func:`save_twin`).
``crampwise.journal.another``
    Set by "Log another": the next episode is meant to be another one, so it is not
    held back as a twin.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from crampwise import schema, units
from crampwise.errors import CrampwiseError, EntryRefusedError, TwinEntryError
from crampwise.journal import edits as journal_edits
from crampwise.journal.privacy import Decision
from crampwise.journal.store import Journal
from crampwise.ui import session, state, widgets
from crampwise.ui import units as units_ui

_LAST_SAVED = "crampwise.journal.last_saved"
_UNDONE = "crampwise.journal.undone"
_SAVED_FORM = "crampwise.journal.saved_form"
_TOAST = "crampwise.journal.toast"
_TWIN = "crampwise.journal.twin"
_ANOTHER = "crampwise.journal.another"


def location_text(decision: Decision) -> str:
    """Where the journal is kept and who can see it, in a person's words (no file path,
    no setting names: those are in :func:`location_details`)."""
    if decision.mode == "session":
        return (
            "What you enter stays in this browser session only: nobody else can see it, and "
            "it is gone when you close or reload the tab. To keep it, download a backup "
            "from My journal."
        )
    if decision.mode == "personal":
        return (
            "Your journal is kept on this computer and is not sent anywhere: only someone "
            "using this computer can see it."
        )
    return "Your journal is kept with your account: only you can see it, once signed in."


def location_details(decision: Decision, journal: Journal) -> list[str]:
    """The details behind :func:`location_text`, for those who want them: where exactly
    (the file, in personal mode) and why the app is in this mode (Markdown-safe)."""
    if decision.mode == "personal":
        where = f"The journal is the file {widgets.md_text(journal.location)} on this computer."
    elif decision.mode == "session":
        where = "It is held in the app's memory for this browser session; nothing is written to disk."
    else:
        where = "It is kept in this app's database, in rows that only your account can read."
    return [where, f"Why: {widgets.md_text(decision.reason)}."]


def where_it_lives(decision: Decision, journal: Journal) -> None:
    """Where the journal is kept, in plain words, with the exact place and the reason
    under "Where exactly"."""
    st.caption(location_text(decision))
    with st.expander("Where exactly", icon=":material/info:"):
        for line in location_details(decision, journal):
            st.caption(line)


def account_controls() -> None:
    """In accounts mode, the sidebar's "Signed in as ..." and Sign out (or Sign in)."""
    try:
        if session.current_mode().mode != "accounts":
            return
    except CrampwiseError:
        return
    user = st.user
    with st.sidebar:
        if user.get("is_logged_in"):
            who = user.get("name") or user.get("email") or "your account"
            st.caption(f"Signed in as {widgets.md_text(who)}.")
            st.button("Sign out", key="account_logout", on_click=st.logout, icon=":material/logout:")
        else:
            st.button("Sign in", key="account_login", on_click=st.login, icon=":material/login:")


def mode_notice(decision: Decision | None = None) -> None:
    """Say so, plainly, when this viewer was moved to session mode (came through a proxy)."""
    try:
        decision = decision or session.current_mode()
    except CrampwiseError:
        return  # the pages that need the journal show the setting's error themselves
    if decision.notice:
        st.warning(decision.notice, icon=":material/shield_person:")


def privacy_summary() -> str:
    """One sentence for the Home page: who can see the tracker's data in this mode."""
    try:
        decision = session.current_mode()
    except CrampwiseError as exc:  # a mistyped CRAMPWISE_MODE: say so instead of failing
        return f"(Crampwise's storage setting needs fixing: {exc})"
    if decision.mode == "session":
        return "What you log stays in this browser session only; nobody else can see it."
    if decision.mode == "personal":
        return "What you log is saved on this computer only."
    return "What you log is saved under your account; nobody else can see it."


# --------------------------------------------------------------------------- as tables


#: The two places a page can read a person's data from (Insights, How much to drink).
JOURNAL_SOURCE = "My journal"
SESSION_SOURCE = "Loaded files"
JOURNAL_LABEL = "your journal"
#: The choice's label -> its name in :data:`crampwise.ui.state.SOURCES`.
SOURCE_NAMES: dict[str, str] = {JOURNAL_SOURCE: "journal", SESSION_SOURCE: "session"}


def saved_to_journal() -> None:
    """Note that the person just logged or imported into their journal: pages that can
    read both the journal and loaded files start on the journal."""
    state.choose_source("journal")


def source_index(in_journal: bool) -> int:
    """Which of ``[JOURNAL_SOURCE, SESSION_SOURCE]`` a choice starts on: the one the
    person chose or filled last, the journal when it has rows and nothing was chosen,
    and never an empty journal."""
    return 0 if in_journal and state.chosen_source() != "session" else 1


def remember_source(key: str) -> None:
    """Callback of a source choice (widget ``key``): the person picked one, so remember it."""
    picked = st.session_state.get(key)
    if picked in SOURCE_NAMES:
        state.choose_source(SOURCE_NAMES[picked])


def journal_frames(
    daily: pd.DataFrame, episodes: pd.DataFrame
) -> tuple[state.Loaded | None, state.Loaded | None]:
    """The journal's frames as the analysis takes them (``None`` for a table without rows).

    Episodes lose their ``id``; the daily ``episodes`` count goes when no day has one
    (as in a file without that column).
    """
    if "id" in episodes.columns:
        episodes = episodes.drop(columns="id")
    if "episodes" in daily.columns and daily["episodes"].isna().all():
        daily = daily.drop(columns="episodes")
    custom = tuple(str(c) for c in daily.columns if c not in schema.DAILY.names)
    return (
        state.Loaded("daily", daily, JOURNAL_LABEL, custom) if len(daily) else None,
        state.Loaded("episodes", episodes, JOURNAL_LABEL) if len(episodes) else None,
    )


def journal_tables() -> tuple[state.Loaded | None, state.Loaded | None]:
    """This person's journal rows (nothing when signed out, or when it cannot be opened)."""
    try:
        owner = session.current_owner()
        if owner is None:  # accounts mode, signed out: nobody's rows
            return None, None
        journal = session.get_journal()
        return journal_frames(journal.daily(owner), journal.episodes(owner))
    except CrampwiseError as exc:
        widgets.show_error(exc)
        return None, None


def pointer_tables() -> tuple[state.Loaded | None, state.Loaded | None, str]:
    """(episodes, daily, where from) for the Home page's pointers: the tables loaded in this
    session when there are any (the person just opened them to look), else their journal."""
    episodes, daily = state.get_loaded("episodes"), state.get_loaded("daily")
    if episodes is not None or daily is not None:
        return episodes, daily, "the files loaded in this session"
    j_daily, j_episodes = journal_tables()
    return j_episodes, j_daily, JOURNAL_LABEL


# --------------------------------------------------------------------------- Log page: undo


def remember_saved(episode_id: int, summary: str, form: Any = None) -> None:
    """Note the episode just saved, for the Undo button, and what the form held (``form``,
    anything comparable), so the same form is not saved twice."""
    st.session_state[_LAST_SAVED] = (episode_id, summary)
    st.session_state.pop(_UNDONE, None)
    saved_to_journal()
    if form is not None:
        st.session_state[_SAVED_FORM] = form
    st.session_state[_TOAST] = f"Saved: {summary}"


def saved_toast() -> str | None:
    """The "Saved: ..." of an episode saved in the run before (once), so the page can rerun
    right after saving and draw Save already off."""
    return st.session_state.pop(_TOAST, None)


def already_saved(form: Any) -> bool:
    """Whether the Log form still holds exactly what was just saved: then Save is off, and
    a second tap (a double tap, or one that arrives before the page redraws) stores nothing."""
    return form is not None and st.session_state.get(_SAVED_FORM) == form


def log_another(keys: tuple[str, ...]) -> None:
    """ "Log another" button callback: the form's widgets (``keys``) back to their defaults,
    and Save on again (a second cramp just like the first is worth logging)."""
    for key in keys:
        st.session_state.pop(key, None)
    st.session_state.pop(_SAVED_FORM, None)
    st.session_state[_ANOTHER] = True


def episode_summary(values: dict[str, Any]) -> str:
    """ "calf, left, 5/10 at 22:15": what the Log page says it saved."""
    return (
        f"{schema.muscle_name(values['muscle'])}, {values['side']}, {values['severity']}/10 "
        f"at {values['start']:%H:%M}"
    )


def save_episode(
    journal: Journal, owner: str, values: dict[str, Any], now: dt.datetime, *, confirmed: bool = False
) -> int:
    """Check a new episode (limits, not in the future) and store it; return its id.

    Raises :class:`~crampwise.errors.EntryRefusedError` naming each refused value
    in plain words, and :class:`~crampwise.errors.TwinEntryError` when an episode
    just like it starts within :data:`~crampwise.journal.edits.TWIN_WINDOW` (unless
    ``confirmed``, or "Log another" was tapped); nothing is stored then."""
    lines = journal_edits.refusals(schema.EPISODES, "This episode", values, now)
    if lines:
        raise EntryRefusedError(lines)
    if not confirmed and not st.session_state.get(_ANOTHER):
        found = journal_edits.twin(journal.episodes(owner), values)
        if found is not None:
            minutes = int(journal_edits.TWIN_WINDOW.total_seconds() // 60)
            raise TwinEntryError(
                f"An episode just like this one ({schema.muscle_name(values['muscle'])}, {values['side']}, "
                f"{values['severity']}/10) is already saved, starting at {found:%H:%M}, "
                f"within {minutes} minutes of this one. Save this one too?",
                found,
            )
    new_id = journal.add_episode(owner, **values)
    st.session_state.pop(_ANOTHER, None)
    return new_id


def hold_twin(form: Any, values: dict[str, Any], message: str) -> None:
    """Keep an episode held back as a twin, to confirm or drop."""
    st.session_state[_TWIN] = (form, values, message)


def held_twin(form: Any) -> str | None:
    """The message of the episode held back for this very form (``None`` if none)."""
    held = st.session_state.get(_TWIN)
    return held[2] if held is not None and held[0] == form else None


def save_twin(journal: Journal, owner: str) -> None:
    """ "Save it anyway" button callback: store the held episode."""
    held = st.session_state.pop(_TWIN, None)
    if held is None:
        return
    form, values, _ = held
    try:
        new_id = journal.add_episode(owner, **values)
    except CrampwiseError as exc:  # e.g. the database went away: say so, keep the episode held
        hold_twin(form, values, f"It could not be saved: {exc}")
        return
    remember_saved(new_id, episode_summary(values), form)


def drop_twin() -> None:
    """ "Don't save" button callback."""
    st.session_state.pop(_TWIN, None)


def last_saved() -> tuple[int, str] | None:
    return st.session_state.get(_LAST_SAVED)


def undone_token() -> str | None:
    return st.session_state.get(_UNDONE)


def undo_last(journal: Journal, owner: str) -> None:
    """Move the last saved episode to the trash (button callback)."""
    saved = last_saved()
    if saved is None:
        return
    st.session_state[_UNDONE] = journal.delete(owner, "episodes", [saved[0]])
    st.session_state.pop(_SAVED_FORM, None)  # undone: the same form may be saved again


def restore_last(journal: Journal, owner: str) -> None:
    """Bring the undone episode back from the trash (button callback)."""
    token = undone_token()
    if token is None:
        return
    journal.restore(owner, token)
    st.session_state.pop(_UNDONE, None)


# --------------------------------------------------------------------------- Log page: check-in


#: Daily fields on the check-in form -> their widget key prefix.
CHECKIN_FIELDS: tuple[str, ...] = (
    "water_l",
    "exercise_min",
    "exercise_rpe",
    "warmup",
    "temp_c",
    "humidity_pct",
    "stress",
    "sleep_h",
    "notes",
)


def _checkin_key_in(name: str, day: dt.date, system: str) -> str:
    return checkin_key(name, day, system)


def checkin_key(name: str, day: dt.date, system: str = units.DEFAULT) -> str:
    """The widget key of a check-in field. Fields shown in other units carry the system,
    so switching units seeds fresh widgets with the converted values."""
    if units.quantity(name, system) is not None:
        return f"log_day_{name}_{system}_{day.isoformat()}"
    return f"log_day_{name}_{day.isoformat()}"


def prefill_day(journal: Journal, owner: str, day: dt.date, system: str = units.DEFAULT) -> dict[str, Any]:
    """Seed the check-in widgets of ``day`` with what is saved (once per date and units);
    return what is saved, in canonical units."""
    daily = journal.daily(owner)
    saved: dict[str, Any] = {}
    if len(daily):
        rows = daily[daily["date"].dt.date == day]
        if len(rows):
            row = rows.iloc[0]
            for name in CHECKIN_FIELDS:
                value = row[name]
                if pd.isna(value):
                    continue
                saved[name] = (
                    bool(value) if name == "warmup" else str(value) if name == "notes" else float(value)
                )
    for name in CHECKIN_FIELDS:
        key = checkin_key(name, day, system)
        if key not in st.session_state:
            value = saved.get(name)
            q = units.quantity(name, system)
            if name == "warmup":
                value = None if value is None else ("yes" if value else "no")
            elif name == "exercise_rpe":  # a slider always has a value; saved with exercise only
                value = int(round(value)) if value is not None else 5
            elif name == "stress":
                value = int(round(value)) if value is not None else None
            elif name == "notes":
                value = value or ""
            elif q is not None:
                typed = units_ui.carried_over(name, partial(_checkin_key_in, name, day), system)
                value = typed if typed is not None else value
                value = None if value is None else float(q.show(value))
            st.session_state[key] = value
    return saved


def add_water(day: dt.date, amount: float, system: str = units.DEFAULT) -> None:
    """Quick-add button callback: add ``amount`` (in the system's units) to the day's fluids."""
    key = checkin_key("water_l", day, system)
    current = st.session_state.get(key) or 0.0
    st.session_state[key] = round(float(current) + amount, 3)


def checkin_values(day: dt.date, system: str = units.DEFAULT) -> dict[str, Any]:
    """The check-in's entered values in canonical units, leaving out what is empty.

    Empty fields are not sent, so saving never erases a value already stored
    (clearing a stored value is for the data editor). Effort goes with
    exercise only.
    """
    values: dict[str, Any] = {}
    for name in CHECKIN_FIELDS:
        value = st.session_state.get(checkin_key(name, day, system))
        if value is None or value == "":
            continue
        if name == "warmup":
            value = value == "yes"
        q = units.quantity(name, system)
        if q is not None:
            value = q.store(float(value))
        values[name] = value
    if not values.get("exercise_min"):
        values.pop("exercise_rpe", None)
    return values


def save_checkin(
    journal: Journal, owner: str, day: dt.date, now: dt.datetime, system: str = units.DEFAULT
) -> bool:
    """Check the check-in's values (limits, not a day in the future) and save the day;
    True when the day was new. Raises :class:`~crampwise.errors.EntryRefusedError` naming
    each refused value as typed (in ``system``'s units), with nothing stored."""
    values = checkin_values(day, system)
    typed = {name: st.session_state.get(checkin_key(name, day, system)) for name in values}
    entry = journal_edits.entry_name(schema.DAILY, day)
    lines = journal_edits.refusals(
        schema.DAILY, entry, {"date": day, **values}, now, typed=typed, system=system
    )
    if lines:
        raise EntryRefusedError(lines)
    return journal.save_day(owner, day, **values)


__all__ = [
    "CHECKIN_FIELDS",
    "JOURNAL_SOURCE",
    "SESSION_SOURCE",
    "SOURCE_NAMES",
    "remember_source",
    "saved_to_journal",
    "source_index",
    "journal_frames",
    "journal_tables",
    "pointer_tables",
    "add_water",
    "already_saved",
    "drop_twin",
    "episode_summary",
    "held_twin",
    "hold_twin",
    "save_twin",
    "log_another",
    "save_checkin",
    "saved_toast",
    "save_episode",
    "checkin_key",
    "checkin_values",
    "mode_notice",
    "account_controls",
    "last_saved",
    "location_details",
    "location_text",
    "where_it_lives",
    "prefill_day",
    "remember_saved",
    "restore_last",
    "undo_last",
    "undone_token",
]
