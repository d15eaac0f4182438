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

st.set_page_config(page_title="Crampwise", page_icon=":material/healing:", layout="wide")

home = st.Page("pages/home.py", title="Home", default=True, icon=":material/home:",
               help="What Crampwise does, and a quick start with sample data.")
import_page = st.Page("pages/import_data.py", title="Import", icon=":material/upload_file:",
                      help="Load your episodes or daily log from a CSV file, check what was "
                           "refused and why, then use the accepted rows.")
data_page = st.Page("pages/data.py", title="Data", icon=":material/table_view:",
                    help="See, filter and download the data loaded in this session, or "
                         "remove it (with undo).")

pg = st.navigation({"": [home], "Tracker": [import_page, data_page]})

st.sidebar.caption("General information, not medical advice.")

pg.run()
