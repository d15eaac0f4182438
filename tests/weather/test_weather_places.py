"""A place typed by a person: coordinates read, or a town found on this machine (nothing sent)."""

from __future__ import annotations

import loopback
import pytest

from crampwise.errors import WeatherPlaceError
from crampwise.weather import places
from crampwise.weather.places import Place, find_places, parse_coordinates, resolve


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("52.52, 13.41", 52.52, 13.41),
        ("52.52 13.41", 52.52, 13.41),
        ("52.52;13.41", 52.52, 13.41),
        ("-33.87, 151.21", -33.87, 151.21),
        ("33.87 S, 151.21 E", -33.87, 151.21),
        ("40.71N 74.01W", 40.71, -74.01),
        ("52,52; 13,41", 52.52, 13.41),
        ("52,52 13,41", 52.52, 13.41),
        ("  0, 0 ", 0.0, 0.0),
    ],
)
def test_coordinates_in_the_ways_people_write_them(text, lat, lon):
    place = parse_coordinates(text)
    assert place is not None
    assert (place.latitude, place.longitude) == (lat, lon)


@pytest.mark.parametrize(
    ("text", "words"),
    [("91, 13", "latitude 91 is outside -90 to 90"), ("52, 181", "longitude 181 is outside -180 to 180")],
)
def test_coordinates_out_of_range_are_refused_with_the_range(text, words):
    with pytest.raises(WeatherPlaceError, match=words):
        parse_coordinates(text)


def test_digits_that_are_not_a_pair_say_how_to_write_coordinates():
    with pytest.raises(WeatherPlaceError, match="latitude, then the longitude"):
        resolve("52.52")


def test_rounding_keeps_about_ten_kilometres():
    place = Place("x", 52.5163, 13.3777)
    assert place.rounded() == (52.5, 13.4)
    assert Place("x", -0.04, -0.04).rounded() == (0.0, 0.0)  # never "-0.0" in the URL
    # 0.05 degree at most either way: 5.6 km north-south, less east-west
    assert abs(place.rounded()[0] - place.latitude) <= 0.05


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Berlin", "Berlin, Germany"),
        ("berlin, de", "Berlin, Germany"),
        ("München", "Munich, Germany"),
        ("Munchen", "Munich, Germany"),
        ("sao paulo", "São Paulo, Brazil"),
        ("Springfield, Illinois", "Springfield, Illinois, United States"),
        ("Springfield, IL", "Springfield, Illinois, United States"),
        ("Paris, Texas", "Paris, Texas, United States"),
        ("London, UK", "London, United Kingdom"),
        ("Zurich", "Zürich, Switzerland"),
    ],
)
def test_a_town_is_found_by_its_name_in_several_spellings(text, label):
    assert find_places(text)[0].label == label


def test_the_largest_town_of_a_name_comes_first_and_the_others_are_offered():
    found = find_places("Springfield")
    assert len(found) > 3
    assert all("Springfield" in p.label for p in found)
    assert found[0].label == "Springfield, Missouri, United States"


def test_an_unknown_name_says_what_to_try():
    with pytest.raises(WeatherPlaceError, match="nearest larger town.*coordinates"):
        resolve("Qqqqzzzz")
    with pytest.raises(WeatherPlaceError, match="type a town"):
        resolve("   ")


def test_looking_up_a_name_sends_nothing():
    before = len(loopback.REFUSED)
    places._gazetteer.cache_clear()
    assert resolve("Lyon")[0].label == "Lyon, France"
    assert len(loopback.REFUSED) == before
