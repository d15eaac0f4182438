"""An app's export becomes one canonical table, checked by the same rules as a person's own CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from crampwise.errors import AppKindError
from crampwise.io.apps import WORKOUT_COLUMNS, AppExport, pick_kind, to_result


def _export(daily: pd.DataFrame | None = None, episodes: pd.DataFrame | None = None) -> AppExport:
    return AppExport(
        app="Apple Health",
        daily=daily if daily is not None else pd.DataFrame({"date": pd.Series(dtype="datetime64[us]")}),
        episodes=episodes
        if episodes is not None
        else pd.DataFrame({"start": pd.Series(dtype="datetime64[us]")}),
        workouts=pd.DataFrame(columns=list(WORKOUT_COLUMNS)),
        notes=["Sleep counts on the morning it ends."],
        left_out=["steps (3 records)"],
    )


DAYS = pd.DataFrame(
    {
        "date": pd.to_datetime(["2025-03-02", "2025-03-01", "2025-03-03"]),
        "water_l": [1.5, 2.25, 31.0],
        "exercise_min": [30.0, None, 45.0],
    }
)


def test_days_come_back_sorted_in_canonical_dtypes_and_say_which_app():
    result = to_result(_export(DAYS.iloc[:2]), None)
    assert result.table.name == "daily"
    assert result.app == "Apple Health"
    assert result.notes[0] == "This is an Apple Health export."
    assert "Sleep counts on the morning it ends." in result.notes
    assert result.left_out == ["steps (3 records)"]
    assert result.data["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-03-02"]
    assert str(result.data["water_l"].dtype) == "float64"
    assert result.data["water_l"].tolist() == [2.25, 1.5]
    assert pd.isna(result.data["exercise_min"].iloc[0])
    assert result.ok


def test_a_value_out_of_range_is_refused_by_its_day_and_the_rest_kept():
    result = to_result(_export(DAYS), "daily")
    assert len(result.data) == 2
    [problem] = result.problems.to_dict("records")
    assert problem["column"] == "water_l"
    assert problem["message"].startswith("2025-03-03, water_l: 31")


def test_the_readers_own_problems_are_kept_with_their_rows():
    export = _export(DAYS.iloc[:1])
    export.problems = pd.DataFrame(
        [
            {
                "row": 7,
                "column": "value",
                "value": "abc",
                "reason": "is not a number",
                "message": "row 7, value: abc",
            }
        ]
    )
    result = to_result(export, "daily")
    assert result.problems["row"].tolist() == [7]
    assert not result.ok


def test_an_export_holding_both_kinds_must_be_told_which():
    episodes = pd.DataFrame({"start": pd.to_datetime(["2025-03-01 09:00"]), "muscle": ["calf"]})
    export = _export(DAYS.iloc[:1], episodes)
    with pytest.raises(AppKindError, match=r"both days \(1\) and episodes \(1\).*--kind daily"):
        pick_kind(export, None)
    assert to_result(export, "episodes").data["muscle"].tolist() == ["calf"]


def test_asking_for_a_kind_the_export_lacks_is_refused():
    with pytest.raises(AppKindError, match="has no episodes; it holds days"):
        to_result(_export(DAYS.iloc[:1]), "episodes")


def test_every_declared_app_has_a_reader_and_a_section_in_the_data_format_doc():
    from paths import ROOT

    from crampwise.io.apps import APPS

    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for spec in APPS:
        reader = spec.reader()
        assert reader.APP == spec.app
        assert reader.document().startswith(f"### {spec.app}\n")
        assert f"\n### {spec.app}\n" in doc, spec.app


def test_an_app_csv_over_the_upload_limit_is_refused_before_it_is_read():
    from apps_fixtures import STRAVA_CSV

    from crampwise.errors import FileTooLargeError
    from crampwise.io import read_file

    with pytest.raises(FileTooLargeError, match="the limit is 100 bytes"):
        read_file(STRAVA_CSV, max_bytes=100)
    with STRAVA_CSV.open("rb") as stream, pytest.raises(FileTooLargeError):
        read_file(stream, max_bytes=100)
