"""Hostile files: refused plainly and cheaply, with no library warning or traceback anywhere.

What an attacker (or an unlucky person) uploads: thousands of columns, a
megabyte-long note, a JSON or gzip or PDF renamed to .csv. Each is answered
with a message naming what it is and what to do; every test here runs with
warnings turned into errors, through the library, the command line and the app.
How fast they are answered is measured by ``benchmarks/hostile_files.py``
(``make bench``), not timed here.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import warnings

import pytest
from app_helpers import open_app, upload
from cli_helpers import ROOT

from crampwise import schema
from crampwise.errors import CrampwiseError, NotCsvError, TooManyColumnsError
from crampwise.io import MAX_COLUMNS, read_file
from crampwise.io.values import PREVIEW_CHARS
from crampwise.ui import navigation

pytestmark = pytest.mark.filterwarnings("error")


def wide(columns: int, rows: int = 3) -> bytes:
    import datetime as dt

    header = ["date"] + [f"factor_{i}" for i in range(columns - 1)]
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=d) for d in range(rows)]
    body = [",".join([day.isoformat()] + ["1"] * (columns - 1)) for day in days]
    return ("\n".join([",".join(header), *body]) + "\n").encode()


def long_note(chars: int) -> bytes:
    return f"date,water_l,notes\n2025-06-01,1.5,{'x' * chars}\n2025-06-02,2,fine\n".encode()


HOSTILE = {
    "5,000 columns": wide(5_000),
    "a JSON file named .csv": b'[{"date": "2025-06-01", "water_l": 1.5}]',
    "a gzip file": gzip.compress(b"date,water_l\n2025-06-01,1.5\n"),
    "a PDF": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "a PNG": b"\x89PNG\r\n\x1a\n" + bytes(32),
    "a 3 MB note": long_note(3_000_000),
}


def test_more_columns_than_the_limit_are_refused_before_any_row_is_read():
    with pytest.raises(TooManyColumnsError) as info:
        read_file(wide(5_000))
    assert str(info.value).startswith(f"the file has 5,000 columns; Crampwise reads at most {MAX_COLUMNS}")
    assert isinstance(info.value, CrampwiseError)


def test_up_to_the_limit_every_column_is_read_without_a_warning():
    result = read_file(wide(MAX_COLUMNS, rows=50), "daily")
    assert result.ok and len(result.data) == 50
    assert len(result.custom_factors) == MAX_COLUMNS - 1


@pytest.mark.parametrize(
    "field",
    [f for t in (schema.EPISODES, schema.DAILY) for f in t.fields if f.kind == "text"],
    ids=lambda f: f.name,
)
def test_every_text_column_has_a_stated_limit(field):
    assert field.max_length is not None and 100 <= field.max_length <= 5_000


def test_a_cell_longer_than_its_limit_is_refused_with_its_row_and_column_and_others_kept():
    limit = schema.DAILY.field("notes").max_length
    result = read_file(long_note(limit + 1), "daily")
    assert [str(d.date()) for d in result.data["date"]] == ["2025-06-02"]  # the other row stays
    [message] = result.messages()
    assert message == (
        f"row 2, notes: {'x' * PREVIEW_CHARS}… is {limit + 1:,} characters long; the most is {limit:,}"
    )
    assert len(result.refused.iloc[0]["notes"]) == limit + 1  # nothing is lost: it is all there
    assert read_file(long_note(limit), "daily").ok  # exactly the limit is fine


def test_a_long_note_is_refused_on_its_way_into_the_journal_too(tmp_path):
    from crampwise.journal.store import open_journal

    limit = schema.EPISODES.field("notes").max_length
    with open_journal(f"sqlite:///{tmp_path / 'j.db'}") as journal:
        with pytest.raises(CrampwiseError, match=f"the most is {limit:,}"):
            journal.add_episode("me", start="2025-06-01 03:00", muscle="calf", notes="y" * (limit + 1))
        assert journal.episodes("me").empty


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_library_answers_each_hostile_file_without_a_warning(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = read_file(HOSTILE[name])
        except CrampwiseError as exc:
            assert str(exc)[:1].islower() and str(exc).endswith(".")
            return
    assert not result.ok  # the long note: its row refused, with a reason


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_command_line_answers_each_with_one_line_and_no_warning(tmp_path, name):
    path = tmp_path / "upload.csv"
    path.write_bytes(HOSTILE[name])
    proc = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-m",
            "crampwise",
            "convert",
            str(path),
            "-o",
            str(tmp_path / "out.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={"PYTHONPATH": "src", "PATH": ""},
    )
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Traceback" not in err and "Warning" not in err
    assert err.strip() and len(err.strip().splitlines()) <= 2
    assert len(err) < 1_000  # a 3 MB cell is quoted, not printed


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a JSON file named .csv", "This is JSON, not CSV"),
        ("a gzip file", "This is a compressed file (gzip, .gz)"),
        ("5,000 columns", "The file has 5,000 columns"),
    ],
)
def test_the_import_page_says_what_the_file_is(name, shown):
    at = upload(open_app(navigation.IMPORT.path), "upload.csv", HOSTILE[name])
    assert not at.exception
    assert any(shown in str(e.value) for e in at.error)


def test_names_a_real_looking_json_and_not_a_csv(tmp_path):
    with pytest.raises(NotCsvError, match="this is JSON"):
        read_file(b'{"data": [1, 2, 3]}')


def test_a_file_with_more_bad_rows_than_the_limit_is_refused_whole_with_the_first_problems():
    from crampwise.errors import TooManyProblemsError
    from crampwise.io.result import FIRST_PROBLEMS, MAX_REFUSED_ROWS

    rows = MAX_REFUSED_ROWS + 1
    bad = "date,water_l\n" + "".join(f"{(dt_day(i))},-1\n" for i in range(rows))
    with pytest.raises(TooManyProblemsError) as info:
        read_file(bad.encode(), "daily")
    assert str(info.value).startswith(f"{rows:,} of its {rows:,} rows have problems")
    assert info.value.first == [f"row {r}, water_l: -1 is below 0" for r in range(2, 2 + FIRST_PROBLEMS)]
    # At the limit, every refused row is still listed and the good rows kept.
    ok = "date,water_l\n" + "".join(f"{dt_day(i)},{-1 if i < MAX_REFUSED_ROWS else 1}\n" for i in range(rows))
    result = read_file(ok.encode(), "daily")
    assert len(result.refused) == MAX_REFUSED_ROWS and len(result.data) == 1


def test_rows_with_extra_fields_beyond_the_limit_point_to_the_separator():
    from crampwise.errors import TooManyProblemsError
    from crampwise.io import MAX_REFUSED_ROWS

    body = "".join("2025-06-01 03:00,calf,x,y\n" for _ in range(MAX_REFUSED_ROWS + 1))
    with pytest.raises(TooManyProblemsError, match="Check the separator"):
        read_file(("start,muscle\n" + body).encode(), "episodes")


def dt_day(i: int) -> str:
    import datetime as dt

    return (dt.date(1950, 1, 1) + dt.timedelta(days=i)).isoformat()
