"""A file's bytes, checked and decoded, and its header line.

The importer accepts what Excel, Google Sheets, LibreOffice and phone apps
export: comma, semicolon or tab; UTF-8 with or without BOM, UTF-16,
cp1252/latin-1; CRLF. This module reads the bytes (within the size limit),
picks the encoding, refuses empty, binary and HTML files and the file kinds
people pick by mistake, and finds the header line and its delimiter.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from crampwise.errors import EmptyFileError, FileTooLargeError, NotCsvError
from crampwise.io import filekinds
from crampwise.io.result import Source


def check_size(source: Source, max_bytes: int | None) -> None:
    """Refuse ``source`` over ``max_bytes`` without reading it (a stream is measured and rewound)."""
    if max_bytes is None:
        return
    if isinstance(source, bytes | bytearray | memoryview):
        size = len(source)
    elif isinstance(source, str | os.PathLike):
        size = Path(source).stat().st_size
    else:
        pos = source.tell()
        size = source.seek(0, os.SEEK_END) - pos
        source.seek(pos)
    if size > max_bytes:
        raise FileTooLargeError(_too_large(size, max_bytes))


def _read_bytes(source: Source, max_bytes: int | None) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        raw = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise FileTooLargeError(_too_large(path.stat().st_size, max_bytes))
        raw = path.read_bytes()
    else:
        raw = source.read()
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
    if max_bytes is not None and len(raw) > max_bytes:
        raise FileTooLargeError(_too_large(len(raw), max_bytes))
    return raw


def _too_large(size: int, limit: int) -> str:
    return (
        f"the file is {_size(size, '.1f')}; the limit is {_size(limit, 'g')}. "
        "Split it into smaller files (for example one per year) and import each."
    )


def _size(n: int, fmt: str) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:{fmt}} MB"
    if n >= 1_000:
        return f"{n / 1e3:{fmt}} kB"
    return f"{n} bytes"


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def detect_encoding(raw: bytes) -> str:
    """Pick the text encoding, refusing empty, binary and HTML files.

    UTF-16 is recognised by its byte-order mark; otherwise UTF-8 (with or
    without BOM) is tried on the whole file, then cp1252, then latin-1 (which
    accepts any byte).
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        head = raw[:65536].decode("utf-16", errors="replace")
    else:
        head_bytes = raw[:65536]
        known = filekinds.refusal(head_bytes if not head_bytes.startswith(b"PK") else raw)
        if known is not None:
            raise NotCsvError(known)
        if b"\x00" in head_bytes or _CONTROL.search(head_bytes):
            raise NotCsvError(
                "this is a binary file, not CSV text. "
                "Export your sheet as CSV (comma, semicolon or tab separated) and import that."
            )
        encoding = ""
        head = ""
    if not encoding:
        try:
            raw.decode("utf-8")
            encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError:
            try:
                raw.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                encoding = "latin-1"
        head = raw[:65536].decode(encoding, errors="replace")
    text = head.lstrip("\ufeff").strip()
    if not text.replace(",", "").replace(";", "").replace("\t", "").strip():
        raise EmptyFileError(
            "the file is empty. Export your sheet again, with a header row and at least one row of data."
        )
    lowered = text[:200].lower()
    if lowered.startswith(("<!doctype html", "<html", "<head", "<body")):
        raise NotCsvError(
            "this is a web page (HTML), not CSV. If you downloaded it from a "
            "website or Google Sheets, choose File > Download > CSV instead."
        )
    known = filekinds.text_refusal(text)
    if known is not None:
        raise NotCsvError(known)
    return encoding


def _header_and_delimiter(head: str) -> tuple[int, str, list[str]]:
    """Return (blank lines before the header, delimiter, header cells)."""
    # Only CR and LF end a CSV record (str.splitlines also splits on \x0c, \x85, \u2028...).
    lines = re.split(r"\r\n|\r|\n", head.lstrip("\ufeff"))
    leading = 0
    for line in lines:
        if line.strip(" \t,;"):
            break
        leading += 1
    header_line = lines[leading] if leading < len(lines) else ""
    counts = {d: _count_outside_quotes(header_line, d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    cells = next(csv.reader([header_line], delimiter=delimiter))
    return leading, delimiter, cells


def _utf16_to_utf8(raw: bytes) -> bytes:
    try:
        return raw.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        raise NotCsvError(
            "this file starts like UTF-16 text but is not valid UTF-16. "
            "Export your sheet as CSV (UTF-8) and import that."
        ) from None


def read_headers(source: Source) -> list[str]:
    """The header cells of a file, trimmed, as the importer sees them.

    Raises the same whole-file errors as :func:`read_file` (empty, binary, HTML).
    """
    raw = _read_bytes(source, None)
    encoding = detect_encoding(raw)
    if encoding == "utf-16":
        raw = _utf16_to_utf8(raw)
        encoding = "utf-8"
    _, _, cells = _header_and_delimiter(raw[:65536].decode(encoding, errors="replace"))
    return [c.strip() for c in cells]


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count
