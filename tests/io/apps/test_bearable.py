"""Bearable's export: cramp, spasm and twitch symptoms as episodes, sleep as days, mappings stated once."""

from __future__ import annotations

import pandas as pd
import pytest
from apps_fixtures import APPS_DIR
from paths import DATA_DIR

from crampwise.errors import AppKindError
from crampwise.io import read_file
from crampwise.io.apps import bearable, read_export, recognise
from crampwise.io.apps.symptoms import muscle

OLD = APPS_DIR / "bearable" / "bearable_export.csv"
NEW = APPS_DIR / "bearable" / "bearable_export_new.csv"


@pytest.fixture(scope="module")
def export():
    return read_export(OLD)


def test_recognised_by_its_header_old_and_new_and_not_a_plain_log():
    assert recognise(OLD).app == "Bearable" and recognise(NEW).app == "Bearable"
    for own in sorted(DATA_DIR.glob("*.csv")):
        assert recognise(own) is None, own.name


def test_only_cramps_spasms_and_twitches_become_episodes_each_item_of_a_cell_apart(export):
    names = [n.removeprefix("From Bearable: ").split(".")[0] for n in export.episodes["notes"]]
    assert names == ["Leg cramps (Severe)", "Calf cramp (Moderate)", "Eye twitching (Mild)", "Muscle spasm"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Calf cramp", "calf"), ("Leg cramps", "other"), ("Eye twitching", "eyelid"), ("Toe cramps", "toes")],
)
def test_the_muscle_is_read_from_the_name_and_never_guessed(name, expected):
    assert muscle(name) == expected


def test_severity_words_and_parts_of_the_day_follow_the_declared_mappings(export):
    ep = export.episodes
    assert ep["severity"].tolist()[:3] == [bearable.SEVERITY["severe"], bearable.SEVERITY["moderate"], 2.0]
    assert pd.isna(ep["severity"].iloc[3])  # unrated stays blank
    assert ep["start"].dt.strftime("%H:%M").tolist() == ["04:00", "21:30", "19:00", "13:00"]
    assert any("approximate" in n for n in export.notes)


def test_sleep_hours_in_both_spellings(export):
    assert export.daily.set_index("date")["sleep_h"].to_dict() == {
        pd.Timestamp("2025-03-03"): 7.5,
        pd.Timestamp("2025-03-05"): 6.75,
    }


def test_unreadable_entries_are_refused_by_row_and_the_rest_kept(export):
    assert export.problems["message"].tolist() == [
        "row 10, time of day: evening is not pre, am, mid, pm, all day or HH:MM",
        "row 11, detail: Hamstring cramp (Very bad) has a severity other than "
        "mild, moderate, severe, extreme",
    ]


def test_newer_exports_use_date_formatted():
    export = read_export(NEW)
    assert export.episodes["start"].tolist() == [pd.Timestamp("2025-03-10 08:15")]
    assert export.episodes["muscle"].tolist() == ["toes"]


def test_read_file_must_be_told_which_table_of_an_export_holding_both():
    with pytest.raises(AppKindError, match="both days"):
        read_file(OLD)
    assert read_file(OLD, "episodes").data["muscle"].tolist() == ["other", "calf", "eyelid", "other"]
