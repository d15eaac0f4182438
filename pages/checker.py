"""Is this something to check? Tick what applies; the answer follows the boxes. Nothing is stored."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise.guide import checker
from crampwise.ui import guide as guide_ui

texts = checker.page()
st.title(texts["title"], anchor=False)
st.markdown(texts["intro"])
st.caption(texts["note"])
guide_ui.disclaimer()

ticked = guide_ui.checker_questions(checker.groups(), checker.flags())

st.divider()
if not ticked and not st.session_state.get("checker_asked"):
    st.caption(texts["waiting"])
    st.button(
        texts["check"],
        key="checker_asked_button",
        type="primary",
        icon=":material/checklist:",
        on_click=lambda: st.session_state.update(checker_asked=True),
    )
else:
    guide_ui.checker_result(checker.assess(ticked), texts=texts)
