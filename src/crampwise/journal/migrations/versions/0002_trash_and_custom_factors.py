"""trash and custom daily factors

Revision ID: 0002
Revises: 0001
Create Date: was schema version 2 of the pre-Alembic journal (commit 0f5120f)

Trash (``deleted_at``, ``delete_token`` on both tables, and an index to
find a token) and custom daily factors (``daily.extra``: JSON text
``{name: number}``). The statements are the very ones schema version 2 ran,
so the columns keep their declared types (``TIMESTAMP``) on SQLite.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("episodes", "daily"):
        op.execute(f"ALTER TABLE {table} ADD COLUMN deleted_at TIMESTAMP")
        op.execute(f"ALTER TABLE {table} ADD COLUMN delete_token VARCHAR(40)")
        op.execute(f"CREATE INDEX ix_{table}_owner_token ON {table} (owner, delete_token)")
    op.execute("ALTER TABLE daily ADD COLUMN extra TEXT")


def downgrade() -> None:
    raise NotImplementedError("journals only move forward; see crampwise.journal.migrations")
