"""Schema versions of the personal journal, and the path from each to the next.

Why not Alembic: the journal has two tables, must upgrade itself silently on
start-up inside a person's own SQLite file (no ``alembic.ini``, no command
to run), and must be testable without a project layout. A small, explicit
module does that in a page of code:

* a ``schema_version`` table holds one row with the version number;
* :data:`MIGRATIONS` is an ordered list of ``(version, function)``; each
  function takes a :class:`sqlalchemy.engine.Connection` and moves the
  database from ``version - 1`` to ``version``;
* :func:`migrate` runs the missing steps, all in ONE transaction (SQLite and
  PostgreSQL both have transactional DDL), so a failed upgrade leaves the
  old layout untouched.

Each step describes its own layout with frozen, literal definitions -- never
the current tables in :mod:`crampwise.journal.store` -- so old steps keep meaning
what they meant when they were written.

Rules for adding version N+1: append a function, never edit an old one; only
add columns/tables or copy data (no silent drops); add a test that builds
version N, inserts rows, migrates and finds them.

History:

* **1** -- ``episodes`` (integer id, owner, the episode fields) and ``daily``
  (owner, date, the daily fields; unique per owner and date).
* **2** -- trash (``deleted_at``, ``delete_token`` on both tables) and custom
  daily factors (``daily.extra``: JSON text ``{name: number}``).
* **3** -- ``settings`` (owner, name, value; unique per owner and name): a
  person's preferences, such as metric or US units.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from crampwise.errors import CrampwiseError, JournalVersionError


def _v1(conn: Connection) -> None:
    meta = sa.MetaData()
    sa.Table(
        "episodes", meta,
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
        sa.Index("ix_episodes_owner_start", "owner", "start"),
    )
    sa.Table(
        "daily", meta,
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
        sa.UniqueConstraint("owner", "date", name="uq_daily_owner_date"),
    )
    meta.create_all(conn)


def _v2(conn: Connection) -> None:
    for table in ("episodes", "daily"):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN deleted_at TIMESTAMP")
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN delete_token VARCHAR(40)")
        conn.exec_driver_sql(f"CREATE INDEX ix_{table}_owner_token ON {table} (owner, delete_token)")
    conn.exec_driver_sql("ALTER TABLE daily ADD COLUMN extra TEXT")


def _v3(conn: Connection) -> None:
    meta = sa.MetaData()
    sa.Table(
        "settings", meta,
        sa.Column("owner", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    meta.create_all(conn)


#: Ordered steps: ``(version reached, function)``.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [(1, _v1), (2, _v2), (3, _v3)]
#: The version this Crampwise writes.
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    """The database's schema version; 0 for an empty database."""
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    value = conn.exec_driver_sql("SELECT max(version) FROM schema_version").scalar()
    return int(value or 0)


def migrate(engine: Engine, *, target: int | None = None) -> tuple[int, int]:
    """Bring the database up to ``target`` (default: latest). Returns (from, to).

    Runs every missing step in one transaction; on PostgreSQL an advisory
    lock keeps two processes starting at once from both migrating (on SQLite
    the write transaction does the same).
    """
    target = LATEST if target is None else target
    with engine.connect() as conn:
        conn = conn.execution_options(crampwise_immediate=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7215031)")
            if not sa.inspect(conn).has_table("schema_version"):
                conn.exec_driver_sql("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                conn.exec_driver_sql("INSERT INTO schema_version (version) VALUES (0)")
            before = current_version(conn)
            if before > LATEST:
                raise JournalVersionError(
                    f"this journal was written by a newer Crampwise (schema version {before}; "
                    f"this one knows up to {LATEST}). Upgrade Crampwise to open it; your data "
                    "has not been changed.")
            for version, step in MIGRATIONS:
                if before < version <= target:
                    step(conn)
            if target > before:
                conn.execute(sa.text("UPDATE schema_version SET version = :v"), {"v": target})
            return before, max(before, target)
