"""Values from elsewhere in the journal: fill_blanks (weather), provenance, and other apps' exports."""

from __future__ import annotations

import pandas as pd
import pytest

from crampwise.errors import JournalNotFoundError, JournalValidationError, ValueRefusedError
from crampwise.journal import store as jr

A, B = "alice", "bob"
WEATHER = "Open-Meteo weather"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def j(db_url: str):
    with jr.open_journal(db_url) as journal:
        yield journal


def _weather(*rows: tuple[str, float, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([r[0] for r in rows]),
            "temp_c": [r[1] for r in rows],
            "humidity_pct": [r[2] for r in rows],
        }
    )


def _cell(j: jr.Journal, owner: str, date: str, column: str) -> object:
    daily = j.daily(owner)
    return daily.loc[daily["date"] == pd.Timestamp(date), column].iloc[0]


# --------------------------------------------------------------------------- fill_blanks


def test_fill_blanks_fills_only_blank_cells_of_existing_days_and_marks_them(j):
    j.save_day(A, "2025-03-01", water_l=2.0, temp_c=18.0)
    j.save_day(A, "2025-03-02", water_l=1.5)
    result = j.fill_blanks(
        A,
        _weather(("2025-03-01", 30.0, 60.0), ("2025-03-02", 21.0, 55.0), ("2025-03-03", 25.0, 50.0)),
        source=WEATHER,
    )
    assert result.cells == 3  # 03-01 humidity, 03-02 temp and humidity; 03-03 is no day
    assert result.token
    assert _cell(j, A, "2025-03-01", "temp_c") == 18.0  # the person's value is never overwritten
    assert _cell(j, A, "2025-03-01", "humidity_pct") == 60.0
    assert _cell(j, A, "2025-03-02", "temp_c") == 21.0
    assert len(j.daily(A)) == 2
    sources = j.daily_sources(A)
    assert sorted(
        zip(sources["date"].dt.strftime("%m-%d"), sources["column"], sources["source"], strict=True)
    ) == [
        ("03-01", "humidity_pct", WEATHER),
        ("03-02", "humidity_pct", WEATHER),
        ("03-02", "temp_c", WEATHER),
    ]
    assert j.daily(B).empty and j.daily_sources(B).empty


def test_filling_again_fills_nothing_and_another_owner_is_untouched(j):
    j.save_day(A, "2025-03-01")
    j.save_day(B, "2025-03-01")
    assert j.fill_blanks(A, _weather(("2025-03-01", 30.0, 60.0)), source=WEATHER).cells == 2
    again = j.fill_blanks(A, _weather(("2025-03-01", 10.0, 10.0)), source=WEATHER)
    assert (again.cells, again.token) == (0, None)
    assert _cell(j, A, "2025-03-01", "temp_c") == 30.0
    assert pd.isna(_cell(j, B, "2025-03-01", "temp_c"))


def test_undo_fill_clears_exactly_the_filled_cells_but_not_one_edited_since(j):
    j.save_day(A, "2025-03-01", temp_c=18.0)
    j.save_day(A, "2025-03-02")
    first = j.fill_blanks(A, _weather(("2025-03-01", 30.0, 60.0), ("2025-03-02", 21.0, 55.0)), source=WEATHER)
    j.save_day(A, "2025-03-02", humidity_pct=70.0)  # the person edits one filled cell: now theirs
    assert j.undo_fill(A, first.token) == 2
    assert _cell(j, A, "2025-03-01", "temp_c") == 18.0
    assert pd.isna(_cell(j, A, "2025-03-01", "humidity_pct"))
    assert pd.isna(_cell(j, A, "2025-03-02", "temp_c"))
    assert _cell(j, A, "2025-03-02", "humidity_pct") == 70.0
    assert j.daily_sources(A).empty
    with pytest.raises(JournalNotFoundError, match="undo token"):
        j.undo_fill(A, first.token)


def test_saving_a_day_makes_the_given_cells_the_persons_own(j):
    j.save_day(A, "2025-03-01")
    j.fill_blanks(A, _weather(("2025-03-01", 30.0, 60.0)), source=WEATHER)
    j.save_day(A, "2025-03-01", temp_c=29.0)
    assert j.daily_sources(A)["column"].tolist() == ["humidity_pct"]


def test_fill_blanks_refuses_bad_values_and_columns_with_clear_messages(j):
    j.save_day(A, "2025-03-01")
    with pytest.raises(ValueRefusedError, match="humidity_pct"):
        j.fill_blanks(A, _weather(("2025-03-01", 30.0, 150.0)), source=WEATHER)
    with pytest.raises(JournalValidationError, match="'notes': cannot be filled"):
        j.fill_blanks(
            A, pd.DataFrame({"date": pd.to_datetime(["2025-03-01"]), "notes": ["x"]}), source=WEATHER
        )
    with pytest.raises(JournalValidationError, match="'date' column"):
        j.fill_blanks(A, pd.DataFrame({"temp_c": [1.0]}), source=WEATHER)
    with pytest.raises(JournalValidationError, match="source must name"):
        j.fill_blanks(A, _weather(("2025-03-01", 30.0, 60.0)), source=" ")
    assert j.daily_sources(A).empty and pd.isna(_cell(j, A, "2025-03-01", "temp_c"))
