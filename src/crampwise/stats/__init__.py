"""Statistics: numbers only; the sentences about them are in crampwise.words.

Only the short status notes in ``Analysis.missing`` and ``Analysis.warnings`` are
still worded here (see :mod:`crampwise.stats.notes`).

Modules: ``thresholds`` (the minimums and levels, with their reasons), ``daily``
(the daily table and the heat index), ``factors`` (one factor at a time),
``model`` (all factors together), ``contrasts`` (where the two disagree),
``episodes`` (episode tallies), ``analysis`` (all of it for a window) and
``filters``.

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
