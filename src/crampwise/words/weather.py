"""The sentences about filling in the weather, the same in the app and on the command line:
what will leave the machine (shown before the person says yes) and what was filled."""

from __future__ import annotations

from crampwise.weather import CREDIT, SOURCE, FillCounts, Place, WeatherRequest
from crampwise.words import dates


def _n(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def what_leaves(request: WeatherRequest, place: Place) -> list[str]:
    """Everything the request sends, line by line, before it is sent.

    >>> import datetime as dt
    >>> req = WeatherRequest(52.5, 13.4, dt.date(2024, 6, 3), dt.date(2024, 6, 12))
    >>> for line in what_leaves(req, Place("Berlin, Germany", 52.52, 13.41)): print(line)
    latitude 52.5, longitude 13.4 (Berlin, Germany, rounded to about 10 km)
    the days 3 Jun 2024 to 12 Jun 2024 (10 days)
    """
    sent = request.params()  # the very strings in the address, "43.0" not "43"
    return [
        f"latitude {sent['latitude']}, longitude {sent['longitude']} ({place.label}, rounded to about 10 km)",
        f"the days {dates.in_sentence(request.start)} to {dates.in_sentence(request.end)} "
        f"({_n(request.days, 'day', 'days')})",
    ]


def nothing_else() -> str:
    """What does not leave, said once for both front doors."""
    return f"No health data, no place name and nothing else from your journal leave this computer. {CREDIT}."


def blank_days(days: int, first: object, last: object) -> str:
    """How many days lack the weather, and between which dates."""
    span = (
        f"on {dates.in_sentence(first)}"
        if days == 1
        else f"between {dates.in_sentence(first)} and {dates.in_sentence(last)}"
    )
    return f"{_n(days, 'day has', 'days have')} no temperature or humidity {span}."


def filled(counts: FillCounts, *, from_cache: bool) -> str:
    """What one fill did, in a sentence.

    >>> counts = FillCounts({"temp_c": 3, "humidity_pct": 1}, days=3, not_yet=2)
    >>> import textwrap
    >>> print(textwrap.fill(filled(counts, from_cache=False), 90))
    Filled 3 temperatures and 1 humidity value on 3 days from Open-Meteo weather. 2 days have
    no weather yet: the archive is a few days behind today.
    """
    if not counts.cells:
        text = "Nothing was filled: the weather archive has no values for those days yet."
    else:
        parts = [
            _n(n, one, many)
            for n, one, many in (
                (counts.filled["temp_c"], "temperature", "temperatures"),
                (counts.filled["humidity_pct"], "humidity value", "humidity values"),
            )
            if n
        ]
        text = (
            f"Filled {' and '.join(parts)} on {_n(counts.days, 'day', 'days')} from {SOURCE}"
            + (" (a saved answer: nothing was sent)" if from_cache else "")
            + "."
        )
    if counts.not_yet and counts.cells:
        text += (
            f" {_n(counts.not_yet, 'day has', 'days have')} no weather yet: the archive is a few days "
            "behind today."
        )
    return text
