"""Journey: an Apple Health export.zip and a Strava activities.csv into one journal, seen in Insights."""

from __future__ import annotations

import pytest
from apps_fixtures import STRAVA_CSV, apple_health_zip
from browser_helpers import (
    check_page,
    eventually,
    go_by_sidebar,
    heading,
    open_page,
    wait_idle,
    watch_console,
)
from playwright.sync_api import expect

from crampwise.journal.store import open_journal

LOCAL = "local"


def _add(page, path, app: str) -> None:
    page.locator(".st-key-import_file input[type='file']").set_input_files(str(path))
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("export.", exact=False).filter(has_text=app).first).to_be_visible()
    wait_idle(page)
    add = main.get_by_role("button", name="Add to my journal")
    expect(add).to_be_enabled()
    add.click()
    wait_idle(page)
    expect(
        main.get_by_test_id("stAlertContentSuccess").filter(has_text=f"Added to your journal from {app}")
    ).to_be_visible()


def test_apple_health_and_strava_fill_one_journal_and_insights_sees_both(tmp_path, start_server, new_page):
    db_url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = open_journal(db_url)
    server = start_server(db_url)
    page = new_page(viewport={"width": 1280, "height": 1400})
    console = watch_console(page)
    open_page(page, server, "/", "Crampwise")
    go_by_sidebar(page, "Import", "Import")

    _add(page, apple_health_zip(tmp_path), "Apple Health")
    eventually(lambda: len(journal.daily(LOCAL)) == 5, "Apple Health's five days in the journal")
    check_page(page, "apps-apple-added", console, phone=False)
    _add(page, STRAVA_CSV, "Strava")
    expect(page.get_by_test_id("stMain")).to_contain_text("workout another app recorded too (counted once)")
    eventually(lambda: len(journal.daily(LOCAL)) == 7, "Strava's days beside Apple's")

    daily = journal.daily(LOCAL).set_index("date")
    assert daily.loc["2025-03-05", "exercise_min"] == 40  # the run both apps recorded, once
    assert daily.loc["2025-03-05", "water_l"] == pytest.approx(0.3)  # Apple's fluids on the same day
    # A day's exercise made of both apps' workouts names both.
    sources = set(journal.daily_sources(LOCAL)["source"])
    assert sources == {"Apple Health", "Strava", "Apple Health, Strava"}

    go_by_sidebar(page, "Insights", "Insights")
    main = page.get_by_test_id("stMain")
    # Seven logged days: five from Apple Health and four from Strava, two of them shared.
    expect(main.get_by_text("0 episodes on 0 of 7 logged days", exact=False)).to_be_visible()
    check_page(page, "apps-insights", console, phone=False)
    expect(heading(page, "Insights")).to_be_visible()
    journal.close()
