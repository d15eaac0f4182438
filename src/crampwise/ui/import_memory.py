"""Column matchings a person chose on the Import page, remembered for the next file.

A matching (what the file holds, and which of its columns means what) is kept
per set of headers: the tuple of normalised headers, so the next export of the
same spreadsheet is read the same way without asking again.

Where: always in this session (``crampwise.import_mappings`` in
``st.session_state``), and, when a journal is open for this person, in the
journal's ``settings`` table (one setting per set of headers), so it survives a
restart. It is not health data: column names and choices only.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import streamlit as st

from crampwise import schema
from crampwise.errors import AmbiguousDateOrderError, CrampwiseError
from crampwise.journal.store import Journal
from crampwise.ui import session, state

log = logging.getLogger(__name__)

_STATE = "crampwise.import_mappings"
_SETTING = "import_mapping:{digest}"


@dataclass(frozen=True)
class Remembered:
    """What the person chose for a file with these headers."""

    kind: str
    mapping: dict[str, str | None]


def headers_key(headers: Iterable[str]) -> tuple[str, ...]:
    """The key a matching is remembered under: the file's normalised headers, in order."""
    return tuple(schema.normalise_header(h) for h in headers)


def _setting_name(key: tuple[str, ...]) -> str:
    return _SETTING.format(digest=hashlib.sha1(json.dumps(key).encode()).hexdigest()[:16])


def _journal_and_owner() -> tuple[Journal, str] | None:
    owner = session.current_owner()
    return (session.get_journal(), owner) if owner is not None else None


def _decode(value: str | None) -> Remembered | None:
    if not value:
        return None
    try:
        data = json.loads(value)
        kind, mapping = data["kind"], data["mapping"]
    except (ValueError, KeyError, TypeError):
        return None
    if kind not in schema.TABLES or not isinstance(mapping, dict):
        return None
    return Remembered(kind, {str(k): (None if v is None else str(v)) for k, v in mapping.items()})


def recall(headers: Iterable[str]) -> Remembered | None:
    """The matching chosen before for a file with these headers, or None."""
    key = headers_key(headers)
    found = st.session_state.get(_STATE, {}).get(key)
    if found is not None:
        return found
    try:
        where = _journal_and_owner()
        value = where[0].setting(where[1], _setting_name(key)) if where is not None else None
    except CrampwiseError as exc:  # the journal is unreachable: nothing remembered from it
        log.warning("could not read a remembered column matching: %s", type(exc).__name__)
        return None
    return _decode(value)


def remember(headers: Iterable[str], kind: str, mapping: Mapping[str, str | None]) -> None:
    """Keep this matching for the next file with the same headers."""
    key = headers_key(headers)
    found = Remembered(schema.table(kind).name, dict(mapping))
    st.session_state.setdefault(_STATE, {})[key] = found
    try:
        where = _journal_and_owner()
        if where is not None:
            where[0].set_setting(
                where[1], _setting_name(key), json.dumps({"kind": found.kind, "mapping": found.mapping})
            )
    except CrampwiseError as exc:
        log.warning("could not save a column matching: %s", type(exc).__name__)


def forget(headers: Iterable[str]) -> None:
    """Stop using a remembered matching for these headers (this session and the journal)."""
    key = headers_key(headers)
    st.session_state.get(_STATE, {}).pop(key, None)
    try:
        where = _journal_and_owner()
        if where is not None:
            where[0].set_setting(where[1], _setting_name(key), "")
    except CrampwiseError as exc:
        log.warning("could not forget a column matching: %s", type(exc).__name__)


# --------------------------------------------------------------------------- the Import page's flow


def recall_into(flow: state.ImportFlow, raw: bytes) -> bool:
    """Start a new upload's flow with the matching remembered for its headers, if any."""
    if flow.headers is not None or flow.remembered or flow.mapping:
        return False  # once per upload, and never over what the person matched here
    headers = state.file_headers(flow, raw)
    found = recall(headers) if headers else None
    if found is None or not state.start_with(flow, found.kind, found.mapping):
        return False
    try:
        state.read_upload(flow, raw)
    except AmbiguousDateOrderError:
        pass  # the page asks the order next, as for any file
    except CrampwiseError:
        # This file does not read with the old matching: start afresh, and say nothing
        # about a matching that was not used.
        state.reset_mapping(flow)
        return False
    return True


def keep(flow: state.ImportFlow, kind: str) -> None:
    """Remember the flow's kind and mapping once the file reads with them."""
    if flow.unsaved and flow.headers:
        remember(flow.headers, kind, flow.mapping)
    flow.unsaved = False


def reset(flow: state.ImportFlow) -> None:
    """Undo the column matching for this upload, and stop using it for the next file."""
    if flow.headers:
        forget(flow.headers)
    state.reset_mapping(flow)
