"""The command line contract: exit 0 when clean, exit 2 with one line per problem, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_helpers import BLOCK_UI, UNREADABLE, err_lines, run

from crampwise import schema
from crampwise.io import read_file
from crampwise.io.datadoc import render_data_format
from crampwise.io.export import template_csv, to_csv_bytes

ROOT = Path(__file__).resolve().parents[2]


def canonical(path: Path, **kwargs) -> bytes:
    result = read_file(path, **kwargs)
    return to_csv_bytes(result.data, result.table)


def assert_one_line_error(proc: subprocess.CompletedProcess[bytes], message: str) -> None:
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert b"Traceback" not in proc.stderr
    assert err_lines(proc) == [f"crampwise: error: {message}"]


# --------------------------------------------------------------------------- convert


@pytest.mark.parametrize(
    "name", ["daily_excel_de.csv", "daily_us.csv", "episodes_phone.csv", "daily_utf16.csv"]
)
def test_clean_file_exit_0_and_canonical_stdout(data_path, name):
    proc = run("convert", data_path(name))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert proc.stdout == canonical(data_path(name))


def test_clean_file_stdout_content(data_path):
    proc = run("convert", data_path("daily_us.csv"))
    assert proc.stdout.decode("utf-8").splitlines() == [
        "date,water_l,exercise_min,warmup,temp_c,notes",
        '"2025-03-09",2.366,0,"yes",10,',
        '"2025-03-10",1,20,"yes",0,"\'=rest day"',
        '"2025-03-14",1.893,45,"no",30,"hot day, long walk"',
    ]


def test_refused_rows_exit_2_one_line_each_and_accepted_rows_still_written(data_path):
    proc = run("convert", data_path("daily_bad.csv"))
    assert proc.returncode == 2
    assert err_lines(proc) == data_path("daily_bad.expected.txt").read_text("utf-8").splitlines()
    assert proc.stdout == canonical(data_path("daily_bad.csv"))
    assert [line.split(",")[0] for line in proc.stdout.decode().splitlines()] == [
        "date",
        "2025-03-01",
        "2025-03-11",
    ]


def test_unmapped_columns_are_warned_about_but_not_an_error(tmp_path):
    src = tmp_path / "mood.csv"
    src.write_bytes(b"date,water_l,mood\n2025-03-14,1.5,fine\n")
    proc = run("convert", src)
    assert proc.returncode == 0
    assert err_lines(proc) == [
        "warning: column 'mood' matches no daily column and was left out; rename it to import its values"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        *UNREADABLE,
        (
            bytes(range(256)) * 2,
            "this is a binary file, not CSV text. Export your sheet as CSV "
            "(comma, semicolon or tab separated) and import that.",
        ),
        (
            b"<!DOCTYPE html><html></html>",
            "this is a web page (HTML), not CSV. If you downloaded it "
            "from a website or Google Sheets, choose File > Download > "
            "CSV instead.",
        ),
        (
            b"Water,Sleep\n1,7\n",
            "cannot tell whether this file holds episodes or daily rows: it needs "
            "a 'start' or 'muscle' column (episodes) or a 'date' column (daily). "
            "Rename the column, or say what the file holds (in the app: 'What "
            "is in the file?'; on the command line: --kind episodes or --kind "
            "daily).",
        ),
        (
            b'date,notes\n2025-03-14,"open\n',
            "row 2: the CSV structure is broken (unexpected end of "
            'data). Usually a quote (") is opened and never closed; '
            "fix that cell and try again.",
        ),
    ],
    ids=["empty", "header-only", "xlsx", "binary", "html", "unknown-kind", "unclosed-quote"],
)
def test_unreadable_files_exit_2_with_one_line(tmp_path, content, message):
    src = tmp_path / "input.csv"
    src.write_bytes(content)
    assert_one_line_error(run("convert", src), message)


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.csv"
    assert_one_line_error(run("convert", missing), f"{missing}: no such file")


def test_a_directory_is_not_a_file(tmp_path):
    assert_one_line_error(run("convert", tmp_path), f"{tmp_path}: no such file")


def test_ambiguous_dates_exit_2_and_the_options_settle_them(data_path):
    path = data_path("daily_ambiguous.csv")
    assert_one_line_error(
        run("convert", path),
        (
            "the dates in date could be day-first or month-first (for example 01/02/2025, "
            "03/04/2025, 05/02/2025), and Crampwise will not guess. Choose the order: day-first "
            "(DD/MM/YYYY) or month-first (MM/DD/YYYY); on the command line add --dayfirst or "
            "--monthfirst."
        ),
    )

    day_first = run("convert", path, "--dayfirst")
    assert day_first.returncode == 0 and day_first.stderr == b""
    assert day_first.stdout == canonical(path, date_order="dmy")
    assert [line.split(",")[0] for line in day_first.stdout.decode().splitlines()[1:]] == [
        "2025-02-01",
        "2025-02-05",
        "2025-04-03",
    ]

    month_first = run("convert", path, "--monthfirst")
    assert month_first.returncode == 0 and month_first.stderr == b""
    assert [line.split(",")[0] for line in month_first.stdout.decode().splitlines()[1:]] == [
        "2025-01-02",
        "2025-03-04",
        "2025-05-02",
    ]


def test_dayfirst_and_monthfirst_exclude_each_other(data_path):
    proc = run("convert", data_path("daily_ambiguous.csv"), "--dayfirst", "--monthfirst")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert b"not allowed with argument" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_kind_option(tmp_path, data_path):
    src = tmp_path / "mixed.csv"
    src.write_bytes(b"date,muscle,water_l\n2025-03-14,calf,1.5\n")
    detected = run("convert", src)
    assert detected.returncode == 0
    assert detected.stdout.decode().splitlines() == ["start,muscle", "2025-03-14 00:00,calf"]
    daily = run("convert", src, "--kind", "daily")
    assert daily.returncode == 0
    assert daily.stdout.decode().splitlines() == ["date,water_l", "2025-03-14,1.5"]
    assert err_lines(daily) == [
        "warning: column 'muscle' matches no daily column and was left out; rename it to import its values"
    ]

    wrong = run("convert", data_path("daily_us.csv"), "--kind", "episodes")
    assert_one_line_error(
        wrong,
        (
            "the episodes file needs the column muscle; found 'Date', 'Water (oz)', "
            "'Exercise (min)', 'Warm-up', 'Temp (°F)', 'Notes'. Rename your column to match (see "
            "the template) or map it in the import step."
        ),
    )

    bad_kind = run("convert", src, "--kind", "weekly")
    assert bad_kind.returncode == 2 and b"invalid choice" in bad_kind.stderr


def test_output_option_writes_the_file(tmp_path, data_path):
    out = tmp_path / "clean.csv"
    proc = run("convert", data_path("daily_excel_de.csv"), "-o", out)
    assert proc.returncode == 0
    assert proc.stdout == b"" and proc.stderr == b""
    assert out.read_bytes() == canonical(data_path("daily_excel_de.csv"))


def test_output_and_refused_files_with_problems(tmp_path, data_path):
    out, refused = tmp_path / "out.csv", tmp_path / "refused.csv"
    proc = run("convert", data_path("daily_bad.csv"), "--output", out, "--refused", refused)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert len(err_lines(proc)) == 10
    assert out.read_bytes() == canonical(data_path("daily_bad.csv"))
    lines = refused.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,date,water_l,exercise_min,warmup,sleep_h,episodes,notes,problems"
    assert lines[1] == (
        '3,"2025-02-30","1.5","0","no","8","1","impossible date","row 3, date: 2025-02-30 is not a real date"'
    )
    assert len(lines) == 11


def test_verbose_prints_notes(data_path):
    proc = run("convert", data_path("daily_us.csv"), "-v")
    assert proc.returncode == 0
    assert err_lines(proc) == [
        "note: date: read as month-first (MM/DD/YYYY), because 03/14/2025 (row 2) can only be read that way.",
        "note: 'Water (oz)' was converted from US fluid ounces to litres (water_l).",
        "note: 'Temp (°F)' was converted from °F to °C (temp_c).",
        "note: 3 daily rows accepted, 0 refused",
    ]


def test_standard_input(data_path):
    path = data_path("episodes_phone.csv")
    proc = run("convert", "-", stdin=path.read_bytes())
    assert proc.returncode == 0
    assert proc.stdout == canonical(path)


def test_output_reimports_identically(tmp_path, data_path):
    first = tmp_path / "first.csv"
    second = tmp_path / "second.csv"
    assert run("convert", data_path("episodes_phone.csv"), "-o", first).returncode == 0
    assert run("convert", first, "-o", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()


# --------------------------------------------------------------------------- other commands


@pytest.mark.parametrize("kind", ["daily", "episodes"])
def test_template(kind):
    proc = run("template", kind)
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == template_csv(schema.table(kind))


def test_data_format():
    proc = run("data-format")
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == render_data_format()


def test_triage_doc():
    from crampwise.guide.triage import render_doc

    proc = run("triage-doc")
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == render_doc()
    assert "`clot-leg`" in proc.stdout.decode("utf-8")


def test_usage_errors_do_not_trace():
    for args in ((), ("frobnicate",), ("convert",)):
        proc = run(*args)
        assert proc.returncode == 2
        assert b"usage:" in proc.stderr
        assert b"Traceback" not in proc.stderr


# --------------------------------------------------------------------------- no UI imports


def test_cli_path_never_imports_streamlit_or_plotly(tmp_path, data_path):
    script = BLOCK_UI + textwrap.dedent("""
        from crampwise.cli import main

        codes = [
            main(["convert", sys.argv[1], "-o", sys.argv[3]]),
            main(["convert", sys.argv[2], "-o", sys.argv[3], "--refused", sys.argv[4], "-v"]),
            main(["template", "daily"]),
            main(["data-format"]),
            main(["triage-doc"]),
        ]
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("streamlit", "plotly"))
        print(codes, attempted, loaded, file=sys.stderr)
    """)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(data_path("daily_us.csv")),
            str(data_path("daily_bad.csv")),
            str(tmp_path / "out.csv"),
            str(tmp_path / "ref.csv"),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": "src"},
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert err_lines(proc)[-1] == "[0, 2, 0, 0, 0] [] []"
