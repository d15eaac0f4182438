"""Widgets shared by the app's pages: notices, downloads, tables and import steps.

Pages call these and stay thin; the data work itself happens in the library
(:mod:`crampwise.io`, :mod:`crampwise.io.export`, :mod:`crampwise.stats.filters`).
Text that may contain a person's data (headers, values, file names) goes
through :func:`md_text` before it reaches a Markdown-rendering element, and
never through ``unsafe_allow_html``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from crampwise import guide, schema, units
from crampwise.errors import CrampwiseError
from crampwise.io import ImportResult, export
from crampwise.io.headers import guess_column
from crampwise.schema import Table
from crampwise.stats import filters
from crampwise.ui import navigation, state
from crampwise.ui import units as units_ui
from crampwise.words import dates

log = logging.getLogger(__name__)


PRIVACY = (
    "Your data is kept only in this browser session, in the app's memory, and no other "
    "viewer can see it. Closing or reloading the tab forgets it (the server lets go of "
    "it within about two minutes). It is not saved to disk, and nothing is sent "
    "anywhere else (Fill in the weather, on My journal, sends only rounded coordinates "
    "and dates, and only when you press its button). Download a CSV to keep a copy."
)

GENERIC_ERROR = (
    "Something went wrong while reading this file, and nothing from it was "
    "loaded. Check that it is a CSV export of your sheet and try again; if it keeps "
    "happening, please report it (without attaching your data)."
)

#: Labels of the Import page's kind choice -> the ``kind`` passed to the importer.
KIND_CHOICES: dict[str, str | None] = {
    "Detect automatically": None,
    "Episodes": "episodes",
    "Daily": "daily",
}


#: The in-app question when the file's kind cannot be detected, and its answers.
KIND_QUESTION = "Does this file hold one row per episode, or one row per day?"
KIND_ANSWERS: dict[str, str] = {
    "One row per episode (each cramp, spasm or twitch)": "episodes",
    "One row per day (a daily log)": "daily",
}


def kind_question(*, key: str) -> str | None:
    """Ask what the file holds, in plain words; the kind once answered."""
    st.info(
        "Crampwise could not tell from the column names what this file holds.",
        icon=":material/help:",
    )
    picked = st.radio(KIND_QUESTION, list(KIND_ANSWERS), index=None, key=key)
    return KIND_ANSWERS[picked] if picked else None


_LEAVE_OUT = "__leave_out__"
_CUSTOM = "custom"
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_$~[]<"})


def md_text(text: object) -> str:
    """``text`` escaped so Markdown shows it literally (no links, math or emphasis)."""
    return str(text).translate(_MD_SPECIAL)


def table_noun(kind: str, n: int | None = None) -> str:
    """ "episodes" / "daily rows", singular when ``n == 1``."""
    word = "episode" if kind == "episodes" else "daily row"
    return word if n == 1 else word + "s"


# --------------------------------------------------------------------------- notices


def disclaimer() -> None:
    """The "not medical advice" notice, from the guide's own words (content is data)."""
    st.caption(guide.disclaimer())


def privacy_note() -> None:
    """Where loaded data lives, in plain words."""
    st.info(PRIVACY, icon=":material/lock:")


def show_error(exc: CrampwiseError) -> None:
    """A library error, whose message is written for the person (no traceback)."""
    message = md_text(str(exc))
    st.error(message[:1].upper() + message[1:], icon=":material/error:")


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Show library errors as their message and anything else as a generic message, then stop.

    Streamlit's own control flow (``st.stop``, ``st.rerun``, ``st.switch_page``)
    derives from ``BaseException`` and passes through untouched.
    """
    try:
        yield
    except CrampwiseError as exc:
        show_error(exc)
        st.stop()
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a person
        # Only the type is logged: messages can contain the person's data.
        log.warning("unexpected %s in the import flow", type(exc).__name__)
        st.error(GENERIC_ERROR, icon=":material/error:")
        st.stop()


#: The icon of each kind of notice a section shows after an action.
NOTICE_ICONS = {"success": ":material/check_circle:", "error": ":material/error:", "info": ":material/info:"}


def notice(level: str, text: str) -> None:
    """One notice after an action (``level``: success, error or info), with its icon."""
    getattr(st, level)(text, icon=NOTICE_ICONS[level])


def undo_button(*, key: str, on_click: Callable[..., None], args: tuple[Any, ...]) -> None:
    """The small Undo button beside what an action did (the same everywhere)."""
    st.button("Undo", key=key, icon=":material/undo:", type="tertiary", on_click=on_click, args=args)


def _undo(kind: str) -> None:
    """Button callback: Streamlit callbacks return nothing, :func:`state.undo` says if it undid."""
    state.undo(kind)


def undo_notice(kind: str, *, key: str) -> None:
    """The last change to ``kind`` and a button that undoes (or redoes) it."""
    step = state.last_change(kind)
    if step is None:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(md_text(step.message))
        st.button(
            "Redo" if step.is_undo else "Undo",
            key=key,
            on_click=_undo,
            args=(kind,),
            icon=":material/redo:" if step.is_undo else ":material/undo:",
            type="tertiary",
        )


def sample_button(*, key: str) -> None:
    """ "Try it with sample data": load the made-up sample into this session and open
    Insights on it (what the app finds is what shows its value, not the table)."""
    clicked = st.button(
        "Try it with sample data",
        key=key,
        type="primary",
        icon=":material/science:",
        help="Loads six months of a made-up person's log and shows what Crampwise finds in it. "
        "It replaces anything loaded now; you can undo that on the Loaded files page.",
    )
    if not clicked:
        return
    try:
        from crampwise.io.sample import load_sample  # lazily: only when asked for

        daily, episodes = load_sample()
    except Exception as exc:  # noqa: BLE001
        log.warning("sample data failed to load: %s", type(exc).__name__)
        st.error("The sample data could not be loaded. Please report this.", icon=":material/error:")
        return
    state.load_results({"daily": daily, "episodes": episodes}, source="the sample data")
    st.switch_page(navigation.INSIGHTS.path)


# --------------------------------------------------------------------------- downloads


def template_downloads() -> None:
    """Download buttons for an empty-but-for-examples CSV of each table."""
    with st.container(horizontal=True):
        for t in (schema.EPISODES, schema.DAILY):
            st.download_button(
                f"{t.title} template (CSV)",
                export.template_csv(t),
                file_name=f"crampwise_{t.name}_template.csv",
                mime="text/csv",
                key=f"template_{t.name}",
                icon=":material/download:",
                on_click="ignore",
                help=f"{t.description} Two example rows show the format; replace them with yours.",
            )


def csv_download(df: pd.DataFrame, table: Table, *, label: str, file_name: str, key: str) -> None:
    """Download ``df`` as canonical Crampwise CSV (made only when clicked)."""
    st.download_button(
        label,
        lambda: export.to_csv_bytes(df, table),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
        disabled=df.empty,
    )


def refused_download(result: ImportResult, *, file_name: str, key: str) -> None:
    """Download the refused rows as they were in the file, with their row and problems."""

    def make() -> bytes:
        # With a BOM, so a spreadsheet opening the file to fix it reads accents correctly.
        return export.refused_csv_bytes(result.refused)

    st.download_button(
        f"Download the {len(result.refused)} refused rows (CSV)",
        make,
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
        disabled=result.refused.empty,
    )


# --------------------------------------------------------------------------- tables


def column_config(table: Table, columns: list[str], system: str = units.DEFAULT) -> dict:
    """``st.dataframe`` column settings from the schema: labels with units (in ``system``),
    help, formats."""
    config: dict = {}
    for name in columns:
        if name not in table.names:
            config[name] = st.column_config.NumberColumn(name, help="A custom factor from your file.")
            continue
        f = table.field(name)
        label = f"{f.label} ({f.unit})" if f.unit else f.label
        q = units.quantity(name, system)
        if q is not None and q.alias is not None:  # shown converted: its own label and format
            config[name] = st.column_config.NumberColumn(
                q.column_label, help=q.help, format=f"%.{q.decimals + 1}f"
            )
            continue
        if f.kind == "datetime":
            config[name] = st.column_config.DatetimeColumn(label, help=f.help, format=dates.TABLE_TIME_FORMAT)
        elif f.kind == "date":
            config[name] = st.column_config.DateColumn(label, help=f.help, format=dates.TABLE_FORMAT)
        elif f.kind == "integer":
            config[name] = st.column_config.NumberColumn(label, help=f.help, format="%d")
        elif f.kind == "number":
            config[name] = st.column_config.NumberColumn(label, help=f.help)
        elif f.kind == "boolean":
            config[name] = st.column_config.CheckboxColumn(label, help=f.help)
        else:
            config[name] = st.column_config.TextColumn(label, help=f.help)
    return config


#: What an empty cell shows in every table (``placeholder=``; Streamlit's own is "None",
#: which sat beside the relief value "none"), and an empty value shown as text (the
#: import's conflict list).
EMPTY_CELL = "—"


def _relief_names(value: object) -> object:
    if pd.isna(value):
        return value
    return schema.RELIEF_SEPARATOR.join(
        schema.relief_name(item.strip()) for item in str(value).split(schema.RELIEF_SEPARATOR)
    )


def for_reading(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """A copy of ``df`` for a read-only table, relief values in their people's names
    ("none" reads "nothing"). Empty cells stay empty (the table's placeholder shows
    :data:`EMPTY_CELL`), so every column keeps its type and sorts."""
    out = df.copy()
    if "relief" in out.columns and "relief" in table.names:
        out["relief"] = out["relief"].astype("object").map(_relief_names)
    return out


def data_table(
    df: pd.DataFrame, table: Table, *, alt: str, show_row: bool = False, key: str | None = None
) -> None:
    """A table of canonical rows, shown in the person's units; ``show_row`` shows each
    row's line in the file."""
    system = units_ui.current()
    config = column_config(table, [str(c) for c in df.columns], system)
    if show_row:
        config["_index"] = st.column_config.NumberColumn("Row in file", format="%d")
    st.dataframe(
        for_reading(units.to_display(df, system), table),
        placeholder=EMPTY_CELL,
        hide_index=not show_row,
        column_config=config,
        alt=alt,
        key=key,
    )


def schema_overview(table: Table) -> None:
    """The columns of ``table``: name, meaning, unit, whether required, accepted values."""
    rows = [
        {
            "column": f.name,
            "meaning": f.help,
            "unit": f.unit or "",
            "required": f.required,
            "values": ", ".join(f.vocabulary),
        }
        for f in table.fields
    ]
    st.dataframe(
        pd.DataFrame(rows),
        placeholder=EMPTY_CELL,
        hide_index=True,
        alt=f"Columns of the {table.name} table",
        column_config={"required": st.column_config.CheckboxColumn("required")},
    )


# --------------------------------------------------------------------------- filters


def date_range_filter(bounds: tuple[date, date] | None, *, key: str) -> tuple[date | None, date | None]:
    """A date-range picker limited to ``bounds``; returns (start, end), ``None`` when open."""
    if bounds is None:
        return None, None
    picked = st.date_input(
        "Dates",
        value=bounds,
        min_value=bounds[0],
        max_value=bounds[1],
        key=key,
        format=dates.INPUT_FORMAT,
        width=250,  # room for both dates ("2025-03-01 – 2025-08-30"); a phone wraps the row
    )
    ends: list[date | None] = list(picked) if isinstance(picked, tuple | list) else [picked]
    ends += [None, None]
    return ends[0], ends[1]


def muscle_filter(df: pd.DataFrame, *, key: str) -> list[str]:
    """Pick muscles among those present; none picked means all."""
    return st.multiselect(
        "Muscles",
        filters.muscle_options(df),
        key=key,
        placeholder="All muscles",
        format_func=schema.muscle_name,
    )


# --------------------------------------------------------------------------- import steps


def date_order_choice(question: tuple[str, list[str]], *, key: str) -> str | None:
    """Ask whether ambiguous dates are day-first or month-first; ``None`` until answered."""
    column, examples = question
    shown = ", ".join(md_text(e) for e in examples) or "these dates"
    st.warning(
        f"The dates in **{md_text(column)}** could be day-first or month-first (for example "
        f"{shown}), and Crampwise will not guess. Which order does your file use?",
        icon=":material/calendar_month:",
    )
    return st.radio(
        "Date order",
        ["dmy", "mdy"],
        index=None,
        key=key,
        format_func={"dmy": "Day first (DD/MM/YYYY)", "mdy": "Month first (MM/DD/YYYY)"}.get,
        captions=[_reads_as(examples, "%d/%m/%Y"), _reads_as(examples, "%m/%d/%Y")],
    )


def _reads_as(examples: list[str], fmt: str) -> str:
    for text in examples[:1]:
        try:
            day = datetime.strptime(text, fmt)
        except ValueError:
            return ""
        return f"{md_text(text)} is {dates.in_sentence(day)}"
    return ""


def _mapping_options(result: ImportResult) -> list[str]:
    table = result.table
    used = set()
    for target in result.columns.values():
        unit = table.unit_alias(target)
        used.add(unit.target if unit else target)
    options = [f.name for f in table.fields if f.name not in used]
    options += [u.name for u in table.unit_aliases if u.target not in used]
    if table.custom_factors:
        options.append(_CUSTOM)
    return options + [_LEAVE_OUT]


def _option_label(table: Table, name: str) -> str:
    if name == _LEAVE_OUT:
        return "Leave out"
    if name == _CUSTOM:
        return "Keep as my own factor (numbers)"
    unit = table.unit_alias(name)
    if unit is not None:
        f = table.field(unit.target)
        return f"{f.label}, in {unit.unit} (converted to {f.unit})"
    f = table.field(name)
    return f"{f.label} ({f.unit})" if f.unit else f.label


def _mapping_from(choices: dict[str, str | None]) -> dict[str, str | None] | None:
    chosen = {h: (None if v == _LEAVE_OUT else v) for h, v in choices.items() if v is not None}
    if not chosen:
        st.warning("Choose what at least one column holds, then apply.")
        return None
    return chosen


def _preselect(
    table: Table, header: str, options: list[str], fallback: str, chosen: dict[str, str | None]
) -> int:
    """Index of the choice shown first: what the person chose before, else the best guess."""
    if header in chosen:
        before = chosen[header]
        name = _LEAVE_OUT if before is None else before
        if name in options:
            return options.index(name)
    allowed = [o for o in options if o not in (_CUSTOM, _LEAVE_OUT)]
    guess = guess_column(table, header, allowed)
    return options.index(guess if guess is not None else fallback)


def mapping_form(
    result: ImportResult, *, key: str, chosen: dict[str, str | None] | None = None
) -> dict[str, str | None] | None:
    """Ask what each column Crampwise did not recognise holds; the mapping once applied.

    Shows nothing when every column matched. Otherwise every such column is shown
    up front -- the ones that would be left out and the columns of numbers that
    would be kept as the person's own factors -- each with its best guess chosen
    (a close spelling of a known header), else "Keep as my own factor" (numbers)
    or "Leave out". ``chosen`` is what the person applied before: once every shown
    column is among it, the form folds away.
    """
    table = result.table
    chosen = chosen or {}
    custom = [h for h, target in result.columns.items() if target in result.custom_factors]
    shown = [*result.unmapped, *custom]
    if not shown:
        return None
    options = _mapping_options(result)
    settled = all(h in chosen for h in shown)
    box = (
        st.expander(f"Columns you matched ({len(shown)})", icon=":material/join:")
        if settled
        else st.container(border=True)
    )
    with box:
        if not settled:
            st.markdown("**Check the columns Crampwise did not recognise**")
            st.caption(
                "For each column, Crampwise chose its best guess. Check them, then apply: "
                "values are then checked against that column's limits. “Keep as my own "
                "factor” keeps a column of numbers under its own name; “Leave out” ignores it. "
                "Your choice is remembered for the next file with the same columns."
            )
        with st.form(key, border=False):
            choices: dict[str, str | None] = {}
            for i, header in enumerate(shown):
                is_custom = header in custom
                fallback = _CUSTOM if is_custom else _LEAVE_OUT
                choices[header] = st.selectbox(
                    f"Column “{md_text(header) if header else '(no header)'}”",
                    options,
                    index=_preselect(table, header, options, fallback, chosen),
                    key=f"{key}_{'c' if is_custom else 'u'}{i}",
                    format_func=lambda name: _option_label(table, name),
                )
            submitted = st.form_submit_button("Apply mapping", type="primary")
    return _mapping_from(choices) if submitted else None


def missing_columns_form(
    kind: str | None, missing: list[str], headers: list[str], *, key: str
) -> dict[str, str | None] | None:
    """Ask which of the file's columns holds each missing required column."""
    table = schema.table(kind) if kind else schema.EPISODES
    if not headers:
        return None
    with st.form(key):
        st.markdown("**Point Crampwise to the right columns**")
        choices: dict[str, str | None] = {}
        for i, name in enumerate(missing):
            f = table.field(name)
            picked = st.selectbox(
                f"Which of your columns holds **{f.label}**?",
                headers,
                index=None,
                key=f"{key}_{i}",
                help=f.help,
                placeholder="Choose a column",
            )
            if picked is not None:
                choices[picked] = name
        submitted = st.form_submit_button("Apply mapping", type="primary")
    if not submitted:
        return None
    return _mapping_from(choices)


def import_summary(result: ImportResult) -> None:
    """Counts of rows read, accepted and refused, and the importer's notes."""
    with st.container(horizontal=True):
        st.metric("Rows read", result.rows_read, border=True)
        st.metric("Accepted", len(result.data), border=True)
        st.metric("Refused", len(result.refused), border=True)
    for note in result.notes:
        st.info(md_text(note), icon=":material/info:")


def _column_title(table: Table, name: object) -> object:
    """A column's title for people ("Fluids (litres)"); a custom factor keeps its own name."""
    if not isinstance(name, str) or name not in table.names:
        return name
    f = table.field(name)
    return f"{f.label} ({f.unit})" if f.unit else f.label


def problems_table(result: ImportResult) -> None:
    """One line per problem: the row in the file, the column, the value and why."""
    shown = result.problems[["row", "column", "value", "reason"]].copy()
    shown["column"] = shown["column"].map(lambda name: _column_title(result.table, name))
    st.dataframe(
        shown,
        placeholder=EMPTY_CELL,
        hide_index=True,
        alt="Problems found in the file, one per line",
        column_config={
            "row": st.column_config.NumberColumn(
                "Row", format="%d", help="Row number as your spreadsheet shows it"
            ),
            "column": st.column_config.TextColumn("Column"),
            "value": st.column_config.TextColumn("Value"),
            "reason": st.column_config.TextColumn("Why it was refused", width="large"),
        },
    )


__all__ = [
    "GENERIC_ERROR",
    "KIND_CHOICES",
    "PRIVACY",
    "column_config",
    "csv_download",
    "data_table",
    "date_order_choice",
    "date_range_filter",
    "disclaimer",
    "friendly_errors",
    "import_summary",
    "mapping_form",
    "md_text",
    "missing_columns_form",
    "muscle_filter",
    "privacy_note",
    "problems_table",
    "refused_download",
    "sample_button",
    "schema_overview",
    "show_error",
    "table_noun",
    "template_downloads",
    "undo_notice",
]
