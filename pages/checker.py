"""Is this something to check? Tick what applies; get one of three clear answers. Nothing is stored."""

import pages  # noqa: F401  (first: see pages/__init__.py)

import streamlit as st

from crampwise.guide import checker
from crampwise.ui import guide as guide_ui

texts = checker.page()
st.title(texts["title"], anchor=False)
st.markdown(texts["intro"])
st.caption(texts["note"])
guide_ui.disclaimer()

with st.form("checker"):
    ticked = guide_ui.checker_questions(checker.groups(), checker.flags())
    submitted = st.form_submit_button("Check", type="primary", icon=":material/checklist:")

if submitted:
    guide_ui.checker_result(checker.assess(ticked), reasons_heading=texts["reasons_heading"])
