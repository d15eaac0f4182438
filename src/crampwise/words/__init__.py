"""Every sentence a person reads about the statistics, and the charts.

``CAVEAT`` (what the statistics can and cannot say) and ``to_json`` (an
analysis in plain Python, as ``python -m crampwise analyze --json`` prints it,
contrast sentences included) are re-exported here, lazily.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["CAVEAT", "to_json"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("crampwise.words.summary"), name)
    raise AttributeError(f"module 'crampwise.words' has no attribute {name!r}")
