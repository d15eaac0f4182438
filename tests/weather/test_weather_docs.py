"""docs/weather.md states the numbers and names the code uses (so the two cannot drift)."""

from __future__ import annotations

from urllib.parse import urlsplit

from paths import ROOT

from crampwise.weather import openmeteo, places

DOC = (ROOT / "docs" / "weather.md").read_text(encoding="utf-8")


def test_the_doc_states_what_is_sent_and_how_it_is_rounded():
    assert f"`ROUND_TO` = {places.ROUND_TO} decimal" in DOC.replace("\n", " ")
    assert f"rounded to {10**-places.ROUND_TO:g} degree" in DOC.replace("**", "")
    assert urlsplit(openmeteo.ARCHIVE_URL).hostname in DOC
    assert "timezone=auto" in DOC


def test_the_doc_names_every_value_filled_and_its_column():
    for variable, column in openmeteo.VARIABLES.items():
        assert f"| `{variable}` | `{column}`" in DOC


def test_the_doc_states_the_limits_and_names_in_the_code():
    flat = DOC.replace("\n", " ")
    assert f"`MIN_POPULATION` = {places.MIN_POPULATION:,}" in flat
    assert f"`SETTLED_DAYS` = {openmeteo.SETTLED_DAYS} days" in flat
    assert f"`RETRIES` = {openmeteo.RETRIES} more times" in flat
    connect, read = openmeteo.TIMEOUT
    assert f"{connect:g} s to connect, {read:g} s to answer" in flat
    assert f"`{openmeteo.SOURCE}`" in flat
    assert f"`{openmeteo.ENV_URL}`" in flat
