"""episodes and daily

Revision ID: 0001
Revises:
Create Date: was schema version 1 of the pre-Alembic journal (commit 0f5120f)

``episodes`` (integer id, owner, the episode fields) and ``daily`` (owner,
date, the daily fields; unique per owner and date).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "episodes",
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
    op.create_table(
        "daily",
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


def downgrade() -> None:
    raise NotImplementedError("journals only move forward; see crampwise.journal.migrations")
