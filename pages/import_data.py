"""Import: read a CSV file, settle questions (date order, columns), review, then use the rows.

Steps: choose the kind and upload -> if the dates are ambiguous, choose the
order -> if columns match nothing, map them -> review what was accepted and
refused (and why) -> "Use these rows" loads them into this session (undoable)
-> "Add to my journal" previews new / already there / conflicting rows and
writes them only on confirm, in one transaction.
"""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise import schema
from crampwise.errors import AmbiguousDateOrderError, MissingColumnsError, UnknownKindError
from crampwise.io import MAX_UPLOAD_MB
from crampwise.io.apps import APPS
from crampwise.io.apps.apple_health import MAX_ZIPPED_EXPORT_MB
from crampwise.ui import import_memory, journal_import, state, widgets
from crampwise.ui import navigation

st.title("Import", anchor=False)
st.markdown(
    f"Load a spreadsheet of your **episodes** (one row per spasm or cramp) or your **daily** "
    f"log (one row per date). Files can be up to **{MAX_UPLOAD_MB} MB**, saved as **CSV** "
    "(comma, semicolon or tab separated; `.csv`, `.tsv` or `.txt`) from Excel, Google Sheets, "
    "LibreOffice or a phone app. An Excel workbook (`.xlsx`) has to be saved as CSV first. "
    "Column names in German, French, Spanish, Italian, Dutch and Portuguese are understood. "
    "The templates below show the format, and every column Crampwise reads is listed under "
    "“Columns Crampwise reads”."
)
st.markdown(
    "**From another app**: the exports of "
    + ", ".join(a.app for a in APPS[:-1])
    + f" and {APPS[-1].app} are recognised and read as they are (Apple Health's `export.zip` "
    f"up to **{MAX_ZIPPED_EXPORT_MB} MB**, its `export.xml`, or the app's CSV). What an app does "
    "not record stays blank, and each value added to your journal keeps the app's name."
)
widgets.template_downloads()
with st.expander("Columns Crampwise reads"):
    episodes_tab, daily_tab = st.tabs(["Episodes", "Daily"])
    with episodes_tab:
        widgets.schema_overview(schema.EPISODES)
    with daily_tab:
        widgets.schema_overview(schema.DAILY)
        st.caption("Any other column of numbers (for example caffeine_mg) is kept as a custom factor.")

kind_label = st.segmented_control(
    "What is in the file?",
    list(widgets.KIND_CHOICES),
    default="Detect automatically",
    required=True,
    key="import_kind",
)
uploaded = st.file_uploader(
    f"CSV file (up to {MAX_UPLOAD_MB} MB), or another app's export",
    type=["csv", "tsv", "txt", "zip", "xml"],
    key="import_file",
    max_upload_size=MAX_ZIPPED_EXPORT_MB,
)
st.caption(
    "The file is read in this session only. Nothing is saved unless you add its rows "
    "to your journal below, and nothing is sent anywhere else."
)
if uploaded is None:
    state.clear_import_flow()
    journal_import.clear()
    st.stop()

kind = widgets.KIND_CHOICES[kind_label or "Detect automatically"]
flow = state.import_flow(uploaded.file_id, uploaded.name, kind)
raw = uploaded.getvalue()
import_memory.recall_into(flow, raw)

with widgets.friendly_errors():
    # 1. Date order, once the file has shown that it needs one.
    order = None
    if flow.date_question:
        order = widgets.date_order_choice(flow.date_question, key=f"import_order_{flow.key}")
        if order is None:
            st.stop()
    try:
        result = state.read_upload(flow, raw, date_order=order)
    except UnknownKindError:
        # The library's message names command-line options; here the person is asked.
        answer = widgets.kind_question(key=f"import_kind_question_{flow.key}")
        if answer is not None:
            state.set_kind(flow, answer)
            st.rerun()
        st.stop()
    except AmbiguousDateOrderError as exc:
        flow.date_question = (exc.column, exc.examples)
        widgets.date_order_choice(flow.date_question, key=f"import_order_{flow.key}")
        st.stop()
    except MissingColumnsError as exc:
        widgets.show_error(exc)
        chosen = widgets.missing_columns_form(
            exc.table or kind, exc.missing, exc.headers, key=f"import_missing_{flow.key}"
        )
        if chosen:
            problem = state.apply_mapping(flow, raw, chosen, date_order=order)
            if problem is None:
                st.rerun()
            widgets.show_error(problem)
        st.stop()

    import_memory.keep(flow, result.table.name)
    if flow.remembered:
        st.info(
            "Read the way you matched a file with these same columns before.",
            icon=":material/history:",
        )

    # 2. Columns that match nothing (or would be kept as custom factors), up front.
    chosen = widgets.mapping_form(result, key=f"import_mapping_{flow.key}", chosen=flow.mapping)
    if chosen:
        problem = state.apply_mapping(flow, raw, chosen, date_order=order)
        if problem is None:
            st.rerun()
        widgets.show_error(problem)
    if flow.mapping:
        st.button(
            "Undo column matching",
            key=f"import_reset_{flow.key}",
            on_click=import_memory.reset,
            args=(flow,),
            icon=":material/undo:",
            help="Read the file again without the columns you matched by hand.",
        )

    # 3. What was accepted and refused.
    st.subheader(f"{result.table.title}: what was read", anchor=False)
    widgets.import_summary(result)
    if not result.problems.empty:
        st.markdown("**Refused rows and why**")
        widgets.problems_table(result)
        widgets.refused_download(
            result, file_name=f"refused_{result.table.name}.csv", key=f"import_refused_{flow.key}"
        )
    st.markdown("**Accepted rows** (first 100)" if len(result.data) > 100 else "**Accepted rows**")
    widgets.data_table(result.data.head(100), result.table, show_row=True, alt="Preview of the accepted rows")

    # 4. Use them.
    current = state.get_loaded(result.table.name)
    if current is not None and flow.used_result is not result:
        st.caption(f"This replaces the {widgets.md_text(current.describe())} loaded now. You can undo that.")
    n = len(result.data)
    st.button(
        "Use this row" if n == 1 else f"Use these {n} rows",
        type="primary",
        icon=":material/check:",
        key=f"import_use_{flow.key}",
        on_click=state.use_result,
        args=(flow, result),
        disabled=result.data.empty or flow.used_result is result,
    )
    if flow.used_result is result:
        st.success(
            f"Loaded as your {result.table.name} table for this session.", icon=":material/check_circle:"
        )
        widgets.undo_notice(result.table.name, key=f"import_undo_{flow.key}")
        st.page_link(navigation.DATA.path, label="See the loaded files", icon=navigation.DATA.icon)

# 5. Keep them: preview against the journal, write only on confirm.
with widgets.friendly_errors():
    journal_import.add_to_journal(result, key=flow.key)
