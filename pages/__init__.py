"""Makes every page work when it is the first thing opened after the server starts.

Why: Streamlit treats an app with a ``pages/`` folder beside its entry point
as an old-style multipage app until the entry point has called
``st.navigation`` once. So a bookmarked link such as ``/log``, opened first
after a (re)start, would run ``pages/log.py`` on its own: without ``app.py``
(no ``src/`` on the import path, no page config, a sidebar of file names, no
disclaimer). Every page imports this package first (``import pages``); when
that old mode is still on, it switches to ``st.navigation`` mode for the
whole server and reruns, and ``app.py`` then routes the link to its page.

Checked in a real browser by
``tests/browser/test_browser_journeys.py::test_deep_link_on_a_fresh_server_uses_the_app_navigation``.
"""

import sys
from pathlib import Path

_SRC = str(Path(__file__).resolve().parent.parent / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from streamlit.runtime.pages_manager import PagesManager  # noqa: E402

if PagesManager.uses_pages_directory:
    import streamlit as st

    PagesManager.uses_pages_directory = False  # st.navigation would set this on its first run
    st.rerun()
