"""Filter loaded tables by date and muscle (pure pandas, no Streamlit).

The app's Data page lays out the widgets; the selection logic lives here so
it can be tested on its own and reused by later pages (Insights, Log).

Dates are calendar dates and both ends are inclusive: ``end=2025-03-14``
keeps an episode that started at 23:59 on the 14th.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from crampwise.schema import Table


def date_column(table: Table) -> str:
    """The column that places a row in time (``start`` for episodes, ``date`` for daily)."""
    for f in table.fields:
        if f.kind in ("date", "datetime"):
            return f.name
    raise ValueError(f"the {table.name} table has no date column")


def date_bounds(df: pd.DataFrame, table: Table) -> tuple[date, date] | None:
    """First and last calendar date in ``df``, or ``None`` when there are no dated rows."""
    column = date_column(table)
    if column not in df.columns:
        return None
    values = df[column].dropna()
    if values.empty:
        return None
    return values.min().date(), values.max().date()


def muscle_options(df: pd.DataFrame) -> list[str]:
    """Muscles that occur in ``df``, in the schema's order (for a filter's choices)."""
    if "muscle" not in df.columns:
        return []
    present = set(df["muscle"].dropna().astype(str))
    column = df["muscle"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories if str(c) in present]
    return sorted(present)


def filter_rows(
    df: pd.DataFrame,
    table: Table,
    start: date | None = None,
    end: date | None = None,
    muscles: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows of ``df`` between ``start`` and ``end`` (inclusive dates) for ``muscles``.

    ``None`` for a bound means "no limit on that side". ``muscles`` of
    ``None`` or an empty collection means every muscle (an empty multiselect
    reads as "all"); giving muscles for a table without a ``muscle`` column
    is a ``ValueError``. A datetime passed as a bound counts as its date.
    The result keeps the original index and column order.
    """
    keep = pd.Series(True, index=df.index)
    if start is not None or end is not None:
        values = df[date_column(table)]
        if start is not None:
            keep &= values >= pd.Timestamp(start).normalize()
        if end is not None:
            keep &= values < pd.Timestamp(end).normalize() + pd.Timedelta(days=1)
    chosen = list(muscles) if muscles is not None else []
    if chosen:
        if "muscle" not in table.names:
            raise ValueError(f"the {table.name} table has no muscle column to filter on")
        keep &= df["muscle"].astype("object").isin(chosen)
    return df[keep.fillna(False).astype(bool)]


__all__ = ["date_bounds", "date_column", "filter_rows", "muscle_options"]
