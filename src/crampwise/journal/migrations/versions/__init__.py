"""Alembic revisions of the journal, one file each (``0001_…``, ``0002_…``); Alembic ignores this file."""
