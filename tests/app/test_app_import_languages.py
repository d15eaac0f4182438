"""AppTest: a person's own spreadsheet on the Import page (issue 13).

A German Excel log, a file whose kind cannot be told from its headers, the
up-front column matching with best guesses, and the matching remembered for the
next file with the same headers.
"""

from __future__ import annotations

import pytest
from app_helpers import IMPORT, button, open_app, run, texts, upload

from crampwise.ui import widgets

# Nothing here says "date", "start" or "muscle": the kind cannot be detected.
UNDETECTABLE = """Wann;Trinkwasser (L);Sport gesamt (min);Koffein (mg)\r
01.03.2025;1,5;30;200\r
02.03.2025;-1,5;0;100\r
03.03.2025;2,25;45;\r
""".encode("cp1252")

# The same headers, another month: a second export of the same sheet.
UNDETECTABLE_APRIL = """Wann;Trinkwasser (L);Sport gesamt (min);Koffein (mg)\r
01.04.2025;1,75;15;150\r
02.04.2025;2,0;20;50\r
""".encode("cp1252")


@pytest.fixture
def at():
    return open_app(IMPORT)


def page_words(at) -> str:
    """Every word the page shows: text, alerts, and the labels and options of its widgets."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader", "title"):
        parts += texts(getattr(at, kind))
    for widget in (*at.radio, *at.selectbox, *at.segmented_control):
        parts.append(str(widget.label))
        parts += [str(o) for o in widget.options]  # AppTest holds options as shown
    parts += [b.label for b in at.button]
    return " ".join(parts)


def preview(at):
    return at.dataframe[-1].value


def problems(at):
    return next(d.value for d in at.dataframe if "reason" in d.value.columns)


def test_german_excel_log_reads_its_columns_and_refuses_negative_water(at, data_path):
    upload(at, "Tagebuch.csv", data_path("daily_de_excel_native.csv").read_bytes())
    assert "--kind" not in page_words(at)
    assert [s.value for s in at.subheader][0] == "Daily: what was read"
    assert not at.selectbox  # every column recognised: nothing to match
    assert preview(at).columns.tolist()[:5] == ["date", "water_l", "exercise_min", "temp_c", "stress"]
    refused = problems(at)
    assert refused[["row", "column", "value"]].values.tolist() == [[6, "Fluids (litres)", "-1,5"]]
    assert "below 0" in refused["reason"].iloc[0]


def test_undetectable_kind_is_asked_in_plain_words_then_columns_are_matched_up_front(at):
    upload(at, "log.csv", UNDETECTABLE)
    words = page_words(at)
    assert "--kind" not in words and "command line" not in words
    question = at.radio[0]
    assert (
        question.label
        == widgets.KIND_QUESTION
        == ("Does this file hold one row per episode, or one row per day?")
    )
    assert not at.error  # a question, not a refusal

    run(question.set_value("One row per day (a daily log)"))
    # No column is called "date": the person points to it.
    assert "needs the column date" in texts(at.error)[0]
    at.selectbox[0].set_value("Wann")
    run(button(at, "Apply mapping").click())
    assert not at.error

    # The columns Crampwise did not recognise are shown up front, not folded away,
    # each with its best guess chosen.
    assert not [e for e in at.expander if e.label.startswith(("Match columns", "Columns you matched"))]
    assert "**Check the columns Crampwise did not recognise**" in texts(at.markdown)
    choices = {s.label: s.value for s in at.selectbox}
    assert choices == {
        "Column “Trinkwasser (L)”": "water_l",
        "Column “Sport gesamt (min)”": "exercise_min",
        "Column “Koffein (mg)”": "custom",
    }
    koffein = at.selectbox[2]
    assert {"Keep as my own factor (numbers)", "Leave out"} <= set(koffein.options)
    assert "Fluids (litres)" in koffein.options
    assert not [o for o in koffein.options if "_" in o]  # no internal column names
    assert "--kind" not in page_words(at)

    run(button(at, "Apply mapping").click())
    # Now validated as fluids: -1.5 L is refused with its row, column, value and reason.
    assert preview(at)["water_l"].tolist() == [1.5, 2.25]
    refused = problems(at)
    assert refused[["row", "column", "value"]].values.tolist() == [[3, "Fluids (litres)", "-1,5"]]
    assert "below 0" in refused["reason"].iloc[0]
    assert "koffein_mg" in preview(at).columns
    # Once applied, the remaining choice (kept as my own factor) folds away.
    assert [e.label for e in at.expander if e.label.startswith("Columns you matched")] == [
        "Columns you matched (1)"
    ]
    assert "**Check the columns Crampwise did not recognise**" not in texts(at.markdown)


def test_a_second_file_with_the_same_headers_is_read_the_same_way(at):
    upload(at, "log.csv", UNDETECTABLE)
    run(at.radio[0].set_value("One row per day (a daily log)"))
    at.selectbox[0].set_value("Wann")
    run(button(at, "Apply mapping").click())
    run(button(at, "Apply mapping").click())
    assert preview(at)["water_l"].tolist() == [1.5, 2.25]

    upload(at, "log-april.csv", UNDETECTABLE_APRIL)
    assert not at.radio  # the kind is not asked again
    assert not at.error
    assert any("same columns before" in i for i in texts(at.info))
    assert preview(at)["water_l"].tolist() == [1.75, 2.0]
    assert preview(at)["exercise_min"].tolist() == [15, 20]
    assert "--kind" not in page_words(at)

    # Undoing the matching reads the file afresh, and forgets it for the next file.
    run(button(at, "Undo column matching").click())
    assert at.radio and at.radio[0].label == widgets.KIND_QUESTION
    upload(at, "log.csv", UNDETECTABLE)
    assert at.radio and at.radio[0].label == widgets.KIND_QUESTION


def test_a_remembered_matching_that_does_not_read_is_not_claimed(at):
    """The same headers but no rows: the file is refused as such, not 'read as before'."""
    upload(at, "log.csv", UNDETECTABLE)
    run(at.radio[0].set_value("One row per day (a daily log)"))
    at.selectbox[0].set_value("Wann")
    run(button(at, "Apply mapping").click())
    assert any("date" in c for c in preview(at).columns)

    upload(at, "empty.csv", UNDETECTABLE.splitlines(keepends=True)[0])
    assert texts(at.error) == [
        "The file has a header row but no data rows. Add at least one row under the header and import again."
    ]
    flow = at.session_state["crampwise.import_flow"]
    assert (flow.remembered, flow.mapping, flow.kind) == (False, {}, None)
    assert "--kind" not in page_words(at)
