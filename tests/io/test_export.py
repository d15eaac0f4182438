"""Export: canonical UTF-8 CSV, ISO dates, formula-safe text, and a lossless round trip."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from crampwise import schema
from crampwise.io import read_file
from crampwise.io.export import template_csv, to_csv_bytes

FIXTURES = ["daily_excel_de.csv", "daily_us.csv", "episodes_phone.csv", "daily_utf16.csv"]


def rows(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode("utf-8"), newline="")))


def export(text: str, kind: str | None = None) -> tuple[bytes, pd.DataFrame]:
    result = read_file(text.encode("utf-8"), kind)
    assert result.ok, result.messages()
    return to_csv_bytes(result.data, result.table), result.data


def assert_same_data(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


# --------------------------------------------------------------------------- layout


def test_canonical_columns_in_canonical_order():
    payload, _ = export("Notes,Sleep (h),caffeine_mg,Water (ml),DAY\nx,7,200,1500,2025-03-14\n")
    assert rows(payload) == [
        ["date", "water_l", "sleep_h", "notes", "caffeine_mg"],
        ["2025-03-14", "1.5", "7", "x", "200"],
    ]


def test_episode_columns_in_canonical_order():
    payload, _ = export("What helped\tSide\tMuscle\tWhen\nstretching\tR\tquads\t2025-03-14 06:05\n")
    assert rows(payload) == [
        ["start", "muscle", "side", "relief"],
        ["2025-03-14 06:05", "quadriceps", "right", "stretch"],
    ]


def test_utf8_without_bom_comma_and_lf(data_path):
    result = read_file(data_path("daily_excel_de.csv"))  # cp1252, semicolons, CRLF
    payload = to_csv_bytes(result.data, result.table)
    assert not payload.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in payload
    text = payload.decode("utf-8")  # "müde" is now UTF-8
    assert "müde" in text
    assert rows(payload)[0] == [
        "date",
        "water_l",
        "exercise_min",
        "temp_c",
        "humidity_pct",
        "stress",
        "sleep_h",
        "notes",
        "koffein_mg",
    ]
    assert rows(payload)[1] == [
        "2025-03-14",
        "1.8",
        "45",
        "27.5",
        "60",
        "6",
        "6.5",
        "Hitze, langer Spaziergang",
        "200",
    ]
    assert len(rows(payload)) == 4


def test_iso_dates_and_sorted_rows(data_path):
    result = read_file(data_path("daily_us.csv"))  # month-first dates, not in order
    body = rows(to_csv_bytes(result.data, result.table))[1:]
    assert [r[0] for r in body] == ["2025-03-09", "2025-03-10", "2025-03-14"]


def test_date_times_have_seconds_only_when_needed(data_path):
    payload, _ = export("start,muscle\n2025-03-14T22:15:00,calf\n2025-03-15 06:40,foot\n")
    assert [r[0] for r in rows(payload)[1:]] == ["2025-03-14 22:15", "2025-03-15 06:40"]
    phone = read_file(data_path("episodes_phone.csv"))  # one time has seconds
    starts = [r[0] for r in rows(to_csv_bytes(phone.data, phone.table))[1:]]
    assert starts == ["2025-03-14 22:15:00", "2025-03-15 18:05:30", "2025-03-16 06:40:00"]


def test_values_are_written_plainly():
    payload, _ = export("date,warmup,episodes,water_l,notes\n2025-03-14,Y,2,1.25,\n2025-03-15,false,,,\n")
    assert rows(payload) == [
        ["date", "water_l", "warmup", "episodes", "notes"],
        ["2025-03-14", "1.25", "yes", "2", ""],
        ["2025-03-15", "", "no", "", ""],
    ]


def test_an_empty_table_is_just_the_header():
    result = read_file(b"date,water_l\n2025-03-14,x\n")
    assert result.data.empty
    assert rows(to_csv_bytes(result.data, result.table)) == [["date", "water_l"]]


# --------------------------------------------------------------------------- formulas


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
@pytest.mark.parametrize("column", ["notes", "activity"])
def test_formula_cells_are_neutralised(prefix, column):
    value = f'{prefix}HYPERLINK("http://x","y")'
    cell = '"' + value.replace('"', '""') + '"'
    payload, data = export(f"start,muscle,{column}\n2025-03-14 10:00,calf,{cell}\n")
    assert data[column].tolist() == [value]  # imported as written
    written = rows(payload)[1][2]
    assert written == "'" + value
    # ... and importing the export gives the original text back.
    again = read_file(payload)
    assert again.data[column].tolist() == [value]


def test_harmless_text_and_numbers_are_not_touched():
    payload, _ = export("date,temp_c,notes\n2025-03-14,-3.5,well-rested\n2025-03-15,2,a=b\n")
    assert rows(payload)[1:] == [["2025-03-14", "-3.5", "well-rested"], ["2025-03-15", "2", "a=b"]]


def test_daily_notes_are_neutralised_too():
    payload, _ = export(
        'date,notes\n2025-03-14,"=1+1"\n2025-03-15,@SUM(A1)\n2025-03-16,+49 30\n2025-03-17,-- tired\n'
    )
    assert [r[1] for r in rows(payload)[1:]] == ["'=1+1", "'@SUM(A1)", "'+49 30", "'-- tired"]


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("name", FIXTURES)
def test_round_trip_of_fixtures(data_path, name):
    first = read_file(data_path(name))
    payload = to_csv_bytes(first.data, first.table)
    second = read_file(payload)
    assert second.ok, second.messages()
    assert second.table is first.table
    assert second.custom_factors == first.custom_factors
    assert_same_data(first.data, second.data)
    # Exporting again changes nothing: the canonical form is a fixed point.
    assert to_csv_bytes(second.data, second.table) == payload


def test_round_trip_of_awkward_text():
    notes = [
        '=cmd|" /C calc"!A0',
        "+1",
        "-",
        "@",
        "line one\nline two",
        'say "hi", ok; fine',
        "'already quoted",
        "tab\tinside",
        "ümlaut ✓",
    ]
    cells = ['"' + n.replace('"', '""') + '"' for n in notes]
    text = "date,notes\n" + "".join(f"2025-03-{i + 10},{c}\n" for i, c in enumerate(cells))
    payload, data = export(text)
    assert data["notes"].tolist() == notes
    again = read_file(payload)
    assert again.ok
    assert_same_data(data, again.data)


def test_round_trip_with_sub_second_times():
    payload, data = export("start,muscle\n2025-03-14 22:15:00.25,calf\n2025-03-14 22:16,foot\n")
    assert [r[0] for r in rows(payload)[1:]] == ["2025-03-14 22:15:00.250000", "2025-03-14 22:16:00.000000"]
    assert_same_data(data, read_file(payload).data)


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("t", [schema.EPISODES, schema.DAILY], ids=lambda t: t.name)
def test_templates_import_cleanly(t):
    text = template_csv(t)
    table = rows(text.encode("utf-8"))
    assert table[0] == list(t.names)
    assert len(table) == 3  # header and two example rows
    result = read_file(text.encode("utf-8"))
    assert result.table is t
    assert result.ok, result.messages()
    assert result.notes == [] and result.unmapped == [] and result.custom_factors == []
    assert len(result.data) == 2
    assert list(result.data.columns) == list(t.names)
    # The first row shows every column filled in.
    assert all(cell != "" for cell in table[1])
