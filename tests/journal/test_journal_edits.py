"""journal_edits.diff: which rows of an edited journal table changed, went or came;
journal_edits.equal_rows: which journal rows equal the sample's; journal_edits.refusals and
check_changes: what an edit or entry may not hold, in the words the person sees."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crampwise import schema
from crampwise.errors import EntryRefusedError
from crampwise.journal import edits
from crampwise.journal import edits as je
from crampwise.journal.edits import diff, equal_rows, plain, same


def episodes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.Series([3, 7, 9], dtype="int64"),
            "start": pd.Series(
                pd.to_datetime(["2025-03-01 22:00", "2025-03-02 06:30", "2025-03-04 12:00"]),
                dtype="datetime64[us]",
            ),
            "muscle": pd.Categorical(["calf", "foot", "neck"], categories=["calf", "foot", "neck"]),
            "severity": [7.0, np.nan, 3.0],
            "notes": pd.Series(["woke me", None, "x"], dtype="str"),
        }
    )


def daily() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.Series(pd.to_datetime(["2025-03-01", "2025-03-02"]), dtype="datetime64[us]"),
            "water_l": [1.5, np.nan],
            "warmup": pd.Series([True, pd.NA], dtype="boolean"),
            "caffeine_mg": [100.0, np.nan],
        }
    )


def test_unchanged_copy_is_empty():
    original = episodes()
    result = diff(original, original.copy(), "id")
    assert result.empty and result.updates == {} and result.deleted == [] and result.added == []


def test_dtype_changes_alone_are_not_edits():
    original = episodes()
    edited = original.copy()
    edited["muscle"] = edited["muscle"].astype(object)  # categorical -> strings
    edited["severity"] = edited["severity"].astype(object).where(edited["severity"].notna(), None)
    edited["id"] = edited["id"].astype("float64")
    assert diff(original, edited, "id").empty


def test_changed_cells_are_reported_per_key_with_plain_values():
    original = episodes()
    edited = original.copy()
    edited.loc[1, "severity"] = 4
    edited.loc[1, "notes"] = "after a run"
    edited.loc[2, "start"] = pd.Timestamp("2025-03-04 13:15")
    edited.loc[0, "severity"] = 6.5
    result = diff(original, edited, "id")
    assert result.updates == {
        3: {"severity": 6.5},
        7: {"severity": 4, "notes": "after a run"},
        9: {"start": pd.Timestamp("2025-03-04 13:15")},
    }
    assert type(result.updates[7]["severity"]) is int  # whole numbers quoted as typed
    assert result.deleted == [] and result.added == []


def test_clearing_a_value_reports_none():
    original = episodes()
    edited = original.copy()
    edited.loc[0, "severity"] = np.nan
    edited.loc[0, "notes"] = None
    assert diff(original, edited, "id").updates == {3: {"severity": None, "notes": None}}


def test_removed_rows_are_deleted_in_original_order():
    original = episodes()
    edited = original.drop(index=[0, 2])
    result = diff(original, edited, "id")
    assert result.deleted == [3, 9] and result.updates == {}


def test_reordered_rows_match_by_key_not_position():
    original = episodes()
    edited = original.iloc[::-1].reset_index(drop=True)
    assert diff(original, edited, "id").empty


def test_rows_without_or_with_unknown_key_are_added():
    original = episodes()
    new = pd.DataFrame(
        {
            "id": [None, 42],
            "start": [pd.Timestamp("2025-03-05 08:00")] * 2,
            "muscle": ["hand", "arm"],
            "severity": [2.0, np.nan],
            "notes": [None, "n"],
        }
    )
    result = diff(original, pd.concat([original, new], ignore_index=True), "id")
    assert result.added == [
        {"start": pd.Timestamp("2025-03-05 08:00"), "muscle": "hand", "severity": 2.0, "notes": None},
        {
            "id": 42,
            "start": pd.Timestamp("2025-03-05 08:00"),
            "muscle": "arm",
            "severity": None,
            "notes": "n",
        },
    ]
    assert result.updates == {} and result.deleted == []


def test_daily_rows_keyed_by_date_with_booleans_and_custom_factors():
    original = daily()
    edited = original.copy()
    edited.loc[0, "caffeine_mg"] = np.nan
    edited.loc[1, "warmup"] = False
    edited.loc[1, "water_l"] = -1.0
    result = diff(original, edited, "date")
    assert result.updates == {
        pd.Timestamp("2025-03-01"): {"caffeine_mg": None},
        pd.Timestamp("2025-03-02"): {"warmup": False, "water_l": -1.0},
    }


def test_both_edits_and_deletions_together():
    original = daily()
    edited = original.drop(index=[1])
    edited.loc[0, "water_l"] = 2.0
    result = diff(original, edited, "date")
    assert result.updates == {pd.Timestamp("2025-03-01"): {"water_l": 2.0}}
    assert result.deleted == [pd.Timestamp("2025-03-02")]


def test_a_column_missing_from_the_edited_frame_is_unchanged():
    original = episodes()
    assert diff(original, original.drop(columns="notes"), "id").empty


def test_key_column_is_required_and_unique():
    with pytest.raises(ValueError, match="key column"):
        diff(episodes(), episodes().drop(columns="id"), "id")
    twice = pd.concat([episodes(), episodes()], ignore_index=True)
    with pytest.raises(ValueError, match="repeated"):
        diff(twice, twice, "id")


def test_same_and_plain():
    assert same(np.nan, None) and same(pd.NaT, pd.NA) and same(2, 2.0)
    assert not same(True, 1.0) and not same(0.0, None) and not same("a", None)
    assert same(pd.Timestamp("2025-01-01"), np.datetime64("2025-01-01"))
    assert plain(np.float64(1.5)) == 1.5 and type(plain(np.int64(2))) is int
    assert plain(["stretch", "heat"]) == ["stretch", "heat"]


# --------------------------------------------------------------------------- equal_rows


def sample_episodes() -> pd.DataFrame:
    """The episodes of episodes() without ids, the way a file reads (plain dtypes)."""
    frame = episodes().drop(columns="id")
    frame["muscle"] = frame["muscle"].astype(object)
    return frame


def test_equal_rows_finds_journal_episodes_that_equal_the_other_rows_by_id():
    journal = episodes()
    assert equal_rows(journal, sample_episodes(), "id") == [3, 7, 9]
    assert equal_rows(journal, sample_episodes().iloc[[2, 0]], "id") == [3, 9]  # journal order
    assert all(type(k) is int for k in equal_rows(journal, sample_episodes(), "id"))


def test_a_row_changed_by_the_person_is_not_the_samples():
    journal = episodes()
    journal.loc[1, "notes"] = "after a run"  # edited: was missing
    journal.loc[2, "severity"] = 4.0
    assert equal_rows(journal, sample_episodes(), "id") == [3]


def test_a_value_only_the_journal_has_makes_the_row_its_own():
    journal = daily()
    journal["magnesium_mg"] = [np.nan, 300.0]  # a factor the person added to day 2
    other = daily().drop(columns="caffeine_mg")
    other["caffeine_mg"] = [100.0, np.nan]  # same values, other column order
    assert equal_rows(journal, other, "date") == [pd.Timestamp("2025-03-01")]


def test_daily_rows_match_on_the_date_and_every_value():
    journal = daily()
    other = daily()
    other.loc[0, "date"] = pd.Timestamp("2025-02-28")  # same values, another day
    assert equal_rows(journal, other, "date") == [pd.Timestamp("2025-03-02")]
    other = daily()
    other["warmup"] = pd.Series([1.0, np.nan])  # 1 is not True
    assert equal_rows(journal, other, "date") == [pd.Timestamp("2025-03-02")]


def test_each_other_row_matches_one_journal_row_only():
    journal = pd.concat([episodes(), episodes().iloc[[0]].assign(id=12)], ignore_index=True)
    assert equal_rows(journal, sample_episodes(), "id") == [3, 7, 9]  # 12, the second copy, stays
    twice = pd.concat([sample_episodes(), sample_episodes().iloc[[0]]], ignore_index=True)
    assert equal_rows(journal, twice, "id") == [3, 7, 9, 12]


def test_equal_rows_on_empty_frames_and_without_the_key():
    assert equal_rows(episodes().iloc[0:0], sample_episodes(), "id") == []
    assert equal_rows(episodes(), sample_episodes().iloc[0:0], "id") == []
    with pytest.raises(ValueError, match="key column"):
        equal_rows(sample_episodes(), sample_episodes(), "id")


def test_to_canonical_converts_only_changed_unit_cells():
    changes = je.EditDiff(
        updates={"2025-03-01": {"water_l": 64, "temp_c": 86.0, "sleep_h": 7}, "2025-03-02": {"notes": "hot"}},
        deleted=["2025-03-03"],
        added=[{"temp_c": 32.0}],
    )
    us = je.to_canonical(changes, "us")
    assert us.updates == {
        "2025-03-01": {"water_l": 1.893, "temp_c": 30.0, "sleep_h": 7},
        "2025-03-02": {"notes": "hot"},
    }
    assert us.deleted == ["2025-03-03"] and us.added == [{"temp_c": 0.0}]
    assert je.to_canonical(changes, "metric").updates == changes.updates  # -1 stays -1
    assert changes.updates["2025-03-01"]["water_l"] == 64  # the input is not changed


# --------------------------------------------------------------------------- refusals

NOW = dt.datetime(2026, 12, 3, 5, 26)


def _episode(**changes):
    row = {"start": dt.datetime(2025, 3, 14, 22, 15), "muscle": "calf", "severity": 7, "duration_min": 2}
    return {**row, **changes}


def test_refusal_names_the_entry_the_column_title_the_value_and_the_reason_with_its_unit():
    entry = edits.entry_name(schema.EPISODES, _episode())
    assert entry == "The episode of 14 Mar 2025, 22:15"
    assert edits.refusals(schema.EPISODES, entry, _episode(duration_min=0, severity=15), NOW) == [
        "The episode of 14 Mar 2025, 22:15: Severity 15 is above 10.",
        "The episode of 14 Mar 2025, 22:15: Duration 0 must be more than 0 minutes.",
    ]
    assert edits.refusals(schema.EPISODES, entry, _episode(), NOW) == []


def test_refusal_of_a_day_names_the_day_and_quotes_the_value_in_the_units_typed():
    day = {"date": pd.Timestamp("2025-03-01"), "water_l": 20.0}
    entry = edits.entry_name(schema.DAILY, day)
    assert entry == "The day 1 Mar 2025"
    assert edits.refusals(schema.DAILY, entry, {**day, "humidity_pct": 101}, NOW) == [
        "The day 1 Mar 2025: Fluids 20 is above 15 litres.",
        "The day 1 Mar 2025: Humidity 101 is above 100%.",
    ]
    # typed in fl oz: the value and the limit as the person saw them
    assert edits.refusals(schema.DAILY, entry, day, NOW, typed={"water_l": 700}, system="us") == [
        "The day 1 Mar 2025: Fluids 700 is above 507 fl oz."
    ]


def test_a_start_or_date_in_the_future_is_refused_beyond_the_clock_drift():
    ahead = NOW + edits.CLOCK_DRIFT
    assert edits.check_entry(schema.EPISODES, _episode(start=ahead), NOW) == []  # clocks differ a little
    [refused] = edits.check_entry(schema.EPISODES, _episode(start=ahead + dt.timedelta(minutes=1)), NOW)
    assert refused.column == "start" and "future" in refused.reason
    [line] = edits.refusals(
        schema.EPISODES, "The new episode", _episode(start=dt.datetime(2026, 12, 3, 23, 26)), NOW
    )
    assert line == (
        "The new episode: Start 3 Dec 2026, 23:26 is in the future: it is 3 Dec 2026, 05:26 now "
        "(up to 5 minutes ahead is allowed, for clocks that differ)."
    )
    assert edits.check_entry(schema.DAILY, {"date": NOW.date(), "water_l": 1}, NOW) == []  # today is fine
    [line] = edits.refusals(schema.DAILY, "The day 4 Dec 2026", {"date": dt.date(2026, 12, 4)}, NOW)
    assert line == "The day 4 Dec 2026: Date 4 Dec 2026 is in the future: today is 3 Dec 2026."


def test_check_changes_checks_every_edited_row_and_raises_one_error_with_every_line():
    stored = pd.DataFrame(
        {
            "id": [1, 2],
            "start": pd.to_datetime(["2025-03-14 22:15", "2025-03-16 06:40"]),
            "muscle": ["calf", "foot"],
            "severity": [7.0, 4.0],
            "duration_min": [2.0, 1.0],
        }
    )
    changes = edits.EditDiff(updates={1: {"duration_min": 0}, 2: {"severity": 15}})
    with pytest.raises(EntryRefusedError) as caught:
        edits.check_changes(schema.EPISODES, stored, changes, changes, NOW)
    assert caught.value.lines == [
        "The episode of 14 Mar 2025, 22:15: Duration 0 must be more than 0 minutes.",
        "The episode of 16 Mar 2025, 06:40: Severity 15 is above 10.",
    ]
    edits.check_changes(
        schema.EPISODES, stored, edits.EditDiff(updates={2: {"severity": 9}}), edits.EditDiff(), NOW
    )


def test_twin_finds_an_episode_alike_in_every_value_starting_within_the_window():
    stored = pd.DataFrame(
        {
            "id": [1, 2],
            "start": pd.to_datetime(["2025-03-14 22:15", "2025-03-14 22:20"]),
            "muscle": pd.Categorical(["calf", "calf"]),
            "side": ["left", "left"],
            "severity": [5.0, 5.0],
            "duration_min": [1.0, 1.0],
            "activity": [None, None],
            "relief": ["stretch;heat", "stretch;heat"],
            "notes": [None, None],
        }
    )
    new = {
        "start": dt.datetime(2025, 3, 14, 22, 21),
        "muscle": "calf",
        "side": "left",
        "severity": 5,
        "duration_min": 1.0,
        "activity": "",
        "relief": ["stretch", "heat"],
        "notes": None,
    }
    assert edits.twin(stored, new) == pd.Timestamp("2025-03-14 22:20")  # the latest of the two
    assert edits.twin(stored, {**new, "severity": 6}) is None
    assert edits.twin(stored, {**new, "relief": ["stretch"]}) is None
    late = pd.Timestamp("2025-03-14 22:20") + edits.TWIN_WINDOW + dt.timedelta(minutes=1)
    assert edits.twin(stored, {**new, "start": late}) is None
    assert edits.twin(stored.iloc[:0], new) is None
