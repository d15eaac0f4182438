"""Crampwise: the Streamlit entry point (``streamlit run app.py``).

It only sets the page up and routes to the pages in ``pages/``; the pages lay
out widgets and call the library in ``src/crampwise``.
"""

import sys
from pathlib import Path

# Make ``crampwise`` importable without installing it. Streamlit Community Cloud
# installs requirements.txt only and does not document `pip install -e .`, so the
# src/ layout has to be put on the import path here (a no-op when installed).
_SRC = str(Path(__file__).resolve().parent / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

import streamlit as st  # noqa: E402

# The favicon is a file the app serves itself: a ":material/..." page icon would make every
# browser fetch it from a Google font server (scripts/make_favicon.py draws it).
st.set_page_config(
    page_title="Crampwise", layout="wide", page_icon=str(Path(_SRC) / "crampwise" / "ui" / "favicon.png")
)

from crampwise import guide  # noqa: E402
from crampwise.ui import guide as guide_ui  # noqa: E402
from crampwise.ui import journal as journal_ui  # noqa: E402
from crampwise.ui import navigation  # noqa: E402
from crampwise.ui import units as units_ui  # noqa: E402

pg = st.navigation(navigation.navigation())

guide_ui.touch_targets()  # the app's one stylesheet (tap targets, phone layout), on every page

units_ui.selector()
journal_ui.account_controls()
st.sidebar.caption(guide.disclaimer_short())

pg.run()
