"""Journey: fill in the weather on My journal, at a laptop's size and a phone's.

A person types a town, reads what will be sent, and presses the button; only then does
one request reach the weather service (played back on loopback from tests/data/weather/),
and the journal's blank cells fill, marked as Open-Meteo weather.
"""

from __future__ import annotations

import datetime as dt

import pytest
from browser_helpers import check_page, eventually, go_to, keyed, open_page, wait_idle, watch_console
from playwright.sync_api import expect
from weather_server import WeatherServer

from crampwise.journal.store import open_journal
from crampwise.ui import navigation
from crampwise.ui.weather import SEND

LOCAL = "local"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP: dict = {"viewport": {"width": 1280, "height": 1400}}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_weather_is_sent_only_on_the_press_and_fills_only_blanks(size, tmp_path, start_server, new_page):
    phone = size == "phone"
    db_url = f"sqlite:///{tmp_path / 'journal.db'}"
    journal = open_journal(db_url)
    journal.save_day(LOCAL, dt.date(2024, 6, 3), water_l=2.0)
    journal.save_day(LOCAL, dt.date(2024, 6, 4), water_l=1.5, temp_c=31.0)  # typed: kept
    journal.save_day(LOCAL, dt.date(2024, 6, 12), water_l=2.2)
    with WeatherServer() as weather:
        server = start_server(
            db_url, env={"CRAMPWISE_WEATHER_URL": weather.url, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        )
        page = new_page(**(PHONE if phone else DESKTOP))
        console = watch_console(page)
        open_page(page, server, "/", "Crampwise")
        go_to(page, navigation.JOURNAL.title, "/journal", phone=phone)
        main = page.get_by_test_id("stMain")
        expect(main).to_contain_text(
            "3 days have no temperature or humidity between 3 Jun 2024 and 12 Jun 2024"
        )

        field = keyed(page, "weather_place").locator("input")
        field.fill("Berlin")
        field.press("Enter")
        wait_idle(page)
        expect(main).to_contain_text(
            "latitude 52.5, longitude 13.4 (Berlin, Germany, rounded to about 10 km)"
        )
        expect(main).to_contain_text("the days 3 Jun 2024 to 12 Jun 2024 (10 days)")
        check_page(page, f"{size}-weather-before-sending", console, phone=phone)
        assert weather.seen == []  # typing and reading sent nothing

        send = main.get_by_role("button", name=SEND)
        send.scroll_into_view_if_needed()
        send.tap() if phone else send.click()
        wait_idle(page)
        expect(main.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            "Filled 2 temperatures and 3 humidity values on 3 days from Open-Meteo weather."
        )
        assert len(weather.seen) == 1 and "Berlin" not in str(weather.seen)
        eventually(
            lambda: journal.daily(LOCAL)["humidity_pct"].notna().all(), "the humidities in the journal"
        )
        daily = journal.daily(LOCAL).set_index("date")
        assert daily["temp_c"].tolist() == [21.4, 31.0, 22.7]
        assert set(journal.daily_sources(LOCAL)["source"]) == {"Open-Meteo weather"}
        expect(main).to_contain_text("Every day in your journal has its temperature and humidity.")
        check_page(page, f"{size}-weather-filled", console, phone=phone)
    journal.close()
