"""AppTest: another app's export on the Import page — recognised, previewed, added once, counted once."""

from __future__ import annotations

import pytest
from app_helpers import IMPORT, open_app, run, texts, upload
from apps_fixtures import STRAVA_CSV, apple_health_zip

from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal
from crampwise.ui import navigation


def add_button(at):
    found = [b for b in at.button if b.key and b.key.startswith("import_app_add_")]
    assert len(found) == 1, [b.label for b in at.button]
    return found[0]


def _journal(personal):
    return open_journal(personal)


@pytest.fixture
def apple_zip(tmp_path):
    return apple_health_zip(tmp_path).read_bytes()


def test_an_apple_health_zip_is_named_previewed_and_added_only_on_confirm(personal, apple_zip):
    at = upload(open_app(IMPORT), "export.zip", apple_zip)
    page = " ".join(texts(at.markdown))
    assert "This is an **Apple Health** export." in page
    assert "**5** new days" in page and "**3** new workouts" in page
    assert any("steps (2 records)" in c for c in texts(at.caption))
    # The refused record is shown with its line, and nothing is written before the click.
    assert any("abc" in df.value.to_string() for df in at.dataframe)  # the refused record, shown
    with _journal(personal) as journal:
        assert journal.daily(LOCAL_OWNER).empty
    run(add_button(at).click())
    assert texts(at.success)[0].startswith("Added to your journal from Apple Health: 5 new days")
    # Apple Health holds no weather: the page says where it can be filled in.
    assert any(
        c.startswith("5 days have no temperature or humidity between") and "Fill in the weather" in c
        for c in texts(at.caption)
    )
    with _journal(personal) as journal:
        daily = journal.daily(LOCAL_OWNER).set_index("date")
        assert daily["water_l"].round(3).tolist()[:2] == [1.5, 0.723]
        sources = journal.daily_sources(LOCAL_OWNER)
        assert set(sources["source"]) == {"Apple Health"}
    # The same export again: nothing new.
    again = upload(open_app(IMPORT), "export.zip", apple_zip)
    nothing_new = (
        "Nothing new: everything in this export is already in your journal · **3** workouts already there"
    )
    assert nothing_new in texts(again.markdown)
    assert add_button(again).disabled


def test_strava_after_apple_health_counts_the_shared_run_once(personal, apple_zip):
    run(add_button(upload(open_app(IMPORT), "export.zip", apple_zip)).click())
    at = upload(open_app(IMPORT), "activities.csv", STRAVA_CSV.read_bytes())
    page = " ".join(texts(at.markdown))
    assert "This is a **Strava** export." in page
    assert "**1** workout another app recorded too (counted once)" in page
    run(add_button(at).click())
    with _journal(personal) as journal:
        daily = journal.daily(LOCAL_OWNER).set_index("date")
        assert daily.loc["2025-03-05", "exercise_min"] == 40  # one run, not 80
        assert daily.loc["2025-03-03", "exercise_min"] == 45 + 30 + 55  # Apple's ride + Strava's two
        sources = journal.daily_sources(LOCAL_OWNER)
        assert {"Apple Health", "Strava"} <= set(sources["source"])


def test_my_journal_says_which_app_gave_which_value(personal, apple_zip):
    run(add_button(upload(open_app(IMPORT), "export.zip", apple_zip)).click())
    run(add_button(upload(open_app(IMPORT), "activities.csv", STRAVA_CSV.read_bytes())).click())
    at = open_app(navigation.JOURNAL.path)
    assert not at.exception
    assert [e.label for e in at.expander if e.label.startswith("Where imported values")] == [
        "Where imported values came from (7 days)"  # Apple 5 days, Strava 4, two shared
    ]
    [frame] = [df.value for df in at.dataframe if list(df.value.columns) == ["Date", "From"]]
    frame = frame.set_index("Date")
    assert frame.loc["2025-03-04", "From"] == "Fluids, Sleep: Apple Health"
    assert "Apple Health" in frame.loc["2025-03-03", "From"] and "Strava" in frame.loc["2025-03-03", "From"]


def test_a_bearable_export_adds_its_cramp_episodes_and_sleep_together(personal):
    from apps_fixtures import APPS_DIR

    path = APPS_DIR / "bearable" / "bearable_export.csv"
    at = upload(open_app(IMPORT), "bearable.csv", path.read_bytes())
    assert not at.exception
    page = " ".join(texts(at.markdown))
    assert "This is a **Bearable** export." in page
    assert "**4** new episodes" in page and "**2** new days" in page
    run(add_button(at).click())
    with _journal(personal) as journal:
        episodes = journal.episodes(LOCAL_OWNER)
        assert sorted(episodes["muscle"].astype(str)) == ["calf", "eyelid", "other", "other"]
        assert journal.daily(LOCAL_OWNER)["sleep_h"].tolist() == [7.5, 6.75]
    mine = open_app(navigation.JOURNAL.path)
    assert [e.label for e in mine.expander if e.label.startswith("Episodes imported")] == [
        "Episodes imported from other apps (4 episodes)"
    ]
    [frame] = [df.value for df in mine.dataframe if list(df.value.columns) == ["Start", "Muscle", "From"]]
    assert set(frame["From"]) == {"Bearable"} and "calf" in set(frame["Muscle"])
    again = upload(open_app(IMPORT), "bearable.csv", path.read_bytes())
    assert any(
        t.startswith("Nothing new") and "**4** episodes already there" in t for t in texts(again.markdown)
    )
