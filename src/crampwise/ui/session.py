"""This browser session's journal: its mode, its owner, the connection, and the clock.

Every other module in ``crampwise.ui`` may import this one; it imports no
other ``crampwise.ui`` module, so the UI has no import cycle.
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

import streamlit as st
from streamlit.connections import BaseConnection

from crampwise.journal import privacy
from crampwise.journal.privacy import Decision
from crampwise.journal.store import ENV_URL, Journal, open_journal

MODE_ENV = "CRAMPWISE_MODE"
URL_OVERRIDE = "crampwise.journal.url"
_SESSION_DB = "crampwise.journal.session_db"
_SESSION_OWNER = "crampwise.journal.session_owner"


# --------------------------------------------------------------------------- connection


class JournalConnection(BaseConnection[Journal]):
    """``st.connection("journal", type=JournalConnection)``: the shared journal database.

    Only for ``personal`` and ``accounts`` mode, where every row is scoped by
    owner. ``session`` mode never uses it (see :func:`get_journal`).
    """

    def _connect(self, url: str | None = None, env_url: str | None = None, **_: Any) -> Journal:
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
    keeper = sqlite3.connect(f"file:{name}?mode=memory&cache=shared", uri=True, check_same_thread=False)
    journal = open_journal(
        f"sqlite+pysqlite:///file:{name}?mode=memory&cache=shared&uri=true&check_same_thread=false"
    )
    return _SessionJournal(journal, keeper)


def get_journal() -> Journal:
    """The journal this session uses (see the module docstring)."""
    if current_mode().mode == "session":
        private = st.session_state.get(_SESSION_DB)
        if private is None:
            private = _private_journal()
            st.session_state[_SESSION_DB] = private
        return private.journal
    conn = st.connection(
        "journal",
        type=JournalConnection,
        url=st.session_state.get(URL_OVERRIDE),
        env_url=os.environ.get(ENV_URL),
    )
    return conn.journal


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
    return privacy.decide(
        explicit=explicit,
        server_address=st.get_option("server.address"),
        login_configured=_secrets_get("auth") is not None,
        community_cloud=_on_community_cloud(),
        viewer=viewer(),
        remote_ack=ack,
    )


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


__all__ = [
    "MODE_ENV",
    "URL_OVERRIDE",
    "JournalConnection",
    "current_mode",
    "current_owner",
    "get_journal",
    "now",
    "viewer",
]
