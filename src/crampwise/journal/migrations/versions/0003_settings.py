"""settings

Revision ID: 0003
Revises: 0002
Create Date: was schema version 3 of the pre-Alembic journal (commit ccb50ea)

``settings`` (owner, name, value; unique per owner and name): a person's
preferences, such as metric or US units.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("owner", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("journals only move forward; see crampwise.journal.migrations")
