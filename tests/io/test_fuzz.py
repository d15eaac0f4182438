"""Property tests: whatever bytes arrive, read_file either refuses the file with a
CrampwiseError or returns a result that loses no row."""

from __future__ import annotations

import os
import re
import string
from unittest import mock

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crampwise import schema
from crampwise.errors import CrampwiseError
from crampwise.io import ImportResult, read_file

#: CRAMPWISE_FUZZ_EXAMPLES=5000 runs a longer search locally; CI keeps the default.
FUZZ = settings(
    max_examples=int(os.environ.get("CRAMPWISE_FUZZ_EXAMPLES", "250")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KINDS = st.sampled_from([None, "daily", "episodes"])

# Real headers (canonical names, aliases, labels, unit aliases) plus what people type.
TABLES = (schema.EPISODES, schema.DAILY)
REAL_HEADERS = sorted(
    {h for t in TABLES for f in t.fields for h in (f.name, f.label, *f.aliases)}
    | {h for t in TABLES for u in t.unit_aliases for h in (u.name, *u.aliases)}
    | {
        "Water (L)",
        "Temp (°F)",
        "Temp (°C)",
        "Humidity (%)",
        "Duration (s)",
        "Water (oz)",
        "Warm-up",
        "What helped",
        "Start Time",
        "Time",
        "Date",
        "caffeine_mg",
        "Koffein (mg)",
        "mood",
    }
)
JUNK_HEADERS = st.text(
    alphabet=string.ascii_letters + string.digits + " _-()%°é/.", min_size=1, max_size=14
).filter(lambda h: h.strip() != "")
HEADER = st.one_of(st.sampled_from(REAL_HEADERS), JUNK_HEADERS)
REQUIRED = st.sampled_from([["date"], ["start", "muscle"], ["Date", "Time", "Muscle"], ["Day"], []])

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d", "%d-%m-%Y"]
DATETIME_FORMATS = [
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
]
WORDS = sorted(
    {
        *schema.MUSCLES,
        *schema.MUSCLE_SYNONYMS,
        *schema.SIDES,
        *schema.SIDE_SYNONYMS,
        *schema.RELIEFS,
        *schema.RELIEF_SYNONYMS,
        *schema.YES,
        *schema.NO,
        "stretch; water",
        "heat, ice",
        "Charley Horse",
        "YES",
        "maybe",
    }
)
TRICKY = [
    "",
    " ",
    "nan",
    "inf",
    "-inf",
    "1e400",
    "1,5",
    "1.500",
    "1,500.5",
    "-0",
    "2025-02-30",
    "2025",
    "2025-03",
    "31/04/2025",
    "2025-03-14 25:00",
    "2025-03-14T22:15:00Z",
    "2025-03-14 22:15+01:00",
    "=1+1",
    "'=1+1",
    "+49",
    "@me",
    "-run",
    '"',
    "a\nb",
    "x\r\ny",
    "\u2028",
    "\x85",
    "\x0c",
    "\ufeff",
    "é",
    "✓",
    "0001-01-01",
    "9999-12-31",
    "99999999999999999999",
]


def _number(x: float) -> str:
    return f"{x:g}"


CELL = st.one_of(
    st.sampled_from(TRICKY),
    st.sampled_from(WORDS),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-100, max_value=3000).map(_number),
    st.integers(min_value=-5, max_value=2000).map(str),
    st.builds(lambda d, f: d.strftime(f), st.dates(), st.sampled_from(DATE_FORMATS)),
    st.builds(lambda d, f: d.strftime(f), st.datetimes(), st.sampled_from(DATETIME_FORMATS)),
    st.text(max_size=10),
)


def _quote(cell: str, delimiter: str, force: bool) -> str:
    if force or any(c in cell for c in (delimiter, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def csv_files(draw) -> tuple[bytes, int, set[int]]:
    """(file bytes, number of data records or None, row numbers that certainly are not blank)."""
    headers = draw(REQUIRED) + draw(st.lists(HEADER, max_size=5))
    headers = draw(st.permutations(headers)) if headers else [draw(HEADER)]
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    ncols = len(headers)
    records = draw(st.lists(st.lists(CELL, min_size=0, max_size=ncols + 1), max_size=8))
    quote_all = draw(st.booleans())
    lines = [delimiter.join(_quote(h, delimiter, quote_all) for h in headers)]
    for record in records:
        lines.append(delimiter.join(_quote(c, delimiter, quote_all) for c in record))
    text = newline.join(lines) + draw(st.sampled_from(["", newline, newline * 2]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    raw = text.encode(encoding, errors="replace")
    # A record with a letter or digit in it is not blank under any decoding. (With a
    # single column the delimiter cannot be told from the header, so rows may split
    # differently: then only the importer's own accounting is checked.)
    solid = (
        {i + 2 for i, record in enumerate(records) if any(re.search(r"[A-Za-z0-9]", c) for c in record)}
        if ncols > 1
        else set()
    )
    return raw, (len(records) if ncols > 1 else None), solid


def _merged_rows(result: ImportResult) -> set[int]:
    rows: set[int] = set()
    for note in result.notes:
        if "identical copies" in note:
            listed = {int(n) for n in re.findall(r"\d+", note.split(" are identical")[0])}
            rows |= listed - set(result.data.index)
    return rows


def check_nothing_lost(result: ImportResult) -> None:
    accepted = set(result.data.index.tolist())
    refused = set(result.problems["row"].tolist())
    merged = _merged_rows(result)
    assert not accepted & refused, "a row is both accepted and refused"
    assert not merged & (accepted | refused)
    assert set(result.refused["row"].tolist()) == refused
    assert len(accepted) + len(refused) + len(merged) == result.rows_read
    # Every problem names its row and says why.
    for row, column, reason, message in result.problems[["row", "column", "reason", "message"]].itertuples(
        index=False
    ):
        assert reason
        assert message.startswith(f"row {row}, {column}: " if column else f"row {row}: ")
    # Accepted rows are valid: nothing out of range slipped through.
    table = result.table
    assert set(result.data.columns) <= set(table.names) | set(result.custom_factors)
    for name in result.data.columns:
        if name not in table.names:
            continue
        f = table.field(name)
        if f.required:
            assert result.data[name].notna().all(), name
        if f.kind in ("number", "integer"):
            values = result.data[name].dropna()
            assert (values > f.min).all() if f.min_exclusive else (values >= f.min).all(), name
            assert (values <= f.max).all(), name
    if table.unique and not result.data.empty:
        assert not result.data[table.unique].duplicated().any()
    order = result.data[table.order_by]
    assert order.equals(order.sort_values(kind="stable"))


def _read(raw: bytes, kind: str | None) -> ImportResult | None:
    try:
        return read_file(raw, kind)
    except CrampwiseError as exc:
        assert str(exc), "every refusal has a message"
        return None


@FUZZ
@given(raw=st.binary(max_size=600), kind=KINDS)
def test_random_bytes(raw, kind):
    result = _read(raw, kind)
    if result is not None:
        check_nothing_lost(result)


@FUZZ
@given(
    prefix=st.sampled_from(
        [
            b"date,water_l\n",
            b"start;muscle\r\n",
            b"\xef\xbb\xbfdate\tnotes\n",
            b"date,water_l\n2025-03-14,1\n",
        ]
    ),
    tail=st.binary(max_size=300),
    kind=KINDS,
)
def test_valid_header_then_random_bytes(prefix, tail, kind):
    result = _read(prefix + tail, kind)
    if result is not None:
        check_nothing_lost(result)


@FUZZ
@given(file=csv_files(), kind=KINDS)
def test_random_csv(file, kind):
    raw, n_records, solid = file
    result = _read(raw, kind)
    if result is None:
        return
    check_nothing_lost(result)
    kept = set(result.data.index) | set(result.problems["row"]) | _merged_rows(result)
    missing = solid - kept
    assert not missing, f"rows {sorted(missing)} were neither accepted nor refused"
    if n_records is not None:
        assert kept <= set(range(2, n_records + 2))


@FUZZ
@given(file=csv_files(), order=st.sampled_from(["dmy", "mdy"]))
def test_random_csv_with_a_date_order(file, order):
    raw, _, solid = file
    try:
        result = read_file(raw, date_order=order)
    except CrampwiseError:
        return
    check_nothing_lost(result)
    assert result.date_order == order
    assert not solid - (set(result.data.index) | set(result.problems["row"]) | _merged_rows(result))


@FUZZ
@given(
    values=st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6).map(repr),
            st.sampled_from(TRICKY),
        ),
        min_size=1,
        max_size=10,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_number_column_refuses_or_keeps_exactly(values, delimiter):
    """water_l: a value is accepted unchanged when it is a number in range, refused otherwise."""
    lines = ["date" + delimiter + "water_l"]
    for i, v in enumerate(values):
        lines.append(f"2025-01-{i + 1:02d}{delimiter}{_quote(v, delimiter, False)}")
    try:
        result = read_file("\n".join(lines).encode("utf-8"))
    except CrampwiseError:
        return
    check_nothing_lost(result)
    by_row = result.data["water_l"]
    for i, v in enumerate(values):
        row = i + 2
        if row in by_row.index:
            text = v.strip().replace(",", ".") if delimiter != "," else v.strip()
            if text == "":
                assert pd.isna(by_row[row])
            else:
                assert by_row[row] == float(text)
                assert 0 <= float(text) <= 15


def _outcome(raw: bytes, kind: str | None):
    try:
        result = read_file(raw, kind)
    except CrampwiseError as exc:
        return type(exc).__name__, str(exc)
    # NaN != NaN, so compare the frames as text (dtypes included).
    data = result.data.reset_index()
    return (
        data.astype(str).to_dict("list"),
        data.dtypes.astype(str).tolist(),
        result.messages(),
        result.notes,
    )


@FUZZ
@given(file=csv_files(), kind=KINDS)
def test_fast_and_careful_readers_agree(file, kind):
    """The Arrow fast path must never change what a person gets, only how fast."""
    raw = file[0]
    fast = _outcome(raw, kind)
    with mock.patch("crampwise.io.frame._read_frame_arrow", lambda *args, **kwargs: None):
        careful = _outcome(raw, kind)
    assert careful == fast
