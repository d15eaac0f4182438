"""Generic test helpers shared by the test modules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

#: The repository root (where ``src/`` and ``docs/`` live).
ROOT = Path(__file__).resolve().parent.parent
#: Small, byte-exact fixture files (see tests/data/.gitattributes).
DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture
def data_path() -> Callable[[str], Path]:
    """``data_path("daily_us.csv")`` -> the fixture file's path (which must exist)."""

    def _path(name: str) -> Path:
        path = DATA_DIR / name
        assert path.is_file(), f"missing test fixture {path}"
        return path

    return _path
