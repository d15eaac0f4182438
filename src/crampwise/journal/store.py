"""The personal journal: episodes and daily rows stored in a database.

Works without Streamlit. Data go in and come out as pandas frames in the
canonical columns and dtypes :func:`crampwise.io.read_file` produces
(episodes also carry an integer ``id``).

Storage decisions
-----------------
* **Databases**: an embedded SQLite file by default
  (``platformdirs.user_data_dir("crampwise")/journal.sqlite3``, shown as
  :attr:`Journal.location`); ``CRAMPWISE_DB_URL`` overrides it, and an
  explicit ``url`` argument overrides both. PostgreSQL URLs such as
  ``postgresql+psycopg://user@host/db`` work the same.
* **SQLite concurrency**: WAL mode, a 30 s busy timeout, and every write runs
  in ``BEGIN IMMEDIATE`` (the write lock is taken up front, so two tabs
  writing at once queue instead of failing or overwriting each other).
* **Owner scoping**: every row has an ``owner``; every method takes ``owner``
  explicitly and every statement filters on it. There is no global state.
* **Custom daily factors** live in ``daily.extra``, JSON text ``{name:
  number}``: any number of factors without schema changes, on SQLite and
  PostgreSQL alike. They come back as float columns after the canonical
  ones, sorted by name.
* **Trash**: deleting sets ``deleted_at`` and a ``delete_token``;
  :meth:`Journal.restore` with the token brings the rows back. Daily rows
  stay unique per (owner, date) even in the trash: saving or importing a day
  whose row is in the trash replaces the trashed copy.
* **Schema versions**: see :mod:`crampwise.journal.migrations` (Alembic
  revisions, configured in code; :func:`open_journal` upgrades on open).
* **Validation** goes through the importer (a one-row canonical CSV run
  through :func:`~crampwise.io.read_file`), so limits, vocabularies and
  messages are the importer's: ``water_l: -1 is below 0``.

Log messages carry counts only, never health values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
import re
import sqlite3
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import platformdirs
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from crampwise import schema
from crampwise.errors import (
    CrampwiseError,
    HeaderOnlyError,
    JournalBackupError,
    JournalConfirmationError,
    JournalConnectionError,
    JournalError,
    JournalNotEmptyError,
    JournalNotFoundError,
    JournalValidationError,
    RefusedValue,
    ValueRefusedError,
)
from crampwise.io import ImportResult, read_file
from crampwise.io.apps.base import WORKOUT_COLUMNS, AppExport
from crampwise.io.export import to_csv_bytes
from crampwise.journal import workouts as wk
from crampwise.journal.migrations import JournalVersionError, migrate
from crampwise.schema import Table

log = logging.getLogger(__name__)

#: Environment variable naming the database (any SQLAlchemy URL).
ENV_URL = "CRAMPWISE_DB_URL"
#: The phrase :meth:`Journal.delete_all` requires.
DELETE_ALL_PHRASE = "delete all my data"
#: Seconds a SQLite writer waits for another writer before giving up.
BUSY_TIMEOUT_S = 30.0
#: Rows written per statement in imports and restores.
BATCH_SIZE = 500

#: Test hook: called with the number of rows written after each batch of an
#: import or restore (lets a test kill a writer mid-transaction). ``None`` in use.
_after_batch: Callable[[int], None] | None = None

Kind = Literal["episodes", "daily"]


__all__ = [
    "DELETE_ALL_PHRASE",
    "ENV_URL",
    "AppImportPreview",
    "FillResult",
    "ImportPreview",
    "Journal",
    "JournalBackupError",
    "JournalConfirmationError",
    "JournalConnectionError",
    "JournalError",
    "JournalNotEmptyError",
    "JournalNotFoundError",
    "JournalValidationError",
    "JournalVersionError",
    "check_row",
    "open_journal",
]


# --------------------------------------------------------------------------- tables

_meta = sa.MetaData()
EPISODES_T = sa.Table(
    "episodes",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("start", sa.DateTime, nullable=False),
    sa.Column("muscle", sa.String(40), nullable=False),
    sa.Column("side", sa.String(20)),
    sa.Column("severity", sa.Double),
    sa.Column("duration_min", sa.Double),
    sa.Column("activity", sa.Text),
    sa.Column("relief", sa.Text),
    sa.Column("notes", sa.Text),
    sa.Column("deleted_at", sa.DateTime),
    sa.Column("delete_token", sa.String(40)),
    sa.Column("source", sa.String(60)),
)
DAILY_T = sa.Table(
    "daily",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("water_l", sa.Double),
    sa.Column("exercise_min", sa.Double),
    sa.Column("exercise_rpe", sa.Double),
    sa.Column("warmup", sa.Boolean),
    sa.Column("temp_c", sa.Double),
    sa.Column("humidity_pct", sa.Double),
    sa.Column("stress", sa.Double),
    sa.Column("sleep_h", sa.Double),
    sa.Column("episodes", sa.Integer),
    sa.Column("notes", sa.Text),
    sa.Column("extra", sa.Text),
    sa.Column("deleted_at", sa.DateTime),
    sa.Column("delete_token", sa.String(40)),
    sa.Column("sources", sa.Text),
    sa.Column("fills", sa.Text),
)
WORKOUTS_T = sa.Table(
    "workouts",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("source", sa.String(60), nullable=False),
    sa.Column("source_id", sa.String(200), nullable=False),
    sa.Column("start", sa.DateTime, nullable=False),
    sa.Column("end", sa.DateTime, nullable=False),
    sa.Column("start_utc", sa.DateTime),
    sa.Column("minutes", sa.Double, nullable=False),
    sa.Column("activity", sa.Text),
    sa.Column("device", sa.Text),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("deleted_at", sa.DateTime),
    sa.Column("delete_token", sa.String(40)),
)
SETTINGS_T = sa.Table(
    "settings",
    _meta,
    sa.Column("owner", sa.String(200), primary_key=True),
    sa.Column("name", sa.String(60), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
_SQL = {"episodes": EPISODES_T, "daily": DAILY_T}
for _t in (schema.EPISODES, schema.DAILY):  # the data model and the tables must agree
    assert set(_t.names) <= set(_SQL[_t.name].c.keys()), _t.name

#: Names a custom factor may not take.
_RESERVED = {"id", "owner", "extra", "deleted_at", "delete_token"}
_FACTOR_NAME = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


# --------------------------------------------------------------------------- engine


def _make_engine(url: str) -> Engine:
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise JournalConnectionError(
            f"{url!r} is not a database URL. Use e.g. sqlite:////path/journal.sqlite3 or "
            f"postgresql+psycopg://user@host/dbname (in {ENV_URL} or the url argument)."
        ) from None
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)
    options: dict[str, Any] = {}
    if parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory":
        # An in-memory journal (one browser session's private data) lives as long as a
        # connection holds it: one connection per thread, chosen explicitly.
        options["poolclass"] = sa.pool.SingletonThreadPool
    engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S}, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        use_wal(cursor)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("crampwise_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def use_wal(cursor: Any, *, wait: Callable[[float], None] = time.sleep) -> None:
    """``PRAGMA journal_mode=WAL``, tried again while another connection is writing the file.

    SQLite answers "database is locked" at once, without waiting out its busy
    timeout, when waiting could deadlock: this connection holds a read lock and
    another one is writing. Two processes opening one new journal at the same
    moment do exactly that (both switch the new file to WAL), so the one that
    loses waits briefly and tries again, for up to :data:`BUSY_TIMEOUT_S`.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
        wait(delay)
        delay = min(delay * 2, 0.25)


def _default_url() -> str:
    directory = Path(platformdirs.user_data_dir("crampwise"))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'journal.sqlite3'}"


def open_journal(url: str | None = None) -> Journal:
    """Open (creating and upgrading as needed) the journal database.

    ``url`` wins; otherwise ``$CRAMPWISE_DB_URL``; otherwise a SQLite file in
    the per-user data directory.
    """
    url = url or os.environ.get(ENV_URL) or _default_url()
    engine = _make_engine(url)
    journal = Journal(engine)
    try:
        migrate(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise JournalConnectionError(
            f"could not open the journal at {journal.location}: {reason}. Check that the "
            f"database exists and is reachable, or unset {ENV_URL} to use the local file."
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return journal


# --------------------------------------------------------------------------- values


def _check_owner(owner: str) -> str:
    if not isinstance(owner, str) or not owner.strip():
        raise JournalError("owner must be a non-empty name (whose journal this is).")
    return owner


def _table(kind: str) -> Table:
    try:
        return schema.table(kind)
    except ValueError as exc:
        raise JournalError(str(exc)) from None


def _cell(value: Any, f: schema.Field | None) -> str:
    """A Python value as the CSV text the importer reads back to the same value."""
    if value is None or (not isinstance(value, str | list | tuple) and pd.isna(value)):
        return ""
    kind = f.kind if f else "number"
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if kind in ("date", "datetime") and isinstance(value, dt.date):
        if kind == "date" and isinstance(value, dt.datetime):
            value = value.date()
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if kind == "boolean" and isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "multi" and isinstance(value, list | tuple):
        return schema.RELIEF_SEPARATOR.join(str(v) for v in value)
    if kind in ("number", "integer") and isinstance(value, int | float) and not isinstance(value, bool):
        return repr(float(value)) if isinstance(value, float) else str(value)
    text = str(value)
    if kind == "text" and _FORMULA.match(text):
        text = "'" + text  # the importer removes exactly one leading apostrophe
    return text


def _validate(table: Table, values: Mapping[str, Any]) -> pd.DataFrame:
    """Run one row through the importer; return the one-row canonical frame."""
    for name in values:
        if name in table.names:
            continue
        if not table.custom_factors:
            raise JournalValidationError(
                f"{name!r} is not an {table.name} field; use: {', '.join(table.names)}."
            )
        target = table.header_lookup().get(name)
        if target is not None:
            unit = table.unit_alias(target)
            real = unit.target if unit else target
            raise JournalValidationError(
                f"{name!r}: give it as {real!r} (in {table.field(real).unit or 'its unit'})."
            )
        if name in _RESERVED or not _FACTOR_NAME.match(name):
            raise JournalValidationError(
                f"{name!r} cannot name a custom factor: use lower-case letters, digits and _ "
                "(e.g. caffeine_mg)."
            )
    for name in table.required:
        if _cell(values.get(name), table.field(name)) == "":
            reason = "is empty, but every row needs a value"
            raise ValueRefusedError(f"{name}: {reason}", [RefusedValue(name, "", reason)])
    names = list(values)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerow([_cell(values[n], table.field(n) if n in table.names else None) for n in names])
    try:
        result = read_file(buffer.getvalue().encode("utf-8"), table.name)
    except CrampwiseError as exc:
        raise JournalValidationError(str(exc)) from None
    if not result.ok:
        messages = [
            f"{p.column}: {p.value} {p.reason}" if p.value else f"{p.column}: {p.reason}"
            for p in result.problems.itertuples()
        ]
        refused = [RefusedValue(p.column, p.value, p.reason) for p in result.problems.itertuples()]
        raise ValueRefusedError("; ".join(messages), refused)
    if result.unmapped:
        raise JournalValidationError(f"{', '.join(result.unmapped)}: custom factors hold numbers only.")
    return result.data


def check_row(table: Table, values: Mapping[str, Any]) -> None:
    """Raise :class:`~crampwise.errors.ValueRefusedError` (or another
    :class:`JournalValidationError`) when ``values`` cannot be stored as one row of
    ``table``; store nothing. The same rules as :meth:`Journal.add_episode` and
    :meth:`Journal.save_day` (the importer's)."""
    _validate(table, values)


def _py(value: Any, kind: str) -> Any:
    """One canonical cell as the value stored in the database (None when missing)."""
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "datetime":
        return pd.Timestamp(value).to_pydatetime()
    if kind == "date":
        return pd.Timestamp(value).date()
    if kind == "number":
        return float(value)
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return bool(value)
    return str(value)


def _records(frame: pd.DataFrame, table: Table) -> list[dict[str, Any]]:
    """Canonical rows as database dicts (custom factors folded into ``extra``)."""
    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        if name in table.names:
            kind = table.field(name).kind
            columns[name] = [_py(v, kind) for v in frame[name].tolist()]
    factors = [c for c in frame.columns if c not in table.names and c != "id"] if table.custom_factors else []
    factor_values = {c: [_py(v, "number") for v in frame[c].tolist()] for c in factors}
    rows = []
    for i in range(len(frame)):
        row = {name: values[i] for name, values in columns.items()}
        if table.custom_factors:
            extra = {c: factor_values[c][i] for c in factors if factor_values[c][i] is not None}
            row["extra"] = extra  # a dict here; dumped to JSON when written
        rows.append(row)
    return rows


def _dump(extra: Mapping[str, float] | None) -> str | None:
    return json.dumps(dict(sorted(extra.items()))) if extra else None


def _series(values: list[Any], f: schema.Field) -> pd.Series:
    if f.kind in ("date", "datetime"):
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[us]")
    if f.kind in ("number", "integer"):
        return pd.Series(values, dtype="float64")
    if f.kind == "boolean":
        return pd.Series(values, dtype="boolean")
    if f.kind == "category":
        return pd.Series(pd.Categorical(values, categories=list(f.vocabulary)))
    return pd.Series(values, dtype="str")


def _frame(rows: list[Mapping[str, Any]], table: Table, *, extra_columns: Iterable[str] = ()) -> pd.DataFrame:
    """Database rows -> canonical frame (``id`` first for episodes)."""
    data: dict[str, pd.Series] = {}
    if table.name == "episodes":
        data["id"] = pd.Series([r["id"] for r in rows], dtype="int64")
    for f in table.fields:
        data[f.name] = _series([r[f.name] for r in rows], f)
    if table.custom_factors:
        extras = [
            r["extra"] if isinstance(r["extra"], dict) else json.loads(r["extra"]) if r["extra"] else {}
            for r in rows
        ]
        for name in sorted({k for e in extras for k in e}):
            data[name] = pd.Series([e.get(name) for e in extras], dtype="float64")
    for name in extra_columns:
        data[name] = pd.Series(
            [r[name] for r in rows], dtype="datetime64[us]" if name == "deleted_at" else "str"
        )
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


# --------------------------------------------------------------------------- import preview


@dataclass
class ImportPreview:
    """What importing a file would do, before anything is written."""

    owner: str
    table: Table
    #: The rows read from the file (canonical frame).
    data: pd.DataFrame
    #: Rows not in the journal yet.
    new: pd.DataFrame
    #: Rows already in the journal with the same values (skipped).
    identical: pd.DataFrame
    #: Rows whose date (daily) or start+muscle+side (episodes) is in the journal with other values.
    conflicts: pd.DataFrame
    #: The journal's current rows for :attr:`conflicts`, in the same order.
    existing: pd.DataFrame = field(default_factory=pd.DataFrame)

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "identical": len(self.identical), "conflicts": len(self.conflicts)}


def _episode_key(row: Mapping[str, Any]) -> tuple:
    return (row.get("start"), row.get("muscle"), row.get("side"))


def _key_matches(data: pd.DataFrame, table: Table, keys: list[Any]) -> np.ndarray:
    """Positions of the rows of ``data`` whose key is one of the journal's ``keys``."""
    if not keys or data.empty:
        return np.array([], dtype="int64")
    if table.name == "daily":
        wanted = pd.to_datetime(pd.Series(keys)).dt.normalize()
        return np.flatnonzero(pd.to_datetime(data["date"]).dt.normalize().isin(wanted).to_numpy())

    def text(values: Any, n: int) -> pd.Series:
        values = [None] * n if values is None else values
        return pd.Series(values, dtype="object").fillna("").astype(str).reset_index(drop=True)

    def frame(start: Any, muscle: Any, side: Any) -> pd.DataFrame:
        when = pd.Series(pd.to_datetime(start)).astype("datetime64[us]").reset_index(drop=True)
        return pd.DataFrame({"start": when, "muscle": text(muscle, len(when)), "side": text(side, len(when))})

    ours = frame(data["start"], data.get("muscle"), data.get("side"))
    theirs = frame(*zip(*keys, strict=True)).drop_duplicates().assign(_hit=True)
    hit = ours.merge(theirs, on=["start", "muscle", "side"], how="left")["_hit"]
    return np.flatnonzero(hit.notna().to_numpy())


def _same(incoming: Mapping[str, Any], existing: Mapping[str, Any]) -> bool:
    """Whether every value the file gives equals the journal's (columns the file lacks are ignored)."""
    extra_in = incoming.get("extra") or {}
    extra_ex = existing.get("extra") or {}
    for name, value in incoming.items():
        if name == "extra":
            continue
        if existing.get(name) != value:
            return False
    return all(extra_ex.get(k) == v for k, v in extra_in.items())


# --------------------------------------------------------------------------- provenance


@dataclass(frozen=True)
class FillResult:
    """What :meth:`Journal.fill_blanks` did: cells filled, and the token that undoes it."""

    cells: int
    #: Pass to :meth:`Journal.undo_fill`; ``None`` when nothing was filled.
    token: str | None


#: Longest source name stored ("Apple Health", "Open-Meteo weather", ...).
SOURCE_MAX = 60


def _check_source(source: str) -> str:
    if not isinstance(source, str) or not source.strip() or len(source) > SOURCE_MAX:
        raise JournalValidationError(
            f"source must name where the values came from in 1 to {SOURCE_MAX} characters "
            '(e.g. "Open-Meteo weather").'
        )
    return source.strip()


def _json(text: str | None) -> dict[str, Any]:
    return dict(json.loads(text)) if text else {}


def _dump_text(values: Mapping[str, Any]) -> str | None:
    return json.dumps(dict(sorted(values.items()))) if values else None


def _own(row: Mapping[str, Any], columns: set[str]) -> dict[str, Any]:
    """The ``sources``/``fills`` of ``row`` once ``columns`` are the person's own."""
    sources = {c: v for c, v in _json(row.get("sources")).items() if c not in columns}
    fills = {c: v for c, v in _json(row.get("fills")).items() if c not in columns}
    return {"sources": _dump_text(sources), "fills": _dump_text(fills)}


def _marked(row: Mapping[str, Any], values: Mapping[str, Any], source: str, token: str) -> dict[str, Any]:
    """The update writing ``values`` into ``row`` and marking them as from ``source`` under ``token``."""
    sources = {**_json(row.get("sources")), **dict.fromkeys(values, source)}
    fills = {**_json(row.get("fills")), **dict.fromkeys(values, token)}
    return {**values, "sources": _dump_text(sources), "fills": _dump_text(fills)}


#: Daily columns another source may fill (not the date, notes or the episode count).
FILLABLE = tuple(f.name for f in schema.DAILY.fields if f.name not in ("date", "notes", "episodes"))


def _fill_values(values: pd.DataFrame) -> pd.DataFrame:
    """``values`` checked by the importer (same limits and messages as a CSV file)."""
    if "date" not in values.columns:
        raise JournalValidationError("the values to fill need a 'date' column (one row per day).")
    unknown = [c for c in values.columns if c != "date" and c not in FILLABLE]
    if unknown:
        raise JournalValidationError(
            f"{', '.join(map(repr, unknown))}: cannot be filled from another source; "
            f"use: {', '.join(FILLABLE)}."
        )
    if values.empty:
        return values.reset_index(drop=True)
    try:
        result = read_file(to_csv_bytes(values.reset_index(drop=True), schema.DAILY), "daily")
    except CrampwiseError as exc:
        raise JournalValidationError(str(exc)) from None
    if not result.ok:
        messages = result.messages()
        refused = [RefusedValue(p.column, p.value, p.reason) for p in result.problems.itertuples()]
        raise ValueRefusedError(
            f"{len(messages)} values refused (first: {messages[0]}); nothing was filled.", refused
        )
    return result.data[list(values.columns)].reset_index(drop=True)


# --------------------------------------------------------------------------- other apps' exports


def _frame_of(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)) if rows else pd.DataFrame(columns=list(columns))


@dataclass
class _Plan:
    """What importing one export does to one journal, worked out inside a transaction."""

    new_days: list[dict[str, Any]] = field(default_factory=list)  # records incl. sources/fills
    #: (day id, {column: value}, {column: source}) written into existing days
    updates: list[tuple[int, dict[str, Any], dict[str, str]]] = field(default_factory=list)
    stale_trashed: list[dt.date] = field(default_factory=list)
    filled: list[dict[str, Any]] = field(default_factory=list)  # date, column, value, source
    yours_kept: list[dict[str, Any]] = field(default_factory=list)  # date, column, yours, theirs
    replaced: list[dict[str, Any]] = field(default_factory=list)
    other_app: list[dict[str, Any]] = field(default_factory=list)  # date, column, stored, source, theirs
    workouts_new: list[dict[str, Any]] = field(default_factory=list)
    workouts_known: list[dict[str, Any]] = field(default_factory=list)
    same_workout: list[dict[str, Any]] = field(default_factory=list)
    episodes_new: list[dict[str, Any]] = field(default_factory=list)
    episodes_known: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "days_added": len(self.new_days),
            "cells_filled": len(self.filled),
            "yours_kept": len(self.yours_kept),
            "yours_replaced": len(self.replaced),
            "other_app_kept": len(self.other_app),
            "workouts_added": len(self.workouts_new),
            "workouts_already_there": len(self.workouts_known),
            "same_workout_other_app": len(self.same_workout),
            "episodes_added": len(self.episodes_new),
            "episodes_already_there": len(self.episodes_known),
        }


SAME_WORKOUT_COLUMNS = (
    "date",
    "source",
    "start",
    "minutes",
    "other_source",
    "other_start",
    "other_minutes",
    "counted",
)
CELL_COLUMNS = ("date", "column", "value", "source")
KEPT_COLUMNS = ("date", "column", "yours", "theirs")
OTHER_COLUMNS = ("date", "column", "stored", "stored_source", "theirs")


@dataclass
class AppImportPreview:
    """What adding one app's export to the journal would do, before anything is written.

    The frames are small tables for the screen; :meth:`Journal.apply_app_import`
    works everything out again inside its transaction.
    """

    owner: str
    export: AppExport
    #: New days with the export's values (date + daily columns).
    days_new: pd.DataFrame
    #: Blank cells of existing days the export fills (date, column, value, source).
    cells_filled: pd.DataFrame
    #: Values the person typed that differ from the export's (date, column, yours, theirs): kept.
    yours_kept: pd.DataFrame
    #: Values from another app that differ from this export's: kept
    #: (date, column, stored, stored_source, theirs).
    other_app: pd.DataFrame
    workouts_new: pd.DataFrame
    workouts_known: pd.DataFrame
    #: Workouts this export shares with another source (counted once: ``counted`` names which).
    same_workout: pd.DataFrame
    episodes_new: pd.DataFrame
    episodes_known: pd.DataFrame
    _counts: dict[str, int] = field(default_factory=dict)

    @property
    def app(self) -> str:
        return self.export.app

    def counts(self) -> dict[str, int]:
        """Numbers for the screen (see :meth:`_Plan.counts`; ``yours_replaced`` is always 0 here)."""
        return dict(self._counts)

    @property
    def empty(self) -> bool:
        """Whether adding would change nothing."""
        c = self._counts
        return not (c["days_added"] or c["cells_filled"] or c["workouts_added"] or c["episodes_added"])


def _value(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _workout_records(export: AppExport) -> list[dict[str, Any]]:
    w = export.workouts
    rows = []
    for r in w.reindex(columns=list(WORKOUT_COLUMNS)).to_dict("records"):
        start, end = pd.Timestamp(r["start"]).to_pydatetime(), pd.Timestamp(r["end"]).to_pydatetime()
        utc = _value(r["start_utc"])
        rows.append(
            {
                "source": export.app,
                "source_id": str(r["source_id"]),
                "start": start,
                "end": end,
                "start_utc": None if utc is None else pd.Timestamp(utc).to_pydatetime(),
                "minutes": float(r["minutes"]),
                "activity": _value(r["activity"]),
                "device": _value(r["device"]),
                "date": pd.Timestamp(r["date"]).date() if _value(r["date"]) else start.date(),
            }
        )
    return rows


# --------------------------------------------------------------------------- journal


class Journal:
    """A person's stored episodes and daily rows. Every method takes ``owner``."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # -- plumbing

    @property
    def location(self) -> str:
        """Where the data live, for display (file path, or the URL without password)."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return str(Path(url.database).resolve()) if url.database else ":memory:"
        return url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(crampwise_immediate=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def _rows(
        self,
        conn: Connection,
        table: Table,
        owner: str,
        *,
        deleted: bool | None = False,
        for_update: bool = False,
    ) -> list[Mapping[str, Any]]:
        t = _SQL[table.name]
        query = sa.select(t).where(t.c.owner == owner)
        if deleted is not None:
            query = query.where(t.c.deleted_at.isnot(None) if deleted else t.c.deleted_at.is_(None))
        order = t.c.start if table.name == "episodes" else t.c.date
        query = query.order_by(order, t.c.id)
        if for_update and conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return [dict(r._mapping) for r in conn.execute(query)]

    # -- reading

    def episodes(self, owner: str, *, include_deleted: bool = False) -> pd.DataFrame:
        """The owner's episodes (``id`` + canonical columns), oldest first."""
        return self._load(owner, schema.EPISODES, include_deleted)

    def daily(self, owner: str, *, include_deleted: bool = False) -> pd.DataFrame:
        """The owner's daily rows (canonical columns, then custom factors by name)."""
        return self._load(owner, schema.DAILY, include_deleted)

    def _load(self, owner: str, table: Table, include_deleted: bool) -> pd.DataFrame:
        _check_owner(owner)
        with self._read() as conn:
            rows = self._rows(conn, table, owner, deleted=None if include_deleted else False)
        return _frame(rows, table, extra_columns=("deleted_at",) if include_deleted else ())

    def trash(self, owner: str, kind: Kind) -> pd.DataFrame:
        """Deleted rows that can still be restored, with ``deleted_at`` and ``delete_token``."""
        _check_owner(owner)
        table = _table(kind)
        with self._read() as conn:
            rows = self._rows(conn, table, owner, deleted=True)
        return _frame(rows, table, extra_columns=("deleted_at", "delete_token"))

    # -- writing single rows

    def add_episode(self, owner: str, **fields: Any) -> int:
        """Validate and store one episode; returns its id."""
        _check_owner(owner)
        row = _records(_validate(schema.EPISODES, fields), schema.EPISODES)[0]
        with self._write() as conn:
            result = conn.execute(EPISODES_T.insert().values(owner=owner, **row))
            key = result.inserted_primary_key
            assert key is not None  # an INSERT of one row always has its primary key
            return int(key[0])

    def update_episode(self, owner: str, id: int, **changes: Any) -> None:
        """Change some fields of one episode (the whole row is re-validated)."""
        _check_owner(owner)
        t = EPISODES_T
        with self._write() as conn:
            query = sa.select(t).where(t.c.owner == owner, t.c.id == int(id), t.c.deleted_at.is_(None))
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            found = conn.execute(query).mappings().first()
            if found is None:
                raise JournalNotFoundError(f"episode {id} is not in your journal (it may have been deleted).")
            current = _frame([dict(found)], schema.EPISODES).drop(columns="id").iloc[0].to_dict()
            unknown = [c for c in changes if c not in schema.EPISODES.names]
            if unknown:
                raise JournalValidationError(
                    f"{', '.join(map(repr, unknown))}: not an episodes field; use: "
                    f"{', '.join(schema.EPISODES.names)}."
                )
            merged = {**current, **changes}
            row = _records(_validate(schema.EPISODES, merged), schema.EPISODES)[0]
            conn.execute(sa.update(t).where(t.c.id == int(id), t.c.owner == owner).values(**row))

    def save_day(self, owner: str, date: Any, **fields: Any) -> bool:
        """Insert the day, or update the given fields of an existing one.

        A custom factor given as ``None`` is removed from the day. Returns
        True when the day was new.
        """
        _check_owner(owner)
        drop = {k for k, v in fields.items() if v is None and k not in schema.DAILY.names}
        given = {k: v for k, v in fields.items() if k not in drop}
        row = _records(_validate(schema.DAILY, {"date": date, **given}), schema.DAILY)[0]
        extra = row.pop("extra")
        day = row["date"]
        t = DAILY_T
        dialect_insert = postgresql_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        with self._write() as conn:
            inserted = conn.execute(
                dialect_insert(t)
                .values(owner=owner, **row, extra=_dump(extra))
                .on_conflict_do_nothing(index_elements=["owner", "date"])
                .returning(t.c.id)
            ).first()
            if inserted is not None:
                return True
            query = sa.select(t).where(t.c.owner == owner, t.c.date == day)
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            found = conn.execute(query).mappings().one()
            if found["deleted_at"] is not None:  # a trashed copy: replace it entirely
                values: dict[str, Any] = {f.name: None for f in schema.DAILY.fields}
                values.update(row)
                values.update(extra=_dump(extra), deleted_at=None, delete_token=None)
                values.update(sources=None, fills=None)
            else:
                merged = json.loads(found["extra"]) if found["extra"] else {}
                merged.update(extra)
                for k in drop:
                    merged.pop(k, None)
                values = {**row, "extra": _dump(merged)}
                values.update(_own(dict(found), set(given)))
            conn.execute(sa.update(t).where(t.c.id == found["id"]).values(**values))
            return False

    # -- values from elsewhere (weather, other apps)

    def fill_blanks(self, owner: str, values: pd.DataFrame, *, source: str) -> FillResult:
        """Fill only the BLANK cells of days already in the journal, marked with ``source``.

        ``values`` has ``date`` plus some canonical daily columns. Never creates
        a day and never overwrites a value (the person's or another source's).
        The cells are recorded under the returned token, so :meth:`undo_fill`
        clears exactly them. Values go through the importer's checks first.
        """
        _check_owner(owner)
        source = _check_source(source)
        data = _fill_values(values)
        token = uuid.uuid4().hex
        columns = [c for c in data.columns if c != "date"]
        t = DAILY_T
        filled = 0
        with self._write() as conn:
            live = {r["date"]: r for r in self._rows(conn, schema.DAILY, owner, for_update=True)}
            for record in _records(data, schema.DAILY):
                current = live.get(record["date"])
                if current is None:
                    continue
                blanks = {c: record[c] for c in columns if record.get(c) is not None and current[c] is None}
                if not blanks:
                    continue
                changes = _marked(current, blanks, source, token)
                conn.execute(sa.update(t).where(t.c.id == current["id"]).values(**changes))
                filled += len(blanks)
        log.info("filled %d blank daily cells from one source", filled)
        return FillResult(cells=filled, token=token if filled else None)

    def undo_fill(self, owner: str, token: str) -> int:
        """Clear the cells one :meth:`fill_blanks` (or app import) filled; returns how many.

        A cell edited since (it is the person's own now) is left as it is.
        """
        _check_owner(owner)
        t = DAILY_T
        cleared = 0
        with self._write() as conn:
            for row in self._rows(conn, schema.DAILY, owner, for_update=True):
                fills = _json(row["fills"])
                mine = [c for c, tok in fills.items() if tok == token]
                if not mine:
                    continue
                sources = _json(row["sources"])
                for c in mine:
                    fills.pop(c)
                    sources.pop(c, None)
                changes: dict[str, Any] = {c: None for c in mine}
                changes.update(sources=_dump_text(sources), fills=_dump_text(fills))
                conn.execute(sa.update(t).where(t.c.id == row["id"]).values(**changes))
                cleared += len(mine)
        if not cleared:
            raise JournalNotFoundError(
                "nothing matches that undo token: the values were already removed or edited since."
            )
        log.info("cleared %d filled daily cells", cleared)
        return cleared

    def daily_sources(self, owner: str) -> pd.DataFrame:
        """Where imported values of live days came from: one row per cell (date, column, source).

        A cell absent here was typed by the person (or came from a plain CSV import).
        """
        _check_owner(owner)
        with self._read() as conn:
            rows = self._rows(conn, schema.DAILY, owner)
        records = [
            (r["date"], column, src) for r in rows for column, src in sorted(_json(r["sources"]).items())
        ]
        return pd.DataFrame(
            {
                "date": pd.Series([r[0] for r in records], dtype="datetime64[us]"),
                "column": pd.Series([r[1] for r in records], dtype="str"),
                "source": pd.Series([r[2] for r in records], dtype="str"),
            }
        )

    # -- other apps' exports

    def _plan(
        self, conn: Connection, owner: str, export: AppExport, *, replace_own: bool, for_update: bool
    ) -> _Plan:
        plan = _Plan()
        app = _check_source(export.app)
        # workouts: stored one by one; the same (source, source_id) again is already there
        stored = [
            dict(r._mapping) for r in conn.execute(sa.select(WORKOUTS_T).where(WORKOUTS_T.c.owner == owner))
        ]
        ids = {(r["source"], r["source_id"]) for r in stored}
        live = [r for r in stored if r["deleted_at"] is None]
        for w in _workout_records(export):
            if (w["source"], w["source_id"]) in ids:
                plan.workouts_known.append(w)
            else:
                ids.add((w["source"], w["source_id"]))
                plan.workouts_new.append(w)
        everything = live + plan.workouts_new
        _, dropped = wk.counted(everything)
        first_new = len(live)
        for i, twin in dropped.items():
            if i >= first_new or twin >= first_new:
                a, b = everything[i], everything[twin]
                plan.same_workout.append(
                    {
                        "date": b["date"],
                        "source": a["source"],
                        "start": a["start"],
                        "minutes": a["minutes"],
                        "other_source": b["source"],
                        "other_start": b["start"],
                        "other_minutes": b["minutes"],
                        "counted": b["source"],
                    }
                )
        totals = wk.day_totals(everything)

        # days: the export's values, with exercise minutes from the counted workouts
        incoming: dict[dt.date, dict[str, Any]] = {}
        sources: dict[dt.date, dict[str, str]] = {}
        if not export.daily.empty:
            daily = export.daily.reset_index(drop=True)
            for r in _records(daily, schema.DAILY):
                day = r.pop("date")
                r.pop("extra", None)
                values = {c: v for c, v in r.items() if c in FILLABLE and v is not None}
                incoming[day] = values
                sources[day] = dict.fromkeys(values, app)
        touched = {w["date"] for w in plan.workouts_new} | {
            d for d, v in incoming.items() if "exercise_min" in v
        }
        for day in sorted(touched & set(totals)):
            minutes, names = totals[day]
            incoming.setdefault(day, {})["exercise_min"] = round(minutes, 6)
            sources.setdefault(day, {})["exercise_min"] = wk.describe(names)
        rows = self._rows(conn, schema.DAILY, owner, deleted=None, for_update=for_update)
        by_day = {r["date"]: r for r in rows}
        for day in sorted(incoming):
            values = incoming[day]
            if not values:
                continue
            current = by_day.get(day)
            if current is None or current["deleted_at"] is not None:
                if current is not None:
                    plan.stale_trashed.append(day)
                plan.new_days.append({"date": day, **values, "_sources": sources[day]})
                continue
            marked = _json(current["sources"])
            write: dict[str, Any] = {}
            write_sources: dict[str, str] = {}
            for column, theirs in values.items():
                mine = current[column]
                src = sources[day][column]
                if mine is None:
                    write[column], write_sources[column] = theirs, src
                    plan.filled.append({"date": day, "column": column, "value": theirs, "source": src})
                elif mine == theirs:
                    if marked.get(column) not in (None, src) and column == "exercise_min":
                        write[column], write_sources[column] = theirs, src  # same total, more sources
                    continue
                elif column not in marked:  # typed by the person
                    if replace_own:
                        write[column], write_sources[column] = theirs, src
                        plan.replaced.append({"date": day, "column": column, "yours": mine, "theirs": theirs})
                    else:
                        plan.yours_kept.append(
                            {"date": day, "column": column, "yours": mine, "theirs": theirs}
                        )
                elif column == "exercise_min" or marked[column] == app:  # recomputed, or this app's own
                    write[column], write_sources[column] = theirs, src
                    plan.filled.append({"date": day, "column": column, "value": theirs, "source": src})
                else:
                    plan.other_app.append(
                        {
                            "date": day,
                            "column": column,
                            "stored": mine,
                            "stored_source": marked[column],
                            "theirs": theirs,
                        }
                    )
            if write:
                plan.updates.append((current["id"], write, write_sources))

        # episodes: new ones with their source; the same start, muscle and side is already there
        if not export.episodes.empty:
            known = {_episode_key(r) for r in self._rows(conn, schema.EPISODES, owner, deleted=False)}
            for r in _records(export.episodes.reset_index(drop=True), schema.EPISODES):
                key = _episode_key(r)
                if key in known:
                    plan.episodes_known.append(r)
                else:
                    known.add(key)
                    plan.episodes_new.append(r)
        return plan

    def preview_app_import(self, owner: str, export: AppExport) -> AppImportPreview:
        """What adding ``export`` would do (the rules: docs/importing-apps.md); writes nothing."""
        _check_owner(owner)
        with self._read() as conn:
            plan = self._plan(conn, owner, export, replace_own=False, for_update=False)
        day_columns = ["date", *[c for c in FILLABLE if any(c in d for d in plan.new_days)]]
        days = _frame_of(
            [{k: v for k, v in d.items() if k != "_sources"} for d in plan.new_days], day_columns
        )
        return AppImportPreview(
            owner=owner,
            export=export,
            days_new=days,
            cells_filled=_frame_of(plan.filled, CELL_COLUMNS),
            yours_kept=_frame_of(plan.yours_kept, KEPT_COLUMNS),
            other_app=_frame_of(plan.other_app, OTHER_COLUMNS),
            workouts_new=_frame_of(plan.workouts_new, ("source", *WORKOUT_COLUMNS)),
            workouts_known=_frame_of(plan.workouts_known, ("source", *WORKOUT_COLUMNS)),
            same_workout=_frame_of(plan.same_workout, SAME_WORKOUT_COLUMNS),
            episodes_new=_frame_of(plan.episodes_new, schema.EPISODES.names),
            episodes_known=_frame_of(plan.episodes_known, schema.EPISODES.names),
            _counts=plan.counts(),
        )

    def apply_app_import(
        self, owner: str, preview: AppImportPreview, *, replace_own: bool = False
    ) -> dict[str, int]:
        """Add a previewed export in ONE transaction; returns counts (see :meth:`_Plan.counts`).

        Everything is worked out again inside the transaction, so a stale
        preview or a second import of the same export adds nothing twice.
        """
        _check_owner(owner)
        if preview.owner != owner:
            raise JournalError("this import preview was made for another journal; preview the file again.")
        token = uuid.uuid4().hex
        t = DAILY_T
        with self._write() as conn:
            plan = self._plan(conn, owner, preview.export, replace_own=replace_own, for_update=True)
            for i in range(0, len(plan.stale_trashed), BATCH_SIZE):
                conn.execute(
                    sa.delete(t).where(
                        t.c.owner == owner,
                        t.c.deleted_at.isnot(None),
                        t.c.date.in_(plan.stale_trashed[i : i + BATCH_SIZE]),
                    )
                )
            for i in range(0, len(plan.new_days), BATCH_SIZE):
                batch = []
                for d in plan.new_days[i : i + BATCH_SIZE]:
                    marks = d["_sources"]
                    values = {c: v for c, v in d.items() if c != "_sources"}
                    batch.append(
                        {
                            **{f.name: None for f in schema.DAILY.fields},
                            **values,
                            "owner": owner,
                            "sources": _dump_text(marks),
                            "fills": _dump_text(dict.fromkeys(marks, token)),
                        }
                    )
                conn.execute(t.insert(), batch)
            for day_id, values, marks in plan.updates:
                current = conn.execute(sa.select(t).where(t.c.id == day_id)).mappings().one()
                changes = _marked(dict(current), values, "", token)
                changes["sources"] = _dump_text({**_json(current["sources"]), **marks})
                conn.execute(sa.update(t).where(t.c.id == day_id).values(**changes))
            for i in range(0, len(plan.workouts_new), BATCH_SIZE):
                conn.execute(
                    WORKOUTS_T.insert(),
                    [{**w, "owner": owner} for w in plan.workouts_new[i : i + BATCH_SIZE]],
                )
            if plan.episodes_new:
                columns = [f.name for f in schema.EPISODES.fields]
                rows = [
                    {**{c: r.get(c) for c in columns}, "owner": owner, "source": preview.app}
                    for r in plan.episodes_new
                ]
                for i in range(0, len(rows), BATCH_SIZE):
                    conn.execute(EPISODES_T.insert(), rows[i : i + BATCH_SIZE])
        counts = plan.counts()
        log.info("app import applied: %s", counts)
        return counts

    def workouts(self, owner: str) -> pd.DataFrame:
        """The owner's stored workouts from other apps (``source`` + :data:`WORKOUT_COLUMNS`)."""
        _check_owner(owner)
        w = WORKOUTS_T
        with self._read() as conn:
            rows = [
                dict(r._mapping)
                for r in conn.execute(
                    sa.select(w)
                    .where(w.c.owner == owner, w.c.deleted_at.is_(None))
                    .order_by(w.c.start, w.c.id)
                )
            ]
        frame = _frame_of(
            [{c: r[c] for c in ("source", *WORKOUT_COLUMNS)} for r in rows], ("source", *WORKOUT_COLUMNS)
        )
        for c in ("start", "end", "start_utc", "date"):
            frame[c] = pd.to_datetime(frame[c]).astype("datetime64[us]")
        frame["minutes"] = frame["minutes"].astype("float64")
        return frame

    def episode_sources(self, owner: str) -> dict[int, str]:
        """{episode id: the app it came from} for the owner's live episodes from other apps."""
        _check_owner(owner)
        e = EPISODES_T
        with self._read() as conn:
            found = conn.execute(
                sa.select(e.c.id, e.c.source).where(
                    e.c.owner == owner, e.c.deleted_at.is_(None), e.c.source.isnot(None)
                )
            )
            return {int(i): str(src) for i, src in found}

    # -- trash

    def delete(self, owner: str, kind: Kind, ids_or_dates: Iterable[Any]) -> str:
        """Move episodes (by id) or days (by date) to the trash; returns an undo token.

        Nothing is deleted unless every id or date is in the journal.
        """
        _check_owner(owner)
        table = _table(kind)
        t = _SQL[table.name]
        if table.name == "episodes":
            key_col, keys = t.c.id, sorted({int(i) for i in ids_or_dates})
        else:
            key_col, keys = t.c.date, sorted({pd.Timestamp(d).date() for d in ids_or_dates})
        if not keys:
            raise JournalNotFoundError("nothing to delete: give at least one id or date.")
        token = uuid.uuid4().hex
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self._write() as conn:
            changed = 0
            for i in range(0, len(keys), BATCH_SIZE):
                chunk = keys[i : i + BATCH_SIZE]
                changed += conn.execute(
                    sa.update(t)
                    .where(t.c.owner == owner, key_col.in_(chunk), t.c.deleted_at.is_(None))
                    .values(deleted_at=now, delete_token=token)
                ).rowcount
            if changed != len(keys):
                what = "episodes" if table.name == "episodes" else "days"
                raise JournalNotFoundError(
                    f"{len(keys) - changed} of the {len(keys)} {what} to delete are not in your "
                    "journal (or already in the trash); nothing was deleted."
                )
        log.info("moved %d %s rows to the trash", changed, table.name)
        return token

    def restore(self, owner: str, token: str) -> int:
        """Bring back the rows deleted with ``token``; returns how many."""
        _check_owner(owner)
        restored = 0
        with self._write() as conn:
            for t in (EPISODES_T, DAILY_T, WORKOUTS_T):
                restored += conn.execute(
                    sa.update(t)
                    .where(t.c.owner == owner, t.c.delete_token == token, t.c.deleted_at.isnot(None))
                    .values(deleted_at=None, delete_token=None)
                ).rowcount
        if not restored:
            raise JournalNotFoundError(
                "nothing in your trash matches that undo token; it may "
                "already be restored or the trash emptied."
            )
        return restored

    def empty_trash(self, owner: str) -> int:
        """Delete the owner's trashed rows for good; returns how many."""
        _check_owner(owner)
        with self._write() as conn:
            return sum(
                conn.execute(sa.delete(t).where(t.c.owner == owner, t.c.deleted_at.isnot(None))).rowcount
                for t in (EPISODES_T, DAILY_T, WORKOUTS_T)
            )

    def delete_all(self, owner: str, confirm: str) -> dict[str, int]:
        """Erase every row of the owner (trash included). ``confirm`` must be the phrase."""
        _check_owner(owner)
        if confirm != DELETE_ALL_PHRASE:
            raise JournalConfirmationError(
                f'to delete all your data, type exactly "{DELETE_ALL_PHRASE}". Nothing was deleted.'
            )
        with self._write() as conn:
            counts = {
                name: conn.execute(sa.delete(t).where(t.c.owner == owner)).rowcount
                for name, t in _SQL.items()
            }
            conn.execute(sa.delete(SETTINGS_T).where(SETTINGS_T.c.owner == owner))
            conn.execute(sa.delete(WORKOUTS_T).where(WORKOUTS_T.c.owner == owner))
        log.info("deleted all rows of one owner (%d episodes, %d days)", counts["episodes"], counts["daily"])
        return counts

    # -- settings

    def setting(self, owner: str, name: str) -> str | None:
        """A preference the owner saved (e.g. ``"units"``), or None."""
        _check_owner(owner)
        with self._read() as conn:
            return conn.execute(
                sa.select(SETTINGS_T.c.value).where(SETTINGS_T.c.owner == owner, SETTINGS_T.c.name == name)
            ).scalar()

    def set_setting(self, owner: str, name: str, value: str) -> None:
        """Save a preference, replacing the owner's earlier value. Not health data: it is
        not in backups, and "delete all my data" removes it too."""
        _check_owner(owner)
        where = (SETTINGS_T.c.owner == owner, SETTINGS_T.c.name == name)
        with self._write() as conn:
            if conn.execute(sa.update(SETTINGS_T).where(*where).values(value=value)).rowcount == 0:
                conn.execute(sa.insert(SETTINGS_T).values(owner=owner, name=name, value=value))

    # -- import

    def _classify(
        self, conn: Connection, owner: str, table: Table, data: pd.DataFrame, *, for_update: bool = False
    ) -> tuple[dict[int, dict[str, Any]], list[int], list[int], list[tuple[int, dict[str, Any]]], set[Any]]:
        """(incoming records by position, new positions, identical positions,
        [(position, existing row)], trashed keys).

        Only the rows whose key (a day's date; an episode's start, muscle and
        side) is already in the journal are compared value by value; which
        rows those are is found with one vectorised join, so previewing a
        large file against a small journal does not turn every row into a
        Python record. Records are made for those rows only: a caller that
        writes the new rows makes theirs with :func:`_records`.
        """
        existing = [dict(r) for r in self._rows(conn, table, owner, deleted=None, for_update=for_update)]
        live: dict[Any, list[dict[str, Any]]] = {}
        trashed: set[Any] = set()
        for row in existing:
            row["extra"] = json.loads(row["extra"]) if row.get("extra") else {}
            key = row["date"] if table.name == "daily" else _episode_key(row)
            if row["deleted_at"] is not None:
                if table.name == "daily":
                    trashed.add(key)
                continue
            live.setdefault(key, []).append(row)
        candidates = _key_matches(data, table, list(live))
        records = _records(data.iloc[candidates], table)
        incoming = dict(zip(candidates.tolist(), records, strict=True))
        identical: list[int] = []
        conflicts: list[tuple[int, dict[str, Any]]] = []
        unmatched = np.ones(len(data), dtype=bool)
        unmatched[candidates] = False
        for pos, row in incoming.items():
            key = row["date"] if table.name == "daily" else _episode_key(row)
            matches = live.get(key, [])
            if not matches:
                unmatched[pos] = True
            elif any(_same(row, m) for m in matches):
                identical.append(pos)
            else:
                conflicts.append((pos, matches[0]))
        new = np.flatnonzero(unmatched).tolist()
        return incoming, new, identical, conflicts, trashed

    def preview_import(self, owner: str, result: ImportResult) -> ImportPreview:
        """Sort the file's accepted rows into new, identical (skipped) and conflicting."""
        _check_owner(owner)
        table, data = result.table, result.data.reset_index(drop=True)
        with self._read() as conn:
            _, new, identical, conflicts, _ = self._classify(conn, owner, table, data)
        existing = _frame([c[1] for c in conflicts], table)
        if table.name == "daily":
            existing = existing.drop(
                columns=[c for c in existing.columns if c not in table.names and c not in data.columns]
            )
        return ImportPreview(
            owner=owner,
            table=table,
            data=data,
            new=data.iloc[new],
            identical=data.iloc[identical],
            conflicts=data.iloc[[c[0] for c in conflicts]],
            existing=existing,
        )

    def apply_import(
        self, owner: str, preview: ImportPreview, *, conflicts: Literal["keep", "replace"] = "keep"
    ) -> dict[str, int]:
        """Write a previewed import in ONE transaction: all of it or none of it.

        Rows are re-classified inside the transaction, so a stale preview or a
        second import of the same file adds nothing twice. ``conflicts="keep"``
        leaves the journal's rows as they are; ``"replace"`` overwrites them
        with the file's values (only the columns the file has).
        """
        _check_owner(owner)
        if preview.owner != owner:
            raise JournalError("this import preview was made for another journal; preview the file again.")
        if conflicts not in ("keep", "replace"):
            raise JournalError('conflicts must be "keep" or "replace".')
        table = preview.table
        t = _SQL[table.name]
        with self._write() as conn:
            incoming, new, identical, clashes, trashed = self._classify(
                conn, owner, table, preview.data, for_update=True
            )
            rows = _records(preview.data.iloc[new], table)
            if table.name == "daily":
                stale = sorted({r["date"] for r in rows} & trashed)
                for i in range(0, len(stale), BATCH_SIZE):
                    conn.execute(
                        sa.delete(t).where(
                            t.c.owner == owner,
                            t.c.deleted_at.isnot(None),
                            t.c.date.in_(stale[i : i + BATCH_SIZE]),
                        )
                    )
            self._insert(conn, owner, table, rows)
            replaced = 0
            if conflicts == "replace":
                for pos, current in clashes:
                    values = dict(incoming[pos])
                    if table.name == "daily":
                        values["extra"] = _dump({**current["extra"], **values["extra"]})
                        values.update(_own(current, set(values)))  # a CSV file is the person's own
                    conn.execute(sa.update(t).where(t.c.id == current["id"]).values(**values))
                    replaced += 1
        counts = {
            "added": len(rows),
            "replaced": replaced,
            "identical": len(identical),
            "kept": len(clashes) - replaced,
        }
        log.info("import applied to %s: %s", table.name, counts)
        return counts

    def _insert(self, conn: Connection, owner: str, table: Table, rows: list[dict[str, Any]]) -> None:
        t = _SQL[table.name]
        columns = [f.name for f in table.fields]
        done = 0
        for i in range(0, len(rows), BATCH_SIZE):
            batch = []
            for r in rows[i : i + BATCH_SIZE]:
                values = {c: r.get(c) for c in columns}
                values["owner"] = owner
                if table.custom_factors:
                    values["extra"] = _dump(r.get("extra"))
                batch.append(values)
            conn.execute(t.insert(), batch)
            done += len(batch)
            if _after_batch is not None:
                _after_batch(done)

    # -- backup

    def backup(self, owner: str) -> bytes:
        """A zip of the owner's rows as canonical CSVs: ``episodes.csv`` and ``daily.csv``."""
        episodes = self.episodes(owner).drop(columns="id")
        daily = self.daily(owner)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("episodes.csv", to_csv_bytes(episodes, schema.EPISODES))
            archive.writestr("daily.csv", to_csv_bytes(daily, schema.DAILY))
        return buffer.getvalue()

    def restore_backup(self, owner: str, data: bytes) -> dict[str, int]:
        """Load a :meth:`backup` into an EMPTY journal; returns rows restored per table."""
        _check_owner(owner)
        frames: dict[str, pd.DataFrame] = {}
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                missing = {"episodes.csv", "daily.csv"} - names
                if missing:
                    raise JournalBackupError(
                        f"this zip is not a Crampwise backup: it lacks {', '.join(sorted(missing))}."
                    )
                for table in (schema.EPISODES, schema.DAILY):
                    frames[table.name] = self._read_backup_csv(archive.read(f"{table.name}.csv"), table)
        except zipfile.BadZipFile:
            raise JournalBackupError(
                "this file is not a Crampwise backup (not a zip file). Choose the .zip that Backup saved."
            ) from None
        with self._write() as conn:
            counts = {
                name: conn.execute(
                    sa.select(sa.func.count()).select_from(t).where(t.c.owner == owner)
                ).scalar_one()
                for name, t in _SQL.items()
            }
            if any(counts.values()):
                raise JournalNotEmptyError(
                    f"your journal already holds {counts['episodes']} episodes and "
                    f"{counts['daily']} days (trash included), so the backup was not restored. "
                    "Import the CSV files inside the backup instead (rows you already have are "
                    f'skipped), or erase the journal first ("{DELETE_ALL_PHRASE}").'
                )
            for table in (schema.EPISODES, schema.DAILY):
                self._insert(conn, owner, table, _records(frames[table.name], table))
        return {name: len(frame) for name, frame in frames.items()}

    @staticmethod
    def _read_backup_csv(raw: bytes, table: Table) -> pd.DataFrame:
        try:
            result = read_file(raw, table.name)
        except HeaderOnlyError:
            return pd.DataFrame(columns=list(table.names))
        except CrampwiseError as exc:
            raise JournalBackupError(f"{table.name}.csv in the backup cannot be read: {exc}") from None
        if not result.ok:
            raise JournalBackupError(
                f"{table.name}.csv in the backup has {len(result.problems)} problems "
                f"(first: {result.messages()[0]}); nothing was restored."
            )
        return result.data.reset_index(drop=True)
