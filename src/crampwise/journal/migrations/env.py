"""The Alembic environment of the journal: run on the connection ``migrate`` passes.

:func:`crampwise.journal.migrations.migrate` opens the transaction (and takes the
locks), then hands its connection over in ``config.attributes["connection"]``;
this file only tells Alembic to use it. There is no ``alembic.ini`` and no
logging set-up here (``logging.config.fileConfig`` is never called).
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if context.is_offline_mode() or connection is None:
    raise RuntimeError(
        "the journal migrations run when a journal opens (crampwise.journal.open_journal), "
        "on its own connection; they are not run from the alembic command line."
    )

# The caller's transaction is already open, so begin_transaction() joins it:
# every revision runs in that ONE transaction (both SQLite and PostgreSQL have
# transactional DDL).
context.configure(connection=connection, transactional_ddl=True, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
