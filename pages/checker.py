"""Is this something to check? Tick what applies; get one of three clear answers. Nothing is stored."""

import streamlit as st

from crampwise.guide import checker
from crampwise.ui import guide as guide_ui

st.title("Is this something to check?", anchor=False)
st.markdown("Tick everything that applies to your cramps or spasms. You will get one of three "
            "answers: self-care is fine, mention it to a doctor soon, or get urgent care.")
st.caption("Nothing you tick is stored or sent anywhere; it is gone when you leave this page.")
guide_ui.disclaimer()

with st.form("checker"):
    ticked = guide_ui.checker_questions(checker.flags())
    submitted = st.form_submit_button("Check", type="primary", icon=":material/checklist:")

if submitted:
    guide_ui.checker_result(checker.assess(ticked))
