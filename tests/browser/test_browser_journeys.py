"""End-to-end journeys in a real browser against a real ``streamlit run app.py``.

Slow-ish (a Streamlit server and headless Chromium per scenario); run alone with
``python -m pytest tests/browser/test_browser_journeys.py -q -x``. Needs the system
Chromium (``apt-get install chromium``); the tests fail, never skip, without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import (
    DATA_DIR,
    TIMEOUT_MS,
    check_page,
    eventually,
    go_by_sidebar,
    go_to,
    heading,
    keyed,
    open_page,
    sidebar_link,
    wait_idle,
    watch_console,
)
from playwright.sync_api import expect

from crampwise import guide
from crampwise.guide import checker, right_now, triage
from crampwise.io import read_file
from crampwise.journal.store import open_journal
from crampwise.ui import navigation

LOCAL = "local"


#: The two sizes the main flows run at: a laptop, and a phone held in one hand (touch).
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP: dict = {"viewport": {"width": 1280, "height": 900}}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def click(page, locator) -> None:
    """Click and wait for the rerun it starts to finish."""
    locator.click()
    wait_idle(page)


# --------------------------------------------------------------------------- 1. Log


@pytest.mark.parametrize("size", list(SIZES))
def test_log_episode_undo_restore_and_survive_restart(size, tmp_path, start_server, new_page):
    db_url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = open_journal(db_url)

    def n_episodes() -> int:
        return len(journal.episodes(LOCAL))

    server = start_server(db_url)
    page = new_page(**SIZES[size])
    console = watch_console(page)
    # From Home by the sidebar, as a person would (a deep link's first load logs 404s
    # of Streamlit's own, see test_guide_contents_in_the_main_area_on_a_phone).
    open_page(page, server, "/", "Crampwise")
    go_to(page, "Log", "/log", phone=size == "phone")
    heading(page, "Log").wait_for(state="visible")
    check_page(page, f"{size}-flow-log", console, phone=size == "phone")
    expect(heading(page, "Last saved")).to_have_count(0)  # empty journal: no such section
    save = keyed(page, "log_save").get_by_role("button")
    expect(save).to_be_disabled()  # no muscle chosen yet

    click(page, keyed(page, "log_muscle").get_by_role("radio", name="calf", exact=True))
    expect(save).to_be_enabled()
    click(page, save)

    saved = re.compile(r"Saved: calf, left, 5/10 at \d\d:\d\d")
    expect(page.get_by_test_id("stToast")).to_contain_text(saved)
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text=saved)).to_be_visible()
    expect(heading(page, "Last saved")).to_be_visible()
    check_page(page, f"{size}-flow-log-saved", console, phone=size == "phone")
    eventually(lambda: n_episodes() == 1, "one episode in the journal")
    row = journal.episodes(LOCAL).iloc[0]
    assert (row["muscle"], row["side"], row["severity"]) == ("calf", "left", 5)

    click(page, keyed(page, "log_undo").get_by_role("button", name="Undo"))
    expect(page.get_by_text("Undone: the episode is in the trash.")).to_be_visible()
    eventually(lambda: n_episodes() == 0, "the episode moved out of the journal")
    assert len(journal.trash(LOCAL, "episodes")) == 1
    expect(heading(page, "Last saved")).to_have_count(0)

    click(page, keyed(page, "log_restore").get_by_role("button", name="Restore"))
    expect(keyed(page, "log_undo").get_by_role("button", name="Undo")).to_be_visible()
    eventually(lambda: n_episodes() == 1, "the episode restored")
    assert len(journal.trash(LOCAL, "episodes")) == 0

    # A restart keeps it: a new server on the same database shows it.
    server.stop()
    server.assert_clean_log()
    server2 = start_server(db_url)
    page2 = new_page()
    open_page(page2, server2, "/log", "Log")
    expect(heading(page2, "Last saved")).to_be_visible()
    expect(page2.get_by_test_id("stToast")).to_have_count(0)  # nothing saved in this session
    assert n_episodes() == 1
    assert journal.episodes(LOCAL).iloc[0]["muscle"] == "calf"
    journal.close()


# --------------------------------------------------------------------------- 2. Import


def _upload(page, server, path, *, phone: bool | None = None) -> None:
    """Open Import and upload ``path``; with ``phone`` given, by the sidebar from Home."""
    if phone is None:
        open_page(page, server, "/import_data", "Import")
    else:
        open_page(page, server, "/", "Crampwise")
        go_to(page, "Import", "/import_data", phone=phone)
        heading(page, "Import").wait_for(state="visible")
    page.locator(".st-key-import_file input[type='file']").set_input_files(str(path))
    expect(heading(page, "Episodes: what was read")).to_be_visible()
    expect(heading(page, "Add to my journal")).to_be_visible()
    wait_idle(page)


@pytest.mark.parametrize("size", list(SIZES))
def test_import_into_journal_then_same_file_adds_nothing(size, tmp_path, start_server, new_page):
    db_url = f"sqlite:///{tmp_path / 'journal.db'}"
    path = DATA_DIR / "episodes_phone.csv"
    expected = read_file(path)
    n = len(expected.data)
    assert n > 0 and expected.table.name == "episodes"
    journal = open_journal(db_url)
    server = start_server(db_url)

    page = new_page(**SIZES[size])
    console = watch_console(page)
    _upload(page, server, path, phone=size == "phone")
    check_page(page, f"{size}-flow-import-preview", console, phone=size == "phone")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(f"{n} new · 0 already there (skipped) · 0 conflicting")
    assert len(journal.episodes(LOCAL)) == 0  # the preview writes nothing
    add = main.get_by_role("button", name=f"Add {n} episodes to my journal")
    expect(add).to_be_enabled()
    click(page, add)
    expect(
        main.get_by_test_id("stAlertContentSuccess").filter(has_text=f"Added {n} episodes to your journal")
    ).to_be_visible()
    eventually(lambda: len(journal.episodes(LOCAL)) == n, f"{n} episodes in the journal")
    check_page(page, f"{size}-flow-import-added", console, phone=size == "phone")
    stored = journal.episodes(LOCAL)
    assert sorted(stored["muscle"]) == sorted(expected.data["muscle"])

    # The same file again, in a new session: nothing new, nothing to add.
    page2 = new_page()
    _upload(page2, server, path)
    main2 = page2.get_by_test_id("stMain")
    expect(main2).to_contain_text(f"0 new · {n} already there (skipped) · 0 conflicting")
    expect(
        main2.get_by_text("Nothing to add: everything in this file is already in your journal.")
    ).to_be_visible()
    add2 = main2.get_by_role("button", name="Add 0 episodes to my journal")
    expect(add2).to_be_disabled()
    add2.click(force=True)  # a click on the disabled button must not write anything
    wait_idle(page2)
    expect(main2.get_by_test_id("stAlertContentSuccess")).to_have_count(0)
    assert len(journal.episodes(LOCAL)) == n
    # Nothing of what was imported reaches the server's log.
    log = server.log_text().lower()
    for health_text in ("woke me up", "heating pad", "charley horse", "after run"):
        assert health_text not in log, health_text
    journal.close()


# --------------------------------------------------------------------------- 3. Session mode


def test_two_viewers_on_shared_deployment_see_only_their_own(tmp_path, start_server, new_page):
    db_file = tmp_path / "shared.db"
    server = start_server(f"sqlite:///{db_file}", mode="session")

    # Viewer A logs an episode and loads the sample, moving by the sidebar (one session).
    a = new_page()
    open_page(a, server, "/", "Crampwise")
    go_by_sidebar(a, "Log", "Log")
    click(a, keyed(a, "log_muscle").get_by_role("radio", name="foot", exact=True))
    click(a, keyed(a, "log_save").get_by_role("button"))
    expect(a.get_by_test_id("stToast")).to_contain_text("Saved: foot, left, 5/10")
    expect(heading(a, "Last saved")).to_be_visible()

    go_by_sidebar(a, "Home", "Crampwise")
    click(a, keyed(a, "home_sample").get_by_role("button", name="Try it with sample data"))
    expect(a).to_have_url(re.compile(r"/insights$"), timeout=TIMEOUT_MS)  # the sample opens Insights
    wait_idle(a)

    source = keyed(a, "insights_source")
    expect(source).to_be_visible()  # both the journal (1 episode) and the sample apply
    # It starts on the sample, the one just chosen.
    expect(source.get_by_role("radio", name="Loaded files", exact=True)).to_be_checked()
    main_a = a.get_by_test_id("stMain")
    expect(main_a.get_by_test_id("stMetric").filter(has_text="Logged days")).to_be_visible()
    days = (
        main_a.get_by_test_id("stMetric")
        .filter(has_text="Logged days")
        .get_by_test_id("stMetricValue")
        .inner_text()
    )
    assert int(days) > 100  # six months of sample days
    expect(main_a.get_by_test_id("stPlotlyChart").first).to_be_visible()
    expect(main_a.get_by_text("What stands out in your log")).to_be_visible()
    # Lazy tabs: a click runs the chosen tab (its chart and sentence appear), nothing is lost.
    click(a, a.get_by_role("tab", name="All factors together"))
    expect(main_a.get_by_text(re.compile(r"Weighed against each other")).first).to_be_visible()
    expect(keyed(a, "insights_forest")).to_be_visible()

    # Viewer B, opened after A's data exists, sees none of it.
    b = new_page()
    open_page(b, server, "/", "Crampwise")
    go_by_sidebar(b, "Log", "Log")
    expect(heading(b, "Last saved")).to_have_count(0)
    expect(b.get_by_text("Saved: foot")).to_have_count(0)
    expect(keyed(b, "log_undo")).to_have_count(0)

    go_by_sidebar(b, "My journal", "My journal")
    expect(b.get_by_text("No episodes in your journal yet.")).to_be_visible()
    expect(keyed(b, "journal_sample_undo")).to_have_count(0)

    go_by_sidebar(b, "Insights", "Insights")
    main_b = b.get_by_test_id("stMain")
    expect(main_b.get_by_text("Load your daily log and your episodes")).to_be_visible()
    expect(keyed(b, "insights_sample")).to_be_visible()
    expect(keyed(b, "insights_source")).to_have_count(0)
    expect(main_b.get_by_test_id("stPlotlyChart")).to_have_count(0)
    expect(main_b.get_by_test_id("stMetric")).to_have_count(0)

    # A still has its own data (B's visits did not reset anything).
    go_by_sidebar(a, "Log", "Log")
    expect(heading(a, "Last saved")).to_be_visible()

    assert not db_file.exists(), "session mode must not create the shared database"


# --------------------------------------------------------------------------- 4. Cramp now


def test_cramp_right_now_steps_stretch_and_hold_timer(tmp_path, start_server, new_page):
    server = start_server(f"sqlite:///{tmp_path / 'journal.db'}")
    page = new_page()
    open_page(page, server, "/cramp_now", "Cramp right now")

    thigh = right_now.name("hamstring")  # "Back of thigh", as on every page
    click(page, keyed(page, "cramp_now_muscle").get_by_role("radio", name=thigh, exact=True))
    stretch = guide.stretch_for("hamstring")
    assert stretch is not None
    expect(heading(page, stretch.heading)).to_be_visible()
    relief_steps, stretch_steps = guide.steps(guide.passage("right-now")), guide.steps(stretch)
    assert relief_steps and stretch_steps
    for steps in (relief_steps, stretch_steps):
        for i, step in enumerate(steps, start=1):
            expect(heading(page, f"{i}. {step}")).to_be_visible()
    # The calf stretch is not the one shown for a hamstring.
    calf = guide.stretch_for("calf")
    if calf is not None and calf.heading != stretch.heading:
        expect(heading(page, calf.heading)).to_have_count(0)

    page.get_by_role("button", name="Start a 30-second hold").click()
    metric = page.get_by_test_id("stMetric").filter(has_text="Hold the stretch")
    value = metric.get_by_test_id("stMetricValue")
    expect(value).to_have_text(re.compile(r"^\s*\d+ s\s*$"))
    first = int(value.inner_text().split()[0])
    assert 25 <= first <= 30
    # It counts down by itself (a fragment re-runs every second).
    expect(value).not_to_have_text(re.compile(rf"^\s*{first} s\s*$"), timeout=5_000)
    second = int(value.inner_text().split()[0])
    assert second < first
    expect(page.get_by_role("button", name="Stop")).to_be_visible()


def _tap_targets_too_small(page) -> list[str]:
    """Buttons, links and tick boxes in the main area smaller than 44 x 44 px."""
    small = []
    targets = page.locator(
        "[data-testid='stMain'] button, "
        "[data-testid='stMain'] a[data-testid='stPageLink-NavLink'], "
        "[data-testid='stMain'] [data-testid='stCheckbox'] label"
    )
    for i in range(targets.count()):
        target = targets.nth(i)
        box = target.bounding_box()
        if box is not None and (box["height"] < 44 or box["width"] < 44):
            small.append(f"{target.inner_text()[:40]!r}: {box['width']:.0f}x{box['height']:.0f}")
    return small


def _within_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844


def test_cramp_right_now_on_a_phone_puts_stretch_and_timer_on_the_first_screen(
    tmp_path, start_server, new_page
):
    server = start_server(f"sqlite:///{tmp_path / 'journal.db'}")
    page = new_page(**PHONE)
    open_page(page, server, "/cramp_now", "Cramp right now")
    assert _tap_targets_too_small(page) == []

    def choose(muscle: str, shows) -> None:
        """Tap a muscle, wait for what its page shows, then for the run to finish."""
        keyed(page, "cramp_now_muscle").get_by_role("radio", name=right_now.name(muscle), exact=True).tap()
        expect(shows).to_be_visible()
        wait_idle(page)

    for muscle in ("hamstring", "quadriceps", "calf"):
        stretch = guide.stretch_for(muscle)
        assert stretch is not None
        first_way = guide.step_lists(stretch)[0]
        choose(muscle, heading(page, f"1. {first_way.steps[0]}"))
        assert _within_first_screen(heading(page, stretch.heading)), muscle
        assert _within_first_screen(page.get_by_role("button", name="Start a 30-second hold")), muscle
        for i, step in enumerate(first_way.steps, start=1):
            # Every step of the first way, except a long stretch's last: it may need a
            # short scroll, but it starts on the first screen.
            if i < len(first_way.steps) or muscle == "calf":
                assert _within_first_screen(heading(page, f"{i}. {step}")), (muscle, step)
        assert _tap_targets_too_small(page) == [], muscle
    # Chest: the emergency advice leads, on the first screen, above the ordinary steps.
    choose("chest", page.get_by_text(right_now.settings().steps_after_leads))
    alert = page.get_by_test_id("stAlert").filter(has_text="Call your emergency number now")
    assert _within_first_screen(alert.first)
    first_step = heading(page, f"1. {guide.steps(guide.passage('right-now'))[0]}")
    assert alert.first.bounding_box()["y"] < first_step.bounding_box()["y"]


def test_checker_answer_follows_the_boxes_on_a_phone(tmp_path, start_server, new_page):
    server = start_server(f"sqlite:///{tmp_path / 'journal.db'}")
    page = new_page(**PHONE)
    open_page(page, server, "/checker", checker.page()["title"])
    assert _tap_targets_too_small(page) == []
    answer = page.get_by_test_id("stAlert")

    def tick(flag_id: str) -> None:
        keyed(page, f"checker_{flag_id}").locator("label").first.tap()
        wait_idle(page)

    tick("weakness")
    expect(answer.filter(has_text=triage.level("doctor").title)).to_have_count(1)
    tick("cramp-over-10-min")  # the answer changes without pressing anything
    expect(answer.filter(has_text=triage.level("today").title)).to_have_count(1)
    expect(answer.filter(has_text=triage.level("doctor").title)).to_have_count(0)
    tick("chest-pain")
    # Two boxes say it: the one right under the emergency questions, and the answer.
    expect(answer.filter(has_text=triage.level("emergency").title)).to_have_count(2)
    expect(answer.filter(has_text=triage.level("today").title)).to_have_count(0)
    # The emergency numbers also show right under the emergency questions.
    under_group = answer.filter(has_text="999").first
    today_heading = heading(page, checker.groups()[1].title)
    assert under_group.bounding_box()["y"] < today_heading.bounding_box()["y"]
    server.stop()
    log = server.log_text()
    for flag_id in ("weakness", "cramp-over-10-min", "chest-pain"):
        assert triage.flag(flag_id).label not in log  # nothing ticked reaches the log


# --------------------------------------------------------------------------- 5. Deep link


def test_deep_link_on_a_fresh_server_uses_the_app_navigation(tmp_path, start_server, new_page):
    server = start_server(f"sqlite:///{tmp_path / 'journal.db'}")
    page = new_page()
    open_page(page, server, "/log", "Log")  # the first visit after a (re)start is a deep link
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("This guide gives general facts, not medical advice.", timeout=3_000)
    expect(sidebar_link(page, "My journal")).to_be_visible(timeout=1_000)
    expect(sidebar_link(page, "app")).to_have_count(0)


# --------------------------------------------------------------------------- 6. Units


def test_us_units_follow_the_person_across_pages_and_sessions(tmp_path, start_server, new_page):
    db_url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = open_journal(db_url)
    server = start_server(db_url)
    page = new_page()
    open_page(page, server, "/", "Crampwise")
    click(page, keyed(page, "units_choice").get_by_text("US (fl oz, °F)", exact=True))

    go_by_sidebar(page, "Log", "Log")  # the sidebar choice holds on every page
    click(page, page.get_by_role("tab", name="Daily check-in"))
    main = page.get_by_test_id("stMain")
    for total in (16, 32):  # each click's total shows before the next click (no lost click)
        click(page, main.get_by_role("button", name="+16 fl oz", exact=True))
        expect(main.get_by_text(f"Total today: {total} fl oz")).to_be_visible()
    temperature = main.get_by_role("spinbutton", name="Highest temperature (°F)")
    temperature.fill("86")
    temperature.press("Enter")
    wait_idle(page)
    click(page, main.get_by_role("button", name="Save the day"))
    expect(page.get_by_test_id("stToast")).to_contain_text("Saved")
    eventually(lambda: len(journal.daily(LOCAL)) == 1, "the day in the journal")
    day = journal.daily(LOCAL).iloc[0]
    assert (day["water_l"], day["temp_c"]) == (0.946, 30.0)  # stored in litres and °C

    # A new session (another tab, or after a restart) opens in US units: the choice is saved.
    other = new_page()
    open_page(other, server, "/hydration", "How much to drink")
    drinks = other.get_by_test_id("stMetric").filter(has_text="From drinks")
    expect(drinks.get_by_test_id("stMetricValue")).to_contain_text("fl oz")
    expect(other.get_by_text("Compared: your journal, 1 day.")).to_be_visible()
    expect(other.get_by_test_id("stPlotlyChart")).to_be_visible()
    journal.close()


# --------------------------------------------------------------------------- 7. Every page, two sizes


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_fits_the_screen(size, tmp_path, start_server, new_page):
    """Every page (and each of its tabs), reached by the sidebar as a person would: no
    exception, no console error, nothing cut off or scrolling sideways, and (phone) tap
    targets of 44 px; a screenshot of each under tests/artifacts/."""
    phone = size == "phone"
    server = start_server(f"sqlite:///{tmp_path / 'journal.db'}")
    page = new_page(**SIZES[size])
    console = watch_console(page)
    open_page(page, server, "/", "Crampwise")
    check_page(page, f"{size}-home", console, phone=phone)
    # The sample data first, so the tracker pages show their tables and charts too.
    click(page, keyed(page, "home_sample").get_by_role("button", name="Try it with sample data"))
    expect(page).to_have_url(re.compile(r"/insights$"))
    wait_idle(page)
    for spec in navigation.PAGES:
        url = "/" if spec.default else "/" + Path(spec.path).stem
        go_to(page, spec.title, url, phone=phone)
        check_page(page, f"{size}-{Path(spec.path).stem}", console, phone=phone)
        # Each further tab of the page's first set of tabs (Log's daily check-in, Insights'
        # charts) is part of the page too.
        tabs = page.get_by_test_id("stMain").get_by_test_id("stTabs").first.get_by_role("tab")
        for i in range(1, tabs.count()):
            tab = tabs.nth(i)
            tab.tap() if phone else tab.click()
            expect(tab).to_have_attribute("aria-selected", "true")
            check_page(page, f"{size}-{Path(spec.path).stem}-tab{i + 1}", console, phone=phone)


def test_guide_contents_in_the_main_area_on_a_phone(tmp_path, start_server, new_page):
    """On a phone the sidebar is closed: the Guide's contents are on the page itself."""
    server = start_server(f"sqlite:///{tmp_path / 'journal.db'}")
    page = new_page(**PHONE)
    console = watch_console(page)
    # From Home by the sidebar: a deep link to /guide makes Streamlit's client probe
    # /guide/_stcore/... first, two 404s in the console that are not the Guide's.
    open_page(page, server, "/", "Crampwise")
    go_to(page, navigation.GUIDE.title, "/guide", phone=True)
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    sections = guide.sections()
    target = sections[2]
    main = page.get_by_test_id("stMain")
    main.get_by_test_id("stExpander").filter(has_text="Contents: section 1 of").locator("summary").tap()
    link = main.get_by_test_id("stExpanderDetails").get_by_role("link", name=target.title)
    expect(link).to_be_visible()  # the expander opened
    link.tap()
    expect(heading(page, target.title)).to_be_visible()  # that section opened, same session
    wait_idle(page)
    expect(main.get_by_text(f"Contents: section 3 of {len(sections)}, {target.title}")).to_be_visible()
    check_page(page, "phone-guide-section-3", console, phone=True)
