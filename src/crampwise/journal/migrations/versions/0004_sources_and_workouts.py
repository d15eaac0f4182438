"""where imported values came from, and single workouts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

Provenance for values imported from other apps: ``daily.sources`` (JSON text
``{column: source}``; a column absent from it is the person's own) and
``episodes.source`` (NULL = the person's own). ``workouts`` holds the single
workouts behind a day's imported exercise minutes, unique per (owner, source,
source_id) so importing the same export again adds nothing; trash as the
other tables. ``daily.fills`` (JSON text ``{column: token}``) records which
filling wrote a cell, so that filling can be undone cell by cell.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE daily ADD COLUMN sources TEXT")
    op.execute("ALTER TABLE daily ADD COLUMN fills TEXT")
    op.execute("ALTER TABLE episodes ADD COLUMN source VARCHAR(60)")
    op.create_table(
        "workouts",
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
        sa.UniqueConstraint("owner", "source", "source_id", name="uq_workouts_owner_source_id"),
    )
    op.create_index("ix_workouts_owner_date", "workouts", ["owner", "date"])
    op.create_index("ix_workouts_owner_token", "workouts", ["owner", "delete_token"])


def downgrade() -> None:
    raise NotImplementedError("journals only move forward; see crampwise.journal.migrations")
