"""The Import page's "Add to my journal" step: preview, choose, confirm.

An accepted upload is compared with the journal (:meth:`Journal.preview_import`):
rows that are new, rows already there with the same values (skipped) and rows
that clash with a journal row (listed; the person chooses to keep the
journal's values or replace them with the file's). Nothing is written until
the confirm button, and then everything in ONE transaction
(:meth:`Journal.apply_import`), which re-checks the rows, so importing the
same file twice adds nothing.

Session keys
------------
``crampwise.journal_import.done``
    ``(result, counts)``: the import result last written to the journal and
    what :meth:`Journal.apply_import` reported, for the success message.
``crampwise.journal_import.error``
    ``(result, message)``: the last write that failed, for its message.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from crampwise import schema, units, weather
from crampwise.io import ImportResult
from crampwise.io.apps import article
from crampwise.journal.store import ImportPreview, Journal, JournalError
from crampwise.schema import Table
from crampwise.ui import journal as uj
from crampwise.ui import navigation, session, widgets
from crampwise.ui import units as units_ui
from crampwise.words import weather as weather_words

DONE = "crampwise.journal_import.done"
ERROR = "crampwise.journal_import.error"


#: The conflict choice: value -> label.
CHOICES: dict[str, str] = {"keep": "Keep what is in my journal", "replace": "Replace with the file's values"}

_EMPTY = widgets.EMPTY_CELL


# --------------------------------------------------------------------------- conflicts table


def key_columns(table: Table) -> list[str]:
    """The columns that say which journal row a file row is: date, or start+muscle+side."""
    return ["date"] if table.name == "daily" else ["start", "muscle", "side"]


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def show_value(value: Any, kind: str | None = None) -> str:
    """A stored or read value as short text ("—" when empty)."""
    if _blank(value):
        return _EMPTY
    if kind == "date" or (
        isinstance(value, pd.Timestamp) and kind != "datetime" and value == value.normalize()
    ):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, pd.Timestamp) or kind == "datetime":
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool) or kind == "boolean":
        return "yes" if bool(value) else "no"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return f"{value:.10g}"
    return str(value)


def _show(name: str, value: Any, kind: str | None) -> str:
    """``show_value``, with relief values in their people's names ("nothing" for "none")."""
    text = show_value(value, kind)
    if name != "relief" or text == _EMPTY:
        return text
    return schema.RELIEF_SEPARATOR.join(
        schema.relief_name(i.strip()) for i in text.split(schema.RELIEF_SEPARATOR)
    )


def conflict_rows(
    preview: ImportPreview, row_labels: pd.Index | None = None, system: str = units.DEFAULT
) -> pd.DataFrame:
    """One line per differing value: which row, the column, the file's value, the journal's.

    ``row_labels`` are the file's row numbers of ``preview.data`` (the import
    result's index), shown as "Row in file". Values differ or not in stored
    units; fluids and temperatures are then shown in ``system``'s units.
    """
    table = preview.table
    keys = key_columns(table)
    lines: list[dict[str, Any]] = []
    existing = preview.existing.reset_index(drop=True)
    for i, (pos, file_row) in enumerate(preview.conflicts.iterrows()):
        journal_row = existing.iloc[i] if i < len(existing) else pd.Series(dtype=object)
        ident = " · ".join(show_value(file_row.get(k), _kind(table, k)) for k in keys)
        row = int(row_labels[pos]) if row_labels is not None and pos < len(row_labels) else int(pos) + 1
        differs = []
        for name in preview.conflicts.columns:
            if name in keys:
                continue
            kind = _kind(table, name)
            mine, theirs = _show(name, file_row.get(name), kind), _show(name, journal_row.get(name), kind)
            if mine != theirs:
                label, q = _label(table, name), units.quantity(name, system)
                if q is not None and q.alias is not None:
                    label = q.column_label
                    mine, theirs = (
                        show_value(v) if _blank(v) else q.format(float(v), decimals=q.decimals + 1)
                        for v in (file_row.get(name), journal_row.get(name))
                    )
                differs.append((label, mine, theirs))
        for label, mine, theirs in differs:
            lines.append(
                {
                    "Row in file": row,
                    "Row": ident,
                    "Column": label,
                    "In the file": mine,
                    "In your journal": theirs,
                }
            )
    return pd.DataFrame(lines, columns=["Row in file", "Row", "Column", "In the file", "In your journal"])


def _kind(table: Table, name: str) -> str | None:
    return table.field(name).kind if name in table.names else None


def _label(table: Table, name: str) -> str:
    if name not in table.names:
        return name
    f = table.field(name)
    return f"{f.label} ({f.unit})" if f.unit else f.label


# --------------------------------------------------------------------------- writing


def _apply(
    journal: Journal, owner: str, preview: ImportPreview, result: ImportResult, choice_key: str
) -> None:
    """Confirm button callback: write the import in one transaction and remember the counts."""
    choice: Literal["keep", "replace"] = (
        "replace" if st.session_state.get(choice_key) == "replace" else "keep"
    )
    st.session_state.pop(ERROR, None)
    try:
        counts = journal.apply_import(owner, preview, conflicts=choice)
    except JournalError as exc:
        st.session_state[ERROR] = (result, str(exc))
        return
    st.session_state[DONE] = (result, counts)
    uj.saved_to_journal()


def clear() -> None:
    """Forget the last import's message (the uploaded file was removed)."""
    st.session_state.pop(DONE, None)
    st.session_state.pop(ERROR, None)


def done_counts(result: ImportResult) -> dict[str, int] | None:
    """What writing ``result`` to the journal did, if it was written in this session."""
    done = st.session_state.get(DONE)
    return done[1] if done is not None and done[0] is result else None


def _rows(n: int, kind: str) -> str:
    return f"{n} {widgets.table_noun(kind, n)}"


def done_message(counts: dict[str, int], kind: str) -> str:
    """The success message: what was added, replaced, skipped and kept."""
    parts = [f"Added {_rows(counts['added'], kind)} to your journal"]
    if counts.get("replaced"):
        parts.append(f"replaced {counts['replaced']} with the file's values")
    if counts.get("identical"):
        parts.append(f"skipped {counts['identical']} already there")
    if counts.get("kept"):
        parts.append(f"kept {counts['kept']} as they were in your journal")
    return ", ".join(parts) + "."


#: What the three counts mean, per kind.
COUNTS_HELP = {
    "daily": "New: dates your journal does not have yet. Already there: dates it has with the "
    "same values (skipped). Conflicting: dates it has with other values.",
    "episodes": "New: episodes your journal does not have yet. Already there: episodes it has "
    "with the same values (skipped). Conflicting: episodes with the same start, "
    "muscle and side but other values.",
}


def counts_text(counts: dict[str, int]) -> str:
    """The preview's counts in one line."""
    return (
        f"**{counts['new']}** new · **{counts['identical']}** already there (skipped) · "
        f"**{counts['conflicts']}** conflicting"
    )


def _page_link(page: str, label: str, icon: str) -> None:
    try:
        st.page_link(page, label=label, icon=icon)
    except StreamlitAPIException:  # that page is not in this app's navigation
        pass


# --------------------------------------------------------------------------- the section


def add_to_journal(result: ImportResult, *, key: str) -> None:
    """The "Add to my journal" section for an accepted upload (``key``: the flow's token)."""
    st.subheader("Add to my journal", anchor=False)
    decision = session.current_mode()
    journal = session.get_journal()
    owner = session.current_owner()
    uj.where_it_lives(decision, journal)
    uj.mode_notice(decision)
    if owner is None:  # accounts mode, signed out
        st.info(
            "Sign in to add these rows to your own journal. Nothing is saved until you do.",
            icon=":material/login:",
        )
        return
    if result.export is not None:
        _add_app_export(journal, owner, result, key=key)
        return
    if result.data.empty:
        st.caption("No accepted rows to add.")
        return

    kind = result.table.name
    preview = journal.preview_import(owner, result)
    counts = preview.counts()
    st.markdown(counts_text(counts), help=COUNTS_HELP[kind])
    if counts["identical"]:
        st.caption(
            f"{_rows(counts['identical'], kind).capitalize()} already in your journal "
            "with the same values will be skipped."
        )

    choice = "keep"
    choice_key = f"import_journal_conflicts_{key}"
    if counts["conflicts"]:
        st.markdown(
            f"**{_rows(counts['conflicts'], kind).capitalize()} "
            f"{'differs' if counts['conflicts'] == 1 else 'differ'} from your journal**"
        )
        st.dataframe(
            conflict_rows(preview, result.data.index, units_ui.current()),
            placeholder=widgets.EMPTY_CELL,
            hide_index=True,
            key=f"import_journal_table_{key}",
        )
        choice = (
            st.radio(
                "For these rows", list(CHOICES), format_func=CHOICES.get, key=choice_key, horizontal=True
            )
            or "keep"
        )

    n_new = counts["new"]
    n_replace = counts["conflicts"] if choice == "replace" else 0
    label = f"Add {_rows(n_new, kind)} to my journal"
    if n_replace:
        label = f"Add {_rows(n_new, kind)} and replace {n_replace} in my journal"
    st.button(
        label,
        type="primary",
        icon=":material/library_add:",
        key=f"import_journal_add_{key}",
        on_click=_apply,
        args=(journal, owner, preview, result, choice_key),
        disabled=not (n_new or n_replace),
    )

    error = st.session_state.get(ERROR)
    if error is not None and error[0] is result:
        st.error(widgets.md_text(error[1]), icon=":material/error:")
    done = done_counts(result)
    if done is not None:
        st.success(done_message(done, kind), icon=":material/check_circle:")
        with st.container(horizontal=True):
            _page_link(navigation.LOG.path, navigation.LOG.title, navigation.LOG.icon)
            _page_link(navigation.JOURNAL.path, navigation.JOURNAL.title, navigation.JOURNAL.icon)
    elif not (n_new or n_replace):
        st.caption(
            "Nothing to add: everything in this file is already in your journal."
            if not counts["conflicts"]
            else "Nothing to add unless you replace the conflicting rows."
        )


# --------------------------------------------------------------------------- another app's export

#: What each count of :meth:`Journal.preview_app_import` means, in the order shown.
APP_COUNT_WORDS: dict[str, tuple[str, str]] = {
    "days_added": ("new day", "new days"),
    "cells_filled": ("blank value filled on a day you have", "blank values filled on days you have"),
    "workouts_added": ("new workout", "new workouts"),
    "episodes_added": ("new episode", "new episodes"),
    "yours_kept": ("value you typed kept (it differs)", "values you typed kept (they differ)"),
    "other_app_kept": ("value from another app kept", "values from another app kept"),
    "same_workout_other_app": (
        "workout another app recorded too (counted once)",
        "workouts another app recorded too (counted once)",
    ),
    "workouts_already_there": ("workout already there", "workouts already there"),
    "episodes_already_there": ("episode already there", "episodes already there"),
}
APP_DONE = "import_app_done"


def app_counts_text(counts: dict[str, int]) -> str:
    """The app preview's counts in one line, only those above zero."""
    parts = [
        f"**{counts[k]:,}** {one if counts[k] == 1 else many}"
        for k, (one, many) in APP_COUNT_WORDS.items()
        if counts.get(k)
    ]
    if not any(counts.get(k) for k in ("days_added", "cells_filled", "workouts_added", "episodes_added")):
        return " · ".join(["Nothing new: everything in this export is already in your journal", *parts])
    return " · ".join(parts)


def _apply_app(journal: Journal, owner: str, preview: Any, result: ImportResult, replace_key: str) -> None:
    st.session_state.pop(ERROR, None)
    try:
        counts = journal.apply_app_import(owner, preview, replace_own=bool(st.session_state.get(replace_key)))
    except JournalError as exc:
        st.session_state[ERROR] = (result, str(exc))
        return
    st.session_state[APP_DONE] = (result, counts)
    uj.saved_to_journal()


def _add_app_export(journal: Journal, owner: str, result: ImportResult, *, key: str) -> None:
    """Preview and add another app's export: its days, workouts and episodes together."""
    export = result.export
    st.markdown(f"This is {article(export.app)} **{export.app}** export.")
    preview = journal.preview_app_import(owner, export)
    counts = preview.counts()
    st.markdown(app_counts_text(counts))
    if not preview.days_new.empty:
        st.caption("New days")
        widgets.data_table(
            preview.days_new, schema.DAILY, alt=f"New days from {export.app}", key=f"import_app_days_{key}"
        )
    if not preview.same_workout.empty:
        st.caption(
            "Recorded by two apps: a workout whose time overlaps another app's by at least half "
            "is the same workout, and only the longer recording counts."
        )
        st.dataframe(
            preview.same_workout,
            placeholder=widgets.EMPTY_CELL,
            hide_index=True,
            key=f"import_app_same_{key}",
        )
    replace_key = f"import_app_replace_{key}"
    if not preview.yours_kept.empty:
        st.caption("Values you typed yourself that differ from the export's (yours are kept)")
        st.dataframe(
            preview.yours_kept, placeholder=widgets.EMPTY_CELL, hide_index=True, key=f"import_app_yours_{key}"
        )
        st.checkbox(f"Let {export.app} replace values I typed myself", value=False, key=replace_key)
    if result.left_out:
        st.caption(f"Not read (Crampwise has no column for it): {'; '.join(result.left_out)}.")
    st.button(
        "Add to my journal",
        type="primary",
        icon=":material/library_add:",
        key=f"import_app_add_{key}",
        on_click=_apply_app,
        args=(journal, owner, preview, result, replace_key),
        disabled=preview.empty and not (st.session_state.get(replace_key) and counts.get("yours_kept")),
    )
    error = st.session_state.get(ERROR)
    if error is not None and error[0] is result:
        st.error(widgets.md_text(error[1]), icon=":material/error:")
    done = st.session_state.get(APP_DONE)
    if done is not None and done[0] is result:
        st.success(
            f"Added to your journal from {export.app}: {app_counts_text(done[1])}.".replace("**", ""),
            icon=":material/check_circle:",
        )
        missing = weather.blank_days(journal.daily(owner))
        if missing:  # an export rarely holds the weather: say where to fill it in
            st.caption(
                weather_words.blank_days(len(missing), missing[0], missing[-1])
                + " My journal can fill in their weather (Fill in the weather), when you ask it to."
            )
        with st.container(horizontal=True):
            _page_link(navigation.INSIGHTS.path, navigation.INSIGHTS.title, navigation.INSIGHTS.icon)
            _page_link(navigation.JOURNAL.path, navigation.JOURNAL.title, navigation.JOURNAL.icon)


__all__ = [
    "app_counts_text",
    "CHOICES",
    "add_to_journal",
    "clear",
    "conflict_rows",
    "counts_text",
    "done_counts",
    "done_message",
    "key_columns",
    "show_value",
]
