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
st.set_page_config(page_title="Crampwise", layout="wide",
                   page_icon=str(Path(_SRC) / "crampwise" / "ui" / "favicon.png"))

home = st.Page("pages/home.py", title="Home", default=True, icon=":material/home:",
               help="What Crampwise does, and a quick start with sample data.")
import_page = st.Page("pages/import_data.py", title="Import", icon=":material/upload_file:",
                      help="Load your episodes or daily log from a CSV file, check what was "
                           "refused and why, then use the accepted rows.")
data_page = st.Page("pages/data.py", title="Loaded files", icon=":material/table_view:",
                    help="Files opened on Import for a look, not saved: filter and download "
                         "them, or take them out of this session (with undo).")
insights_page = st.Page("pages/insights.py", title="Insights", icon=":material/insights:",
                        help="What goes with your episodes: heat, fluids, exercise, stress, "
                             "sleep, with how sure we can be, and when and where they happen.")

log_page = st.Page("pages/log.py", title="Log", icon=":material/add_circle:",
                    help="Record an episode in three taps, or today's check-in, in your journal.")
journal_page = st.Page("pages/journal.py", title="My journal", icon=":material/book:",
                       help="See and edit your saved episodes and days, restore deleted rows, "
                            "back up or erase your journal.")

cramp_now = st.Page("pages/cramp_now.py", title="Cramp right now", icon=":material/emergency:",
                    help="What to do for a cramp now: steps, the matching stretch, a hold timer.")
guide_page = st.Page("pages/guide.py", title="Guide", icon=":material/menu_book:",
                     help="What spasms, cramps and twitches are, causes, relief and prevention.")
checker_page = st.Page("pages/checker.py", title="Is this something to check?",
                       icon=":material/checklist:",
                       help="Tick what applies: self-care, see a doctor, get help today, or call "
                            "your emergency number now.")
hydration_page = st.Page("pages/hydration.py", title="How much to drink",
                         icon=":material/water_drop:",
                         help="A daily fluid goal from reference values, against your log.")

pg = st.navigation({
    "": [home],
    "Guide": [cramp_now, guide_page, checker_page, hydration_page],
    "Tracker": [log_page, journal_page, insights_page, import_page, data_page],
})

from crampwise import guide  # noqa: E402
from crampwise.ui import journal as journal_ui  # noqa: E402
from crampwise.ui import units as units_ui  # noqa: E402

units_ui.selector()
journal_ui.account_controls()
st.sidebar.caption(guide.disclaimer_short())

pg.run()
