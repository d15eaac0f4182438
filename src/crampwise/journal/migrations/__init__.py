"""Schema revisions of the personal journal, applied by Alembic when a journal opens.

A person never runs a command: :func:`crampwise.journal.store.open_journal`
calls :func:`migrate`, which configures Alembic in code (``Config()`` and
``script_location`` pointing at this package, no ``alembic.ini``) and hands
it the open connection in ``config.attributes["connection"]`` (read by
``env.py``). It works the same from a checkout or an installed package.

* **One transaction.** Every missing revision runs in ONE transaction on that
  connection (SQLite and PostgreSQL both have transactional DDL), so a failed
  upgrade leaves the journal exactly as it was. On SQLite the transaction
  starts with ``BEGIN IMMEDIATE`` and on PostgreSQL it takes an advisory lock,
  so two processes opening a new journal at once queue: the second finds the
  work done. Within one process a lock serialises Alembic runs (Alembic's
  ``context``/``op`` are process-wide), taken before the database lock.
* **Quiet.** Alembic's log lines ("Running upgrade ...", and the ones it writes
  when first imported) are never made: before this module imports Alembic,
  the ``alembic`` logger's level is set above CRITICAL, for the whole process
  (Crampwise uses Alembic for nothing else; errors arrive as exceptions).
  A level, not a handler: handlers that collect from every logger, such as
  pytest's, still see nothing. ``logging.config.fileConfig`` is never called.
* **Revisions** live in ``versions/``, numbered ``0001``, ``0002``, ... in one
  line (no branches). Each describes its own layout with frozen, literal
  definitions -- never the current tables in :mod:`crampwise.journal.store` --
  so old revisions keep meaning what they meant when they were written.
* **Journals from before Alembic** have only a ``schema_version`` table
  holding version N (1-3): they are stamped as revision ``000N`` and then
  upgraded, in the same transaction.
* **schema_version is still written**, with the number of the revision the
  journal is at. Crampwise releases from before Alembic read only that table:
  kept in step, such a release opens a journal of a layout it knows, and
  refuses one from a later revision with its own "newer Crampwise" message.
  Without it, an older release would take the journal for an empty one, try
  to create its tables again and stop with a database error. This is why
  revision ids stay plain numbers.
* **Newer journals** (a revision this code does not know, or a
  ``schema_version`` above its head) are refused with
  :class:`~crampwise.errors.JournalVersionError`; nothing is changed.

Rules for adding a revision: add a file, never edit an old one; only add
columns/tables or copy data (no silent drops, no downgrades); add a test that
builds the previous revision, inserts rows, migrates and finds them. How to
write the file: ``docs/journal.md`` ("Schema changes").

History:

* **0001** -- ``episodes`` (integer id, owner, the episode fields) and
  ``daily`` (owner, date, the daily fields; unique per owner and date).
* **0002** -- trash (``deleted_at``, ``delete_token`` on both tables) and
  custom daily factors (``daily.extra``: JSON text ``{name: number}``).
* **0003** -- ``settings`` (owner, name, value; unique per owner and name): a
  person's preferences, such as metric or US units.
* **0004** -- where imported values came from (``daily.sources``: JSON text
  ``{column: source}``; ``episodes.source``) and ``workouts`` (single workouts
  from other apps, unique per owner, source and source_id; trash as the others).
"""

from __future__ import annotations

import logging
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from crampwise.errors import JournalVersionError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["JournalVersionError", "alembic_config", "current_revision", "head", "migrate"]

#: The Alembic environment: env.py, script.py.mako and versions/ (this package).
SCRIPT_LOCATION = str(Path(__file__).resolve().parent)
#: The table the journal kept its version number in before Alembic (still written).
LEGACY_TABLE = "schema_version"
#: Alembic's own table (its default name).
VERSION_TABLE = "alembic_version"
_PG_LOCK_KEY = 7215031
_alembic_lock = threading.Lock()


def _silence_alembic() -> None:
    """Alembic logs INFO lines from its first import on: make none of its records, ever."""
    logging.getLogger("alembic").setLevel(logging.CRITICAL + 1)


_silence_alembic()  # before anything here imports alembic (the imports are in the functions)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the journal, built in code (no ``alembic.ini``)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


@cache
def _revisions(location: str) -> tuple[str, ...]:
    """The revision ids at ``location``, oldest first (read once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", location)
    script = ScriptDirectory.from_config(config)
    return tuple(reversed([s.revision for s in script.walk_revisions()]))


def head() -> str:
    """The newest revision this Crampwise knows (e.g. ``"0003"``)."""
    return _revisions(SCRIPT_LOCATION)[-1]


def _number(revision: str | None) -> int:
    return int(revision) if revision and revision.isdigit() else 0


def _legacy_version(conn: Connection) -> int | None:
    if not sa.inspect(conn).has_table(LEGACY_TABLE):
        return None
    return int(conn.exec_driver_sql(f"SELECT max(version) FROM {LEGACY_TABLE}").scalar() or 0)


def _alembic_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    value = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()
    return None if value is None else str(value)


def current_revision(conn: Connection) -> str | None:
    """The journal's revision; ``None`` for an empty database.

    A journal from before Alembic answers with its ``schema_version`` as a
    revision (version 2 -> ``"0002"``).
    """
    revision = _alembic_revision(conn)
    if revision is None:
        legacy = _legacy_version(conn)
        revision = f"{legacy:04d}" if legacy else None
    return revision


def _refuse_newer(revision: str | None, legacy: int | None) -> None:
    known = _revisions(SCRIPT_LOCATION)
    latest = _number(head())
    number = max(_number(revision), legacy or 0)
    if (revision is not None and revision not in known) or number > latest:
        shown: int | str = number if revision is None or revision.isdigit() else revision
        raise JournalVersionError(
            f"this journal was written by a newer Crampwise (schema version {shown}; "
            f"this one knows up to {latest}). Upgrade Crampwise to open it; your data "
            "has not been changed."
        )


def _state(conn: Connection) -> tuple[str | None, str | None, int | None]:
    """(Alembic's revision, the revision the journal is at, its schema_version)."""
    stamped, legacy = _alembic_revision(conn), _legacy_version(conn)
    _refuse_newer(stamped, legacy)
    return stamped, stamped or (f"{legacy:04d}" if legacy else None), legacy


def migrate(engine: Engine, *, target: str | None = None) -> tuple[str | None, str | None]:
    """Bring the journal up to revision ``target`` (default: :func:`head`).

    Returns (revision before, revision after); ``None`` means an empty
    database. Never moves a journal back: a ``target`` older than the journal
    changes nothing.
    """
    known = _revisions(SCRIPT_LOCATION)
    target = head() if target is None else target
    if target not in known:
        raise ValueError(f"unknown journal revision {target!r}; known: {', '.join(known)}")

    def done(stamped: str | None, revision: str | None, legacy: int | None) -> bool:
        return stamped is not None and _number(revision) >= _number(target) and legacy == _number(revision)

    with engine.connect() as conn, conn.begin():  # the usual case: nothing to do, no locks
        stamped, revision, legacy = _state(conn)
    if done(stamped, revision, legacy):
        return revision, revision

    with _alembic_lock, engine.connect() as conn:
        conn = conn.execution_options(crampwise_immediate=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            stamped, before, legacy = _state(conn)  # again: another process may have been first
            after = before if _number(before) >= _number(target) else target
            if not done(stamped, before, legacy):
                from alembic import command

                config = alembic_config(conn)
                if stamped is None and before is not None:
                    command.stamp(config, before)  # a journal from before Alembic
                if after is not None and after != before:
                    command.upgrade(config, after)
                _write_legacy(conn, _number(after), exists=legacy is not None)
            return before, after


def _write_legacy(conn: Connection, version: int, *, exists: bool) -> None:
    """Keep ``schema_version`` in step for Crampwise releases from before Alembic."""
    if not exists:
        conn.exec_driver_sql(f"CREATE TABLE {LEGACY_TABLE} (version INTEGER NOT NULL)")
    updated = conn.execute(sa.text(f"UPDATE {LEGACY_TABLE} SET version = :v"), {"v": version})
    if updated.rowcount == 0:
        conn.execute(sa.text(f"INSERT INTO {LEGACY_TABLE} (version) VALUES (:v)"), {"v": version})
