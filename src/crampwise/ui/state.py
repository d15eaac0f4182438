"""Everything the app keeps in ``st.session_state``, and the only code that touches it.

Loaded data lives here and nowhere else: per browser session, in memory, gone
when the session ends. Nothing is written to disk and nothing is cached across
sessions (no ``st.cache_data`` for anyone's data).

Every change to a loaded table (load, replace, remove, undo) is undoable:
the table that was there before is kept as one :class:`UndoStep` per kind,
and undoing swaps it back, so an undo can itself be undone ("Redo").

Session keys (all in one place)
-------------------------------
``crampwise.loaded.<kind>``
    The loaded table of that kind (:class:`Loaded`), absent when none.
``crampwise.undo.<kind>``
    The last change to that kind (:class:`UndoStep`), absent when none.
``crampwise.version.<kind>``
    A counter bumped on every change, so widgets that depend on the data
    (date filters with min/max) get fresh keys instead of stale values.
``crampwise.import_flow``
    The Import page's work on the current upload (:class:`ImportFlow`):
    the chosen date order, the applied column mapping and the reads done.
``crampwise.source``
    Which data the person chose last (:data:`SOURCES`): ``"session"`` when
    they loaded a table into this session (the sample, Import's "Use these
    rows"), ``"journal"`` when they logged or imported into their journal, or
    picked either one on a page that offers the choice. Pages that can read
    both (Insights, How much to drink) start on it.
``crampwise.import_mappings``
    Column matchings chosen before, per set of headers (see
    :mod:`crampwise.ui.import_memory`, which also keeps them in the journal).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from crampwise import schema
from crampwise.errors import AmbiguousDateOrderError, AppKindError, CrampwiseError
from crampwise.io import MAX_UPLOAD_MB, DateOrder, ImportResult, read_file, read_headers

KINDS: tuple[str, ...] = ("episodes", "daily")

_LOADED = "crampwise.loaded.{kind}"
_UNDO = "crampwise.undo.{kind}"
_VERSION = "crampwise.version.{kind}"
IMPORT_FLOW = "crampwise.import_flow"
_SOURCE = "crampwise.source"

#: The two places data can come from: the person's journal, or tables loaded in this session.
SOURCES: tuple[str, ...] = ("journal", "session")

#: Largest upload read, in bytes (the Import page states the limit in MB).
MAX_BYTES = MAX_UPLOAD_MB * 1_000_000

#: How many reads of one upload (date order x mapping) to keep per session.
_READS_KEPT = 3


def _check(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown table {kind!r}: use 'episodes' or 'daily'")
    return kind


# --------------------------------------------------------------------------- loaded tables


@dataclass(frozen=True)
class Loaded:
    """One loaded table: its rows and where they came from."""

    kind: str
    data: pd.DataFrame
    #: Where the rows came from, for people: "the sample data", "file 'log.csv'".
    source: str
    custom_factors: tuple[str, ...] = ()

    @property
    def table(self) -> schema.Table:
        return schema.table(self.kind)

    @property
    def rows(self) -> int:
        return len(self.data)

    def describe(self) -> str:
        noun = "episode" if self.kind == "episodes" else "daily row"
        return f"{self.rows} {noun}{'' if self.rows == 1 else 's'} from {self.source}"


@dataclass(frozen=True)
class UndoStep:
    """The last change to one kind, and what undoing it puts back."""

    kind: str
    #: What happened, in a sentence.
    message: str
    #: The table that undoing restores (``None``: undoing leaves nothing loaded).
    restore: Loaded | None
    #: True when this step was itself an undo (the button then reads "Redo").
    is_undo: bool = False


def get_loaded(kind: str) -> Loaded | None:
    """The loaded table of ``kind``, or ``None``."""
    return st.session_state.get(_LOADED.format(kind=_check(kind)))


def has_loaded() -> bool:
    """Whether any table is loaded in this session."""
    return any(get_loaded(k) is not None for k in KINDS)


def version(kind: str) -> int:
    """A number that changes whenever the loaded table of ``kind`` changes."""
    return int(st.session_state.get(_VERSION.format(kind=_check(kind)), 0))


def last_change(kind: str) -> UndoStep | None:
    """The change an Undo button would revert, or ``None``."""
    return st.session_state.get(_UNDO.format(kind=_check(kind)))


def _describe(kind: str, before: Loaded | None, after: Loaded | None, *, undo: bool) -> str:
    if undo:
        if after is not None:
            return f"Undone: {after.describe()} loaded again."
        return f"Undone: no {'episodes' if kind == 'episodes' else 'daily rows'} loaded now."
    if before is None and after is not None:
        return f"Loaded {after.describe()}."
    if before is not None and after is None:
        return f"Removed {before.describe()}."
    if before is not None and after is not None:
        return f"Replaced {before.describe()} with {after.describe()}."
    return "Nothing changed."


def _put(kind: str, new: Loaded | None, *, undo: bool = False) -> None:
    before = get_loaded(kind)
    key = _LOADED.format(kind=kind)
    if new is None:
        st.session_state.pop(key, None)
    else:
        st.session_state[key] = new
    st.session_state[_UNDO.format(kind=kind)] = UndoStep(
        kind, _describe(kind, before, new, undo=undo), restore=before, is_undo=undo
    )
    st.session_state[_VERSION.format(kind=kind)] = version(kind) + 1


def set_loaded(kind: str, data: pd.DataFrame, source: str, custom_factors: Iterable[str] = ()) -> Loaded:
    """Make ``data`` the loaded table of ``kind``; the table it replaces can be restored."""
    loaded = Loaded(_check(kind), data, source, tuple(custom_factors))
    _put(kind, loaded)
    choose_source("session")
    return loaded


def remove_loaded(kind: str) -> bool:
    """Take the loaded table of ``kind`` out (undoable). False when nothing was loaded."""
    if get_loaded(_check(kind)) is None:
        return False
    _put(kind, None)
    return True


def undo(kind: str) -> bool:
    """Revert the last change to ``kind``; undoing again redoes it. False when nothing to undo."""
    step = last_change(kind)
    if step is None:
        return False
    _put(kind, step.restore, undo=not step.is_undo)
    return True


def load_results(results: Mapping[str, ImportResult], source: str) -> None:
    """Load several import results at once (for example the sample's two tables)."""
    for kind, result in results.items():
        set_loaded(kind, result.data, source, result.custom_factors)


# --------------------------------------------------------------------------- source chosen


def choose_source(which: str) -> None:
    """Note that the person just chose (or filled) ``which`` of :data:`SOURCES`."""
    if which not in SOURCES:
        raise ValueError(f"unknown source {which!r}: use 'journal' or 'session'")
    st.session_state[_SOURCE] = which


def chosen_source() -> str | None:
    """The source the person chose or filled last (see :func:`choose_source`), ``None`` if none."""
    return st.session_state.get(_SOURCE)


# --------------------------------------------------------------------------- import flow


@dataclass
class ImportFlow:
    """The Import page's progress on one upload read as one kind."""

    #: Identifies the upload and the kind chosen; a new file or kind starts a new flow.
    ident: tuple[str, str | None]
    file_name: str
    kind: str | None
    #: Set when the file's dates could be read both ways: (column, example values).
    date_question: tuple[str, list[str]] | None = None
    #: Original header -> column name, "custom" or None (leave out), as applied so far.
    mapping: dict[str, str | None] = field(default_factory=dict)
    #: The result whose rows were loaded with "Use these rows", if any.
    used_result: ImportResult | None = None
    #: The file's header cells (None until read, or when they cannot be read).
    headers: list[str] | None = None
    #: True when the kind and mapping came from a matching remembered for these headers.
    remembered: bool = False
    #: True when the person answered the in-app kind question for this upload.
    kind_asked: bool = False
    #: True when the kind or mapping changed and is not remembered yet.
    unsaved: bool = False
    _reads: dict[tuple, ImportResult | CrampwiseError] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> str:
        """A short token for widget keys that belong to this flow."""
        return hashlib.sha1(repr(self.ident).encode()).hexdigest()[:10]


def import_flow(file_id: str, file_name: str, kind: str | None) -> ImportFlow:
    """The flow for this upload and kind, starting afresh when either changed."""
    ident = (file_id, kind)
    flow = st.session_state.get(IMPORT_FLOW)
    if flow is None or flow.ident != ident:
        flow = ImportFlow(ident, file_name, kind)
        st.session_state[IMPORT_FLOW] = flow
    return flow


def file_headers(flow: ImportFlow, raw: bytes) -> list[str]:
    """The upload's header cells, read once per flow ([] when the file has none to read)."""
    if flow.headers is None:
        try:
            flow.headers = read_headers(raw[:MAX_BYTES])
        except CrampwiseError:
            flow.headers = []  # the read that follows says what is wrong with the file
    return flow.headers


def start_with(flow: ImportFlow, kind: str, mapping: Mapping[str, str | None]) -> bool:
    """Begin the flow with a kind and mapping chosen before; False when it does not apply.

    Applies only before the person matched anything here, and only when the kind
    is left to detection or is the same.
    """
    if flow.mapping or flow.remembered or (flow.kind is not None and flow.kind != kind):
        return False
    flow.kind = schema.table(kind).name
    flow.mapping = dict(mapping)
    flow.remembered = True
    flow._reads.clear()
    return True


def set_kind(flow: ImportFlow, kind: str) -> None:
    """The person said what the file holds (the kind could not be detected)."""
    flow.kind = schema.table(kind).name
    flow.kind_asked = True
    flow.unsaved = True
    flow._reads.clear()


def clear_import_flow() -> None:
    """Forget the Import page's work (the uploaded file was removed)."""
    st.session_state.pop(IMPORT_FLOW, None)


def _browser_zone() -> str | None:
    """The viewer's time zone as their browser reports it (puts Strava's UTC times on their days)."""
    try:
        zone = st.context.timezone
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
        return None
    if not zone:
        return None
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        return None
    return str(zone)


def read_upload(
    flow: ImportFlow,
    raw: bytes,
    *,
    date_order: DateOrder | None = None,
    mapping: Mapping[str, str | None] | None = None,
) -> ImportResult:
    """Read ``raw`` with the flow's kind and mapping (or ``mapping``), enforcing the size limit.

    Raises what :func:`crampwise.io.read_file` raises. Reads are kept
    in the flow, so reruns of the page do not read a large file again.
    """
    use = dict(flow.mapping if mapping is None else mapping)
    key = (date_order, tuple(sorted(use.items(), key=lambda kv: kv[0])))
    got = flow._reads.get(key)
    if got is None:

        def read(kind: str | None) -> ImportResult:
            return read_file(
                raw,
                kind,
                date_order=date_order,
                mapping=use or None,
                max_bytes=MAX_BYTES,
                timezone=_browser_zone(),
            )

        try:
            try:
                got = read(flow.kind)
            except AppKindError:
                if flow.kind is not None:
                    raise
                # An app's export holding days and episodes: its episodes are shown, and
                # "Add to my journal" adds both tables of the export at once.
                got = read("episodes")
        except CrampwiseError as exc:
            got = exc
        while len(flow._reads) >= _READS_KEPT:
            flow._reads.pop(next(iter(flow._reads)))
        flow._reads[key] = got
    if isinstance(got, CrampwiseError):
        raise got.with_traceback(None)
    return got


def apply_mapping(
    flow: ImportFlow, raw: bytes, new: Mapping[str, str | None], *, date_order: DateOrder | None = None
) -> CrampwiseError | None:
    """Add ``new`` to the flow's mapping if the file reads with it; else return the error.

    A mapping that only leads to the date-order question is kept (the page
    asks it next).
    """
    candidate = {**flow.mapping, **new}
    try:
        read_upload(flow, raw, date_order=date_order, mapping=candidate)
    except AmbiguousDateOrderError:
        pass
    except CrampwiseError as exc:
        return exc
    flow.mapping = candidate
    flow.unsaved = True
    return None


def reset_mapping(flow: ImportFlow) -> None:
    """Forget the columns matched by hand (or remembered) for this upload."""
    flow.mapping = {}
    if flow.remembered and flow.kind is not None and not flow.kind_asked:
        flow.kind = flow.ident[1]
        flow._reads.clear()
    flow.remembered = False
    flow.unsaved = False


def use_result(flow: ImportFlow, result: ImportResult) -> None:
    """Load the accepted rows of ``result`` as the table of its kind (undoable)."""
    set_loaded(result.table.name, result.data, f"file '{flow.file_name}'", result.custom_factors)
    flow.used_result = result


__all__ = [
    "IMPORT_FLOW",
    "KINDS",
    "MAX_BYTES",
    "ImportFlow",
    "Loaded",
    "UndoStep",
    "apply_mapping",
    "clear_import_flow",
    "file_headers",
    "reset_mapping",
    "set_kind",
    "start_with",
    "use_result",
    "SOURCES",
    "choose_source",
    "chosen_source",
    "get_loaded",
    "has_loaded",
    "import_flow",
    "last_change",
    "load_results",
    "read_upload",
    "remove_loaded",
    "set_loaded",
    "undo",
    "version",
]
