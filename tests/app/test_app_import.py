"""AppTest: the Import page, driven through its real file uploader."""

from __future__ import annotations

import pandas as pd
import pytest
from app_helpers import DATA, IMPORT, button, load_sample_via_home, open_app, texts, upload

from crampwise.io import MAX_UPLOAD_MB
from crampwise.io.apps.apple_health import MAX_ZIPPED_EXPORT_MB
from crampwise.ui import widgets

# Row 3 has fluids below 0, so it is refused; rows 2 and 4 are fine.
DAILY_ONE_BAD = b"""date,water_l,sleep_h
2025-03-01,1.5,7
2025-03-02,-1,8
2025-03-03,2.0,6.5
"""

# Every date reads both ways: 03/04/2025 is 3 April or March 4.
DAILY_AMBIGUOUS = b"""date,water_l
03/04/2025,1.5
04/05/2025,2.0
"""

# "Pain level" is not a header Crampwise knows; it holds the severity.
EPISODES_UNKNOWN_COLUMN = b"""start,muscle,Pain level
2025-03-01 22:15,calf,7
2025-03-02 06:40,foot,4
"""

# The start column has a name Crampwise cannot recognise, so the file lacks "start".
EPISODES_NO_START = b"""Began,muscle
2025-03-01 22:15,calf
"""

EPISODES_TWO = b"""start,muscle
2025-03-01 22:15,calf
2025-03-02 06:40,foot
"""


@pytest.fixture
def at():
    return open_app(IMPORT)


def accepted_preview(at) -> pd.DataFrame:
    return at.dataframe[-1].value


def test_states_size_limit_and_formats(at):
    page_text = " ".join(texts(at.markdown))
    assert f"up to **{MAX_UPLOAD_MB} MB**" in page_text
    # The format is described in the app, not by a path into the project.
    assert "docs/" not in page_text and ".md" not in page_text
    assert "Columns Crampwise reads" in page_text
    assert [e.label for e in at.expander if e.label == "Columns Crampwise reads"]
    uploader = at.file_uploader(key="import_file")
    assert uploader.label == f"CSV file (up to {MAX_UPLOAD_MB} MB), or another app's export"
    # The widget takes a zipped Apple Health export; a CSV over its own limit is refused in code.
    assert uploader.proto.max_upload_size_mb == MAX_ZIPPED_EXPORT_MB
    assert uploader.allowed_type == [".csv", ".tsv", ".txt", ".zip", ".xml"]


def test_offers_both_templates(at):
    labels = [d.label for d in at.download_button]
    assert labels == ["Episodes template (CSV)", "Daily template (CSV)"]


def test_kind_choice_defaults_to_detect(at):
    assert at.segmented_control(key="import_kind").value == "Detect automatically"
    assert at.segmented_control(key="import_kind").options == list(widgets.KIND_CHOICES)


def test_refused_rows_are_listed_and_downloadable(at):
    upload(at, "daily.csv", DAILY_ONE_BAD)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows read": "3", "Accepted": "2", "Refused": "1"}
    tables = [d.value for d in at.dataframe]
    problems = next(t for t in tables if "reason" in t.columns)
    assert problems.columns.tolist() == ["row", "column", "value", "reason"]
    assert problems.iloc[0].tolist()[:3] == [3, "Fluids (litres)", "-1"]  # the column's title
    assert "below 0" in problems.iloc[0]["reason"]
    assert "Download the 1 refused rows (CSV)" in [d.label for d in at.download_button]
    assert accepted_preview(at)["water_l"].tolist() == [1.5, 2.0]


def test_use_these_rows_loads_them_for_the_data_page(at):
    upload(at, "daily.csv", DAILY_ONE_BAD)
    button(at, "Use these 2 rows").click().run()
    assert not at.exception
    assert texts(at.success) == ["Loaded as your daily table for this session."]
    assert button(at, "Use these 2 rows").disabled  # not twice
    assert "See the loaded files" in [link.value for link in at.page_link]
    loaded = at.session_state["crampwise.loaded.daily"]
    assert loaded.source == "file 'daily.csv'" and loaded.rows == 2

    at.switch_page(DATA).run()
    assert not at.exception
    assert len(at.tabs[1].dataframe[0].value) == 2


def test_ambiguous_dates_ask_for_the_order(at):
    upload(at, "ambiguous.csv", DAILY_AMBIGUOUS)
    assert not at.metric  # nothing is read until the person answers
    warning = texts(at.warning)[0]
    assert "03/04/2025" in warning and "04/05/2025" in warning
    order = at.radio[0]
    assert order.value is None
    assert order.options == ["Day first (DD/MM/YYYY)", "Month first (MM/DD/YYYY)"]

    order.set_value("dmy").run()
    assert not at.exception
    assert accepted_preview(at)["date"].tolist() == [pd.Timestamp("2025-04-03"), pd.Timestamp("2025-05-04")]

    at.radio[0].set_value("mdy").run()
    assert accepted_preview(at)["date"].tolist() == [pd.Timestamp("2025-03-04"), pd.Timestamp("2025-04-05")]


def test_mapping_step_reads_an_unknown_column(at):
    upload(at, "episodes.csv", EPISODES_UNKNOWN_COLUMN)
    assert "severity" not in accepted_preview(at).columns
    assert any("Pain level" in i for i in texts(at.info))  # the left-out note
    choice = at.selectbox[0]
    assert choice.label == "Column “Pain level”"
    assert "Leave out" in choice.options
    assert "Keep as custom factor (numbers)" not in choice.options  # episodes have none

    choice.set_value("severity")
    button(at, "Apply mapping").click().run()
    assert not at.exception
    assert accepted_preview(at)["severity"].tolist() == [7.0, 4.0]
    assert not at.selectbox  # nothing left to map

    button(at, "Undo column matching").click().run()
    assert "severity" not in accepted_preview(at).columns


def test_mapping_can_leave_a_column_out(at):
    upload(at, "episodes.csv", EPISODES_UNKNOWN_COLUMN)
    at.selectbox[0].set_value("__leave_out__")
    button(at, "Apply mapping").click().run()
    assert not at.exception
    assert not any("Pain level" in i for i in texts(at.info))
    assert len(accepted_preview(at)) == 2


def test_missing_required_column_can_be_mapped(at):
    upload(at, "episodes.csv", EPISODES_NO_START)
    assert "needs the column start" in texts(at.error)[0]
    assert at.error[0].value[0] == "T"  # shown as a sentence
    choice = at.selectbox[0]
    assert choice.options == ["Began", "muscle"]
    choice.set_value("Began")
    button(at, "Apply mapping").click().run()
    assert not at.exception
    assert not at.error
    assert accepted_preview(at)["start"].tolist() == [pd.Timestamp("2025-03-01 22:15")]


def test_whole_file_refusal_is_an_error_not_a_traceback(at):
    upload(at, "workbook.csv", b"PK\x03\x04 not really a workbook")
    assert not at.exception
    assert "damaged or unusual zip archive" in texts(at.error)[0]  # not really a workbook
    assert not at.metric


def test_file_over_the_limit_is_refused(at):
    too_big = b"date,water_l\n" + b"2025-03-01,1.5\n" * (MAX_UPLOAD_MB * 1_000_000 // 15 + 1)
    assert len(too_big) > MAX_UPLOAD_MB * 1_000_000
    upload(at, "big.csv", too_big)
    assert f"the limit is {MAX_UPLOAD_MB} MB" in texts(at.error)[0]
    assert not at.metric


def test_chosen_kind_is_used(at):
    at.segmented_control(key="import_kind").set_value("Daily").run()
    upload(at, "episodes.csv", EPISODES_TWO)
    assert "daily file needs the column date" in texts(at.error)[0]


def test_unexpected_error_shows_a_generic_message(at, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("private detail from row 7: 42")

    monkeypatch.setattr("crampwise.ui.state.read_file", broken)
    upload(at, "daily.csv", DAILY_ONE_BAD)
    assert not at.exception
    assert texts(at.error) == [widgets.GENERIC_ERROR]
    assert not any("private detail" in t for t in texts(at.error) + texts(at.markdown))


def test_replacing_loaded_data_can_be_undone():
    at = load_sample_via_home()
    at.switch_page(DATA).run()
    sample_rows = len(at.tabs[0].dataframe[0].value)
    at.switch_page(IMPORT).run()
    upload(at, "episodes.csv", EPISODES_TWO)
    assert any(
        f"This replaces the {sample_rows} episodes from the sample data" in c for c in texts(at.caption)
    )
    button(at, "Use these 2 rows").click().run()
    assert (
        f"Replaced {sample_rows} episodes from the sample data with 2 episodes from file "
        "'episodes.csv'." in texts(at.caption)
    )

    at.switch_page(DATA).run()
    assert len(at.tabs[0].dataframe[0].value) == 2
    button(at, "Undo", within=at.tabs[0]).click().run()
    assert not at.exception
    assert len(at.tabs[0].dataframe[0].value) == sample_rows


def test_the_preview_and_problem_tables_show_empty_cells_as_a_dash(at):
    upload(at, "daily.csv", DAILY_ONE_BAD)
    assert len(at.dataframe) >= 2  # the preview and the refused rows
    assert [d.proto.placeholder for d in at.dataframe] == ["—"] * len(at.dataframe)
