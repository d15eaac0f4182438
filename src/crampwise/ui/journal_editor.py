"""Widgets of the "My journal" page: edit, the sample data, trash, backup and delete-all.

The page (``pages/journal.py``) lays these out; the data work is the
journal's (:mod:`crampwise.journal.store`) and the edit diff is
:mod:`crampwise.journal.edits` (no Streamlit there).

Session keys (all under ``crampwise.journal_page.``)
----------------------------------------------------
``version.<kind>``
    Bumped after every change, so the editors start again from the stored
    rows (an edit or deletion kept by position could otherwise land on
    another row once the rows change).
``notice.<section>``
    The last result to show in a section: a list of ``(level, text)``.
``undo``
    ``(kind, token, n)`` of the last rows the editor moved to the trash.
``sample_undo``
    ``(tokens, text)``: the trash tokens of the last "Remove the sample data" and
    what it removed, for its Undo button.
``shown.<kind>``
    ``(editor key, frame)``: the rows an editor showed, kept while it has
    pending edits (see :func:`_shown`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pandas as pd
import streamlit as st

from crampwise import schema, units
from crampwise.errors import EntryRefusedError, JournalNotFoundError
from crampwise.io import MAX_UPLOAD_MB
from crampwise.journal import edits as journal_edits
from crampwise.journal.store import DELETE_ALL_PHRASE, Journal, JournalError, Kind
from crampwise.ui import journal as uj
from crampwise.ui import session, widgets
from crampwise.ui import units as units_ui
from crampwise.words import dates

log = logging.getLogger(__name__)

SAMPLE_ERROR = "The sample data could not be read, so nothing changed. Please report this."

_PREFIX = "crampwise.journal_page."
VERSION = _PREFIX + "version"
UNDO = _PREFIX + "undo"
SAMPLE_UNDO = _PREFIX + "sample_undo"
BACKUP_NAME = "crampwise-backup.zip"  # the stem; downloads carry the day, see backup_name


def backup_name(day: dt.date) -> str:
    """The backup's file name on ``day``: "crampwise-backup-2026-12-03.zip" (restore takes any name).

    >>> backup_name(dt.date(2026, 12, 3))
    'crampwise-backup-2026-12-03.zip'
    """
    stem, ext = BACKUP_NAME.rsplit(".", 1)
    return f"{stem}-{dates.iso(day)}.{ext}"


KINDS: tuple[Kind, ...] = ("episodes", "daily")
KEYS = {"episodes": "id", "daily": "date"}

__all__ = [
    "BACKUP_NAME",
    "backup_name",
    "backup_section",
    "delete_all_section",
    "editor",
    "editor_key",
    "refused_text",
    "sample_section",
    "trash_section",
]


# --------------------------------------------------------------------------- helpers


def refused_text(exc: EntryRefusedError) -> str:
    """The refusal of a Save as one Markdown message: nothing saved, then each value."""
    lines = "\n".join(f"- {widgets.md_text(line)}" for line in exc.lines)
    return (
        "Nothing was saved. Your changes are still in the table: fix these and press "
        f"Save changes again.\n\n{lines}"
    )


def _version(kind: str) -> int:
    return int(st.session_state.get(f"{VERSION}.{kind}", 0))


def _refresh(kind: str | None = None) -> None:
    """Start ``kind``'s editor (default: both) again from the stored rows."""
    for k in (kind,) if kind else KINDS:
        st.session_state[f"{VERSION}.{k}"] = _version(k) + 1


def editor_key(kind: str) -> str:
    """The widget key of ``kind``'s editor in this run (a new editor for other units too:
    its pending edits are in the units it showed)."""
    return f"journal_editor_{kind}_{units_ui.current()}_{_version(kind)}"


def _notify(section: str, *messages: tuple[str, str]) -> None:
    st.session_state[_PREFIX + "notice." + section] = list(messages)


def _show_notices(section: str) -> None:
    for level, text in st.session_state.pop(_PREFIX + "notice." + section, []):
        widgets.notice(level, text)


def _rows(n: int, kind: str) -> str:
    word = "episode" if kind == "episodes" else "day"
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- editor


def _editor_config(table: schema.Table, columns: list[str], system: str) -> dict:
    """The editor's columns from the schema. Number columns have no min or max: the
    editor would clamp a typed 15 to 10 without a word, so limits are checked on Save
    (:func:`crampwise.journal.edits.check_changes`) and a value out of range is refused
    with its reason."""
    config = widgets.column_config(table, columns, system)
    for name in columns:
        if name not in table.names:
            continue
        f = table.field(name)
        label = f"{f.label} ({f.unit})" if f.unit else f.label
        q = units.quantity(name, system)
        if q is not None and q.alias is not None:  # shown converted: widgets' config, unclamped
            continue
        if f.kind == "category":
            config[name] = st.column_config.SelectboxColumn(
                label, help=f.help, options=list(f.vocabulary), required=f.required
            )
        elif f.kind == "multi":
            config[name] = st.column_config.TextColumn(
                label, help=f"{f.help} Choices: {', '.join(f.vocabulary)}."
            )
        elif f.kind in ("number", "integer"):
            config[name] = st.column_config.NumberColumn(
                label, help=f.help, format="%d" if f.kind == "integer" else None
            )
        elif f.kind == "text":
            config[name] = st.column_config.TextColumn(label, help=f.help, max_chars=f.max_length)
        elif f.required:  # start (episodes): a cell that must not be emptied
            config[name] = {**config[name], "required": True}
    if "id" in columns:
        config["id"] = st.column_config.NumberColumn(
            "ID", format="%d", help="The episode's number in your journal."
        )
    return config


def _save(
    journal: Journal, owner: str, kind: Kind, changes: journal_edits.EditDiff, shown: pd.DataFrame
) -> None:
    """Write the editor's changes row by row (``shown``: the stored rows the editor showed,
    to name them); remember what happened for the notice."""
    messages: list[tuple[str, str]] = []
    saved, refused = 0, []
    table = schema.table(kind)
    rows = {journal_edits.plain(r[KEYS[kind]]): r for r in shown.to_dict("records")}
    gone = (
        f"this {'episode' if kind == 'episodes' else 'day'} is no longer in your journal "
        "(it may have been deleted in another tab); nothing was saved for it."
    )
    live = set(journal.daily(owner)["date"]) if kind == "daily" and changes.updates else set()
    for key, values in changes.updates.items():
        entry = journal_edits.entry_name(table, rows.get(key, {KEYS[kind]: key}))
        try:
            if kind == "episodes":
                journal.update_episode(owner, key, **values)
            elif pd.Timestamp(key) not in live:
                # save_day would bring a day deleted meanwhile (another tab) back half-filled.
                raise JournalNotFoundError(gone)
            else:
                journal.save_day(owner, key, **values)
        except JournalNotFoundError:
            refused.append(f"{entry}: {gone}")
        except JournalError as exc:
            refused.append(f"{entry}: {exc}")
        else:
            saved += 1
    if saved:
        messages.append(("success", f"Saved changes to {_rows(saved, kind)}."))
    for text in refused:
        messages.append(("error", widgets.md_text(text)))
    if changes.added:
        messages.append(
            (
                "info",
                f"{len(changes.added)} new rows were not saved: add episodes "
                "and days on the Log page, or import them.",
            )
        )
    if changes.deleted:
        try:
            token = journal.delete(owner, kind, changes.deleted)
        except JournalError as exc:
            messages.append(("error", widgets.md_text(str(exc))))
        else:
            st.session_state[UNDO] = (kind, token, len(changes.deleted))
    if not messages and not changes.deleted:
        messages.append(("info", "Nothing to save: no row was changed."))
    _notify(kind, *messages)


def _undo(journal: Journal, owner: str) -> None:
    """Button callback: bring back the rows the editor moved to the trash."""
    kind, token, _ = st.session_state.pop(UNDO)
    try:
        n = journal.restore(owner, token)
    except JournalError as exc:
        _notify(kind, ("error", widgets.md_text(str(exc))))
    else:
        _notify(kind, ("success", f"Restored {_rows(n, kind)} from the trash."))
    _refresh()


def _shown(journal: Journal, owner: str, kind: str) -> pd.DataFrame:
    """The rows the editor shows: the stored ones, or, while edits are pending, the same
    rows the edits were made on.

    The editor keeps edits and deletions by row *position*; if the rows changed under it
    (another tab, the Log page) a pending edit would land on another row. So while edits
    are pending the editor keeps its rows, and saving goes by id or date (a row deleted
    meanwhile is refused, not re-created).
    """
    widget = editor_key(kind)
    snapshot_key = _PREFIX + "shown." + kind
    state = st.session_state.get(widget)
    pending = isinstance(state, dict) and any(
        state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows")
    )
    snapshot = st.session_state.get(snapshot_key)
    if pending and snapshot is not None and snapshot[0] == widget:
        return snapshot[1]
    frame = journal.episodes(owner) if kind == "episodes" else journal.daily(owner)
    st.session_state[snapshot_key] = (widget, frame)
    return frame


def editor(journal: Journal, owner: str, kind: Kind) -> None:
    """The owner's ``kind`` rows in an editable table, with "Save changes"."""
    table = schema.table(kind)
    frame = _shown(journal, owner, kind)
    key = KEYS[kind]
    _show_notices(kind)
    undo = st.session_state.get(UNDO)
    if undo is not None and undo[0] == kind:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(f"Moved {undo[2]} {'row' if undo[2] == 1 else 'rows'} to the trash.")
            widgets.undo_button(key=f"journal_undo_{kind}", on_click=_undo, args=(journal, owner))
    if frame.empty:
        st.info(
            f"No {_rows(0, kind).split(' ', 1)[1]} in your journal yet. Add them on the Log "
            "page, or import a file.",
            icon=":material/info:",
        )
        return
    st.caption(
        "Change a cell, or select rows and delete them (they go to the trash), then "
        "save. Each change is checked like an import: if a value is refused, nothing "
        "is saved and your changes stay in the table to fix."
    )
    system = units_ui.current()
    shown = units.to_display(frame, system)
    edited = st.data_editor(
        shown,
        key=editor_key(kind),
        num_rows="delete",
        placeholder=widgets.EMPTY_CELL,
        hide_index=True,
        disabled=[key],
        column_config=_editor_config(table, [str(c) for c in frame.columns], system),
        width="stretch",
    )
    if st.button("Save changes", key=f"journal_save_{kind}", type="primary", icon=":material/save:"):
        changes = journal_edits.diff(shown, edited, key)
        canonical = journal_edits.to_canonical(changes, system)
        try:
            journal_edits.check_changes(table, frame, canonical, changes, session.now(), system=system)
        except EntryRefusedError as exc:
            # Nothing is stored, and the editor (same key) keeps every edit to fix.
            _notify(kind, ("error", refused_text(exc)))
            st.rerun()
        _save(journal, owner, kind, canonical, frame)
        _refresh(kind)
        st.rerun()


# --------------------------------------------------------------------------- sample data


def _load_sample() -> dict[str, Any]:
    from crampwise.io.sample import load_sample  # lazily: only when asked for

    daily, episodes = load_sample()
    return {"episodes": episodes, "daily": daily}


def _both(counts: dict[Kind, int]) -> str:
    return f"{_rows(counts['episodes'], 'episodes')} and {_rows(counts['daily'], 'daily')}"


def _add_sample(journal: Journal, owner: str) -> None:
    """Button callback: import the sample into the journal (rows already there are skipped)."""
    try:
        sample = _load_sample()
        added = {k: 0 for k in KINDS}
        skipped = {k: 0 for k in KINDS}
        for kind in KINDS:
            counts = journal.apply_import(owner, journal.preview_import(owner, sample[kind]))
            added[kind] = counts["added"]
            skipped[kind] = counts["identical"] + counts["kept"]
    except JournalError as exc:
        _notify("sample", ("error", widgets.md_text(str(exc))))
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a person
        log.warning("adding the sample data failed: %s", type(exc).__name__)
        _notify("sample", ("error", SAMPLE_ERROR))
    else:
        uj.saved_to_journal()
        text = f"Added {_both(added)} from the sample data."
        if any(skipped.values()):
            text += f" {_both(skipped)} were already in your journal and were left as they are."
        _notify("sample", ("success", text))
    _refresh()


def _remove_sample(journal: Journal, owner: str) -> None:
    """Button callback: move the journal rows that equal sample rows to the trash (undoable)."""
    try:
        sample = _load_sample()
        current = {"episodes": journal.episodes(owner), "daily": journal.daily(owner)}
        found = {k: journal_edits.equal_rows(current[k], sample[k].data, KEYS[k]) for k in KINDS}
        if not any(found.values()):
            _notify("sample", ("info", "None of the sample data is in your journal."))
            return
    except JournalError as exc:
        _notify("sample", ("error", widgets.md_text(str(exc))))
        return
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a person
        log.warning("finding the sample data failed: %s", type(exc).__name__)
        _notify("sample", ("error", SAMPLE_ERROR))
        return
    tokens: list[str] = []
    done = {k: 0 for k in KINDS}
    messages: list[tuple[str, str]] = []
    for kind in KINDS:
        if not found[kind]:
            continue
        try:
            tokens.append(journal.delete(owner, kind, found[kind]))
        except JournalError as exc:  # e.g. deleted meanwhile in another tab: none of this kind
            messages.append(("error", widgets.md_text(str(exc))))
        else:
            done[kind] = len(found[kind])
    if tokens:  # whatever went to the trash can be brought back together
        removed = _both(done)
        st.session_state[SAMPLE_UNDO] = (tuple(tokens), removed)
        messages.insert(
            0,
            (
                "success",
                f"Moved {removed} of the sample data to the trash. Rows you logged or changed yourself stay.",
            ),
        )
    _notify("sample", *messages)
    _refresh()


def _undo_sample(journal: Journal, owner: str) -> None:
    """Button callback: bring the removed sample rows back from the trash."""
    tokens, _ = st.session_state.pop(SAMPLE_UNDO)
    restored, failed = 0, []
    for token in tokens:
        try:
            restored += journal.restore(owner, token)
        except JournalError as exc:
            failed.append(widgets.md_text(str(exc)))
    messages = (
        [
            (
                "success",
                f"Restored {restored} {'row' if restored == 1 else 'rows'} of the "
                "sample data from the trash.",
            )
        ]
        if restored
        else []
    )
    _notify("sample", *messages, *(("error", text) for text in failed))
    _refresh()


def sample_section(journal: Journal, owner: str) -> None:
    """Add the made-up sample to the journal, and take it out again."""
    _show_notices("sample")
    undo = st.session_state.get(SAMPLE_UNDO)
    if undo is not None:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(f"Moved {undo[1]} of the sample data to the trash.")
            widgets.undo_button(key="journal_sample_undo", on_click=_undo_sample, args=(journal, owner))
    st.caption(
        "Six months of a made-up person's log, to try every page. Adding it twice adds "
        "nothing; removing it moves exactly the sample's rows to the trash, so what you "
        "logged or changed yourself stays."
    )
    with st.container(horizontal=True):
        st.button(
            "Add the sample data to my journal",
            key="journal_sample_add",
            icon=":material/science:",
            on_click=_add_sample,
            args=(journal, owner),
        )
        st.button(
            "Remove the sample data",
            key="journal_sample_remove",
            icon=":material/delete:",
            on_click=_remove_sample,
            args=(journal, owner),
        )


# --------------------------------------------------------------------------- trash


def _restore(journal: Journal, owner: str, token: str) -> None:
    try:
        n = journal.restore(owner, token)
    except JournalError as exc:
        _notify("trash", ("error", widgets.md_text(str(exc))))
    else:
        _notify("trash", ("success", f"Restored {n} {'row' if n == 1 else 'rows'}."))
        if (st.session_state.get(UNDO) or (None, None))[1] == token:
            st.session_state.pop(UNDO, None)
        if token in (st.session_state.get(SAMPLE_UNDO) or ((), ""))[0]:
            st.session_state.pop(SAMPLE_UNDO, None)
    _refresh()


def _empty_trash(journal: Journal, owner: str) -> None:
    n = journal.empty_trash(owner)
    st.session_state.pop(UNDO, None)
    st.session_state.pop(SAMPLE_UNDO, None)
    st.session_state["journal_empty_confirm"] = False
    _notify("trash", ("success", f"Deleted {n} {'row' if n == 1 else 'rows'} from the trash for good."))


def trash_section(journal: Journal, owner: str) -> None:
    """Trashed rows grouped by deletion, each with "Restore"; and "Empty trash"."""
    _show_notices("trash")
    groups: dict[str, dict[Kind, pd.DataFrame]] = {}
    for kind in KINDS:
        trashed = journal.trash(owner, kind)
        for token, rows in trashed.groupby("delete_token", sort=False):
            groups.setdefault(str(token), {})[kind] = rows
    if not groups:
        st.caption("The trash is empty.")
        return
    ordered = sorted(
        groups.items(), key=lambda item: max(f["deleted_at"].max() for f in item[1].values()), reverse=True
    )
    for token, kinds in ordered:
        when = max(f["deleted_at"].max() for f in kinds.values())
        what = " and ".join(_rows(len(f), k) for k, f in kinds.items())
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.markdown(f"{what}, deleted {when:%Y-%m-%d %H:%M} UTC")
                st.button(
                    "Restore",
                    key=f"journal_restore_{token}",
                    icon=":material/restore:",
                    on_click=_restore,
                    args=(journal, owner, token),
                )
            for kind, rows in kinds.items():
                table = schema.table(kind)
                shown = rows.drop(
                    columns=[c for c in ("id", "deleted_at", "delete_token") if c in rows.columns]
                )
                widgets.data_table(
                    shown, table, alt=f"{table.title} in the trash", key=f"journal_trash_{kind}_{token}"
                )
    confirm = st.checkbox(
        "I understand that emptying the trash deletes these rows for good", key="journal_empty_confirm"
    )
    st.button(
        "Empty trash",
        key="journal_empty_trash",
        icon=":material/delete_forever:",
        disabled=not confirm,
        on_click=_empty_trash,
        args=(journal, owner),
    )


# --------------------------------------------------------------------------- backup


def _restore_backup(journal: Journal, owner: str) -> None:
    uploaded = st.session_state.get("journal_backup_file")
    if uploaded is None:
        return
    try:
        counts = journal.restore_backup(owner, uploaded.getvalue())
    except JournalError as exc:
        message = widgets.md_text(str(exc))
        _notify("backup", ("error", message[:1].upper() + message[1:]))
    else:
        uj.saved_to_journal()
        _notify(
            "backup",
            (
                "success",
                f"Restored {_rows(counts['episodes'], 'episodes')} and "
                f"{_rows(counts['daily'], 'daily')} from the backup.",
            ),
        )
        _refresh()


def backup_section(journal: Journal, owner: str) -> None:
    """Download the whole journal as a zip; restore one into an empty journal."""
    st.download_button(
        "Download a backup",
        journal.backup(owner),
        file_name=backup_name(session.now().date()),
        mime="application/zip",
        key="journal_backup",
        icon=":material/download:",
        on_click="ignore",
        help="A zip with episodes.csv and daily.csv in Crampwise's format (trash not included).",
    )
    _show_notices("backup")
    st.file_uploader(
        "Restore a backup (only into an empty journal)",
        type=["zip"],
        key="journal_backup_file",
        max_upload_size=MAX_UPLOAD_MB,
        help="Choose a crampwise-backup.zip. To merge into a journal that already "
        "has rows, import the CSV files inside it on the Import page instead.",
    )
    st.button(
        "Restore backup",
        key="journal_restore_backup",
        icon=":material/settings_backup_restore:",
        disabled=st.session_state.get("journal_backup_file") is None,
        on_click=_restore_backup,
        args=(journal, owner),
    )


# --------------------------------------------------------------------------- delete all


def _delete_all(journal: Journal, owner: str) -> None:
    typed = st.session_state.get("journal_delete_phrase", "")
    try:
        counts = journal.delete_all(owner, typed)
    except JournalError as exc:
        message = widgets.md_text(str(exc))
        _notify("delete_all", ("error", message[:1].upper() + message[1:]))
        return
    st.session_state["journal_delete_phrase"] = ""
    st.session_state.pop(UNDO, None)
    st.session_state.pop(SAMPLE_UNDO, None)
    _notify(
        "delete_all",
        (
            "success",
            f"Deleted all your data: "
            f"{_rows(counts['episodes'], 'episodes')} and "
            f"{_rows(counts['daily'], 'daily')} (trash included).",
        ),
    )
    _refresh()


def delete_all_section(journal: Journal, owner: str) -> None:
    """Erase every row of the owner, after typing the phrase."""
    _show_notices("delete_all")
    st.caption(
        "This erases every episode and day in your journal, the trash included. It "
        "cannot be undone: download a backup first if you may want them back."
    )
    st.text_input(f"Type “{DELETE_ALL_PHRASE}” to confirm", key="journal_delete_phrase")
    st.button(
        "Delete all my data",
        key="journal_delete_all",
        icon=":material/delete_forever:",
        on_click=_delete_all,
        args=(journal, owner),
    )


def where_from(sources: pd.DataFrame) -> pd.DataFrame:
    """One row per day: which app gave which of its values ("Fluids, Sleep: Apple Health")."""
    titles = {f.name: f.label.split(" (")[0] for f in schema.DAILY.fields}
    order = {name: i for i, name in enumerate(schema.DAILY.names)}
    rows = []
    for day, cells in sources.sort_values(["date", "source"]).groupby("date", sort=True):
        parts = []
        for app, group in cells.groupby("source", sort=True):
            columns = sorted(group["column"], key=lambda c: order.get(c, len(order)))
            parts.append(f"{', '.join(titles.get(c, c) for c in columns)}: {app}")
        rows.append({"Date": pd.Timestamp(day).strftime("%Y-%m-%d"), "From": " · ".join(parts)})
    return pd.DataFrame(rows, columns=["Date", "From"])


def sources_section(journal: Journal, owner: str) -> None:
    """Where imported and filled values came from; every other value is the person's own."""
    sources = journal.daily_sources(owner)
    if sources.empty:
        st.caption("Every value here is your own: typed in, or from your own files.")
        return
    frame = where_from(sources)
    with st.expander(
        f"Where imported values came from ({len(frame)} {'day' if len(frame) == 1 else 'days'})"
    ):
        st.caption(
            "Values not listed are your own. Changing a value here makes it yours; "
            "an app's later import never overwrites it unless you choose so on the Import page."
        )
        st.dataframe(frame, placeholder=widgets.EMPTY_CELL, hide_index=True, key="journal_sources_table")


def episodes_from(episodes: pd.DataFrame, sources: dict[int, str]) -> pd.DataFrame:
    """One row per episode another app gave: when, which muscle, and which app."""
    mine = episodes[episodes["id"].isin(list(sources))].sort_values("start")
    return pd.DataFrame(
        {
            "Start": [pd.Timestamp(t).strftime("%Y-%m-%d %H:%M") for t in mine["start"]],
            "Muscle": [schema.muscle_name(m) for m in mine["muscle"]],
            "From": [sources[int(i)] for i in mine["id"]],
        },
        columns=["Start", "Muscle", "From"],
    )


def episode_sources_section(journal: Journal, owner: str) -> None:
    """Which episodes came from another app (Bearable, Flaredown); the rest are the person's own."""
    sources = journal.episode_sources(owner)
    if not sources:
        return
    frame = episodes_from(journal.episodes(owner), sources)
    n = len(frame)
    with st.expander(f"Episodes imported from other apps ({n} {'episode' if n == 1 else 'episodes'})"):
        st.caption("Episodes not listed are your own: logged here, or from your own files.")
        st.dataframe(frame, placeholder=widgets.EMPTY_CELL, hide_index=True, key="journal_episode_sources")
