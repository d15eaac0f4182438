"""Date and date-time columns, in the several styles spreadsheets write.

ISO 8601 is read first; day-first and month-first dates (``14/03/2025``,
``03/14/2025``, ``14.03.2025``) with or without a clock time are read after.
The day/month order is inferred from the data and never guessed: when the
data cannot decide, the file is refused until the person chooses. Time zones,
incomplete dates and years outside 1900 to 2100 are refused row by row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from crampwise.errors import AmbiguousDateOrderError
from crampwise.io.problems import _Problems
from crampwise.io.result import EARLIEST, LATEST, DateOrder
from crampwise.schema import Field

_DATE_PART = re.compile(r"^(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})(?:(?:T|\s+)(?P<time>.*?))?\s*$")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H:%M:%S.%f", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I %p")
# No look-ahead, so pandas can hand the match to Arrow's RE2 instead of Python's re.
_ISO_FULL_DATE = r"^\d{4}(?:-\d{1,2}-\d{1,2}|\d{4})(?:[^\d-]|$)"
_TZ_SUFFIX = r"\d[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"


def _date_parts(values: pd.Series) -> pd.DataFrame:
    """``values`` split into ``date`` and ``time`` text by :data:`_DATE_PART` (NaN: no match).

    Arrow's RE2 does this in C++; pandas' ``str.extract`` would call Python's
    ``re`` once per cell (seconds for a large file).
    """
    found = pc.extract_regex(pa.array(values.astype("str")), pattern=_DATE_PART.pattern)
    parts = {}
    for name in ("date", "time"):
        field = pc.struct_field(found, name)
        parts[name] = pd.Series(pd.array(field, dtype="str"), index=values.index)
    return pd.DataFrame(parts)


def _date_example(kind: str) -> str:
    return "YYYY-MM-DD" if kind == "date" else "YYYY-MM-DD HH:MM"


def _complete_iso_date(col: pd.Series) -> pd.Series:
    """Whether each cell starts with a whole ISO date (``2025`` or ``2025-03`` alone do not).

    A cheap LIKE test settles the usual ``YYYY-MM-DD...`` cells; only the rest
    go through the regular expression.
    """
    arr = pa.array(col.array)
    usual = pc.fill_null(pc.match_like(arr, "____-__-__%"), False).to_numpy(zero_copy_only=False)
    usual = pd.Series(usual, index=col.index)
    if usual.all():
        return usual
    others = ~usual
    usual[others] = col[others].str.contains(_ISO_FULL_DATE, regex=True)
    return usual


def _parse_dates(
    col: pd.Series, f: Field, name: str, order: DateOrder | None, problems: _Problems, notes: list[str]
) -> tuple[pd.Series, DateOrder | None]:
    """Parse a date or date-time column, inferring day/month order when needed."""
    empty = col == ""
    tz = None
    try:
        parsed = pd.to_datetime(col.where(~empty, None), format="ISO8601", errors="coerce")
        if getattr(parsed.dtype, "tz", None) is not None:
            tz = col.str.contains(_TZ_SUFFIX, regex=True)
    except (ValueError, TypeError, OverflowError):
        tz = col.str.contains(_TZ_SUFFIX, regex=True)
        parsed = pd.Series(pd.NaT, index=col.index, dtype="datetime64[us]")
    if tz is not None:
        problems.add(
            tz, name, col, f"includes a time zone; write the local time without it ({_date_example(f.kind)})"
        )
        plain = ~tz & ~empty
        parsed = pd.Series(pd.NaT, index=col.index, dtype="datetime64[us]")
        parsed[plain] = _iso_naive(col[plain]).to_numpy()
        empty = empty | tz
    parsed = parsed.astype("datetime64[us]")
    # ISO 8601 also reads "2025" and "2025-03" (as the 1st): a date must be complete.
    parsed = parsed.where(_complete_iso_date(col))
    rest = parsed.isna() & ~empty
    used_order: DateOrder | None = None
    if rest.any():
        values = col[rest]
        parts = _date_parts(values)
        no_match = parts["date"].isna()
        problems.add(no_match, name, values, f"is not a date Crampwise can read; use {_date_example(f.kind)}")
        parts = parts[~no_match]
        dates = parts["date"].str.replace("-", "/", regex=False).str.replace(".", "/", regex=False)
        year_first = parts["date"].str.match(r"^\d{4}")
        dotted = parts["date"].str.contains(".", regex=False) & ~year_first
        slashed = ~year_first & ~dotted
        day = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[us]")
        if year_first.any():
            day[year_first] = pd.to_datetime(dates[year_first], format="%Y/%m/%d", errors="coerce").to_numpy()
        if dotted.any():
            day[dotted] = pd.to_datetime(dates[dotted], format="%d/%m/%Y", errors="coerce").to_numpy()
        if slashed.any():
            # Each reading once: together they decide the order, give the note and the dates.
            readings = {"dmy": "%d/%m/%Y", "mdy": "%m/%d/%Y"}
            both = {
                o: pd.to_datetime(dates[slashed], format=fmt, errors="coerce")
                for o, fmt in readings.items()
                if order is None or o == order
            }
            used_order = order or _infer_order(dates[slashed], both, name)
            if used_order is not None:
                day[slashed] = both[used_order].to_numpy()
                if order is None:
                    notes.append(_order_note(used_order, name, dates[slashed], both))
        problems.add(
            day.isna(),
            name,
            values[~no_match],
            "is not a real date" if f.kind == "date" else "is not a real date and time",
        )
        times = parts["time"].fillna("").str.strip()
        clock = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[us]")
        has_time = times != ""
        todo = has_time.copy()
        for fmt in _TIME_FORMATS:
            if not todo.any():
                break
            got = pd.to_datetime("2000-01-01 " + times[todo], format="%Y-%m-%d " + fmt, errors="coerce")
            clock[todo] = got.to_numpy()
            todo = todo & clock.isna()
        problems.add(
            day.notna() & todo,
            name,
            values[~no_match],
            "has a time Crampwise cannot read; use 24-hour HH:MM (for example 22:15)",
        )
        offset = (clock - pd.Timestamp("2000-01-01")).fillna(pd.Timedelta(0))
        # Positions, not labels: label alignment costs a hash lookup per row.
        at = np.flatnonzero(rest.to_numpy())[~no_match.to_numpy()]
        parsed.iloc[at] = (day + offset).to_numpy()
    implausible = parsed.notna() & ((parsed < EARLIEST) | (parsed > LATEST))
    problems.add(
        implausible, name, col, f"is outside the years {EARLIEST.year} to {LATEST.year}; check the year"
    )
    if f.kind == "date":
        has_clock = parsed.notna() & (parsed != parsed.dt.normalize())
        problems.add(has_clock, name, col, "has a time of day; daily rows take a date only (YYYY-MM-DD)")
    return parsed, used_order


def _iso_naive(values: pd.Series) -> pd.Series:
    """ISO 8601 parse of values without a recognised time zone.

    pandas also reads offsets the time-zone pattern does not match (``"... -0"``);
    those values become NaT here and are then refused by the fallback parser.
    """
    try:
        got = pd.to_datetime(values, format="ISO8601", errors="coerce")
        if getattr(got.dtype, "tz", None) is None:
            return got
    except (ValueError, TypeError, OverflowError):
        pass
    found: dict[str, pd.Timestamp] = {}
    for value in values.unique():  # rare: only files with odd offsets get here
        try:
            one = pd.to_datetime(pd.Series([value]), format="ISO8601", errors="coerce")
        except (ValueError, TypeError, OverflowError):
            one = None
        naive = one is not None and getattr(one.dtype, "tz", None) is None
        found[value] = one.iloc[0] if naive else pd.NaT
    return values.map(found).astype("datetime64[us]")


def _infer_order(dates: pd.Series, both: Mapping[str, pd.Series], name: str) -> DateOrder | None:
    """The order the slash or dash dates must be read in (``both``: each reading of them)."""
    dmy, mdy = both["dmy"], both["mdy"]
    n_dmy, n_mdy = int(dmy.notna().sum()), int(mdy.notna().sum())
    if n_dmy == n_mdy == 0:
        return None  # no date is real either way: each row is refused as not a real date
    if n_dmy > n_mdy:
        return "dmy"
    if n_mdy > n_dmy:
        return "mdy"
    differ = dmy.notna() & mdy.notna() & (dmy != mdy)
    if not differ.any() and dmy.notna().equals(mdy.notna()):
        return "dmy"  # every real date has day == month: the order makes no difference
    examples = dates[differ].drop_duplicates().head(3).tolist()
    if not examples:  # as many dates read only day-first as only month-first
        examples = dates[dmy.notna() != mdy.notna()].drop_duplicates().head(3).tolist()
    raise AmbiguousDateOrderError(
        f"the dates in {name} could be day-first or month-first (for example "
        f"{', '.join(examples)}), and Crampwise will not guess. Choose the order: "
        "day-first (DD/MM/YYYY) or month-first (MM/DD/YYYY); on the command line add "
        "--dayfirst or --monthfirst.",
        column=name,
        examples=examples,
    )


def _order_note(order: DateOrder, name: str, dates: pd.Series, both: Mapping[str, pd.Series]) -> str:
    other = "mdy" if order == "dmy" else "dmy"
    decisive = dates[both[other].isna() & both[order].notna()]
    style = "day-first (DD/MM/YYYY)" if order == "dmy" else "month-first (MM/DD/YYYY)"
    if decisive.empty:
        return f"{name}: read as {style}; every date reads the same either way."
    return (
        f"{name}: read as {style}, because {decisive.iloc[0]} (row {decisive.index[0]}) "
        "can only be read that way."
    )
