"""How the app reaches the journal: the mode, the owner, and the database connection.

The storage itself is :mod:`crampwise.journal.store` (no Streamlit there); this
module decides *which* journal and *whose* rows a browser session uses.

Mode (:func:`current_mode`)
    :func:`crampwise.journal.privacy.decide` with

    * ``explicit``: ``$CRAMPWISE_MODE``, else ``[crampwise] mode`` in secrets;
    * ``server_address``: the ``server.address`` option;
    * ``login_configured``: whether secrets have an ``[auth]`` section;
    * ``community_cloud``: a heuristic, ``$HOSTNAME`` starting with
      "streamlit" (what Community Cloud containers have been observed to use;
      Streamlit documents no official flag). It only matters when the server
      address is loopback: any other address already gives the safe
      ``session`` mode, so a miss here cannot expose anyone's data.
    * ``viewer``: this browser session's request headers and client address
      (``st.context.headers``, ``st.context.ip_address``), so a viewer who
      came through a proxy or tunnel never gets the personal journal;
    * ``remote_ack``: ``$CRAMPWISE_ALLOW_REMOTE_PERSONAL``, else
      ``[crampwise] allow_remote_personal`` in secrets.

Journal (:func:`get_journal`)
    * ``personal`` / ``accounts``: one shared database through
      ``st.connection("journal", type=JournalConnection)``. The URL is, first
      match wins: the session override below, ``[connections.journal] url``
      in secrets, ``$CRAMPWISE_DB_URL``, the default SQLite file.
    * ``session``: never the shared database. Each browser session gets its
      own in-memory SQLite database with a random name, kept in
      ``st.session_state``; nobody else can reach it, and it is gone when the
      session ends.

Owner (:func:`current_owner`)
    ``personal`` -> :data:`crampwise.journal.privacy.LOCAL_OWNER`; ``accounts`` -> a
    key derived from the signed-in identity (``None`` when nobody is signed
    in: the caller then asks to sign in and stores nothing); ``session`` -> a
    random id kept in ``st.session_state``.

Session keys
------------
``crampwise.journal.url``
    Optional override of the database URL for this session (tests, tools).
``crampwise.journal.session_db``
    The private in-memory journal of a ``session``-mode session.
``crampwise.journal.session_owner``
    The random owner id of a ``session``-mode session.
``crampwise.journal.last_saved`` / ``crampwise.journal.undone``
    The Log page's last saved episode and the trash token of its undo.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from streamlit.connections import BaseConnection

from crampwise.journal import privacy
from crampwise import schema, units
from crampwise.errors import CrampwiseError
from crampwise.journal.store import ENV_URL, Journal, open_journal
from crampwise.journal.privacy import Decision
from crampwise.ui import state, widgets
from crampwise.ui import units as units_ui

MODE_ENV = "CRAMPWISE_MODE"
URL_OVERRIDE = "crampwise.journal.url"
_SESSION_DB = "crampwise.journal.session_db"
_SESSION_OWNER = "crampwise.journal.session_owner"
_LAST_SAVED = "crampwise.journal.last_saved"
_UNDONE = "crampwise.journal.undone"


# --------------------------------------------------------------------------- connection


class JournalConnection(BaseConnection[Journal]):
    """``st.connection("journal", type=JournalConnection)``: the shared journal database.

    Only for ``personal`` and ``accounts`` mode, where every row is scoped by
    owner. ``session`` mode never uses it (see :func:`get_journal`).
    """

    def _connect(self, url: str | None = None, env_url: str | None = None,
                 **_: Any) -> Journal:
        # ``env_url`` is $CRAMPWISE_DB_URL as get_journal saw it: passing it makes
        # it part of st.connection's cache key, so a changed variable opens the
        # new database instead of returning the cached one.
        return open_journal(url or self._secrets.get("url") or env_url or None)

    @property
    def journal(self) -> Journal:
        return self._instance

    def close(self) -> None:
        if self._raw_instance is not None:
            self._raw_instance.close()


@dataclass
class _SessionJournal:
    """A private in-memory journal and the connection that keeps it alive."""

    journal: Journal
    keeper: sqlite3.Connection

    def __del__(self) -> None:  # the session ended: free the memory
        try:
            self.journal.close()
            self.keeper.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass


def _private_journal() -> _SessionJournal:
    name = f"crampwise-{uuid.uuid4().hex}"
    # A shared-cache in-memory database lives while any connection to it is open;
    # the keeper guarantees that for as long as this session holds it.
    keeper = sqlite3.connect(f"file:{name}?mode=memory&cache=shared", uri=True,
                             check_same_thread=False)
    journal = open_journal(f"sqlite+pysqlite:///file:{name}?mode=memory&cache=shared"
                           "&uri=true&check_same_thread=false")
    return _SessionJournal(journal, keeper)


def get_journal() -> Journal:
    """The journal this session uses (see the module docstring)."""
    if current_mode().mode == "session":
        private = st.session_state.get(_SESSION_DB)
        if private is None:
            private = _private_journal()
            st.session_state[_SESSION_DB] = private
        return private.journal
    conn = st.connection("journal", type=JournalConnection,
                         url=st.session_state.get(URL_OVERRIDE),
                         env_url=os.environ.get(ENV_URL))
    return conn.journal


def location_text(decision: Decision, journal: Journal) -> str:
    """Where the data live, in plain words."""
    if decision.mode == "session":
        return ("Your entries are kept in this browser session only: nobody else can see "
                "them, and they are gone when you close or reload the tab.")
    if decision.mode == "personal":
        return f"Your entries are saved on this computer, in {journal.location}."
    return "Your entries are saved in this app's database, under your account only."


def account_controls() -> None:
    """In accounts mode, the sidebar's "Signed in as ..." and Sign out (or Sign in)."""
    try:
        if current_mode().mode != "accounts":
            return
    except CrampwiseError:
        return
    user = st.user
    with st.sidebar:
        if user.get("is_logged_in"):
            who = user.get("name") or user.get("email") or "your account"
            st.caption(f"Signed in as {widgets.md_text(who)}.")
            st.button("Sign out", key="account_logout", on_click=st.logout,
                      icon=":material/logout:")
        else:
            st.button("Sign in", key="account_login", on_click=st.login,
                      icon=":material/login:")


def mode_notice(decision: Decision | None = None) -> None:
    """Say so, plainly, when this viewer was moved to session mode (came through a proxy)."""
    try:
        decision = decision or current_mode()
    except CrampwiseError:
        return  # the pages that need the journal show the setting's error themselves
    if decision.notice:
        st.warning(decision.notice, icon=":material/shield_person:")


def privacy_summary() -> str:
    """One sentence for the Home page: who can see the tracker's data in this mode."""
    try:
        decision = current_mode()
    except CrampwiseError as exc:  # a mistyped CRAMPWISE_MODE: say so instead of failing
        return f"(Crampwise's storage setting needs fixing: {exc})"
    if decision.mode == "session":
        return "What you log stays in this browser session only; nobody else can see it."
    if decision.mode == "personal":
        return "What you log is saved on this computer only."
    return "What you log is saved under your account; nobody else can see it."


# --------------------------------------------------------------------------- mode and owner


def _secrets_get(section: str) -> Any:
    try:
        return st.secrets.get(section)
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one
        return None


def _on_community_cloud() -> bool:
    # Heuristic (see the module docstring); the safe mode results anyway unless
    # the server address is loopback.
    return os.environ.get("HOSTNAME", "").lower().startswith("streamlit")


def viewer() -> privacy.Viewer:
    """Where this session's browser request came from (no headers: no browser, e.g. AppTest)."""
    try:
        headers = dict(st.context.headers)
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001 - no script run context (bare mode)
        headers, ip = {}, None
    return privacy.Viewer(headers, ip)


def current_mode() -> Decision:
    """This session's journal mode and why (raises ``privacy.ModeSettingError`` if misconfigured)."""
    section = _secrets_get("crampwise")
    secrets = section if hasattr(section, "get") else {}
    explicit = os.environ.get(MODE_ENV) or secrets.get("mode")
    ack = os.environ.get(privacy.REMOTE_ACK_ENV) or secrets.get(privacy.REMOTE_ACK_SECRET)
    return privacy.decide(explicit=explicit, server_address=st.get_option("server.address"),
                          login_configured=_secrets_get("auth") is not None,
                          community_cloud=_on_community_cloud(), viewer=viewer(),
                          remote_ack=ack)


def current_owner() -> str | None:
    """Whose rows this session reads and writes; ``None`` in accounts mode when signed out."""
    mode = current_mode().mode
    if mode == "personal":
        return privacy.LOCAL_OWNER
    if mode == "accounts":
        user = st.user
        if not user.get("is_logged_in"):
            return None
        return privacy.owner_for_identity(str(user.get("iss") or ""), str(user.get("sub") or ""))
    owner = st.session_state.get(_SESSION_OWNER)
    if owner is None:
        owner = f"s:{uuid.uuid4().hex}"
        st.session_state[_SESSION_OWNER] = owner
    return owner


# --------------------------------------------------------------------------- as tables


#: The two places a page can read a person's data from (Insights, How much to drink).
JOURNAL_SOURCE = "My journal"
SESSION_SOURCE = "Loaded files"
JOURNAL_LABEL = "your journal"


def journal_frames(daily: pd.DataFrame, episodes: pd.DataFrame
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
    return (state.Loaded("daily", daily, JOURNAL_LABEL, custom) if len(daily) else None,
            state.Loaded("episodes", episodes, JOURNAL_LABEL) if len(episodes) else None)


def journal_tables() -> tuple[state.Loaded | None, state.Loaded | None]:
    """This person's journal rows (nothing when signed out, or when it cannot be opened)."""
    try:
        owner = current_owner()
        if owner is None:  # accounts mode, signed out: nobody's rows
            return None, None
        journal = get_journal()
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


# --------------------------------------------------------------------------- clock


def now() -> dt.datetime:
    """The viewer's local time to the minute (their browser's zone when known)."""
    zone = None
    try:
        zone = st.context.timezone
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        zone = None
    try:
        current = dt.datetime.now(ZoneInfo(zone)).replace(tzinfo=None) if zone else dt.datetime.now()
    except (KeyError, ValueError):
        current = dt.datetime.now()
    return current.replace(second=0, microsecond=0)


# --------------------------------------------------------------------------- Log page: undo


def remember_saved(episode_id: int, summary: str) -> None:
    """Note the episode just saved, for the Undo button."""
    st.session_state[_LAST_SAVED] = (episode_id, summary)
    st.session_state.pop(_UNDONE, None)


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


def restore_last(journal: Journal, owner: str) -> None:
    """Bring the undone episode back from the trash (button callback)."""
    token = undone_token()
    if token is None:
        return
    journal.restore(owner, token)
    st.session_state.pop(_UNDONE, None)


# --------------------------------------------------------------------------- Log page: check-in


#: Daily fields on the check-in form -> their widget key prefix.
CHECKIN_FIELDS: tuple[str, ...] = ("water_l", "exercise_min", "exercise_rpe", "warmup", "temp_c",
                                   "humidity_pct", "stress", "sleep_h", "notes")


def checkin_key(name: str, day: dt.date, system: str = units.DEFAULT) -> str:
    """The widget key of a check-in field. Fields shown in other units carry the system,
    so switching units seeds fresh widgets with the converted values."""
    if units.quantity(name, system) is not None:
        return f"log_day_{name}_{system}_{day.isoformat()}"
    return f"log_day_{name}_{day.isoformat()}"


def prefill_day(journal: Journal, owner: str, day: dt.date,
                system: str = units.DEFAULT) -> dict[str, Any]:
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
                saved[name] = (bool(value) if name == "warmup"
                               else str(value) if name == "notes" else float(value))
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
                typed = units_ui.carried_over(
                    name, lambda other, name=name: checkin_key(name, day, other), system)
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


__all__ = [
    "CHECKIN_FIELDS", "JOURNAL_SOURCE", "SESSION_SOURCE", "journal_frames", "journal_tables",
    "pointer_tables", "JournalConnection", "MODE_ENV", "URL_OVERRIDE", "add_water",
    "checkin_key", "checkin_values", "current_mode", "current_owner", "get_journal", "viewer",
    "mode_notice", "account_controls",
    "last_saved", "location_text", "now", "prefill_day", "remember_saved", "restore_last",
    "undo_last", "undone_token",
]
