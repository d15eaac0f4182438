"""AppTest: the My journal page (edit, refuse, trash/restore, backup, delete all, isolation).

Each test gets its own temporary database through $CRAMPWISE_DB_URL and its
mode through $CRAMPWISE_MODE, as in test_app_log.py. AppTest cannot type into
a data editor's cells, so edits are given as the editor's own edit state
(``edited_rows`` / ``deleted_rows``, what the browser sends) before a run.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from app_helpers import open_app, run, stored, texts

from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import Journal, open_journal
from crampwise.ui import navigation

JOURNAL = navigation.JOURNAL.path


def seed(url: str, owner: str = LOCAL_OWNER) -> None:
    with open_journal(url) as journal:
        fill(journal, owner)


def fill(journal: Journal, owner: str) -> None:
    journal.add_episode(
        owner, start=dt.datetime(2025, 3, 1, 22, 15), muscle="calf", side="left", severity=7, duration_min=2
    )
    journal.add_episode(
        owner,
        start=dt.datetime(2025, 3, 2, 6, 40),
        muscle="foot",
        side="right",
        severity=4,
        duration_min=1,
        notes="woke me",
    )
    journal.save_day(owner, dt.date(2025, 3, 1), water_l=1.5, sleep_h=6.5, caffeine_mg=200)
    journal.save_day(owner, dt.date(2025, 3, 2), water_l=2.0)


def editor(at, kind: str):
    found = [e for e in at.data_editor if e.key and e.key.startswith(f"journal_editor_{kind}_")]
    assert len(found) == 1, [e.key for e in at.data_editor]
    return found[0]


def edit(at, kind: str, *, edited=None, deleted=()):
    """Give the editor an edit, then press its Save changes."""
    at.session_state[editor(at, kind).key] = {
        "edited_rows": edited or {},
        "added_rows": [],
        "deleted_rows": list(deleted),
    }
    run(at)
    return run(at.button(key=f"journal_save_{kind}").click())


def test_renders_empty_with_where_the_data_live(personal):
    at = open_app(JOURNAL)
    assert at.title[0].value == "My journal"
    assert [t.label for t in at.tabs] == ["Episodes", "Daily"]
    assert not at.data_editor
    assert any("No episodes" in i for i in texts(at.info))
    assert any("No days" in i for i in texts(at.info))
    captions = texts(at.caption)
    (details,) = [e for e in at.expander if e.label == "Where exactly"]
    in_details = texts(details.caption)
    main = [c for c in captions if c not in in_details]
    assert any("Your journal is kept on this computer" in c for c in main)
    assert not any("journal.sqlite3" in c or "explicitly" in c or "Mode:" in c for c in main)
    assert any("journal.sqlite3" in c for c in in_details)  # the file, for who wants it
    assert any("set explicitly to 'personal'" in c for c in in_details)
    assert any("trash is empty" in c for c in captions)
    assert at.download_button(key="journal_backup")
    assert at.button(key="journal_restore_backup").disabled


def test_renders_rows_in_editors_with_keys_not_editable(personal):
    seed(personal)
    at = open_app(JOURNAL)
    episodes, daily = editor(at, "episodes"), editor(at, "daily")
    assert episodes.editing_mode == "delete" and daily.editing_mode == "delete"
    assert list(episodes.value["muscle"]) == ["calf", "foot"]
    assert list(daily.value["water_l"]) == [1.5, 2.0]
    assert "caffeine_mg" in daily.value.columns


def test_an_edit_saves(personal):
    seed(personal)
    at = open_app(JOURNAL)
    at = edit(at, "episodes", edited={1: {"severity": 6, "notes": "after a run"}})
    assert not at.error
    assert any("Saved changes to 1 episode" in s for s in texts(at.success))
    episodes, _ = stored(personal)
    assert list(episodes["severity"]) == [7.0, 6.0]
    assert list(episodes["notes"].fillna("")) == ["", "after a run"]
    at = edit(at, "daily", edited={0: {"water_l": 2.25, "caffeine_mg": None}})
    _, daily = stored(personal)
    assert list(daily["water_l"]) == [2.25, 2.0] and "caffeine_mg" not in daily.columns
    assert list(editor(at, "daily").value["water_l"]) == [2.25, 2.0]  # the editor shows it


def test_invalid_edit_is_refused_with_entry_title_and_reason_and_saves_nothing(personal):
    seed(personal)
    before_ep, before_day = stored(personal)
    at = open_app(JOURNAL)
    at = edit(at, "daily", edited={0: {"water_l": -1, "sleep_h": 8}, 1: {"sleep_h": 7}})
    errors = texts(at.error)
    assert any("The day 1 Mar 2025: Fluids -1 is below 0 litres." in e for e in errors), errors
    assert any("Nothing was saved" in e for e in errors)
    assert not at.success
    assert stored(personal)[1].equals(before_day)  # not even the valid day: all or nothing
    at = edit(at, "episodes", edited={0: {"duration_min": 0}})
    errors = texts(at.error)
    assert any(
        "The episode of 1 Mar 2025, 22:15: Duration 0 must be more than 0 minutes." in e for e in errors
    )
    assert not any("duration_min" in e or "row 1" in e for e in errors), errors
    assert stored(personal)[0].equals(before_ep)


def test_severity_out_of_range_is_refused_not_clamped_and_stays_in_the_editor(personal):
    seed(personal)
    at = open_app(JOURNAL)
    key = editor(at, "episodes").key
    config = json.loads(at.data_editor(key=key).proto.columns)["severity"]["type_config"]
    assert config["type"] == "number" and not {"min_value", "max_value"} & set(config)  # no clamping
    at = edit(at, "episodes", edited={1: {"severity": 15}})
    errors = texts(at.error)
    assert any("The episode of 2 Mar 2025, 06:40: Severity 15 is above 10." in e for e in errors), errors
    assert not at.success  # no "Saved changes to 1 episode."
    assert stored(personal)[0]["severity"].tolist() == [7.0, 4.0]
    assert editor(at, "episodes").key == key  # the same editor, still holding the typed 15
    assert at.session_state[key]["edited_rows"] == {1: {"severity": 15}}
    run(at.button(key="journal_save_episodes").click())  # saving again refuses again
    assert any("Severity 15 is above 10" in e for e in texts(at.error))
    assert stored(personal)[0]["severity"].tolist() == [7.0, 4.0]


def test_a_start_in_the_future_is_refused(personal):
    seed(personal)
    at = open_app(JOURNAL)
    at = edit(at, "episodes", edited={0: {"start": "2030-01-01T10:00:00"}})
    errors = texts(at.error)
    assert any(
        "The episode of 1 Mar 2025, 22:15: Start 1 Jan 2030, 10:00 is in the future" in e for e in errors
    )
    assert any("5 minutes" in e for e in errors)
    assert stored(personal)[0]["start"].iloc[0] == dt.datetime(2025, 3, 1, 22, 15)


def test_editor_in_us_units_shows_fl_oz_and_saves_litres_only_for_changed_cells(personal):
    seed(personal)
    with open_journal(personal) as journal:
        journal.save_day(LOCAL_OWNER, dt.date(2025, 3, 2), temp_c=21.5)
    at = open_app(JOURNAL, units="us")
    daily = editor(at, "daily")
    shown = daily.value.set_index("date")
    assert shown.loc["2025-03-01", "water_l"] == pytest.approx(50.721, abs=1e-3)  # 1.5 L
    assert shown.loc["2025-03-02", "temp_c"] == pytest.approx(70.7)  # 21.5 °C
    at = edit(at, "daily", edited={0: {"water_l": 64, "sleep_h": 7}})
    assert not at.error, texts(at.error)
    _, stored_daily = stored(personal)
    assert stored_daily["water_l"].tolist() == [1.893, 2.0]  # 64 fl oz; the other day untouched
    assert stored_daily["temp_c"].iloc[1] == 21.5 and stored_daily["sleep_h"].iloc[0] == 7.0


def test_rows_deleted_elsewhere_meanwhile_are_not_brought_back(personal):
    seed(personal)
    at = open_app(JOURNAL)
    with open_journal(personal) as journal:  # another tab deletes a day and an episode
        journal.delete(LOCAL_OWNER, "daily", [dt.date(2025, 3, 1)])
        journal.delete(LOCAL_OWNER, "episodes", [1])
    # Edits made on the rows as they were shown, in both tabs, then saved one after the other.
    for kind, change in (("daily", {"sleep_h": 8}), ("episodes", {"severity": 1})):
        at.session_state[editor(at, kind).key] = {
            "edited_rows": {0: change},
            "added_rows": [],
            "deleted_rows": [],
        }
    run(at)
    assert list(editor(at, "episodes").value["id"]) == [1, 2]  # still the rows edited
    run(at.button(key="journal_save_daily").click())
    assert any("The day 1 Mar 2025: this day is no longer in your journal" in e for e in texts(at.error))
    run(at.button(key="journal_save_episodes").click())
    errors = texts(at.error)
    assert any(
        "The episode of 1 Mar 2025, 22:15: this episode is no longer in your journal" in e for e in errors
    )
    assert not any("row 1" in e or "episode 1 " in e for e in errors), errors
    with open_journal(personal) as journal:
        assert list(journal.daily(LOCAL_OWNER)["date"].dt.day) == [2]
        assert journal.trash(LOCAL_OWNER, "daily").iloc[0]["sleep_h"] == 6.5
        assert journal.trash(LOCAL_OWNER, "episodes").iloc[0]["severity"] == 7.0


def test_saving_without_changes_says_so(personal):
    seed(personal)
    at = run(open_app(JOURNAL).button(key="journal_save_episodes").click())
    assert any("Nothing to save" in i for i in texts(at.info))
    assert stored(personal)[0]["severity"].tolist() == [7.0, 4.0]


def test_delete_goes_to_trash_and_can_be_undone_or_restored(personal):
    seed(personal)
    at = open_app(JOURNAL)
    at = edit(at, "episodes", deleted=[0])
    episodes, _ = stored(personal)
    assert list(episodes["muscle"]) == ["foot"]
    assert any("Moved 1 row to the trash" in c for c in texts(at.caption))
    assert any("1 episode, deleted" in m for m in texts(at.markdown))
    with open_journal(personal) as journal:
        assert list(journal.trash(LOCAL_OWNER, "episodes")["muscle"]) == ["calf"]
    run(at.button(key="journal_undo_episodes").click())  # Undo
    assert len(stored(personal)[0]) == 2
    assert any("Restored 1 episode" in s for s in texts(at.success))
    assert any("trash is empty" in c for c in texts(at.caption))

    # Deleting days, then restoring from the trash list.
    at = edit(at, "daily", deleted=[0, 1])
    assert len(stored(personal)[1]) == 0
    restore = [
        b
        for b in at.button
        if b.key and b.key.startswith("journal_restore_") and b.key != "journal_restore_backup"
    ]
    assert len(restore) == 1 and restore[0].label == "Restore"
    run(restore[0].click())
    assert len(stored(personal)[1]) == 2
    assert any("Restored 2 rows" in s for s in texts(at.success))


def test_empty_trash_needs_the_checkbox(personal):
    seed(personal)
    at = edit(open_app(JOURNAL), "episodes", deleted=[1])
    assert at.button(key="journal_empty_trash").disabled
    run(at.checkbox(key="journal_empty_confirm").check())
    run(at.button(key="journal_empty_trash").click())
    assert any("Deleted 1 row from the trash for good" in s for s in texts(at.success))
    with open_journal(personal) as journal:
        assert journal.trash(LOCAL_OWNER, "episodes").empty
        assert len(journal.episodes(LOCAL_OWNER)) == 1


def test_backup_download_restores_into_another_empty_journal(personal, tmp_path, monkeypatch):
    seed(personal)
    made: list[bytes] = []
    original = Journal.backup

    def recording(self, owner):  # the bytes the page hands to the download button
        data = original(self, owner)
        made.append(data)
        return data

    monkeypatch.setattr(Journal, "backup", recording)
    at = open_app(JOURNAL)
    assert at.download_button(key="journal_backup").label == "Download a backup"
    assert made and made[-1][:2] == b"PK"
    backup = made[-1]

    # Restoring into the same (non-empty) journal is refused with the library's reason.
    at.file_uploader(key="journal_backup_file").set_value(("crampwise-backup.zip", backup, "application/zip"))
    run(at)
    run(at.button(key="journal_restore_backup").click())
    assert any("already holds 2 episodes and 2 days" in e for e in texts(at.error))
    assert len(stored(personal)[0]) == 2

    # Another, empty journal gets the same rows.
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    monkeypatch.setenv("CRAMPWISE_DB_URL", other)
    fresh = open_app(JOURNAL)
    assert not fresh.data_editor
    fresh.file_uploader(key="journal_backup_file").set_value(
        ("crampwise-backup.zip", backup, "application/zip")
    )
    run(fresh)
    run(fresh.button(key="journal_restore_backup").click())
    assert any("Restored 2 episodes and 2 days" in s for s in texts(fresh.success))
    a_ep, a_day = stored(personal)
    b_ep, b_day = stored(other)
    assert a_ep.drop(columns="id").equals(b_ep.drop(columns="id"))
    assert a_day.equals(b_day)
    assert list(editor(fresh, "episodes").value["muscle"]) == ["calf", "foot"]


def test_the_backup_file_name_carries_the_day_and_restore_takes_any_name(personal, monkeypatch):
    import streamlit as st

    from crampwise.ui import journal_editor, session

    seed(personal)
    names: list[str] = []
    original = st.download_button

    def recording(*args, **kwargs):
        names.append(kwargs.get("file_name"))
        return original(*args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    open_app(JOURNAL)
    today = session.now().date()
    assert names and names[-1] == f"crampwise-backup-{today.isoformat()}.zip"
    assert "crampwise-backup.zip" not in names
    assert journal_editor.backup_name(dt.date(2026, 12, 3)) == "crampwise-backup-2026-12-03.zip"
    backup = Journal.backup
    with open_journal(personal) as journal:
        data = backup(journal, LOCAL_OWNER)
    other = personal.replace("journal", "other")
    monkeypatch.setenv("CRAMPWISE_DB_URL", other)
    fresh = open_app(JOURNAL)
    fresh.file_uploader(key="journal_backup_file").set_value(("my old copy.zip", data, "application/zip"))
    run(fresh)
    run(fresh.button(key="journal_restore_backup").click())
    assert any("Restored 2 episodes and 2 days" in s for s in texts(fresh.success))


def test_a_file_that_is_not_a_backup_is_refused(personal):
    at = open_app(JOURNAL)
    at.file_uploader(key="journal_backup_file").set_value(
        ("crampwise-backup.zip", b"not a zip", "application/zip")
    )
    run(at)
    run(at.button(key="journal_restore_backup").click())
    assert any("not a Crampwise backup" in e for e in texts(at.error))


def test_delete_all_needs_the_phrase(personal):
    seed(personal)
    seed(personal, owner="someone-else")
    at = open_app(JOURNAL)
    run(at.text_input(key="journal_delete_phrase").input("delete all"))
    run(at.button(key="journal_delete_all").click())
    assert any("type exactly" in e and "Nothing was deleted" in e for e in texts(at.error))
    assert len(stored(personal)[0]) == 2
    run(at.text_input(key="journal_delete_phrase").input("delete all my data"))
    run(at.button(key="journal_delete_all").click())
    assert any("Deleted all your data: 2 episodes and 2 days" in s for s in texts(at.success))
    episodes, daily = stored(personal)
    assert episodes.empty and daily.empty
    assert at.text_input(key="journal_delete_phrase").value == ""
    assert not at.data_editor
    assert len(stored(personal, "someone-else")[0]) == 2  # nobody else's rows


def test_session_mode_sessions_cannot_see_each_other(db_url, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "session")
    first = open_app(JOURNAL)
    assert any(
        "stays in this browser session only" in c and "download a backup" in c for c in texts(first.caption)
    )
    owner = first.session_state["crampwise.journal.session_owner"]
    fill(first.session_state["crampwise.journal.session_db"].journal, owner)
    run(first)
    assert list(editor(first, "episodes").value["muscle"]) == ["calf", "foot"]

    second = open_app(JOURNAL)
    assert second.session_state["crampwise.journal.session_owner"] != owner
    assert not second.data_editor
    assert any("trash is empty" in c for c in texts(second.caption))
    # The first session's edits stay in the first session.
    first = edit(first, "episodes", deleted=[0])
    run(second)
    assert not second.data_editor
    assert list(editor(first, "episodes").value["muscle"]) == ["foot"]
    with open_journal(db_url) as journal:  # nothing reached the shared database
        assert journal.episodes(owner).empty and journal.episodes(LOCAL_OWNER).empty


def test_accounts_mode_signed_out_shows_nothing(db_url, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "accounts")
    seed(db_url)
    at = open_app()
    at.user = {"is_logged_in": False}
    run(at.switch_page(JOURNAL))
    assert any("Sign in" in i for i in texts(at.info))
    assert not at.tabs and not at.data_editor and not at.download_button


# --------------------------------------------------------------------------- sample data


def test_sample_data_goes_into_the_journal_once_and_out_again_undoably(personal):
    from crampwise.io.sample import load_sample

    daily, episodes = load_sample()
    at = open_app(JOURNAL)
    assert not at.data_editor  # a fresh journal is empty
    assert stored(personal)[0].empty and stored(personal)[1].empty

    run(at.button(key="journal_sample_add").click())
    assert any(
        f"Added {len(episodes.data)} episodes and {len(daily.data)} days from the sample" in s
        for s in texts(at.success)
    )
    ep, day = stored(personal)
    assert len(ep) == len(episodes.data) and len(day) == len(daily.data)
    assert ep.drop(columns="id").equals(episodes.data.reset_index(drop=True))
    assert len(editor(at, "episodes").value) == len(episodes.data)  # the editors show them

    run(at.button(key="journal_sample_add").click())  # again: nothing added
    assert any(
        "Added 0 episodes and 0 days" in s and "already in your journal" in s for s in texts(at.success)
    )
    assert [len(f) for f in stored(personal)] == [len(episodes.data), len(daily.data)]

    # The person logs rows of their own, changes one sample day, and logs a day the
    # sample does not have.
    first_day = daily.data["date"].iloc[0]
    with open_journal(personal) as journal:
        own = journal.add_episode(
            LOCAL_OWNER, start=dt.datetime(2025, 4, 2, 3, 0), muscle="hamstring", side="left", severity=6
        )
        journal.save_day(LOCAL_OWNER, first_day, water_l=3.25)
        journal.save_day(LOCAL_OWNER, dt.date(2030, 1, 1), water_l=2.0)
    run(at)

    run(at.button(key="journal_sample_remove").click())
    removed = f"{len(episodes.data)} episodes and {len(daily.data) - 1} days"
    assert any(f"Moved {removed} of the sample data to the trash" in s for s in texts(at.success))
    ep, day = stored(personal)
    assert list(ep["id"]) == [own]
    assert sorted(day["date"].dt.date) == [first_day.date(), dt.date(2030, 1, 1)]
    assert day.set_index("date").loc[first_day, "water_l"] == 3.25
    with open_journal(personal) as journal:  # in the trash, not gone
        assert len(journal.trash(LOCAL_OWNER, "episodes")) == len(episodes.data)
        assert len(journal.trash(LOCAL_OWNER, "daily")) == len(daily.data) - 1
    assert list(editor(at, "episodes").value["id"]) == [own]

    run(at.button(key="journal_sample_remove").click())  # nothing left to remove
    assert any("None of the sample data is in your journal" in i for i in texts(at.info))
    assert len(stored(personal)[0]) == 1

    run(at.button(key="journal_sample_undo").click())  # Undo brings it all back
    assert any(
        f"Restored {len(episodes.data) + len(daily.data) - 1} rows of the sample data" in s
        for s in texts(at.success)
    )
    ep, day = stored(personal)
    assert len(ep) == len(episodes.data) + 1 and len(day) == len(daily.data) + 1
    assert not [b for b in at.button if b.key == "journal_sample_undo"]
    assert any("trash is empty" in c for c in texts(at.caption))


def test_sample_data_stays_in_its_own_journal(db_url, monkeypatch):
    monkeypatch.setenv("CRAMPWISE_MODE", "session")
    from crampwise.io.sample import load_sample

    daily, episodes = load_sample()
    first = run(open_app(JOURNAL).button(key="journal_sample_add").click())
    assert len(editor(first, "episodes").value) == len(episodes.data)
    assert len(editor(first, "daily").value) == len(daily.data)
    second = open_app(JOURNAL)
    assert not second.data_editor
    with open_journal(db_url) as journal:  # nothing reached the shared database
        assert journal.episodes(LOCAL_OWNER).empty and journal.daily(LOCAL_OWNER).empty


def test_the_editors_show_empty_cells_as_a_dash_not_none(personal):
    seed(personal)  # the seeded rows leave notes, fluids or sleep empty
    at = open_app(JOURNAL)
    for kind in ("episodes", "daily"):
        assert editor(at, kind).proto.placeholder == "—", kind
    assert editor(at, "daily").value.isna().any().any()  # the data stay empty, only the display differs
