"""AppTest: the Loaded files page (tabs, filters, downloads, remove and undo, units)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from app_helpers import DATA, button, load_sample_via_home, open_app, texts

from crampwise.io.sample import load_sample


@pytest.fixture(scope="module")
def sample():
    daily, episodes = load_sample()
    return daily.data, episodes.data


@pytest.fixture
def at():
    """The Data page with the sample loaded (pinned, so reruns stay on it)."""
    app = load_sample_via_home()
    app.switch_page(DATA).run()
    assert not app.exception
    return app


def test_empty_data_page_points_to_import_and_sample():
    at = open_app(DATA)
    assert any("kept only in this browser session" in i for i in texts(at.info))
    for tab, noun in zip(at.tabs, ("episodes", "daily rows"), strict=True):
        assert f"No {noun} loaded yet." in texts(tab.info)
        assert not tab.dataframe
        assert any(link.value.startswith("Import a") for link in tab.page_link)
        assert button(at, "Try it with sample data", within=tab)


def test_privacy_note_is_plain(at):
    note = " ".join(texts(at.info))
    assert "kept only in this browser session" in note
    assert "Closing or reloading the tab forgets it" in note
    assert "nothing is sent anywhere else" in note


def test_tables_show_all_rows_with_counts(at, sample):
    daily, episodes = sample
    episodes_tab, daily_tab = at.tabs
    assert len(episodes_tab.dataframe[0].value) == len(episodes)
    assert len(daily_tab.dataframe[0].value) == len(daily)
    assert f"Showing {len(episodes)} of {len(episodes)} episodes from the sample data." in texts(
        episodes_tab.caption
    )


def test_muscle_filter_changes_row_count(at, sample):
    _, episodes = sample
    calf = int((episodes["muscle"] == "calf").sum())
    assert 0 < calf < len(episodes)
    at.tabs[0].multiselect[0].set_value(["calf"]).run()
    assert not at.exception
    shown = at.tabs[0].dataframe[0].value
    assert len(shown) == calf
    assert set(shown["muscle"].astype(str)) == {"calf"}
    assert f"Showing {calf} of {len(episodes)} episodes from the sample data." in texts(at.tabs[0].caption)
    assert at.tabs[0].download_button[0].label == f"Download these {calf} rows (CSV)"


def test_date_filter_changes_row_count(at, sample):
    daily, _ = sample
    start, end = date(2025, 4, 1), date(2025, 4, 30)
    expected = int(daily["date"].between("2025-04-01", "2025-04-30").sum())
    assert 0 < expected < len(daily)
    at.tabs[1].date_input[0].set_value((start, end)).run()
    assert not at.exception
    shown = at.tabs[1].dataframe[0].value
    assert len(shown) == expected
    assert shown["date"].min().date() >= start and shown["date"].max().date() <= end


def test_episodes_date_filter_keeps_the_whole_end_day(at, sample):
    _, episodes = sample
    day = episodes["start"].iloc[0].date()
    expected = int((episodes["start"].dt.date == day).sum())
    at.tabs[0].date_input[0].set_value((day, day)).run()
    assert len(at.tabs[0].dataframe[0].value) == expected >= 1


def test_remove_then_undo_restores_the_rows(at, sample):
    _, episodes = sample
    button(at, "Remove loaded data", within=at.tabs[0]).click().run()
    assert not at.exception
    assert not at.tabs[0].dataframe
    assert "No episodes loaded yet." in texts(at.tabs[0].info)
    assert f"Removed {len(episodes)} episodes from the sample data." in texts(at.tabs[0].caption)
    assert len(at.tabs[1].dataframe[0].value) > 0  # the daily table is untouched

    button(at, "Undo", within=at.tabs[0]).click().run()
    assert not at.exception
    assert len(at.tabs[0].dataframe[0].value) == len(episodes)

    # The undo can itself be undone.
    button(at, "Redo", within=at.tabs[0]).click().run()
    assert not at.tabs[0].dataframe


def test_filters_reset_when_the_data_changes(at, sample):
    _, episodes = sample
    at.tabs[0].multiselect[0].set_value(["calf"]).run()
    button(at, "Remove loaded data", within=at.tabs[0]).click().run()
    button(at, "Undo", within=at.tabs[0]).click().run()
    assert not at.exception
    assert at.tabs[0].multiselect[0].value == []
    assert len(at.tabs[0].dataframe[0].value) == len(episodes)


def test_table_columns_carry_units(at):
    config = json.loads(at.tabs[1].dataframe[0].proto.columns)
    assert config["water_l"]["label"] == "Fluids (litres)"
    assert config["temp_c"]["label"] == "Temperature (°C)"
    assert config["date"]["type_config"]["type"] == "date"
    assert config["caffeine_mg"]["label"] == "caffeine_mg"  # custom factor, under its own name


def test_tables_follow_the_units_setting(sample):
    daily, _ = sample
    at = load_sample_via_home(units="us")
    at.switch_page(DATA).run()
    table = at.tabs[1].dataframe[0]
    shown = table.value.reset_index(drop=True)
    assert shown["water_l"].astype(float).tolist() == pytest.approx(
        (daily["water_l"] / 0.0295735295625).tolist()
    )
    assert shown["temp_c"].astype(float).tolist() == pytest.approx((daily["temp_c"] * 9 / 5 + 32).tolist())
    columns = json.loads(table.proto.columns)
    assert columns["water_l"]["label"] == "Fluids (fl oz)"
    assert columns["temp_c"]["label"] == "Temperature (°F)"
    assert columns["sleep_h"]["label"] == "Sleep (hours)"


def test_empty_cells_show_a_dash_and_relief_none_reads_nothing(at, sample):
    table = at.tabs[0].dataframe[0]
    assert table.proto.placeholder == "—"  # Streamlit's default placeholder is "None"
    episodes = table.value
    stored = sample[1]
    assert stored["relief"].eq("none").any() and stored["notes"].isna().any()  # the case exists
    assert "none" not in episodes["relief"].dropna().tolist()
    assert "nothing" in episodes["relief"].tolist()
    assert episodes["notes"].isna().sum() == stored["notes"].isna().sum()
    assert at.tabs[1].dataframe[0].proto.placeholder == "—"
