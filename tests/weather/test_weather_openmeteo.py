"""The one request that leaves the machine, sent only with consent, and the answer read.

The service is played back on loopback from ``tests/data/weather/`` (``weather_server``).
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest
from weather_server import closed_port_url, load_recordings

from crampwise.errors import (
    WeatherConsentError,
    WeatherError,
    WeatherRefusedError,
    WeatherResponseError,
    WeatherUnavailableError,
)
from crampwise.weather import Consent, Place, WeatherRequest, fetch_weather, weather_session
from crampwise.weather.openmeteo import ARCHIVE_URL, ENV_URL, SETTLED_DAYS, parse_answer, service_url

BERLIN = Place("Berlin, Germany", 52.52437, 13.41053)
JUNE = (dt.date(2024, 6, 3), dt.date(2024, 6, 12))


def _request(place: Place = BERLIN, days: tuple[dt.date, dt.date] = JUNE) -> WeatherRequest:
    return WeatherRequest.for_days(place, *days)


def test_the_request_holds_rounded_coordinates_and_dates_and_nothing_else(monkeypatch):
    monkeypatch.delenv(ENV_URL, raising=False)
    request = _request()
    url = urlsplit(request.url())
    assert f"{url.scheme}://{url.netloc}{url.path}" == ARCHIVE_URL
    assert dict(parse_qsl(url.query)) == {
        "latitude": "52.5",
        "longitude": "13.4",
        "start_date": "2024-06-03",
        "end_date": "2024-06-12",
        "daily": "temperature_2m_max,relative_humidity_2m_mean",
        "timezone": "auto",
    }
    assert "Berlin" not in request.url()
    assert request.days == 10 and request.host == "archive-api.open-meteo.com"


def test_a_range_before_the_archive_or_backwards_is_refused_before_anything_is_sent():
    with pytest.raises(WeatherError, match="starts on 1940-01-01"):
        _request(days=(dt.date(1939, 12, 31), dt.date(1940, 1, 2)))
    with pytest.raises(WeatherError, match="ends .* before it starts"):
        _request(days=(dt.date(2024, 6, 3), dt.date(2024, 6, 1)))


def test_the_service_address_can_be_set_but_only_to_http(monkeypatch):
    monkeypatch.setenv(ENV_URL, "http://127.0.0.1:9/v1/archive")
    assert service_url() == "http://127.0.0.1:9/v1/archive"
    monkeypatch.setenv(ENV_URL, "file:///etc/passwd")
    with pytest.raises(WeatherError, match="must be an http"):
        service_url()


def test_without_consent_to_that_exact_request_nothing_is_sent(weather_server):
    request = _request()
    with pytest.raises(WeatherConsentError, match="nothing was sent"):
        fetch_weather(request, None)
    other = _request(days=(dt.date(2024, 6, 3), dt.date(2024, 6, 13)))
    with pytest.raises(WeatherConsentError):
        fetch_weather(request, Consent(other))
    assert weather_server.seen == []


def test_an_answer_becomes_the_days_in_journal_columns(weather_server):
    request = _request()
    report = fetch_weather(request, Consent(request))
    assert weather_server.seen == [dict(parse_qsl(urlsplit(request.url()).query))]
    assert report.timezone == "Europe/Berlin" and not report.from_cache
    assert list(report.days.columns) == ["date", "temp_c", "humidity_pct"]
    assert report.days["date"].dt.date.tolist() == [JUNE[0] + dt.timedelta(i) for i in range(10)]
    assert report.days["temp_c"].iloc[0] == 21.4 and report.days["humidity_pct"].iloc[6] == 48.0
    assert report.missing == 0


def test_fahrenheit_is_converted_and_days_not_in_the_archive_yet_stay_blank(weather_server):
    request = _request(Place("Sydney", -33.8678, 151.2073), (dt.date(2026, 11, 28), dt.date(2026, 12, 7)))
    report = fetch_weather(request, Consent(request))
    assert report.days["temp_c"].iloc[0] == 24.0  # 75.2 °F
    assert report.days["temp_c"].iloc[2] == 28.0  # 82.4 °F
    assert report.days.iloc[-3:][["temp_c", "humidity_pct"]].isna().all().all()
    assert report.missing == 3


def test_the_same_request_again_is_answered_from_the_disk_cache(weather_server, tmp_path):
    request = _request()
    for expected_cached in (False, True):
        session = weather_session(tmp_path / "weather")
        try:
            report = fetch_weather(request, Consent(request), session=session)
        finally:
            session.close()
        assert report.from_cache is expected_cached
    assert len(weather_server.seen) == 1
    assert list((tmp_path / "weather").glob("open-meteo*"))
    pd.testing.assert_frame_equal(report.days, fetch_weather(request, Consent(request)).days)


def test_a_recent_range_is_cached_for_a_day_a_settled_one_for_good(weather_server):
    from crampwise.weather.openmeteo import _expire_after

    request = _request()
    assert _expire_after(request, JUNE[1] + dt.timedelta(days=SETTLED_DAYS + 1)) == -1  # NEVER_EXPIRE
    assert _expire_after(request, JUNE[1] + dt.timedelta(days=3)) == dt.timedelta(days=1)


def test_a_refusal_names_the_services_reason_and_changes_nothing(weather_server):
    request = _request(days=(dt.date(2026, 12, 6), dt.date(2026, 12, 7)))
    with pytest.raises(WeatherRefusedError, match=r"status 400\): Parameter 'end_date' is out of allowed"):
        fetch_weather(request, Consent(request))


def test_offline_says_so_in_plain_words(monkeypatch):
    monkeypatch.setenv(ENV_URL, closed_port_url())
    request = _request()
    words = "could not reach 127.0.0.1.*offline.*nothing was changed"
    with pytest.raises(WeatherUnavailableError, match=words):
        fetch_weather(request, Consent(request))


@pytest.mark.parametrize(
    ("status", "body", "error", "words"),
    [
        (503, b"<html>down</html>", WeatherUnavailableError, "not working right now"),
        (429, b'{"error": true, "reason": "Daily limit exceeded"}', WeatherUnavailableError, "busy"),
        (200, b"<html>a captive portal</html>", WeatherResponseError, "not JSON"),
        (200, b'{"daily": {}}', WeatherResponseError, "'daily' or 'daily_units' is missing"),
    ],
)
def test_a_broken_service_gives_a_clear_error(weather_server, status, body, error, words):
    weather_server.fail_with = (status, body)
    request = _request()
    with pytest.raises(error, match=words):
        fetch_weather(request, Consent(request))
    retried = 1 + 2 if status in (429, 503) else 1  # openmeteo.RETRIES more tries when busy or down
    assert len(weather_server.seen) == retried


def _answer() -> dict:
    (berlin,) = [r for r in load_recordings() if r["request"]["query"]["start_date"] == "2024-06-03"]
    return json.loads(json.dumps(berlin["body"]))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda a: a["daily"]["time"].__setitem__(0, "2024-05-01"), "2024-05-01, outside the days asked for"),
        (lambda a: a["daily"]["time"].__setitem__(0, "3 June"), "YYYY-MM-DD"),
        (lambda a: a["daily"]["temperature_2m_max"].pop(), "not one value per day"),
        (lambda a: a["daily"]["relative_humidity_2m_mean"].__setitem__(2, "wet"), "'wet', not a number"),
        (lambda a: a["daily_units"].__setitem__("temperature_2m_max", "K"), "comes in 'K', not °C or °F"),
        (lambda a: a.pop("daily_units"), "'daily_units' is missing"),
    ],
)
def test_an_answer_out_of_its_documented_shape_is_refused_whole(change, words):
    answer = _answer()
    change(answer)
    with pytest.raises(WeatherResponseError, match=words):
        parse_answer(answer, _request())
    with pytest.raises(WeatherResponseError, match="not a JSON object"):
        parse_answer([], _request())
