"""import_memory: the key a column matching is kept under, and what a saved one may hold."""

from __future__ import annotations

import json

import pytest

from crampwise.ui import import_memory


def test_headers_key_is_the_normalised_headers_in_order():
    assert import_memory.headers_key(["Datum", " Wasser (L) ", "Température (°C)"]) == (
        "datum",
        "wasser_l",
        "temperature_c",
    )
    key = import_memory.headers_key
    # The same sheet exported again with other spacing or case is the same key ...
    assert key(["DATUM", "wasser (l)"]) == key(["Datum", "Wasser (L)"])
    # ... but other columns, or the same ones in another order, are not.
    assert key(["Wasser (L)", "Datum"]) != key(["Datum", "Wasser (L)"])


def test_a_saved_matching_is_read_back():
    value = json.dumps({"kind": "daily", "mapping": {"Wann": "date", "Laune": None}})
    assert import_memory._decode(value) == import_memory.Remembered("daily", {"Wann": "date", "Laune": None})


@pytest.mark.parametrize(
    "value",
    [None, "", "not json", "[]", '{"kind": "weekly", "mapping": {}}', '{"kind": "daily", "mapping": []}'],
)
def test_a_damaged_or_forgotten_setting_is_ignored(value):
    assert import_memory._decode(value) is None
