"""Where things are, for tests in every folder (import by name: ``from paths import ROOT``)."""

from __future__ import annotations

from pathlib import Path

#: The repository root (where ``src/`` and ``docs/`` live).
ROOT = Path(__file__).resolve().parents[1]
#: Small, byte-exact fixture files (see tests/data/.gitattributes).
DATA_DIR = ROOT / "tests" / "data"
