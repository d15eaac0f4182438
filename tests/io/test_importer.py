"""read_file: every accepted format, and every refusal with its exact message.

Row numbers are the ones a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import gzip
import io
import random
import zipfile

import pandas as pd
import pytest

from crampwise import schema
from crampwise.errors import (
    AmbiguousDateOrderError,
    CrampwiseError,
    CsvFormatError,
    DuplicateColumnError,
    EmptyFileError,
    FileRefused,
    FileTooLargeError,
    HeaderOnlyError,
    MissingColumnsError,
    NotCsvError,
    UnknownKindError,
)
from crampwise.io import ImportResult, read_file

MUSCLE_LIST = ", ".join(schema.MUSCLES)
RELIEF_LIST = ", ".join(schema.RELIEFS)


def read(text: str | bytes, kind: str | None = None, **kwargs) -> ImportResult:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_file(raw, kind, **kwargs)


def days(result: ImportResult, column: str = "date") -> list[str]:
    return result.data[column].dt.strftime("%Y-%m-%d").tolist()


def times(result: ImportResult) -> list[str]:
    return result.data["start"].dt.strftime("%Y-%m-%d %H:%M:%S").tolist()


def assert_nothing_lost(result: ImportResult, merged: int = 0) -> None:
    """Every non-blank data row is accepted, refused, or merged into an identical copy."""
    accepted = set(result.data.index)
    refused = set(result.problems["row"])
    assert not accepted & refused
    assert set(result.refused["row"]) == refused
    assert len(accepted) + len(refused) + merged == result.rows_read


# =========================================================================== fixtures


def test_excel_german_semicolon_cp1252_crlf_decimal_commas(data_path):
    path = data_path("daily_excel_de.csv")
    raw = path.read_bytes()
    # The fixture really is what German Excel writes.
    assert b"\r\n" in raw and b";" in raw and b"\xb0" in raw  # CRLF, semicolons, cp1252 "°"
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    result = read_file(path)
    assert result.ok and result.messages() == []
    assert result.table is schema.DAILY
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert days(result) == ["2025-03-14", "2025-03-15", "2025-03-16"]  # sorted, rows were not
    assert result.data.index.tolist() == [2, 5, 3]  # the spreadsheet rows they came from
    assert result.data["water_l"].tolist() == [1.8, 1.25, 2.4]
    assert result.data["temp_c"].tolist() == [27.5, -2.5, 19.0]
    assert result.data["sleep_h"].tolist() == [6.5, 5.5, 8.0]
    assert result.data["humidity_pct"].tolist() == [60, 80, 45]
    assert result.data["notes"].tolist()[:2] == ["Hitze, langer Spaziergang", "müde"]
    assert pd.isna(result.data["notes"].iloc[2])
    # "Koffein (mg)" matches no column but holds numbers: a custom factor, after the others.
    assert result.custom_factors == ["koffein_mg"]
    assert list(result.data.columns) == [
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
    assert result.data["koffein_mg"].tolist()[:2] == [200, 150]
    assert pd.isna(result.data["koffein_mg"].iloc[2])
    assert result.columns["Temp (°C)"] == "temp_c"
    assert result.columns["Water (L)"] == "water_l"
    assert result.notes == [
        "'Koffein (mg)' matches no daily column and holds numbers, so it was kept as a "
        "custom factor (koffein_mg).",
        "1 blank row skipped.",
    ]
    assert result.unmapped == []
    assert result.date_order is None  # 14.03.2025 is always day-first: nothing to infer
    assert result.rows_read == 3


def test_us_month_first_ounces_fahrenheit(data_path):
    result = read_file(data_path("daily_us.csv"))
    assert result.ok
    assert (result.encoding, result.delimiter) == ("utf-8", ",")
    assert result.date_order == "mdy"
    assert days(result) == ["2025-03-09", "2025-03-10", "2025-03-14"]
    assert result.data.index.tolist() == [3, 4, 2]
    assert result.data["water_l"].tolist() == [2.366, 1.0, 1.893]  # 80, 33.814 and 64 US fl oz
    assert result.data["temp_c"].tolist() == [10.0, 0.0, 30.0]  # 50, 32 and 86 °F
    assert result.data["warmup"].tolist() == [True, True, False]
    # Imported text is kept exactly; only export defuses formulas.
    assert result.data["notes"].tolist()[1:] == ["=rest day", "hot day, long walk"]
    assert result.columns == {
        "Date": "date",
        "Water (oz)": "water_oz",
        "Exercise (min)": "exercise_min",
        "Warm-up": "warmup",
        "Temp (°F)": "temp_f",
        "Notes": "notes",
    }
    assert result.notes == [
        "date: read as month-first (MM/DD/YYYY), because 03/14/2025 (row 2) can only be read that way.",
        "'Water (oz)' was converted from US fluid ounces to litres (water_l).",
        "'Temp (°F)' was converted from °F to °C (temp_c).",
    ]


def test_phone_app_bom_tabs_iso_t_synonyms(data_path):
    path = data_path("episodes_phone.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = read_file(path)
    assert result.ok
    assert result.table is schema.EPISODES
    assert (result.encoding, result.delimiter) == ("utf-8-sig", "\t")
    assert list(result.data.columns) == [
        "start",
        "muscle",
        "side",
        "severity",
        "duration_min",
        "relief",
        "notes",
    ]
    assert times(result) == ["2025-03-14 22:15:00", "2025-03-15 18:05:30", "2025-03-16 06:40:00"]
    assert result.data["muscle"].astype(str).tolist() == ["calf", "foot", "back"]
    assert result.data["side"].astype(str).tolist() == ["left", "right", "both"]
    assert result.data["severity"].tolist() == [7.0, 5.5, 4.0]  # "5,5": decimal comma in a tab file
    assert result.data["duration_min"].tolist() == [2.5, 0.75, 1.0]  # from seconds
    assert result.data["relief"].tolist() == ["stretch;massage", "none", "heat;water"]
    assert result.data["notes"].tolist()[:2] == ["woke me up", "-after run"]
    assert result.columns["Duration (s)"] == "duration_s"
    assert result.columns["What helped"] == "relief"
    assert result.columns["Pain"] == "severity"
    assert result.notes == ["'Duration (s)' was converted from seconds to minutes (duration_min)."]
    assert result.custom_factors == []


def test_utf16_with_bom_from_excel_unicode_text(data_path):
    path = data_path("daily_utf16.csv")
    assert path.read_bytes().startswith(b"\xff\xfe")
    result = read_file(path)
    assert result.ok
    assert (result.encoding, result.delimiter) == ("utf-16", "\t")
    assert days(result) == ["2025-03-14", "2025-03-15"]
    assert result.data["water_l"].tolist() == [1.5, 2.0]
    assert result.data["sleep_h"].tolist() == [7.0, 6.5]
    assert result.data["notes"].iloc[0] == "café"


# =========================================================================== encodings and layout

CSV_TEXT = "date,water_l,notes\n2025-03-14,1.5,café\n2025-03-15,2,\n"


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),
        ("utf-16-le", None),  # BOM added by hand below
        ("utf-16-be", None),
    ],
)
def test_encodings(encoding, reported):
    if encoding == "utf-16-le":
        raw = b"\xff\xfe" + CSV_TEXT.encode(encoding)
    elif encoding == "utf-16-be":
        raw = b"\xfe\xff" + CSV_TEXT.encode(encoding)
    else:
        raw = CSV_TEXT.encode(encoding)
    result = read(raw)
    assert result.ok
    assert result.encoding == (reported or "utf-16")
    assert result.data["notes"].iloc[0] == "café"
    assert list(result.data.columns) == ["date", "water_l", "notes"]


def test_latin1_when_cp1252_cannot_decode():
    # 0x81 is undefined in cp1252, so only latin-1 reads this file.
    raw = "date,notes\n2025-03-14,café\x81\n".encode("latin-1")
    result = read(raw)
    assert result.ok
    assert result.encoding == "latin-1"
    assert result.data["notes"].iloc[0] == "café\x81"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings(newline):
    text = newline.join(["date,water_l", "2025-03-14,1.5", "2025-03-15,oops", ""])
    result = read(text)
    assert days(result) == ["2025-03-14"]
    assert result.messages() == ["row 3, water_l: oops is not a number"]


@pytest.mark.parametrize(("delimiter", "name"), [(",", ","), (";", ";"), ("\t", "\t")])
def test_delimiters(delimiter, name):
    text = (
        delimiter.join(["date", "water_l", "notes"])
        + "\n"
        + delimiter.join(["2025-03-14", "1.5", '"a, b; c"'])
        + "\n"
    )
    result = read(text)
    assert result.ok
    assert result.delimiter == name
    assert result.data["water_l"].tolist() == [1.5]
    assert result.data["notes"].tolist() == ["a, b; c"]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_decimal_commas_in_semicolon_and_tab_files(delimiter):
    text = (
        delimiter.join(["date", "water_l", "temp_c", "caffeine_mg"])
        + "\n"
        + delimiter.join(["2025-03-14", "1,5", "-3,25", "95,5"])
        + "\n"
        + delimiter.join(["2025-03-15", "2", "20.5", "100"])
        + "\n"
    )
    result = read(text)
    assert result.ok
    assert result.data["water_l"].tolist() == [1.5, 2.0]
    assert result.data["temp_c"].tolist() == [-3.25, 20.5]
    assert result.data["caffeine_mg"].tolist() == [95.5, 100.0]


def test_decimal_comma_in_a_comma_file_is_refused_with_advice():
    result = read('date,water_l\n2025-03-14,"1,5"\n2025-03-15,2\n')
    assert days(result) == ["2025-03-15"]
    assert result.messages() == [
        "row 2, water_l: 1,5 uses a comma for decimals, but commas separate the columns of this "
        "file; write it with a dot (1.5)"
    ]


def test_thousands_separator_is_not_guessed():
    result = read("date;water_ml\n2025-03-14;1.500\n2025-03-15;1,5\n2025-03-16;1500\n")
    assert days(result) == ["2025-03-15", "2025-03-16"]
    assert result.data["water_l"].tolist() == [0.002, 1.5]
    assert result.messages() == [
        "row 2, water_ml: 1.500 could mean a decimal or a thousands separator; write it without "
        "a thousands separator (1500, or 1,5)"
    ]
    mixed = read('date,water_ml\n2025-03-14,"1,500.5"\n')
    assert mixed.messages() == [
        "row 2, water_ml: 1,500.5 mixes commas and dots; write it without a thousands separator (1234.5)"
    ]


def test_blank_and_all_empty_rows_are_skipped_and_counted():
    text = "\n".join(
        ["date;water_l;notes", "2025-03-14;1;", "", ";;", "  ;  ; ", "2025-03-15;x;", "2025-03-16;2;", ""]
    )
    result = read(text)
    assert days(result) == ["2025-03-14", "2025-03-16"]
    assert result.data.index.tolist() == [2, 7]
    # Skipped rows still count, so the problem names the row the spreadsheet shows.
    assert result.messages() == ["row 6, water_l: x is not a number"]
    assert result.notes == ["3 blank rows skipped."]
    assert result.rows_read == 3


def test_blank_lines_before_the_header_keep_spreadsheet_numbering():
    result = read("\n\ndate,water_l\n2025-03-14,1\n2025-03-15,-1\n")
    assert days(result) == ["2025-03-14"]
    assert result.data.index.tolist() == [4]
    assert result.messages() == ["row 5, water_l: -1 is below 0"]


def test_trailing_delimiters_are_ignored():
    result = read("date,water_l,\r\n2025-03-14,1.5,\r\n2025-03-15,2,\r\n")
    assert result.ok
    assert result.unmapped == [] and result.custom_factors == []
    assert list(result.data.columns) == ["date", "water_l"]
    assert result.notes == []


def test_short_rows_are_padded():
    result = read("date,water_l,notes\n2025-03-14\n2025-03-15,2\n")
    assert result.ok
    assert days(result) == ["2025-03-14", "2025-03-15"]
    assert result.data["water_l"].isna().tolist() == [True, False]


def test_quoted_cells_with_delimiters_quotes_and_newlines():
    text = 'date,notes,water_l\n2025-03-14,"long walk, ""hot""\nsecond line",1\n2025-03-15,ok,x\n'
    result = read(text)
    assert result.data["notes"].tolist() == ['long walk, "hot"\nsecond line']
    # The quoted line break stays inside row 2, so the next record is row 3.
    assert result.messages() == ["row 3, water_l: x is not a number"]


def test_shuffled_rows_come_out_sorted():
    order = [5, 1, 4, 2, 3]
    lines = ["date,water_l"] + [f"2025-03-0{d},{d}" for d in order]
    result = read("\n".join(lines))
    assert days(result) == [f"2025-03-0{d}" for d in range(1, 6)]
    assert result.data["water_l"].tolist() == [1, 2, 3, 4, 5]
    assert result.data.index.tolist() == [3, 5, 6, 4, 2]

    episodes = read("start,muscle\n2025-03-02 08:00,calf\n2025-03-01 23:00,foot\n2025-03-02 07:59,hand\n")
    assert times(episodes) == ["2025-03-01 23:00:00", "2025-03-02 07:59:00", "2025-03-02 08:00:00"]
    assert episodes.data["muscle"].astype(str).tolist() == ["foot", "hand", "calf"]


# =========================================================================== headers


def test_headers_are_case_insensitive_and_trimmed():
    result = read(
        " DATE ,WATER (L),  Temp (°F) ,humidity (%),Sleep Hours,RPE\n"
        "2025-03-14,1.5,212,50,7,6\n2025-03-15,2,68,40,8,3\n"
    )
    assert result.messages() == ["row 2, temp_f: 212 is above 140 (60 °C)"]
    assert result.columns == {
        "DATE": "date",
        "WATER (L)": "water_l",
        "Temp (°F)": "temp_f",
        "humidity (%)": "humidity_pct",
        "Sleep Hours": "sleep_h",
        "RPE": "exercise_rpe",
    }
    assert result.data["temp_c"].tolist() == [20.0]
    assert result.data["humidity_pct"].tolist() == [40.0]


def test_table_is_detected_from_headers():
    assert read("Day,Water\n2025-03-14,1\n").table is schema.DAILY
    assert read("When,Body part\n2025-03-14 10:00,calf\n").table is schema.EPISODES
    # A daily column called 'muscle' makes no sense, but 'start' or 'muscle' mean episodes.
    assert read("start,muscle,notes\n2025-03-14 10:00,calf,\n").table is schema.EPISODES


def test_kind_overrides_detection():
    text = "date,muscle,water_l\n2025-03-14,calf,1.5\n"
    assert read(text).table is schema.EPISODES
    daily = read(text, kind="daily")
    assert daily.table is schema.DAILY
    assert daily.unmapped == ["muscle"]
    assert daily.data["water_l"].tolist() == [1.5]


@pytest.mark.parametrize(
    ("header", "value", "water_l", "note"),
    [
        ("water_ml", "1500", 1.5, "'water_ml' was converted from millilitres to litres (water_l)."),
        ("Water (ml)", "250", 0.25, "'Water (ml)' was converted from millilitres to litres (water_l)."),
        ("water_oz", "64", 1.893, "'water_oz' was converted from US fluid ounces to litres (water_l)."),
        (
            "Fluids (fl oz)",
            "33.814",
            1.0,
            "'Fluids (fl oz)' was converted from US fluid ounces to litres (water_l).",
        ),
    ],
)
def test_water_unit_aliases(header, value, water_l, note):
    result = read(f"date,{header}\n2025-03-14,{value}\n")
    assert result.ok
    assert result.data["water_l"].tolist() == [water_l]
    assert result.notes == [note]


@pytest.mark.parametrize(
    ("value", "celsius"), [("212", None), ("98.6", 37.0), ("32", 0.0), ("-40", -40.0), ("100", 37.78)]
)
def test_fahrenheit(value, celsius):
    result = read(f"date,Temp (°F)\n2025-03-14,{value}\n")
    if celsius is None:
        assert result.messages() == [f"row 2, temp_f: {value} is above 140 (60 °C)"]
    else:
        assert result.data["temp_c"].tolist() == [celsius]


def test_duration_in_seconds():
    result = read("start,muscle,Duration (s)\n2025-03-14 10:00,calf,90\n2025-03-14 11:00,calf,0\n")
    assert result.data["duration_min"].tolist() == [1.5]
    assert result.messages() == ["row 3, duration_s: 0 must be more than 0"]


def test_custom_factors_and_unmapped_columns():
    result = read(
        "date,caffeine_mg,Alcohol (units),mood,water_l\n2025-03-14,200,2,happy,1\n2025-03-15,,0,tired,2\n"
    )
    assert result.ok
    assert result.custom_factors == ["caffeine_mg", "alcohol_units"]
    assert list(result.data.columns) == ["date", "water_l", "caffeine_mg", "alcohol_units"]
    assert result.data["caffeine_mg"].iloc[0] == 200
    assert pd.isna(result.data["caffeine_mg"].iloc[1])
    assert result.unmapped == ["mood"]
    assert result.notes == [
        "'caffeine_mg' matches no daily column and holds numbers, so it was kept as a custom "
        "factor (caffeine_mg).",
        "'Alcohol (units)' matches no daily column and holds numbers, so it was kept as a "
        "custom factor (alcohol_units).",
        "left out column 'mood': no matching column. Rename or map it to import the values.",
    ]


@pytest.mark.parametrize(
    "header, note",
    [
        (
            "Water",
            "'Water' gives no unit, so it was read in litres (water_l); if it is in "
            "millilitres or US fluid ounces, name the column water_ml or water_oz.",
        ),
        (
            "Temp",
            "'Temp' gives no unit, so it was read in °C (temp_c); if it is in °F, name the column temp_f.",
        ),
        ("Sleep", "'Sleep' gives no unit, so it was read in hours (sleep_h)."),
    ],
)
def test_a_header_without_a_unit_is_read_in_the_canonical_unit_and_says_so(header, note):
    result = read(f"date,{header}\n2025-03-14,8\n")
    assert result.ok
    assert note in result.notes


def test_a_header_with_its_unit_gets_no_unit_note():
    result = read("date,Water (L),Temp (°C)\n2025-03-14,1.5,20\n")
    assert not any("gives no unit" in n for n in result.notes)


def test_text_in_a_custom_factor_is_refused():
    result = read("date,caffeine_mg\n2025-03-14,200\n2025-03-15,lots\n")
    assert days(result) == ["2025-03-14"]
    assert result.messages() == ["row 3, caffeine_mg: lots is not a number"]


def test_episodes_have_no_custom_factors():
    result = read("start,muscle,caffeine_mg,mood\n2025-03-14 10:00,calf,200,ok\n")
    assert result.custom_factors == []
    assert result.unmapped == ["caffeine_mg", "mood"]
    assert list(result.data.columns) == ["start", "muscle"]


def test_mapping_parameter():
    text = "Tagesdatum,Wasser,Koffein,Stimmung,Kommentar\n2025-03-14,1.5,200,gut,x\n"
    with pytest.raises(MissingColumnsError):
        read(text, kind="daily")
    result = read(
        text,
        kind="daily",
        mapping={
            "Tagesdatum": "date",
            "Wasser": "water_l",
            "Koffein": "custom",
            "Stimmung": None,
            "Kommentar": "notes",
        },
    )
    assert result.ok
    assert list(result.data.columns) == ["date", "water_l", "notes", "koffein"]
    assert result.data["water_l"].tolist() == [1.5]
    assert result.data["koffein"].tolist() == [200]
    assert result.unmapped == []
    assert result.columns == {
        "Tagesdatum": "date",
        "Wasser": "water_l",
        "Koffein": "koffein",
        "Kommentar": "notes",
    }
    # A unit alias is a valid target too.
    ounces = read("Tag,Wasser\n2025-03-14,64\n", kind="daily", mapping={"Tag": "date", "Wasser": "water_oz"})
    assert ounces.data["water_l"].tolist() == [1.893]


def test_mapping_to_an_unknown_column_is_refused():
    with pytest.raises(FileRefused, match="cannot map column 'Tag' to unknown column 'dat'"):
        read("Tag\n2025-03-14\n", kind="daily", mapping={"Tag": "dat"})


def test_episodes_from_separate_date_and_time_columns():
    result = read("Date,Time,Muscle\n14/03/2025,22:15,calf\n15/03/2025,6:40 AM,foot\n16/03/2025,,hand\n")
    assert result.ok
    assert times(result) == ["2025-03-14 22:15:00", "2025-03-15 06:40:00", "2025-03-16 00:00:00"]
    assert result.columns == {"Muscle": "muscle", "Date": "start", "Time": "start"}
    assert result.notes[0] == "start was put together from the 'Date' and 'Time' columns."


# =========================================================================== dates


@pytest.mark.parametrize(
    "value",
    [
        "2025-03-14",
        "2025/03/14",
        "2025-3-14",
        "14.03.2025",
        "14/03/2025",
        "03/14/2025",
        "14-03-2025",
        "2025-03-14T00:00:00",
        "2025-03-14 00:00",
        "20250314",
    ],
)
def test_daily_date_styles(value):
    result = read(f"date,water_l\n{value},1\n")
    assert result.ok, result.messages()
    assert days(result) == ["2025-03-14"]


@pytest.mark.parametrize(
    "value",
    [
        "2025-03-14T22:15:00",
        "2025-03-14 22:15",
        "2025-03-14T22:15",
        "14.03.2025 22:15",
        "14/03/2025 22:15:00",
        "03/14/2025 10:15 PM",
        "2025-03-14 10:15pm",
        "2025-03-14 22:15:00.000",
    ],
)
def test_episode_datetime_styles(value):
    result = read(f"start,muscle\n{value},calf\n")
    assert result.ok, result.messages()
    assert times(result) == ["2025-03-14 22:15:00"]


def test_day_first_is_inferred_with_a_note():
    result = read("date,water_l\n01/03/2025,1\n25/03/2025,2\n02/03/2025,3\n")
    assert result.ok
    assert result.date_order == "dmy"
    assert days(result) == ["2025-03-01", "2025-03-02", "2025-03-25"]
    assert result.notes == [
        "date: read as day-first (DD/MM/YYYY), because 25/03/2025 (row 3) can only be read that way."
    ]


def test_month_first_is_inferred_with_a_note():
    result = read("start,muscle\n03/01/2025 10:00,calf\n03/25/2025 11:00,foot\n")
    assert result.ok
    assert result.date_order == "mdy"
    assert times(result) == ["2025-03-01 10:00:00", "2025-03-25 11:00:00"]
    assert result.notes == [
        "start: read as month-first (MM/DD/YYYY), because 03/25/2025 (row 3) can only be read that way."
    ]


def test_ambiguous_dates_are_refused_not_guessed(data_path):
    with pytest.raises(AmbiguousDateOrderError) as info:
        read_file(data_path("daily_ambiguous.csv"))
    err = info.value
    assert isinstance(err, FileRefused)
    assert err.column == "date"
    assert err.examples == ["01/02/2025", "03/04/2025", "05/02/2025"]
    assert str(err) == (
        "the dates in date could be day-first or month-first (for example 01/02/2025, "
        "03/04/2025, 05/02/2025), and Crampwise will not guess. Choose the order: day-first "
        "(DD/MM/YYYY) or month-first (MM/DD/YYYY); on the command line add --dayfirst or "
        "--monthfirst."
    )


def test_date_order_settles_ambiguity(data_path):
    dmy = read_file(data_path("daily_ambiguous.csv"), date_order="dmy")
    mdy = read_file(data_path("daily_ambiguous.csv"), date_order="mdy")
    assert days(dmy) == ["2025-02-01", "2025-02-05", "2025-04-03"]
    assert days(mdy) == ["2025-01-02", "2025-03-04", "2025-05-02"]
    assert (dmy.date_order, mdy.date_order) == ("dmy", "mdy")
    assert dmy.ok and mdy.ok
    assert dmy.notes == [] and mdy.notes == []  # chosen, not inferred


def test_ambiguous_episode_dates():
    with pytest.raises(AmbiguousDateOrderError) as info:
        read("start,muscle\n01/02/2025 10:00,calf\n")
    assert info.value.column == "start"
    assert times(read("start,muscle\n01/02/2025 10:00,calf\n", date_order="mdy")) == ["2025-01-02 10:00:00"]


def test_day_equals_month_needs_no_choice():
    result = read("date,water_l\n05/05/2025,1\n06/06/2025,2\n")
    assert result.ok
    assert days(result) == ["2025-05-05", "2025-06-06"]
    assert result.notes == ["date: read as day-first (DD/MM/YYYY); every date reads the same either way."]


def test_chosen_order_refuses_dates_that_cannot_be_read_that_way():
    result = read("date,water_l\n14/03/2025,1\n03/04/2025,2\n", date_order="mdy")
    assert days(result) == ["2025-03-04"]
    assert result.messages() == ["row 2, date: 14/03/2025 is not a real date"]


def test_dates_contradicting_the_inferred_order_are_refused():
    result = read("date,water_l\n13/01/2025,1\n01/13/2025,2\n14/01/2025,3\n")
    assert result.date_order == "dmy"
    assert days(result) == ["2025-01-13", "2025-01-14"]
    assert result.messages() == ["row 3, date: 01/13/2025 is not a real date"]


def test_equal_evidence_both_ways_is_ambiguous():
    with pytest.raises(AmbiguousDateOrderError) as info:
        read("date,water_l\n13/01/2025,1\n01/13/2025,2\n")
    assert info.value.examples == ["13/01/2025", "01/13/2025"]
    assert "(for example 13/01/2025, 01/13/2025)" in str(info.value)


def test_an_impossible_slash_date_is_a_row_problem_not_an_ambiguity():
    result = read("date,water_l\n45/45/2025,1\n2025-03-14,2\n")
    assert days(result) == ["2025-03-14"]
    assert result.messages() == ["row 2, date: 45/45/2025 is not a real date"]
    assert result.notes == []
    other = read("date,water_l\n30/02/2025,1\n05/05/2025,2\n")
    assert days(other) == ["2025-05-05"]
    assert other.messages() == ["row 2, date: 30/02/2025 is not a real date"]


# =========================================================================== whole-file refusals

EMPTY_MESSAGE = "the file is empty. Export your sheet again, with a header row and at least one row of data."
HEADER_ONLY_MESSAGE = (
    "the file has a header row but no data rows. Add at least one row under the header and import again."
)


@pytest.mark.parametrize(
    "raw",
    [b"", b"   ", b"\n\n\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b",,,\n;;\n", "\n".encode("utf-16")],
    ids=["nothing", "spaces", "newlines", "bom", "utf16-bom", "delimiters", "utf16-newline"],
)
def test_empty_files(raw):
    with pytest.raises(EmptyFileError) as info:
        read(raw)
    assert str(info.value) == EMPTY_MESSAGE
    assert isinstance(info.value, FileRefused) and isinstance(info.value, CrampwiseError)


@pytest.mark.parametrize(
    "raw",
    [b"date,water_l", b"date,water_l\r\n", b"date,water_l\n\n,\n  \n", "start\tmuscle\n".encode("utf-16")],
)
def test_header_only(raw):
    with pytest.raises(HeaderOnlyError) as info:
        read(raw)
    assert str(info.value) == HEADER_ONLY_MESSAGE


def _zip(*names: str, mimetype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, "date,water_l\n2025-06-01,1.5\n")
    return buffer.getvalue()


WORKBOOK = (
    r"this is an Excel or OpenDocument workbook, not CSV\. Open it and use File > "
    r"Save As \(or Download\) > CSV"
)


@pytest.mark.parametrize(
    "raw",
    [
        _zip("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),  # .xlsx
        _zip("content.xml", mimetype="application/vnd.oasis.opendocument.spreadsheet"),  # .ods
    ],
)
def test_a_workbook_is_named_with_how_to_save_it_as_csv(raw):
    with pytest.raises(NotCsvError, match=WORKBOOK):
        read(raw)


def test_a_zip_names_the_csv_files_inside():
    with pytest.raises(NotCsvError) as info:
        read(_zip("export/daily.csv", "export/episodes.csv", "README.txt"))
    assert str(info.value) == (
        "this is a zip archive, not CSV. Unzip it and import the CSV "
        "file inside ('daily.csv', 'episodes.csv', 'README.txt')."
    )
    with pytest.raises(NotCsvError, match="holds 1 file and no CSV file"):
        read(_zip("photo.jpg"))
    damaged = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)) * 4
    with pytest.raises(NotCsvError, match="damaged or unusual zip archive"):
        read(damaged)


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        (gzip.compress(b"date,water_l\n2025-06-01,1.5\n"), "a compressed file (gzip, .gz)"),
        (b"%PDF-1.7\n\x00\x01\x02", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image (PNG)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "an image (JPEG)"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "an image (HEIC or AVIF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "an old-style Office file"),
        (b"SQLite format 3\x00" + bytes(64), "a database file (SQLite)"),
        (b'[{"date": "2025-06-01", "water_l": 1.5}]', "JSON"),
        (b'\xef\xbb\xbf{"days": []}', "JSON"),
        (b'  [\n  {"start": "2025-06-01 03:00"}', "JSON"),  # cut short: still a list of records
        (b'<?xml version="1.0"?><rss version="2.0"/>', "an XML file"),
    ],
)
def test_files_that_are_not_csv_are_named_and_say_what_to_do(raw, what):
    with pytest.raises(NotCsvError) as info:
        read(raw)
    message = str(info.value)
    assert message.startswith(f"this is {what}")
    assert "CSV" in message.split(". ", 1)[1]  # what to do instead


def test_a_csv_starting_with_a_bracket_is_still_csv():
    result = read(
        "[date],water_l\n2025-06-01,1.5\n", kind="daily", mapping={"[date]": "date", "water_l": "water_l"}
    )
    assert len(result.data) == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"<!DOCTYPE html>\n<html><head><title>Sheet</title></head><body><table></table></body></html>",
        b"\n  <html lang='en'><body>date,water_l</body></html>",
        b"\xef\xbb\xbf<HTML><BODY>x</BODY></HTML>",
    ],
)
def test_html_is_not_csv(raw):
    with pytest.raises(NotCsvError) as info:
        read(raw)
    assert str(info.value).startswith("this is a web page (HTML), not CSV.")


@pytest.mark.parametrize(
    "raw",
    [
        random.Random(1).randbytes(512),
        b"date,water_l\n2025-03-14,1\x00\x00\n",
    ],
)
def test_binary_is_not_csv(raw):
    with pytest.raises(NotCsvError) as info:
        read(raw)
    assert str(info.value).startswith("this is a binary file, not CSV text.")


def test_broken_utf16_is_not_csv():
    with pytest.raises(NotCsvError, match="not valid UTF-16"):
        read(b"\xfe\xff\xd8\x00date")  # a lone surrogate after a big-endian BOM


def test_missing_required_column_names_it_and_the_headers_found():
    with pytest.raises(MissingColumnsError) as info:
        read("Day of week,Water (L)\nFri,1.5\n", kind="daily")
    assert info.value.missing == ["date"]
    assert str(info.value) == (
        "the daily file needs the column date; found 'Day of week', 'Water (L)'. Rename your "
        "column to match (see the template) or map it in the import step."
    )
    with pytest.raises(MissingColumnsError) as info:
        read("Severity,Notes\n5,x\n", kind="episodes")
    assert info.value.missing == ["start", "muscle"]
    assert str(info.value).startswith(
        "the episodes file needs the columns start, muscle; found 'Severity', 'Notes'."
    )
    with pytest.raises(MissingColumnsError, match="needs the column muscle; found 'start'"):
        read("start\n2025-03-14 10:00\n")


def test_unknown_kind():
    with pytest.raises(UnknownKindError, match="cannot tell whether this file holds episodes or daily rows"):
        read("foo,bar\n1,2\n")


def test_two_columns_for_one_thing():
    with pytest.raises(DuplicateColumnError) as info:
        read("date,water_l,water_ml\n2025-03-14,1,1000\n")
    assert str(info.value) == (
        "columns 'water_l' and 'water_ml' both give water_l; keep one of "
        "them (or rename the other) and import again."
    )
    with pytest.raises(DuplicateColumnError):
        read("date,Notes,notes\n2025-03-14,a,b\n")


def test_unclosed_quote():
    with pytest.raises(CsvFormatError, match=r"row 3: the CSV structure is broken"):
        read('date,notes\n2025-03-14,fine\n2025-03-15,"never closed\n2025-03-16,x\n')


def test_size_limit(tmp_path):
    raw = b"date,water_l\n" + b"2025-03-14,1\n" * 100
    with pytest.raises(FileTooLargeError, match=r"the limit is"):
        read(raw, max_bytes=len(raw) - 1)
    assert read(raw, max_bytes=len(raw)).rows_read == 100  # exactly at the limit: read
    path = tmp_path / "big.csv"
    path.write_bytes(raw)
    with pytest.raises(FileTooLargeError):
        read_file(path, max_bytes=100)
    with open(path, "rb") as handle, pytest.raises(FileTooLargeError):
        read_file(handle, max_bytes=100)


def test_size_limit_message_in_megabytes():
    with pytest.raises(FileTooLargeError) as info:
        read(b"date\n" + b"2025-03-14\n" * 3_000_000, max_bytes=20_000_000)
    assert str(info.value) == (
        "the file is 33.0 MB; the limit is 20 MB. Split it into smaller "
        "files (for example one per year) and import each."
    )


def test_sources_path_str_bytes_and_file_object(data_path):
    path = data_path("daily_us.csv")
    expected = read_file(path).data
    for source in (str(path), path.read_bytes(), bytearray(path.read_bytes())):
        pd.testing.assert_frame_equal(read_file(source).data, expected)
    with open(path, "rb") as handle:
        pd.testing.assert_frame_equal(read_file(handle).data, expected)


# =========================================================================== row refusals

#: What daily_bad.csv must produce, one problem per line (shared with the CLI tests).
BAD_MESSAGES_FILE = "daily_bad.expected.txt"


def test_one_of_each_row_problem(data_path):
    result = read_file(data_path("daily_bad.csv"))
    assert not result.ok
    assert result.messages() == data_path(BAD_MESSAGES_FILE).read_text("utf-8").splitlines()
    # The good rows in the same file are kept.
    assert days(result) == ["2025-03-01", "2025-03-11"]
    assert result.data.index.tolist() == [2, 13]
    assert result.data["notes"].tolist() == ["fine", "fine"]
    assert_nothing_lost(result)
    assert result.rows_read == 12


def test_problem_parts(data_path):
    problems = read_file(data_path("daily_bad.csv")).problems
    assert list(problems.columns) == ["row", "column", "value", "reason", "message"]
    assert problems["row"].dtype == "int64"
    nine = problems[problems["row"] == 9].iloc[0]
    assert (nine["row"], nine["column"], nine["value"], nine["reason"]) == (
        9,
        "water_l",
        "-1.5",
        "is below 0",
    )
    assert nine["message"] == "row 9, water_l: -1.5 is below 0"
    four = problems[problems["row"] == 4].iloc[0]
    assert (four["column"], four["value"], four["reason"]) == ("water_l", "lots", "is not a number")
    seven = problems[problems["row"] == 7].iloc[0]
    assert (seven["column"], seven["value"]) == ("", "2025-03-06,2.0,20,yes,7,0,too,many")


def test_refused_rows_keep_what_was_in_the_file(data_path):
    refused = read_file(data_path("daily_bad.csv")).refused
    assert refused["row"].tolist() == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert list(refused.columns) == [
        "row",
        "date",
        "water_l",
        "exercise_min",
        "warmup",
        "sleep_h",
        "episodes",
        "notes",
        "problems",
    ]
    by_row = refused.set_index("row")
    assert by_row.loc[4, "water_l"] == "lots"
    assert by_row.loc[6, "warmup"] == "maybe"
    assert by_row.loc[9, "water_l"] == "-1.5"
    assert by_row.loc[10, "notes"] == "half an episode"
    # A row with too many fields cannot be split into columns: its whole text is kept.
    assert by_row.loc[7, "date"] == "2025-03-06,2.0,20,yes,7,0,too,many"
    assert by_row.loc[9, "problems"] == "row 9, water_l: -1.5 is below 0"


def test_a_row_with_several_problems_is_listed_once_with_all_of_them():
    result = read("date,water_l,sleep_h\n2025-03-14,-1,30\n2025-03-15,1,7\n")
    assert result.messages() == ["row 2, water_l: -1 is below 0", "row 2, sleep_h: 30 is above 24"]
    assert result.refused["row"].tolist() == [2]
    assert result.refused["problems"].iloc[0] == (
        "row 2, water_l: -1 is below 0 | row 2, sleep_h: 30 is above 24"
    )
    assert days(result) == ["2025-03-15"]


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("water_l", "two", "water_l: two is not a number"),
        ("water_l", "1.5L", "water_l: 1.5L is not a number"),
        ("water_l", "nan", "water_l: nan is not a number"),
        ("water_l", "inf", "water_l: inf is not a finite number"),
        ("water_l", "1e999", "water_l: 1e999 is not a finite number"),
        ("water_l", "15.5", "water_l: 15.5 is above 15"),
        ("water_l", "-0.1", "water_l: -0.1 is below 0"),
        ("exercise_min", "1441", "exercise_min: 1441 is above 1440"),
        ("exercise_rpe", "11", "exercise_rpe: 11 is above 10"),
        ("temp_c", "-61", "temp_c: -61 is below -60"),
        ("Temp (°F)", "-100", "temp_f: -100 is below -76 (-60 °C)"),
        ("water_oz", "600", "water_oz: 600 is above 507.21 (15 litres)"),
        ("water_ml", "-5", "water_ml: -5 is below 0"),
        ("humidity_pct", "101", "humidity_pct: 101 is above 100"),
        ("stress", "10.5", "stress: 10.5 is above 10"),
        ("sleep_h", "-1", "sleep_h: -1 is below 0"),
        ("episodes", "1001", "episodes: 1001 is above 1000"),
        ("episodes", "1.5", "episodes: 1.5 is not a whole number"),
        ("warmup", "sometimes", "warmup: sometimes is not yes or no"),
        ("date", "yesterday", "date: yesterday is not a date Crampwise can read; use YYYY-MM-DD"),
        ("date", "2025-03", "date: 2025-03 is not a date Crampwise can read; use YYYY-MM-DD"),
        ("date", "2025", "date: 2025 is not a date Crampwise can read; use YYYY-MM-DD"),
        ("date", "2025-02-30", "date: 2025-02-30 is not a real date"),
        ("date", "2025-13-01", "date: 2025-13-01 is not a real date"),
        ("date", "30.02.2025", "date: 30.02.2025 is not a real date"),
        (
            "date",
            "2025-03-14 22:15",
            "date: 2025-03-14 22:15 has a time of day; daily rows take a date only (YYYY-MM-DD)",
        ),
    ],
)
def test_daily_value_problems(header, value, message):
    columns = ["date", header] if header != "date" else ["date"]
    first = "2025-03-20" if header != "date" else value
    cells = [first, value] if header != "date" else [first]
    text = (
        ",".join(columns)
        + "\n"
        + ",".join(cells)
        + "\n"
        + ",".join(["2025-03-21"] + [""] * (len(columns) - 1))
        + "\n"
    )
    result = read(text, kind="daily")
    assert result.messages() == [f"row 2, {message}"]
    assert days(result) == ["2025-03-21"]  # the good row is kept
    assert_nothing_lost(result)


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("start", "2025-02-30 10:00", "start: 2025-02-30 10:00 is not a real date and time"),
        (
            "start",
            "2025-03-14 25:99",
            "start: 2025-03-14 25:99 has a time Crampwise cannot read; use 24-hour HH:MM (for example 22:15)",
        ),
        (
            "start",
            "2025-03-14 noon",
            "start: 2025-03-14 noon has a time Crampwise cannot read; use 24-hour HH:MM (for example 22:15)",
        ),
        (
            "start",
            "2025-03-14T22:15:00Z",
            "start: 2025-03-14T22:15:00Z includes a time zone; write the local time without it "
            "(YYYY-MM-DD HH:MM)",
        ),
        (
            "start",
            "2025-03-14 22:15+01:00",
            "start: 2025-03-14 22:15+01:00 includes a time zone; write the local time without it "
            "(YYYY-MM-DD HH:MM)",
        ),
        ("start", "last night", "start: last night is not a date Crampwise can read; use YYYY-MM-DD HH:MM"),
        ("muscle", "elbow", f"muscle: elbow is not a known muscle; use one of: {MUSCLE_LIST}"),
        ("side", "middle", "side: middle is not a known side; use one of: left, right, both"),
        ("severity", "11", "severity: 11 is above 10"),
        ("severity", "bad", "severity: bad is not a number"),
        ("duration_min", "0", "duration_min: 0 must be more than 0"),
        ("duration_min", "1441", "duration_min: 1441 is above 1440"),
        (
            "relief",
            "stretch; yoga",
            f"relief: stretch; yoga has 'yoga', which is not known; use one or more of: {RELIEF_LIST}, "
            "separated by ';'",
        ),
        (
            "relief",
            "yoga, prayer",
            f"relief: yoga, prayer has 'yoga', 'prayer', which are not known; use one or more of: "
            f"{RELIEF_LIST}, separated by ';'",
        ),
    ],
)
def test_episode_value_problems(header, value, message):
    columns = ["start", "muscle"] + ([header] if header not in ("start", "muscle") else [])
    row = {"start": "2025-03-20 10:00", "muscle": "calf", header: value}
    good = {"start": "2025-03-21 10:00", "muscle": "calf", header: ""}
    if header in ("start", "muscle"):
        good[header] = {"start": "2025-03-21 10:00", "muscle": "calf"}[header]
    text = "\n".join(
        [",".join(columns), ",".join(f'"{row[c]}"' for c in columns), ",".join(good[c] for c in columns), ""]
    )
    result = read(text)
    assert result.messages() == [f"row 2, {message}"]
    assert times(result) == ["2025-03-21 10:00:00"]
    assert_nothing_lost(result)


def test_required_values_may_not_be_empty():
    result = read("start,muscle\n,calf\n2025-03-14 10:00,\n2025-03-15 10:00,foot\n")
    assert result.messages() == [
        "row 2, start: is empty, but every row needs a value",
        "row 3, muscle: is empty, but every row needs a value",
    ]
    assert times(result) == ["2025-03-15 10:00:00"]


def test_unknown_words_are_refused_not_turned_into_other():
    result = read("start,muscle\n2025-03-14 10:00,elbow\n2025-03-15 10:00,Other\n")
    assert result.data["muscle"].astype(str).tolist() == ["other"]
    assert result.data.index.tolist() == [3]
    assert len(result.messages()) == 1


def test_nothing_is_clipped_or_rounded():
    result = read("date,water_l,sleep_h\n2025-03-14,15.0001,24\n2025-03-15,0.001,0\n")
    assert result.messages() == ["row 2, water_l: 15.0001 is above 15"]
    assert result.data["water_l"].tolist() == [0.001]
    assert result.data["sleep_h"].tolist() == [0.0]


def test_too_many_fields_on_any_row_including_the_first():
    first = read("date,water_l\n2025-03-14,1,2\n2025-03-15,1\n")
    assert first.messages() == [
        "row 2: has 3 fields but the header has 2; a cell probably contains an unquoted comma"
    ]
    assert days(first) == ["2025-03-15"]
    assert_nothing_lost(first)
    semicolon = read("date;notes\n2025-03-14;a\n2025-03-15;b;c\n")
    assert semicolon.messages() == [
        "row 3: has 3 fields but the header has 2; a cell probably contains an unquoted semicolon"
    ]
    assert days(semicolon) == ["2025-03-14"]
    tabs = read("date\tnotes\n2025-03-14\ta\tb\n")
    assert tabs.messages() == [
        "row 2: has 3 fields but the header has 2; a cell probably contains an unquoted tab"
    ]
    assert tabs.data.empty
    assert tabs.refused["row"].tolist() == [2]


def test_identical_duplicate_dates_merge_with_a_note():
    result = read("date,water_l\n2025-03-14,1.5\n2025-03-15,2\n2025-03-14,1.5\n2025-03-14,1.50\n")
    assert result.ok
    assert days(result) == ["2025-03-14", "2025-03-15"]
    assert result.data.index.tolist() == [2, 3]
    assert result.notes == ["rows 2, 4 and 5 are identical copies of 2025-03-14; kept once."]
    assert_nothing_lost(result, merged=2)


def test_conflicting_duplicate_dates_refuse_every_copy():
    result = read("date,water_l\n2025-03-14,1.5\n14.03.2025,2\n2025-03-15,1\n")
    assert result.messages() == [
        "row 2, date: 2025-03-14 also appears on row 3 with different values; keep one row per date",
        "row 3, date: 2025-03-14 also appears on row 2 with different values; keep one row per date",
    ]
    assert days(result) == ["2025-03-15"]
    assert result.refused["row"].tolist() == [2, 3]
    three = read("date,water_l\n2025-03-14,1\n2025-03-14,2\n2025-03-14,3\n")
    assert three.messages()[0] == (
        "row 2, date: 2025-03-14 also appears on row 3 and 4 with different values; keep one row per date"
    )
    assert three.data.empty


def test_episodes_may_share_a_start():
    result = read("start,muscle\n2025-03-14 10:00,calf\n2025-03-14 10:00,foot\n")
    assert result.ok
    assert len(result.data) == 2


def test_exported_formula_quote_is_removed_on_import():
    result = read("date,notes\n2025-03-14,'=1+1\n2025-03-15,'-3 degrees\n2025-03-16,'quoted\n")
    assert result.data["notes"].tolist() == ["=1+1", "-3 degrees", "'quoted"]


def test_result_summary_properties(data_path):
    good = read_file(data_path("daily_us.csv"))
    assert good.ok and good.messages() == [] and good.refused.empty
    assert "problems" in good.refused.columns
    bad = read_file(data_path("daily_bad.csv"))
    assert not bad.ok
    assert bad.messages() == bad.problems["message"].tolist()


def test_only_cr_and_lf_end_a_row():
    # str.splitlines() would also split at U+2028, NEL or form feed; CSV does not.
    result = read("date,water_l,Stim\u2028mung\x0c\n2025-03-14,1,ok\n")
    assert result.ok
    assert result.unmapped == ["Stim\u2028mung"]  # trimmed, but whole
    assert days(result) == ["2025-03-14"]


def test_separate_date_and_time_columns_still_need_a_date():
    result = read("Muscle,Date,Time\ncalf,,22:15\nfoot,,\nhand,2025-03-14,\n")
    assert result.messages() == [
        "row 2, start: 22:15 is not a date Crampwise can read; use YYYY-MM-DD HH:MM",
        "row 3, start: is empty, but every row needs a value",
    ]
    assert times(result) == ["2025-03-14 00:00:00"]


@pytest.mark.parametrize(
    "text",
    [
        "start,muscle\n2025-03-14T22:15:00 -0,calf\n2025-03-15 10:00,foot\n",
        "start,muscle\n2025-03-14T22:15:00 -0,calf\n2025-03-14T22:15:00+01:00,calf\n2025-03-15 10:00,foot\n",
        "Date,Time,Muscle\n2025-03-14,-0,calf\n2025-03-15,10:00,foot\n",
    ],
)
def test_odd_offsets_are_row_problems(text):
    # pandas reads "-0" as a UTC offset; it must not crash the import or slip through.
    result = read(text)
    assert times(result) == ["2025-03-15 10:00:00"]
    assert result.messages()[0] == (
        "row 2, start: 2025-03-14"
        + ("T22:15:00 -0" if "T22" in text else " -0")
        + " has a time Crampwise cannot read; use 24-hour HH:MM (for example 22:15)"
    )
    assert_nothing_lost(result)


@pytest.mark.parametrize(
    "text",
    [
        'date,notes\n2025-03-14,"open\n2025-03-15,x\n2025-03-16,"closed"\n',
        'date,notes,water_l\n2025-03-14,"open,1\n2025-03-15,x,2\n2025-03-16,"y",3\n',
    ],
)
def test_a_stray_quote_does_not_swallow_the_rows_after_it(text):
    with pytest.raises(CsvFormatError) as info:
        read(text)
    assert str(info.value).startswith("row 2: the CSV structure is broken")


# --- the Arrow fast path and the careful path agree --------------------------------------

FAST_PATH_FILES = [
    b'date,water_l,notes\n2025-03-14,1.5,"hot, long walk"\n2025-03-15,2,\n',
    b"date,water_l\n2025-03-14,1.5\n\n2025-03-16,-1\n",
    b'start,muscle,notes\n2025-03-14 22:15,calf,"two\nlines"\n2025-03-15 06:00,foot,x\n',
    b"start,muscle\n2025-03-14 22:15,calf,extra\n2025-03-15 06:00,foot\n",
    b'date,notes\n2025-03-14,"open\n2025-03-15,x\n',
    b"\xef\xbb\xbfdate;water_l\r\n14.03.2025;1,5\r\n;\r\n15.03.2025;2\r\n",
]


@pytest.mark.parametrize("content", FAST_PATH_FILES)
def test_arrow_reader_and_careful_reader_give_the_same_result(content, monkeypatch):
    """Whichever reader handles a file, people get the same rows, problems and notes."""

    def outcome():
        try:
            result = read_file(content)
        except CrampwiseError as exc:
            return type(exc), str(exc)
        return (result.data.reset_index().to_dict("list"), result.messages(), result.notes)

    fast = outcome()
    monkeypatch.setattr("crampwise.io.frame._read_frame_arrow", lambda *args, **kwargs: None)
    assert outcome() == fast


def test_a_fixed_refused_rows_file_imports_without_its_bookkeeping_columns():
    from crampwise.io.export import refused_csv_bytes

    first = read_file(b"date,water_l,notes\n2025-03-14,-1,=SUM(A1)\n2025-03-15,2,\n")
    assert first.messages() == ["row 2, water_l: -1 is below 0"]
    download = refused_csv_bytes(first.refused)
    assert download.startswith(b"\xef\xbb\xbf")
    assert b"'=SUM(A1)" in download  # defused for the spreadsheet it will be fixed in
    fixed = download.replace(b'"-1"', b'"1"')
    again = read_file(fixed)
    assert again.ok
    assert list(again.data.columns) == ["date", "water_l", "notes"]
    assert again.data["notes"].tolist() == ["=SUM(A1)"]
    assert "its 'row' and 'problems' columns were left out" in " ".join(again.notes)


def test_a_column_called_row_does_not_clash_with_the_refused_rows_bookkeeping():
    result = read_file(b"date,row\n2025-01-01,x\n2025-02-30,y\n")
    assert result.refused.columns.tolist() == ["row", "date", "row_2", "problems"]
    assert result.refused["row_2"].tolist() == ["y"]


@pytest.mark.parametrize(
    "value, kind", [("0025-03-14", "daily"), ("2525-03-14", "daily"), ("1899-12-31 10:00", "episodes")]
)
def test_years_outside_1900_to_2100_are_refused_as_typos(value, kind):
    header = b"date,water_l\n" if kind == "daily" else b"start,muscle\n"
    tail = b",1\n" if kind == "daily" else b",calf\n"
    result = read_file(header + value.encode() + tail, kind)
    column = "date" if kind == "daily" else "start"
    assert result.messages() == [
        f"row 2, {column}: {value} is outside the years 1900 to 2100; check the year"
    ]


def test_missing_columns_error_carries_the_table_and_the_headers_found():
    with pytest.raises(MissingColumnsError) as info:
        read_file(b"Start,Where it hurt,\n2025-03-14 22:15,calf,\n")
    assert info.value.table == "episodes"
    assert info.value.missing == ["muscle"]
    assert info.value.headers == ["Start", "Where it hurt"]


def test_read_headers_lists_the_header_cells_in_any_accepted_encoding():
    from crampwise.io import read_headers

    assert read_headers(" Date ;Wasser (L)\r\n14.03.2025;1,5\r\n".encode("cp1252")) == ["Date", "Wasser (L)"]
    assert read_headers("date\twater_l\n".encode("utf-16")) == ["date", "water_l"]
    with pytest.raises(NotCsvError):
        read_headers(b"PK\x03\x04rest")
