"""The weather of past days, filled into blank temperatures and humidities only when asked.

``places`` turns what a person types into a point (coordinates, or a town looked up on
this machine); ``openmeteo`` builds the one request that leaves the machine (rounded
coordinates and a date range), sends it only with the person's :class:`Consent`, and
reads the answer; ``fill`` chooses the blank days and lays the answer onto them.

This room sits beside ``io``: it imports only the shared leaves, never the journal (the
front doors hand its values to ``Journal.fill_blanks``), and nothing here runs at
import or at start-up.
"""

from crampwise.weather.fill import COLUMNS, FillCounts, blank_days, counts, fill_frame, plan, values_to_fill
from crampwise.weather.openmeteo import (
    CREDIT,
    SOURCE,
    Consent,
    WeatherReport,
    WeatherRequest,
    fetch_weather,
    weather_session,
)
from crampwise.weather.places import Place, find_places, parse_coordinates, resolve

__all__ = [
    "COLUMNS",
    "CREDIT",
    "SOURCE",
    "Consent",
    "FillCounts",
    "Place",
    "WeatherReport",
    "WeatherRequest",
    "blank_days",
    "counts",
    "fetch_weather",
    "fill_frame",
    "find_places",
    "parse_coordinates",
    "plan",
    "resolve",
    "values_to_fill",
    "weather_session",
]
