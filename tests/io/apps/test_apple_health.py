"""Apple Health's export, read as a stream: days, units, time zones, sleep, workouts, limits."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from apps_fixtures import APPLE_XML, apple_health_zip

from crampwise.errors import FileTooLargeError
from crampwise.io import read_file
from crampwise.io.apps import apple_health, read_export, recognise


@pytest.fixture(scope="module")
def export():
    return read_export(APPLE_XML)


def _day(export, day: str) -> dict:
    daily = export.daily.set_index("date")
    return daily.loc[pd.Timestamp(day)].to_dict()


def test_recognised_by_content_whatever_the_name(tmp_path):
    renamed = tmp_path / "my data.txt"
    renamed.write_bytes(APPLE_XML.read_bytes())
    assert recognise(renamed).app == "Apple Health"
    assert recognise(apple_health_zip(tmp_path)).app == "Apple Health"
    assert recognise(b"<?xml version='1.0'?><rss><channel/></rss>") is None
    assert recognise(b"<!DOCTYPE html><html><body>HealthData</body></html>") is None


def test_water_in_millilitres_litres_and_us_fluid_ounces_is_summed_in_litres(export):
    assert _day(export, "2025-03-03")["water_l"] == pytest.approx(1.5)
    assert _day(export, "2025-03-04")["water_l"] == pytest.approx(16 * 0.0295735295625 + 0.25, abs=1e-3)


def test_a_record_counts_on_the_date_written_in_it_not_its_utc_date(export):
    # 23:30 -0600 on 4 March is 5 March in UTC; 00:15 +0100 on 5 March is 4 March in UTC.
    assert _day(export, "2025-03-04")["water_l"] == pytest.approx(0.723, abs=1e-3)
    assert _day(export, "2025-03-05")["water_l"] == pytest.approx(0.3)


def test_sleep_is_time_asleep_merged_across_devices_on_the_morning_it_ends(export):
    # iPhone asleep 23:00-05:00 holds the Watch's 01:00-03:00; REM 05:00-06:00 follows.
    # In bed and awake are not sleep.
    assert _day(export, "2025-03-04")["sleep_h"] == pytest.approx(7.0)
    assert export.daily["sleep_h"].notna().sum() == 1


def test_workouts_in_any_duration_unit_or_only_start_and_end(export):
    assert _day(export, "2025-03-03")["exercise_min"] == 45
    assert _day(export, "2025-03-05")["exercise_min"] == 40  # 2400 s
    assert _day(export, "2025-03-12")["exercise_min"] == 30  # no duration: end minus start
    run = export.workouts.set_index("activity").loc["Running"]
    assert run["start_utc"] == pd.Timestamp("2025-03-05 07:00")
    assert run["device"] == "Apple Watch"
    ride = export.workouts.set_index("activity").loc["Cycling"]
    assert ride["start"] == pd.Timestamp("2025-03-03 18:00") and ride["start_utc"] == pd.Timestamp(
        "2025-03-04 00:00"
    )


def test_a_day_without_a_workout_has_no_exercise_value_rather_than_zero(export):
    assert pd.isna(_day(export, "2025-03-20")["exercise_min"])


def test_a_bad_record_is_refused_with_its_line_and_the_rest_kept(export):
    [problem] = export.problems.to_dict("records")
    assert problem["column"] == "value" and problem["value"] == "abc"
    line = next(i for i, text in enumerate(APPLE_XML.read_text().splitlines(), 1) if 'value="abc"' in text)
    assert problem["row"] == line
    assert problem["message"] == f"line {line}, value: abc is not a number"


def test_what_is_not_read_is_named_with_counts(export):
    assert export.left_out == ["steps (2 records)", "heart rate (1 record)"]


def test_the_zip_and_the_bare_xml_give_the_same_export(export, tmp_path):
    zipped = read_export(apple_health_zip(tmp_path))
    pd.testing.assert_frame_equal(zipped.daily, export.daily)
    pd.testing.assert_frame_equal(zipped.workouts, export.workouts)
    with apple_health_zip(tmp_path).open("rb") as stream:
        assert read_export(stream).daily.equals(export.daily)


def test_read_file_gives_the_days_checked_like_a_csv():
    result = read_file(APPLE_XML, "daily")
    assert result.app == "Apple Health"
    assert result.data["date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2025-03-03", "2025-03-04"]
    assert result.notes[0] == "This is an Apple Health export."
    assert list(result.problems["message"]) == [export_line_message()]


def export_line_message() -> str:
    return read_export(APPLE_XML).problems["message"].iloc[0]


def test_an_xml_declaring_entities_is_refused_before_it_can_expand():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><HealthData>&b;</HealthData>'
    )
    with pytest.raises(apple_health.AppleHealthError, match="declares XML entities"):
        apple_health.read(bomb)


def test_a_damaged_export_names_its_line():
    with pytest.raises(apple_health.AppleHealthError, match="damaged at line 2"):
        apple_health.read(b'<?xml version="1.0"?>\n<HealthData><Record type="x"\n')


def test_a_zip_that_would_unpack_far_beyond_apples_compression_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "apple_health_export/export.xml", b"<?xml version='1.0'?><HealthData>" + b" " * 5_000_000
        )
    with pytest.raises(FileTooLargeError, match="100:1 compression"):
        apple_health.read(buffer.getvalue())


def test_a_zipped_export_over_the_stated_limit_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(apple_health, "MAX_ZIPPED_EXPORT_MB", 0)
    with pytest.raises(FileTooLargeError, match="up to 0 MB"):
        apple_health.read(apple_health_zip(tmp_path))
