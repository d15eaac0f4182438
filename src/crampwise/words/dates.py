"""How dates read, declared once: one style per context.

The rule:

* **Tables, file names and date inputs** use ISO ``2025-03-02`` (it sorts as text and
  reads the same everywhere): :func:`iso`, :data:`INPUT_FORMAT` for ``st.date_input``
  and :data:`TABLE_FORMAT` for table date columns.
* **Sentences and headline figures** use the day without zero padding, the short month
  and the year, ``2 Mar 2025``: :func:`in_sentence` (and :data:`HOVER_FORMAT`, its
  plotly d3 twin, for chart hovers).
* **A day of the current week or month** (a toast after saving) says the weekday,
  ``Wednesday 2 December``: :func:`with_weekday`.

Nothing else formats a date for people: change the rule here and every page follows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

#: ``st.date_input(format=...)``: ISO order, as in tables.
INPUT_FORMAT = "YYYY-MM-DD"
#: ``st.column_config.DateColumn(format=...)``.
TABLE_FORMAT = "YYYY-MM-DD"
#: ``st.column_config.DatetimeColumn(format=...)``.
TABLE_TIME_FORMAT = "YYYY-MM-DD HH:mm"
#: Plotly hover text for a date, the twin of :func:`in_sentence` (``%-d``: no padding).
HOVER_FORMAT = "%-d %b %Y"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def iso(value: Any) -> str:
    """A date as in tables and file names.

    >>> iso(dt.date(2026, 12, 3))
    '2026-12-03'
    """
    return _day(value).isoformat()


def in_sentence(value: Any) -> str:
    """A date as it reads in a sentence or a headline figure.

    >>> in_sentence(dt.date(2025, 3, 2))
    '2 Mar 2025'
    """
    d = _day(value)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def with_weekday(value: Any) -> str:
    """A recent day with its weekday.

    >>> with_weekday(dt.date(2026, 12, 2))
    'Wednesday 2 December'
    """
    d = _day(value)
    return f"{d:%A} {d.day} {d:%B}"


__all__ = [
    "HOVER_FORMAT",
    "INPUT_FORMAT",
    "TABLE_FORMAT",
    "TABLE_TIME_FORMAT",
    "in_sentence",
    "iso",
    "with_weekday",
]
