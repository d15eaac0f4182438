"""Storage: the journal database, edits and undo, migrations, privacy modes.

``open_journal`` and ``Journal`` are re-exported here; they load lazily, so
importing :mod:`crampwise.journal.privacy` alone does not open SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Journal", "open_journal"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("crampwise.journal.store"), name)
    raise AttributeError(f"module 'crampwise.journal' has no attribute {name!r}")
