"""Fixtures built from the readable files under tests/data/apps/ (a zip is not readable, so it is made)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from paths import DATA_DIR

APPS_DIR = DATA_DIR / "apps"
APPLE_XML = APPS_DIR / "apple_health" / "export.xml"
STRAVA_CSV = APPS_DIR / "strava" / "activities.csv"


def apple_health_zip(dest_dir: Path) -> Path:
    """``export.zip`` as the Health app shares it: ``apple_health_export/export.xml`` inside."""
    path = Path(dest_dir) / "export.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(APPLE_XML, "apple_health_export/export.xml")
        archive.writestr("apple_health_export/electrocardiograms/ecg_2025-03-01.csv", "Name,Me\n")
    return path
