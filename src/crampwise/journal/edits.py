"""What changed between a journal table and its edited copy, and which journal rows are
the sample's (no Streamlit).

The "My journal" page shows the journal's rows in an editable table. When the
person saves, :func:`diff` compares the edited frame with the frame that was
shown and says, per row key (an episode's ``id`` or a day's ``date``):

* which rows changed, and the new value of each changed column;
* which rows were deleted (in the original, missing from the edited frame);
* which rows were added (no key, or a key the original did not have).

:func:`equal_rows` finds the journal rows that equal rows of another table
(the sample data), so "Remove the sample data" can move exactly those to the
trash and leave what the person logged themselves.

Values are compared as values, not dtypes: a missing value (``None``,
``NaN``, ``NaT``, ``pd.NA``) equals any other missing value, ``2`` equals
``2.0``, and a categorical ``"calf"`` equals the string ``"calf"``. Changed
values come back as plain Python values with missing as ``None`` and whole
numbers as ``int`` (a refusal then quotes ``-1``, as typed), ready for
:meth:`crampwise.journal.store.Journal.update_episode` and
:meth:`~crampwise.journal.store.Journal.save_day`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from crampwise import units

__all__ = ["EditDiff", "diff", "equal_rows", "plain", "same", "to_canonical"]


@dataclass
class EditDiff:
    """The changes found by :func:`diff`."""

    #: Row key -> {column: new value} for rows whose values changed (in original order).
    updates: dict[Any, dict[str, Any]] = field(default_factory=dict)
    #: Keys of the rows removed from the table (in original order).
    deleted: list[Any] = field(default_factory=list)
    #: Rows added to the table, as {column: value} (without the key when it is empty).
    added: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.updates or self.deleted or self.added)


def to_canonical(changes: EditDiff, system: str) -> EditDiff:
    """``changes`` made in a table shown in ``system`` units, with the changed values of
    converted columns (fluids, temperature) back in litres and °C. Only changed cells
    convert, so a value nobody touched is never rounded."""

    def back(values: dict[str, Any]) -> dict[str, Any]:
        out = dict(values)
        for name, value in values.items():
            q = units.quantity(name, system)
            if (
                q is not None
                and q.alias is not None
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                out[name] = q.store(float(value))
        return out

    return EditDiff(
        updates={k: back(v) for k, v in changes.updates.items()},
        deleted=list(changes.deleted),
        added=[back(a) for a in changes.added],
    )


def plain(value: Any) -> Any:
    """A cell as a plain Python value: ``None`` when missing, Timestamps for dates."""
    if isinstance(value, list | tuple):
        return list(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, dt.datetime | dt.date) and not isinstance(value, pd.Timestamp):
        return pd.Timestamp(value)
    if hasattr(value, "item") and not isinstance(value, pd.Timestamp):  # numpy scalars
        return value.item()
    return value


def same(a: Any, b: Any) -> bool:
    """Whether two cells hold the same value (see the module docstring)."""
    a, b = plain(a), plain(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, pd.Timestamp) or isinstance(b, pd.Timestamp):
        try:
            return pd.Timestamp(a) == pd.Timestamp(b)
        except (TypeError, ValueError):
            return False
    return a == b


def _key(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(value: Any) -> Any:
    """Whole floats as ints (so messages quote ``-1``, not ``-1.0``); other values as they are."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def diff(original: pd.DataFrame, edited: pd.DataFrame, key: str) -> EditDiff:
    """Compare ``edited`` with ``original``, matching rows on the ``key`` column.

    Only columns of ``original`` (other than ``key``) are compared; a column
    missing from ``edited`` counts as unchanged. Duplicate keys in
    ``original`` raise ``ValueError`` (a key must name one row).
    """
    if key not in original.columns or key not in edited.columns:
        raise ValueError(f"both tables need the key column {key!r}")
    before: dict[Any, dict[str, Any]] = {}
    for row in original.to_dict("records"):
        k = _key(row[key])
        if k is None or k in before:
            raise ValueError(f"the original table has a missing or repeated {key}: {k!r}")
        before[k] = row
    columns = [c for c in original.columns if c != key and c in edited.columns]
    result = EditDiff()
    seen: set[Any] = set()
    for row in edited.to_dict("records"):
        k = _key(row.get(key))
        if k is None or k not in before or k in seen:
            values = {c: plain(v) for c, v in row.items() if not (c == key and plain(v) is None)}
            result.added.append(values)
            continue
        seen.add(k)
        old = before[k]
        changed = {c: _number(plain(row[c])) for c in columns if not same(old[c], row[c])}
        if changed:
            result.updates[k] = changed
    result.deleted = [k for k in before if k not in seen]
    return result


def _canonical(value: Any) -> Any:
    """A hashable form of a cell under :func:`same`'s rules (2 == 2.0, missing == missing)."""
    value = plain(value)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, bool) or value is None:
        return (type(value).__name__, value)  # True must not match 1
    if isinstance(value, int | float):
        return ("number", float(value))
    return ("value", value)


def equal_rows(journal: pd.DataFrame, other: pd.DataFrame, key: str) -> list[Any]:
    """The ``key`` values of the ``journal`` rows that equal a row of ``other``.

    Rows are compared on every column of either frame except ``key`` when ``other``
    lacks it (an episode's ``id``); a column one frame lacks counts as missing there,
    so a journal row with a value ``other`` does not have (a custom factor added
    later) is not equal. Each row of ``other`` matches at most one journal row: a
    journal row logged twice with the same values keeps its second copy when
    ``other`` has the row once. Keys come back in journal order (dates as
    Timestamps, ids as ints).
    """
    if key not in journal.columns:
        raise ValueError(f"the journal table needs the key column {key!r}")
    columns = list(dict.fromkeys([*journal.columns, *other.columns]))
    if key not in other.columns:
        columns.remove(key)
    wanted: dict[tuple, int] = {}
    for row in other.to_dict("records"):
        sig = tuple(_canonical(row.get(c)) for c in columns)
        wanted[sig] = wanted.get(sig, 0) + 1
    found: list[Any] = []
    for row in journal.to_dict("records"):
        sig = tuple(_canonical(row.get(c)) for c in columns)
        if wanted.get(sig, 0) > 0:
            wanted[sig] -= 1
            found.append(_key(row[key]))
    return found
