"""Streamlit building blocks for the Crampwise app.

This is the only part of ``crampwise`` that imports Streamlit; the rest of the
library (importer, export, filters, ...) works without it. ``state`` holds
everything the app keeps in ``st.session_state``; ``widgets`` holds pieces of
page shared by several pages. Import them explicitly::

    from crampwise.ui import state, widgets
"""
