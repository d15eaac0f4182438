"""Statistics: numbers only (the daily table, one factor at a time, the model, filters).

``analyze`` and ``Analysis`` are re-exported here; they load lazily, because
scipy and statsmodels take a second or more to import and the CLI's other
commands never need them.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Analysis", "analyze"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("crampwise.stats.analysis"), name)
    raise AttributeError(f"module 'crampwise.stats' has no attribute {name!r}")
