"""The past days' weather from Open-Meteo's historical weather API, only when a person asks.

What leaves the machine is a :class:`WeatherRequest`: coordinates rounded to about 10 km
and a date range, nothing else (no health data, no place name, no cookie; requests' own
``User-Agent``). :func:`fetch_weather` sends it only with a :class:`Consent` to that exact
request, which the app creates on the person's click and the command line on their "y".

Responses are cached (``requests-cache``): on disk in a person's own cache folder on
their own computer, in memory for a shared server (a server's disk should not keep a
list of where its visitors live). A range that ended more than :data:`SETTLED_DAYS` ago
is kept for good (the reanalysis no longer changes); a more recent one for a day.

The service speaks the documented JSON of https://open-meteo.com/en/docs/historical-weather-api:
``daily.time`` (ISO dates) beside one list per variable, ``daily_units`` naming the
units, and ``{"error": true, "reason": ...}`` with status 400 when it refuses a request.
Open-Meteo's data are CC BY 4.0: every place that shows filled values credits them
(:data:`CREDIT`).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pandas as pd

from crampwise.errors import (
    WeatherConsentError,
    WeatherError,
    WeatherRefusedError,
    WeatherResponseError,
    WeatherUnavailableError,
)
from crampwise.weather.places import ROUND_TO, Place

log = logging.getLogger(__name__)

#: Open-Meteo's historical weather API (ERA5 reanalysis and its successors, 1940 to a few days ago).
ARCHIVE_URL = "https://archive-api.open-meteo.com/v1/archive"
#: Environment variable naming another address of the same API: a self-hosted Open-Meteo,
#: or the recorded responses the tests serve on loopback.
ENV_URL = "CRAMPWISE_WEATHER_URL"
#: The name every filled value carries in the journal (shown in My journal).
SOURCE = "Open-Meteo weather"
#: Open-Meteo's licence asks for this credit wherever its data are shown.
CREDIT = "Weather data by Open-Meteo.com (CC BY 4.0)"
#: Daily variables asked for, and the journal column each one fills.
VARIABLES: Mapping[str, str] = {"temperature_2m_max": "temp_c", "relative_humidity_2m_mean": "humidity_pct"}
#: The units the answer must state for each variable (°F is converted; anything else is refused).
UNITS: Mapping[str, tuple[str, ...]] = {
    "temperature_2m_max": ("°C", "°F"),
    "relative_humidity_2m_mean": ("%",),
}
#: The first day the archive holds.
FIRST_DAY = dt.date(1940, 1, 1)
#: Seconds to connect, and to wait for the answer (decades of days take a few seconds).
TIMEOUT = (5.0, 60.0)
#: Further tries after a dropped connection or a busy answer (429, 5xx), without waiting
#: longer than a few seconds in all (a ``Retry-After`` of an hour is not obeyed: the person
#: is told to try later instead).
RETRIES = 2
#: Days after which the archive's values are final, so a cached answer is kept for good.
SETTLED_DAYS = 90


@dataclass(frozen=True)
class WeatherRequest:
    """Exactly what is sent: rounded coordinates, a date range, and the service it goes to."""

    latitude: float
    longitude: float
    start: dt.date
    end: dt.date
    service: str = ARCHIVE_URL

    @classmethod
    def for_days(
        cls, place: Place, start: dt.date, end: dt.date, *, service: str | None = None
    ) -> WeatherRequest:
        """The request for ``place``'s weather from ``start`` to ``end``, coordinates rounded."""
        if end < start:
            raise WeatherError(f"the range ends ({end}) before it starts ({start}).")
        if start < FIRST_DAY:
            raise WeatherError(f"the weather archive starts on {FIRST_DAY}; {start} is earlier.")
        latitude, longitude = place.rounded()
        return cls(latitude, longitude, start, end, service or service_url())

    def params(self) -> dict[str, str]:
        """The query string's fields, in the order they are sent."""
        return {
            "latitude": f"{self.latitude:.{ROUND_TO}f}",
            "longitude": f"{self.longitude:.{ROUND_TO}f}",
            "start_date": self.start.isoformat(),
            "end_date": self.end.isoformat(),
            "daily": ",".join(VARIABLES),
            "timezone": "auto",
        }

    def url(self) -> str:
        """The whole address requested: everything that leaves the machine is in it."""
        return f"{self.service}?{urlencode(self.params())}"

    @property
    def host(self) -> str:
        return urlsplit(self.service).hostname or self.service

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def service_url() -> str:
    """Where requests go: :data:`ENV_URL` when set, else Open-Meteo's own address."""
    url = os.environ.get(ENV_URL, "").strip()
    if url and urlsplit(url).scheme not in ("http", "https"):
        raise WeatherError(f"{ENV_URL} must be an http(s) address, not {url!r}.")
    return url or ARCHIVE_URL


@dataclass(frozen=True)
class Consent:
    """The person's yes to sending one :class:`WeatherRequest`, made by a front door when they
    click or answer "y" after seeing :meth:`WeatherRequest.url`. It is good for that request only."""

    request: WeatherRequest


@dataclass(frozen=True)
class WeatherReport:
    """The days' weather as the service gave it."""

    request: WeatherRequest
    #: ``date`` (datetime64) with ``temp_c`` and ``humidity_pct`` (float, NaN where the service
    #: has no value yet: the last few days before today).
    days: pd.DataFrame
    #: The time zone the service took the days in (the place's own, ``timezone=auto``).
    timezone: str
    #: Whether the answer came from the cache (nothing was sent).
    from_cache: bool

    @property
    def missing(self) -> int:
        """Days the service has no value for (not yet in the archive)."""
        return int(self.days[list(VARIABLES.values())].isna().all(axis=1).sum())


# --------------------------------------------------------------------------- the session


def cache_dir() -> Path:
    """The person's own cache folder for weather answers (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("crampwise")) / "weather"


def weather_session(directory: Path | None = None) -> Any:
    """A ``requests`` session with a cache and a few retries.

    ``directory``: where the answers are cached on disk; ``None`` keeps them in this
    session's memory only (a shared server).
    """
    import requests_cache
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    if directory is None:
        session = requests_cache.CachedSession(backend="memory", allowable_codes=(200,))
    else:
        directory.mkdir(parents=True, exist_ok=True)
        session = requests_cache.CachedSession(
            str(directory / "open-meteo"), backend="sqlite", allowable_codes=(200,)
        )
    retry = Retry(
        total=RETRIES,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=("GET",),
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _expire_after(request: WeatherRequest, today: dt.date) -> Any:
    import requests_cache

    settled = (today - request.end).days > SETTLED_DAYS
    return requests_cache.NEVER_EXPIRE if settled else dt.timedelta(days=1)


# --------------------------------------------------------------------------- fetching


def fetch_weather(
    request: WeatherRequest,
    consent: Consent | None,
    *,
    session: Any = None,
    today: dt.date | None = None,
) -> WeatherReport:
    """Send ``request`` (with the person's ``consent`` to exactly it) and read the answer.

    Raises :class:`~crampwise.errors.WeatherConsentError` without consent (nothing is
    sent), :class:`~crampwise.errors.WeatherUnavailableError` when the service cannot be
    reached, :class:`~crampwise.errors.WeatherRefusedError` when it says no, and
    :class:`~crampwise.errors.WeatherResponseError` for an answer not in its documented shape.
    """
    if consent is None or not isinstance(consent, Consent) or consent.request != request:
        raise WeatherConsentError(
            "the weather is only fetched after the person has seen exactly what will be sent "
            "and said yes to it; nothing was sent."
        )
    import requests

    own = session is None
    session = weather_session(None) if own else session
    host = request.host
    try:
        response = session.get(
            request.service,
            params=request.params(),
            timeout=TIMEOUT,
            expire_after=_expire_after(request, today or dt.date.today()),
        )
    except requests.exceptions.Timeout:
        raise WeatherUnavailableError(
            f"{host} did not answer in time. Try again later; nothing was changed."
        ) from None
    except requests.exceptions.RequestException:
        raise WeatherUnavailableError(
            f"could not reach {host}: this computer may be offline, or the service is down. "
            "Try again later; nothing was changed."
        ) from None
    finally:
        if own:
            session.close()
    from_cache = bool(getattr(response, "from_cache", False))
    log.info("weather answer: status %s, %s", response.status_code, "cached" if from_cache else "fetched")
    payload = _json(response, host)
    if response.status_code != 200:
        raise _refused(response.status_code, payload, host)
    days, timezone = parse_answer(payload, request)
    return WeatherReport(request, days, timezone, from_cache)


def _json(response: Any, host: str) -> Any:
    try:
        return response.json()
    except ValueError:
        if response.status_code >= 500 or response.status_code == 429:
            return None
        raise WeatherResponseError(
            f"{host} answered with something that is not the weather (not JSON, status "
            f"{response.status_code}). Nothing was changed."
        ) from None


def _refused(status: int, payload: Any, host: str) -> WeatherError:
    if status == 429:
        return WeatherUnavailableError(
            f"{host} is busy (too many requests from this address today). Try again later; "
            "nothing was changed."
        )
    if status >= 500:
        return WeatherUnavailableError(
            f"{host} is not working right now (status {status}). Try again later; nothing was changed."
        )
    reason = payload.get("reason") if isinstance(payload, dict) else None
    return WeatherRefusedError(
        f"{host} refused the request (status {status})"
        + (f": {str(reason)[:300]}" if reason else "")
        + ". Nothing was changed."
    )


def _bad(what: str) -> WeatherResponseError:
    return WeatherResponseError(
        f"the weather service's answer is not in its documented shape: {what}. Nothing was changed."
    )


def _number(value: Any, variable: str, day: str) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(f"{variable} of {day} is {value!r}, not a number")
    return float(value)


def parse_answer(payload: Any, request: WeatherRequest) -> tuple[pd.DataFrame, str]:
    """The days of one answer, in journal columns (°F converted), and its time zone.

    Every day must lie in the requested range, every list must be as long as
    ``daily.time``, and every unit must be one :data:`UNITS` allows.

    >>> from crampwise.weather.places import Place
    >>> req = WeatherRequest.for_days(Place("x", 52.52, 13.41), dt.date(2024, 1, 1), dt.date(2024, 1, 2))
    >>> answer = {"timezone": "Europe/Berlin",
    ...           "daily_units": {"time": "iso8601", "temperature_2m_max": "°C",
    ...                           "relative_humidity_2m_mean": "%"},
    ...           "daily": {"time": ["2024-01-01", "2024-01-02"],
    ...                     "temperature_2m_max": [7.1, None],
    ...                     "relative_humidity_2m_mean": [88, 91]}}
    >>> days, zone = parse_answer(answer, req)
    >>> zone, days["temp_c"].tolist(), days["humidity_pct"].tolist()
    ('Europe/Berlin', [7.1, nan], [88.0, 91.0])
    """
    if not isinstance(payload, dict):
        raise _bad("it is not a JSON object")
    daily, units = payload.get("daily"), payload.get("daily_units")
    if not isinstance(daily, dict) or not isinstance(units, dict):
        raise _bad("'daily' or 'daily_units' is missing")
    times = daily.get("time")
    if not isinstance(times, list):
        raise _bad("'daily.time' is not a list of dates")
    try:
        dates = [dt.date.fromisoformat(t) for t in times]
    except (TypeError, ValueError):
        raise _bad("'daily.time' holds something other than YYYY-MM-DD dates") from None
    outside = [d for d in dates if not request.start <= d <= request.end]
    if outside:
        raise _bad(f"it has {outside[0]}, outside the days asked for ({request.start} to {request.end})")
    frame = pd.DataFrame({"date": pd.to_datetime(pd.Series(dates, dtype="object")).astype("datetime64[us]")})
    for variable, column in VARIABLES.items():
        values = daily.get(variable)
        if not isinstance(values, list) or len(values) != len(dates):
            raise _bad(f"'{variable}' is missing or not one value per day")
        unit = units.get(variable)
        if unit not in UNITS[variable]:
            raise _bad(f"'{variable}' comes in {unit!r}, not {' or '.join(UNITS[variable])}")
        numbers = [_number(v, variable, str(d)) for v, d in zip(values, dates, strict=True)]
        series = pd.Series(numbers, dtype="float64")
        if unit == "°F":
            series = ((series - 32) * 5 / 9).round(1)
        frame[column] = series
    timezone = payload.get("timezone")
    return frame, timezone if isinstance(timezone, str) else "UTC"
