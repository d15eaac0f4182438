"""What changed between a journal table and its edited copy, and which journal rows are
the sample's (no Streamlit).

The "My journal" page shows the journal's rows in an editable table. When the
person saves, :func:`diff` compares the edited frame with the frame that was
shown and says, per row key (an episode's ``id`` or a day's ``date``):

* which rows changed, and the new value of each changed column;
* which rows were deleted (in the original, missing from the edited frame);
* which rows were added (no key, or a key the original did not have).

:func:`refusals` checks an edit or a new entry before anything is stored -- the
importer's rules (:func:`crampwise.journal.store.check_row`) plus "not in the
future" (:data:`CLOCK_DRIFT`) -- and words each refused value as the person sees
it: the entry by its date and time, the column by its title, the value as typed,
the reason with its unit ("The episode of 14 Mar 2025, 22:15: Duration 0 must be
more than 0 minutes."). Nothing is clamped: a value out of range is refused.

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

from crampwise import schema, units
from crampwise.errors import EntryRefusedError, JournalValidationError, RefusedValue, ValueRefusedError
from crampwise.journal.store import check_row

__all__ = [
    "CLOCK_DRIFT",
    "EditDiff",
    "check_changes",
    "check_entry",
    "diff",
    "entry_name",
    "equal_rows",
    "plain",
    "refusals",
    "same",
    "show_value",
    "to_canonical",
    "twin",
    "TWIN_WINDOW",
]

#: Two episodes alike in every value and starting this close together are most likely one
#: episode saved twice: :func:`twin` finds the first, so the second is confirmed first.
TWIN_WINDOW = dt.timedelta(minutes=10)

#: How far ahead of the viewer's clock an entry may be: a phone's and a server's clocks
#: differ by a minute or two. Anything later is in the future and refused.
CLOCK_DRIFT = dt.timedelta(minutes=5)


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


# --------------------------------------------------------------------------- refusals


def _when(value: Any, kind: str) -> str:
    """A date (``14 Mar 2025``) or date and time (``14 Mar 2025, 22:15``) as shown."""
    ts = pd.Timestamp(value)
    day = f"{ts.day} {ts:%b %Y}"
    return day if kind == "date" else f"{day}, {ts:%H:%M}"


def entry_name(table: schema.Table, row: Any) -> str:
    """The entry as the person sees it: "The episode of 14 Mar 2025, 22:15", "The day
    14 Mar 2025". ``row`` is the entry's values (its start or date), or the date itself."""
    if table.name == "episodes":
        start = plain(row.get("start")) if hasattr(row, "get") else plain(row)
        return "The new episode" if start is None else f"The episode of {_when(start, 'datetime')}"
    date = plain(row.get("date")) if hasattr(row, "get") else plain(row)
    return "The day" if date is None else f"The day {_when(date, 'date')}"


def show_value(value: Any, f: schema.Field | None) -> str:
    """A value as typed, for a message: ``15``, ``2.5``, ``1 Jan 2030, 10:00``, ``(empty)``."""
    value = _number(plain(value))
    if value is None or value == "":
        return "(empty)"
    if f is not None and f.kind in ("date", "datetime"):
        try:
            return _when(value, f.kind)
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def _unit_after(reason: str, unit: str | None) -> str:
    """``reason`` with the unit after its last number: "must be more than 0 minutes"."""
    if not unit or unit == "0-10" or not reason or not reason[-1].isdigit():
        return reason
    return f"{reason}{unit}" if unit == "%" else f"{reason} {unit}"


def _limit_reason(f: schema.Field, reason: str, system: str) -> str:
    """The reason in the units the value was typed in (fl oz, °F when shown so)."""
    q = units.quantity(f.name, system)
    if q is None or q.alias is None:
        return _unit_after(reason, f.unit)
    low, high = q.limits()
    if reason.startswith("is below"):
        return f"is below {low:g} {q.symbol}"
    if reason.startswith("is above"):
        return f"is above {high:g} {q.symbol}"
    return reason


def _line(table: schema.Table, entry: str, refused: RefusedValue, typed: dict[str, Any], system: str) -> str:
    f = table.field(refused.column) if refused.column in table.names else None
    title = f.label if f is not None else refused.column  # a custom factor is its own title
    value = show_value(typed[refused.column], f) if refused.column in typed else refused.value or "(empty)"
    reason = _limit_reason(f, refused.reason, system) if f is not None else refused.reason
    return f"{entry}: {title} {value} {reason}."


def _future(table: schema.Table, values: dict[str, Any], now: dt.datetime) -> list[RefusedValue]:
    """``start`` or ``date`` later than ``now`` plus :data:`CLOCK_DRIFT`."""
    latest = pd.Timestamp(now) + CLOCK_DRIFT
    minutes = int(CLOCK_DRIFT.total_seconds() // 60)
    out: list[RefusedValue] = []
    for f in table.fields:
        if f.kind not in ("date", "datetime") or f.name not in values:
            continue
        try:
            value = plain(values[f.name])
            when = None if value is None else pd.Timestamp(value)
        except (TypeError, ValueError):
            continue  # not a date at all: the importer's check words it
        if when is None or when is pd.NaT:
            continue
        if f.kind == "datetime" and when > latest:
            out.append(
                RefusedValue(
                    f.name,
                    _when(when, f.kind),
                    f"is in the future: it is {_when(now, f.kind)} now (up to {minutes} minutes "
                    "ahead is allowed, for clocks that differ)",
                )
            )
        elif f.kind == "date" and when.normalize() > latest.normalize():
            out.append(
                RefusedValue(f.name, _when(when, f.kind), f"is in the future: today is {_when(now, 'date')}")
            )
    return out


def check_entry(table: schema.Table, values: dict[str, Any], now: dt.datetime) -> list[RefusedValue]:
    """What is wrong with one entry (empty when it can be stored): the importer's rules
    and, for its start or date, not later than ``now`` plus :data:`CLOCK_DRIFT`."""
    out = _future(table, values, now)
    try:
        check_row(table, values)
    except ValueRefusedError as exc:
        late = {r.column for r in out}
        out += [r for r in exc.refused if r.column not in late]
    except JournalValidationError as exc:
        out.append(RefusedValue("", "", str(exc)))
    return out


def refusals(
    table: schema.Table,
    entry: str,
    values: dict[str, Any],
    now: dt.datetime,
    *,
    typed: dict[str, Any] | None = None,
    system: str = units.DEFAULT,
) -> list[str]:
    """One line per refused value of the entry ``values`` (canonical units), each naming
    ``entry``, the column's title, the value as ``typed`` (display units; default
    ``values``) and the reason. Empty when the entry can be stored."""
    typed = values if typed is None else typed
    lines = []
    for refused in check_entry(table, values, now):
        if not refused.column:
            lines.append(f"{entry}: {refused.reason[:1].upper()}{refused.reason[1:]}")
        else:
            lines.append(_line(table, entry, refused, typed, system))
    return lines


def check_changes(
    table: schema.Table,
    stored: pd.DataFrame,
    changes: EditDiff,
    typed: EditDiff,
    now: dt.datetime,
    *,
    system: str = units.DEFAULT,
) -> None:
    """Raise :class:`~crampwise.errors.EntryRefusedError` naming every refused value of
    ``changes`` (canonical units; ``typed`` is the same diff as typed, in ``system``'s
    units) to the ``stored`` rows (key ``id`` for episodes, ``date`` for days).

    An episode is checked whole (its stored values with the changes); a day with the
    changed values only, as :meth:`~crampwise.journal.store.Journal.save_day` stores it.
    Entries are named by their stored date and time, as the table showed them.
    """
    key = "id" if table.name == "episodes" else "date"
    rows = {_key(r[key]): r for r in stored.to_dict("records")}
    lines: list[str] = []
    for k, values in changes.updates.items():
        row = rows.get(k, {key: k})
        entry = entry_name(table, row)
        if table.name == "episodes":
            merged = {c: plain(v) for c, v in row.items() if c in table.names}
            merged.update(values)
        else:
            merged = {"date": k, **{c: v for c, v in values.items() if c in table.names or v is not None}}
        lines += refusals(table, entry, merged, now, typed=typed.updates.get(k, values), system=system)
    if lines:
        raise EntryRefusedError(lines)


def twin(stored: pd.DataFrame, values: dict[str, Any], within: dt.timedelta = TWIN_WINDOW) -> Any:
    """The start of a ``stored`` episode (the latest) equal to the new episode ``values``
    in every column but ``start``, and starting within ``within`` of it; ``None`` if
    there is none. Relief given as a list equals the stored ``"stretch;heat"``."""
    start = plain(values.get("start"))
    if start is None or stored.empty or "start" not in stored.columns:
        return None
    near = stored[(stored["start"] - pd.Timestamp(start)).abs() <= within]
    columns = [f.name for f in schema.EPISODES.fields if f.name != "start"]
    found = None
    for row in near.to_dict("records"):
        alike = True
        for c in columns:
            new = values.get(c)
            if isinstance(new, list | tuple):
                new = schema.RELIEF_SEPARATOR.join(map(str, new)) or None
            if isinstance(new, str) and not new:
                new = None
            if not same(row.get(c), new):
                alike = False
                break
        if alike and (found is None or row["start"] > found):
            found = row["start"]
    return found
