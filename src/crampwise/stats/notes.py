"""Counting words for the short status notes the statistics add to their warnings.

The notes ("3 episodes fall outside the logged days ...", "log 18 more days")
still live beside the numbers they describe; the statistics core is reworked
next, and they move with it. Every sentence about the results themselves is in
:mod:`crampwise.words`.
"""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun: "1 day", "3 days" (``many`` for irregular plurals)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


__all__ = ["plural"]
