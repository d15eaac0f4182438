"""AppTest: My journal's "Fill in the weather".

Nothing is sent while the page opens, a place is typed or days are chosen; the page
shows exactly what would leave; one press sends it and fills only blank cells, marked
"Open-Meteo weather"; Undo clears them; offline changes nothing. The service is played
back on loopback from ``tests/data/weather/`` (``weather_server``).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
from app_helpers import open_app, run, stored, texts
from weather_server import closed_port_url

from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal
from crampwise.ui import navigation
from crampwise.ui.weather import SEND

JOURNAL = navigation.JOURNAL.path
DAYS = [
    ("2024-06-03", None, None),
    ("2024-06-04", 31.0, None),  # typed by the person: kept
    ("2024-06-05", 30.0, 40.0),
    ("2024-06-12", None, None),
]


def seed(url: str) -> None:
    with open_journal(url) as journal:
        for day, temp, humidity in DAYS:
            journal.save_day(
                LOCAL_OWNER, dt.date.fromisoformat(day), water_l=2.0, temp_c=temp, humidity_pct=humidity
            )


def place(at, text: str):
    return run(at.text_input(key="weather_place").input(text))


def sent_panel(at) -> list[str]:
    return [m for m in texts(at.markdown) if m.startswith("- latitude")]


def weather(url: str) -> pd.DataFrame:
    return stored(url)[1][["date", "temp_c", "humidity_pct"]]


def test_the_page_shows_what_would_leave_and_sends_nothing_before_the_press(personal, weather_server):
    seed(personal)
    at = open_app(JOURNAL)
    assert any(
        c.startswith("3 days have no temperature or humidity between 3 Jun 2024 and 12 Jun 2024")
        for c in texts(at.caption)
    )
    assert not [b for b in at.button if b.key == "weather_send"]  # no place yet, no button
    at = place(at, "Berlin")
    assert sent_panel(at) == [
        "- latitude 52.5, longitude 13.4 (Berlin, Germany, rounded to about 10 km)\n"
        "- the days 3 Jun 2024 to 12 Jun 2024 (10 days)"
    ]
    (code,) = at.code
    query = dict(parse_qsl(urlsplit(code.value).query))
    assert set(query) == {"latitude", "longitude", "start_date", "end_date", "daily", "timezone"}
    assert at.button(key="weather_send").label == SEND
    assert weather_server.seen == []


def test_the_press_fills_only_blank_cells_marks_them_and_undo_clears_them(personal, weather_server):
    seed(personal)
    before = weather(personal)
    at = place(open_app(JOURNAL), "Berlin")
    at = run(at.button(key="weather_send").click())
    assert len(weather_server.seen) == 1
    assert texts(at.success) == [
        "Filled 2 temperatures and 3 humidity values on 3 days from Open-Meteo weather."
    ]
    after = weather(personal)
    assert after["temp_c"].tolist() == [21.4, 31.0, 30.0, 22.7]
    assert after["humidity_pct"].tolist() == [71.0, 66.0, 40.0, 68.0]
    assert any("Every day in your journal has its temperature and humidity" in c for c in texts(at.caption))
    [sources] = [df.value for df in at.dataframe if list(df.value.columns) == ["Date", "From"]]
    assert sources["From"].tolist() == [
        "Temperature, Humidity: Open-Meteo weather",
        "Humidity: Open-Meteo weather",
        "Temperature, Humidity: Open-Meteo weather",
    ]
    at = run(at.button(key="weather_undo").click())
    assert texts(at.success) == ["Removed the 5 weather values filled in; those days are blank again."]
    pd.testing.assert_frame_equal(weather(personal), before)


def test_a_second_fill_of_the_same_days_is_answered_from_the_disk_cache(personal, weather_server, tmp_path):
    seed(personal)
    at = place(open_app(JOURNAL), "52.52, 13.41")
    at = run(at.button(key="weather_send").click())
    at = run(at.button(key="weather_undo").click())
    at = place(open_app(JOURNAL), "52.52, 13.41")
    at = run(at.button(key="weather_send").click())
    assert "a saved answer: nothing was sent" in texts(at.success)[0]
    assert len(weather_server.seen) == 1
    assert list((tmp_path / "cache" / "crampwise" / "weather").glob("open-meteo*"))


def test_offline_says_so_and_changes_nothing(personal, monkeypatch, tmp_path):
    monkeypatch.setenv("CRAMPWISE_WEATHER_URL", closed_port_url())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    seed(personal)
    before = weather(personal)
    at = place(open_app(JOURNAL), "Berlin")
    at = run(at.button(key="weather_send").click())
    (error,) = texts(at.error)
    assert "could not reach 127.0.0.1" in error and "nothing was changed" in error
    pd.testing.assert_frame_equal(weather(personal), before)
    assert not at.exception


def test_a_name_of_several_towns_asks_which_and_sends_that_ones_coordinates(personal, weather_server):
    seed(personal)
    at = place(open_app(JOURNAL), "London")
    choice = at.selectbox(key="weather_choice")
    assert choice.value == "London, United Kingdom"
    assert "London, Canada" in choice.options
    at = run(choice.set_value("London, Canada"))
    assert sent_panel(at)[0].startswith("- latitude 43.0, longitude -81.2 (London, Canada")
    assert weather_server.seen == []


def test_an_unknown_place_says_what_to_try_and_offers_no_button(personal, weather_server):
    seed(personal)
    at = place(open_app(JOURNAL), "Qqqqzzzz")
    assert any("nearest larger town" in w for w in texts(at.warning))
    assert not [b for b in at.button if b.key == "weather_send"]


def test_fewer_days_can_be_chosen_and_only_their_span_is_asked_for(personal, weather_server):
    seed(personal)
    at = place(open_app(JOURNAL), "Berlin")
    at = run(at.date_input(key="weather_days").set_value((dt.date(2024, 6, 3), dt.date(2024, 6, 4))))
    assert sent_panel(at)[0].endswith("- the days 3 Jun 2024 to 4 Jun 2024 (2 days)")


def test_in_session_mode_the_answer_is_kept_in_memory_only(db_url, monkeypatch, weather_server, tmp_path):
    monkeypatch.setenv("CRAMPWISE_MODE", "session")
    at = run(open_app(JOURNAL).button(key="journal_sample_add").click())
    assert any(
        c.startswith("5 days have no temperature or humidity between 1 Mar 2025 and 8 May 2025")
        for c in texts(at.caption)
    )
    at = place(at, "51.51, -0.13")
    at = run(at.button(key="weather_send").click())
    assert texts(at.success)[-1] == "Filled 5 humidity values on 5 days from Open-Meteo weather."
    assert len(weather_server.seen) == 1
    assert not (tmp_path / "cache").exists()  # nothing about where this visitor is on the server's disk
    with open_journal(db_url) as journal:  # and nothing reached the shared database
        assert journal.daily(LOCAL_OWNER).empty


def test_a_journal_with_nothing_to_fill_says_so(personal):
    at = open_app(JOURNAL)
    assert any("Once your journal has days" in c for c in texts(at.caption))
    with open_journal(personal) as journal:
        journal.save_day(LOCAL_OWNER, dt.date(2024, 6, 5), temp_c=30.0, humidity_pct=40.0)
    at = open_app(JOURNAL)
    assert any("Every day in your journal has its temperature and humidity" in c for c in texts(at.caption))
