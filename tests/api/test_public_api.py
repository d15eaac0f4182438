"""The public API a notebook uses: ``import crampwise`` and the names in ``crampwise.__all__``.

Each name has a doctested example in ``crampwise/__init__.py``; they run here,
from the repository's root (where ``data/`` is), with the journal example on
a SQLite file under this test's temporary folder.
"""

from __future__ import annotations

import doctest
import io
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

import crampwise

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("scipy", "statsmodels", "sqlalchemy", "streamlit")
ROOMS = {
    "read_file": "crampwise.io",
    "ImportResult": "crampwise.io",
    "analyze": "crampwise.stats",
    "Analysis": "crampwise.stats",
    "open_journal": "crampwise.journal",
    "Journal": "crampwise.journal",
    "passage": "crampwise.guide",
    "CrampwiseError": "crampwise.errors",
    "to_json": "crampwise.words",
    "CAVEAT": "crampwise.words",
}


def _examples() -> list[doctest.DocTest]:
    tests = [t for t in doctest.DocTestFinder().find(crampwise) if t.examples]
    assert tests, "crampwise/__init__.py has no examples"
    return tests


# --------------------------------------------------------------------------- the examples


def test_examples_in_the_package_docstring_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the journal example's mkdtemp()
    monkeypatch.delenv("CRAMPWISE_DB_URL", raising=False)
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in _examples():
        runner.run(test, out=out.write)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, out.getvalue()
    assert result.attempted >= 10
    # the journal example wrote its database here, not in the person's data folder
    assert list(tmp_path.glob("*/journal.sqlite3")), "the journal example did not use a temporary file"


def test_every_public_name_has_an_example():
    sources = "".join(example.source for test in _examples() for example in test.examples)
    missing = [name for name in [*crampwise.__all__, "__version__"] if f"crampwise.{name}" not in sources]
    assert not missing, f"no example uses: {', '.join(missing)}"


# --------------------------------------------------------------------------- the names


def test_all_is_the_brief_list_and_every_name_resolves_to_its_room():
    assert sorted(crampwise.__all__) == sorted(ROOMS)
    for name, room in ROOMS.items():
        value = getattr(crampwise, name)
        assert value is getattr(sys.modules[room], name), name
    assert set(crampwise.__all__) <= set(dir(crampwise))
    assert "__version__" in dir(crampwise)


def test_from_import_works_for_every_name():
    namespace: dict = {}
    exec(f"from crampwise import {', '.join(crampwise.__all__)}", namespace)
    assert all(namespace[name] is getattr(crampwise, name) for name in crampwise.__all__)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'reed_file'"):
        crampwise.reed_file  # noqa: B018
    assert not hasattr(crampwise, "importer")  # modules inside the rooms are not re-exported


def test_importing_crampwise_loads_none_of_the_heavy_packages():
    script = f"""
import json, sys
import crampwise
names = dir(crampwise)
version = crampwise.__version__
from crampwise import CrampwiseError
light = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
crampwise.analyze, crampwise.open_journal
heavy = sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] in {HEAVY!r}}})
print(json.dumps([light, heavy, sorted(set(crampwise.__all__) - set(names)), version]))
"""
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == 0, proc.stderr.decode()
    light, heavy, not_listed, version = json.loads(proc.stdout)
    assert light == []
    assert not_listed == []
    assert version == crampwise.__version__
    # the lazy names do load them when used (so the check above is not vacuous)
    assert heavy == ["scipy", "sqlalchemy", "statsmodels"]


# --------------------------------------------------------------------------- one version


def test_the_version_is_written_once_in_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"], "pyproject.toml must not write the version"
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "crampwise.__version__"}
    assert crampwise.__version__.count(".") == 2
