"""Every docstring example in the library runs and holds (pingouin-style doctests).

A module whose source shows a ``>>>`` example is found here automatically, so a
new example is tested without anyone listing it.
"""

from __future__ import annotations

import doctest
import importlib

import pytest
from paths import ROOT

SRC = ROOT / "src"
WITH_EXAMPLES = sorted(
    ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
    for path in (SRC / "crampwise").rglob("*.py")
    if ">>> " in path.read_text(encoding="utf-8")
)


def test_the_library_has_examples():
    assert {"crampwise", "crampwise.units", "crampwise.guide.triage"} <= set(WITH_EXAMPLES)


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_hold(name, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)  # examples read the sample data in data/
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # and write only in a temp folder
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name}: no example ran"
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
