"""Values from elsewhere in the journal: fill_blanks (weather), provenance, and other apps' exports."""

from __future__ import annotations

import pandas as pd
import pytest

from crampwise import schema
from crampwise.errors import JournalError, JournalNotFoundError, JournalValidationError, ValueRefusedError
from crampwise.io.apps.base import WORKOUT_COLUMNS, AppExport
from crampwise.journal import store as jr
from crampwise.journal import workouts as wk

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


# --------------------------------------------------------------------------- other apps' exports


def _workouts(*rows: tuple[str, str, str, str | None, str]) -> pd.DataFrame:
    """(source_id, local start, local end, utc start or None, activity) -> WORKOUT_COLUMNS."""
    start = pd.to_datetime([r[1] for r in rows])
    end = pd.to_datetime([r[2] for r in rows])
    return pd.DataFrame(
        {
            "source_id": [r[0] for r in rows],
            "start": start,
            "end": end,
            "start_utc": pd.to_datetime([r[3] for r in rows]),
            "minutes": (end - start).total_seconds() / 60,
            "activity": [r[4] for r in rows],
            "device": [None] * len(rows),
            "date": start.normalize(),
        },
        columns=list(WORKOUT_COLUMNS),
    )


def apple() -> AppExport:
    """Fluids on three days and two workouts; the run of 03-05 is also in :func:`strava`."""
    workouts = _workouts(
        ("a-run", "2025-03-05 08:00", "2025-03-05 08:40", "2025-03-05 07:00", "running"),
        ("a-walk", "2025-03-06 18:00", "2025-03-06 18:30", "2025-03-06 17:00", "walking"),
    )
    daily = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-03-04", "2025-03-05", "2025-03-06"]),
            "water_l": [1.8, 2.2, 2.5],
            "exercise_min": [float("nan"), 40.0, 30.0],
        }
    )
    return AppExport("Apple Health", daily, pd.DataFrame(columns=["start", "muscle", "side"]), workouts)


def strava() -> AppExport:
    """The same run (38 minutes of it, UTC 07:01) and a ride of its own."""
    workouts = _workouts(
        ("s-1", "2025-03-05 08:01", "2025-03-05 08:39", "2025-03-05 07:01", "Run"),
        ("s-2", "2025-03-07 10:00", "2025-03-07 11:00", "2025-03-07 09:00", "Ride"),
    )
    daily = pd.DataFrame({"date": pd.to_datetime(["2025-03-05", "2025-03-07"]), "exercise_min": [38.0, 60.0]})
    return AppExport("Strava", daily, pd.DataFrame(columns=["start", "muscle", "side"]), workouts)


def bearable() -> AppExport:
    episodes = pd.DataFrame(
        {
            "start": pd.to_datetime(["2025-03-05 03:10", "2025-03-06 02:00"]),
            "muscle": pd.Categorical(
                ["calf", "foot"], categories=list(schema.EPISODES.field("muscle").vocabulary)
            ),
            "side": pd.Categorical(["left", None], categories=list(schema.EPISODES.field("side").vocabulary)),
            "severity": [6.0, 3.0],
        }
    )
    return AppExport(
        "Bearable", pd.DataFrame(columns=["date"]), episodes, pd.DataFrame(columns=list(WORKOUT_COLUMNS))
    )


def _day(j: jr.Journal, date: str) -> dict:
    daily = j.daily(A)
    return daily.loc[daily["date"] == pd.Timestamp(date)].iloc[0].to_dict()


def _sources(j: jr.Journal) -> dict[tuple[str, str], str]:
    s = j.daily_sources(A)
    return {
        (d.strftime("%m-%d"), c): src for d, c, src in zip(s["date"], s["column"], s["source"], strict=True)
    }


def test_a_new_export_adds_days_marked_with_the_app_and_its_workouts(j):
    preview = j.preview_app_import(A, apple())
    assert preview.counts()["days_added"] == 3 and preview.counts()["workouts_added"] == 2
    assert j.daily(A).empty  # the preview writes nothing
    counts = j.apply_app_import(A, preview)
    assert counts["days_added"] == 3 and counts["workouts_added"] == 2
    assert _day(j, "2025-03-05")["water_l"] == 2.2 and _day(j, "2025-03-05")["exercise_min"] == 40.0
    assert _sources(j)[("03-05", "water_l")] == "Apple Health"
    assert _sources(j)[("03-06", "exercise_min")] == "Apple Health"
    assert j.workouts(A)["source_id"].tolist() == ["a-run", "a-walk"]


def test_importing_the_same_export_again_adds_nothing(j):
    j.apply_app_import(A, j.preview_app_import(A, apple()))
    before = (j.daily(A), j.workouts(A), j.daily_sources(A))
    again = j.preview_app_import(A, apple())
    assert again.empty and again.counts()["workouts_already_there"] == 2
    counts = j.apply_app_import(A, again)
    assert counts["days_added"] == counts["cells_filled"] == counts["workouts_added"] == 0
    pd.testing.assert_frame_equal(j.daily(A), before[0])
    pd.testing.assert_frame_equal(j.workouts(A), before[1])
    pd.testing.assert_frame_equal(j.daily_sources(A), before[2])


def test_a_stale_preview_applied_twice_adds_nothing_the_second_time(j):
    preview = j.preview_app_import(A, strava())
    j.apply_app_import(A, preview)
    assert j.apply_app_import(A, preview)["workouts_added"] == 0
    assert len(j.workouts(A)) == 2 and len(j.daily(A)) == 2


def test_the_same_run_from_two_apps_is_counted_once_keeping_the_longer(j):
    j.apply_app_import(A, j.preview_app_import(A, apple()))
    preview = j.preview_app_import(A, strava())
    pair = preview.same_workout
    assert len(pair) == 1
    assert (pair["source"].iloc[0], pair["other_source"].iloc[0], pair["counted"].iloc[0]) == (
        "Strava",
        "Apple Health",
        "Apple Health",
    )
    j.apply_app_import(A, preview)
    assert len(j.workouts(A)) == 4  # both recordings are stored ...
    assert _day(j, "2025-03-05")["exercise_min"] == 40.0  # ... the run counts once: Apple's 40 min
    assert _day(j, "2025-03-07")["exercise_min"] == 60.0
    assert _sources(j)[("03-05", "exercise_min")] == "Apple Health"
    assert _sources(j)[("03-07", "exercise_min")] == "Strava"


def test_the_order_of_the_imports_does_not_change_the_minutes(j):
    j.apply_app_import(A, j.preview_app_import(A, strava()))
    assert _day(j, "2025-03-05")["exercise_min"] == 38.0
    j.apply_app_import(A, j.preview_app_import(A, apple()))
    assert _day(j, "2025-03-05")["exercise_min"] == 40.0  # recomputed: the longer recording counts
    assert _day(j, "2025-03-05")["water_l"] == 2.2


def test_workouts_of_two_apps_that_do_not_overlap_enough_both_count(j):
    j.apply_app_import(A, j.preview_app_import(A, apple()))
    late = strava()
    late.workouts = _workouts(("s-9", "2025-03-05 08:25", "2025-03-05 09:05", "2025-03-05 07:25", "Run"))
    late.daily = late.daily.iloc[:1]
    preview = j.preview_app_import(A, late)
    assert preview.same_workout.empty  # 15 of 40 minutes overlap: less than half
    j.apply_app_import(A, preview)
    assert _day(j, "2025-03-05")["exercise_min"] == 80.0
    assert _sources(j)[("03-05", "exercise_min")] == "Apple Health, Strava"


def test_values_the_person_typed_win_unless_they_choose_otherwise(j):
    j.save_day(A, "2025-03-05", water_l=3.0, exercise_min=20.0)
    j.save_day(A, "2025-03-06", stress=4.0)
    preview = j.preview_app_import(A, apple())
    kept = preview.yours_kept.sort_values("column")
    assert kept[["column", "yours", "theirs"]].values.tolist() == [
        ["exercise_min", 20.0, 40.0],
        ["water_l", 3.0, 2.2],
    ]
    assert (
        preview.counts()["days_added"] == 1 and preview.counts()["cells_filled"] == 2
    )  # 03-06 water, exercise
    j.apply_app_import(A, preview)
    assert _day(j, "2025-03-05")["water_l"] == 3.0 and _day(j, "2025-03-05")["exercise_min"] == 20.0
    assert _day(j, "2025-03-06")["water_l"] == 2.5 and _day(j, "2025-03-06")["stress"] == 4.0
    assert ("03-05", "water_l") not in _sources(j) and _sources(j)[("03-06", "water_l")] == "Apple Health"


def test_replace_own_lets_the_app_replace_typed_values(j):
    j.save_day(A, "2025-03-05", water_l=3.0, exercise_min=20.0)
    counts = j.apply_app_import(A, j.preview_app_import(A, apple()), replace_own=True)
    assert counts["yours_replaced"] == 2 and counts["yours_kept"] == 0
    assert _day(j, "2025-03-05")["water_l"] == 2.2 and _day(j, "2025-03-05")["exercise_min"] == 40.0
    assert _sources(j)[("03-05", "water_l")] == "Apple Health"


def test_a_value_from_another_app_that_differs_is_kept_and_listed(j):
    j.save_day(A, "2025-03-05")
    j.fill_blanks(A, pd.DataFrame({"date": pd.to_datetime(["2025-03-05"]), "temp_c": [12.0]}), source=WEATHER)
    other = apple()
    other.daily = pd.DataFrame({"date": pd.to_datetime(["2025-03-05"]), "temp_c": [14.0]})
    preview = j.preview_app_import(A, other)
    assert preview.other_app[["column", "stored", "stored_source", "theirs"]].values.tolist() == [
        ["temp_c", 12.0, WEATHER, 14.0]
    ]
    j.apply_app_import(A, preview, replace_own=True)  # replace_own is about the person's values only
    assert _day(j, "2025-03-05")["temp_c"] == 12.0


def test_episodes_from_an_app_are_added_once_with_their_source(j):
    j.add_episode(A, start="2025-03-06 02:00", muscle="foot")
    preview = j.preview_app_import(A, bearable())
    assert preview.counts()["episodes_added"] == 1 and preview.counts()["episodes_already_there"] == 1
    j.apply_app_import(A, preview)
    assert j.apply_app_import(A, j.preview_app_import(A, bearable()))["episodes_added"] == 0
    episodes = j.episodes(A)
    assert len(episodes) == 2
    sources = j.episode_sources(A)
    calf = int(episodes.loc[episodes["muscle"] == "calf", "id"].iloc[0])
    assert sources == {calf: "Bearable"}


def test_app_import_is_per_owner_and_refuses_a_preview_for_another(j):
    preview = j.preview_app_import(A, apple())
    with pytest.raises(JournalError, match="another journal"):
        j.apply_app_import(B, preview)
    j.apply_app_import(A, preview)
    assert j.daily(B).empty and j.workouts(B).empty
    assert j.preview_app_import(B, apple()).counts()["days_added"] == 3


def test_the_overlap_rule_compares_local_clock_when_a_utc_start_is_missing():
    a = {
        "source": "A",
        "start": pd.Timestamp("2025-03-05 08:00"),
        "end": pd.Timestamp("2025-03-05 08:40"),
        "start_utc": pd.Timestamp("2025-03-05 07:00"),
    }
    b = {
        "source": "B",
        "start": pd.Timestamp("2025-03-05 08:10"),
        "end": pd.Timestamp("2025-03-05 08:30"),
        "start_utc": None,
    }
    assert wk.same_workout(a, b)
    assert not wk.same_workout(a, {**b, "source": "A"})  # one app's own sessions are never merged
    # both in UTC: the UTC spans decide, whatever the local clocks say
    assert not wk.same_workout(a, {**b, "start_utc": pd.Timestamp("2025-03-05 09:10")})
