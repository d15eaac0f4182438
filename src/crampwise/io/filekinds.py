"""What a file is, when it is not CSV text: named, with what to do instead.

Why it exists: people upload what their phone or app gave them -- a zip, a
PDF, a screenshot, a JSON export, a ``.gz`` -- and "binary file" or "the file
has a header row but no data rows" tells them nothing. Each kind here is
recognised from its first bytes (its "magic number") or, for JSON and XML,
from its first characters, and refused with a sentence a person can act on.
CSV itself is never refused here.
"""

from __future__ import annotations

import io
import json
import zipfile

#: (first bytes, what the file is, what to do instead). Checked in order.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (
        b"\x1f\x8b",
        "a compressed file (gzip, .gz)",
        "Unpack it first (double-click it, or run `gunzip` on it), then import the CSV file inside.",
    ),
    (b"BZh", "a compressed file (bzip2, .bz2)", "Unpack it first, then import the CSV file inside."),
    (b"\xfd7zXZ\x00", "a compressed file (xz)", "Unpack it first, then import the CSV file inside."),
    (
        b"7z\xbc\xaf\x27\x1c",
        "a compressed archive (7-Zip)",
        "Unpack it first, then import the CSV file inside.",
    ),
    (b"Rar!\x1a\x07", "a compressed archive (RAR)", "Unpack it first, then import the CSV file inside."),
    (
        b"%PDF-",
        "a PDF document",
        "A PDF cannot be read as a table: export the data as CSV from the app or sheet it came "
        "from, and import that.",
    ),
    (
        b"\x89PNG\r\n\x1a\n",
        "an image (PNG)",
        "A picture of a table cannot be read: export the data as CSV and import that.",
    ),
    (
        b"\xff\xd8\xff",
        "an image (JPEG)",
        "A picture of a table cannot be read: export the data as CSV and import that.",
    ),
    (b"GIF87a", "an image (GIF)", "Export the data as CSV and import that."),
    (b"GIF89a", "an image (GIF)", "Export the data as CSV and import that."),
    (b"BM", "an image (BMP)", "Export the data as CSV and import that."),
    (b"II*\x00", "an image (TIFF)", "Export the data as CSV and import that."),
    (b"MM\x00*", "an image (TIFF)", "Export the data as CSV and import that."),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old-style Office file (for example an .xls workbook)",
        "Open it and use File > Save As > CSV, then import that file.",
    ),
    (
        b"SQLite format 3\x00",
        "a database file (SQLite)",
        "Crampwise imports CSV files. To move a Crampwise journal, use My journal > Backup.",
    ),
)

_WORKBOOK = "an Excel or OpenDocument workbook"
_WORKBOOK_FIX = "Open it and use File > Save As (or Download) > CSV, then import that file."


def _zip(raw: bytes) -> tuple[str, str]:
    """A workbook is a zip too: tell them apart by what the archive holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            mimetype = (
                archive.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
            )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return (
            "a damaged or unusual zip archive",
            "Unzip it on your computer, then import the CSV file inside.",
        )
    if "xl/workbook.xml" in names or "opendocument.spreadsheet" in mimetype:
        return _WORKBOOK, _WORKBOOK_FIX
    if "word/document.xml" in names or "opendocument.text" in mimetype:
        return (
            "a text document (Word or OpenDocument)",
            "Put the table in a spreadsheet, save it as CSV and import that.",
        )
    csvs = [n.rsplit("/", 1)[-1] for n in names if n.lower().endswith((".csv", ".tsv", ".txt"))]
    if not csvs:
        count = f"{len(names)} file{'s' if len(names) != 1 else ''}"
        return "a zip archive", f"It holds {count} and no CSV file; export your data as CSV."
    shown = ", ".join(repr(n) for n in csvs[:3]) + (" and more" if len(csvs) > 3 else "")
    return "a zip archive", f"Unzip it and import the CSV file inside ({shown})."


def refusal(raw: bytes) -> str | None:
    """Why ``raw`` is not CSV text, as a sentence; ``None`` when it may be CSV.

    >>> refusal(b"%PDF-1.7 ...")  # doctest: +NORMALIZE_WHITESPACE
    'this is a PDF document, not CSV. A PDF cannot be read as a table: export the data as CSV
     from the app or sheet it came from, and import that.'
    >>> refusal(b"date,water_l\\n2025-06-01,1.5\\n") is None
    True
    """
    head = raw[:64]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        what, fix = _zip(raw)
        return f"this is {what}, not CSV. {fix}"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return (
            "this is an image (HEIC or AVIF, as phones save photos), not CSV. A picture of a "
            "table cannot be read: export the data as CSV and import that."
        )
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "this is an image (WebP), not CSV. Export the data as CSV and import that."
    for magic, what, fix in _MAGIC:
        if head.startswith(magic):
            return f"this is {what}, not CSV. {fix}"
    return None


def text_refusal(text: str) -> str | None:
    """Why decoded ``text`` (the start of a file) is not CSV: JSON or XML; ``None`` when it may be."""
    stripped = text.lstrip("\ufeff \t\r\n")
    start = stripped[:1]
    if start in ("{", "["):
        # "{" never starts a CSV header; "[" followed by "{" or "[" is an array of records.
        looks = start == "{" or stripped[1:].lstrip()[:1] in ("{", "[")
        if not looks:
            try:
                json.loads(stripped)
                looks = True
            except ValueError:
                looks = False
        if looks:
            return (
                "this is JSON, not CSV. Look for a CSV export in the app it came from, or "
                "convert it to CSV (for example with a spreadsheet's import), then import "
                "that file."
            )
    if text.lstrip("\ufeff \t\r\n")[:5].lower() == "<?xml":
        return (
            "this is an XML file, not CSV. Look for a CSV export in the app it came from, "
            "or convert it to CSV, then import that file."
        )
    return None


__all__ = ["refusal", "text_refusal"]
