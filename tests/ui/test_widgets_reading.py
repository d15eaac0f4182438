"""crampwise.ui.widgets.for_reading: what a read-only table shows for empty cells and relief."""

from __future__ import annotations

import pandas as pd

from crampwise import schema
from crampwise.ui import widgets


def test_relief_none_reads_nothing_and_empty_cells_stay_empty_for_the_placeholder():
    frame = pd.DataFrame(
        {
            "start": pd.to_datetime(["2025-03-02 11:35", "2025-03-03 02:00"]),
            "muscle": pd.Categorical(["calf", "foot"], categories=list(schema.MUSCLES)),
            "severity": [5.0, float("nan")],
            "relief": ["none", None],
            "notes": [None, "woke up"],
        }
    )
    shown = widgets.for_reading(frame, schema.EPISODES)
    assert shown["relief"].iloc[0] == "nothing" and pd.isna(shown["relief"].iloc[1])
    assert pd.isna(shown["notes"].iloc[0])  # the table's placeholder, not the data, shows "—"
    assert widgets.EMPTY_CELL == "—"
    # Numbers and times keep their type, so the table still sorts them.
    assert pd.api.types.is_float_dtype(shown["severity"]) and pd.isna(shown["severity"].iloc[1])
    assert pd.api.types.is_datetime64_any_dtype(shown["start"])
    assert frame["relief"].tolist()[0] == "none"  # the data itself is untouched


def test_several_relief_items_each_read_their_name():
    frame = pd.DataFrame({"relief": ["stretch;none", "massage"]})
    assert widgets.for_reading(frame, schema.EPISODES)["relief"].tolist() == ["stretch;nothing", "massage"]
    assert schema.relief_name("none") == "nothing"


def test_the_import_conflict_list_uses_the_same_empty_mark_and_relief_names():
    from crampwise.ui import journal_import

    assert journal_import.show_value(None) == widgets.EMPTY_CELL
    assert journal_import._show("relief", "stretch;none", "multi") == "stretch;nothing"
    assert journal_import._show("relief", None, "multi") == "—"
    assert journal_import._show("activity", "none", "text") == "none"  # only relief values are renamed


def test_every_table_in_the_app_sets_the_empty_cell_placeholder():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    files = [*root.joinpath("src", "crampwise", "ui").glob("*.py"), *root.joinpath("pages").glob("*.py")]
    calls = []
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in (
                "dataframe",
                "data_editor",
            ):
                calls.append((f.name, node.lineno, {k.arg for k in node.keywords}))
    assert len(calls) >= 6
    assert [c[:2] for c in calls if "placeholder" not in c[2]] == []
