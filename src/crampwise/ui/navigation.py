"""Every page of the app, declared once: its file, title, icon, tooltip and section.

``app.py`` builds ``st.navigation`` from :data:`PAGES`; every page link,
``st.switch_page`` and test names a page through these specs (``LOG.path``),
so a page is renamed or moved in one place. A test fails when a
``"pages/….py"`` path is written anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    """One page: ``path`` is relative to the app's folder (where ``app.py`` is)."""

    path: str
    title: str
    icon: str
    help: str
    section: str
    default: bool = False

    def page(self) -> st.Page:
        """The ``st.Page`` for ``st.navigation``."""
        return st.Page(self.path, title=self.title, icon=self.icon, help=self.help, default=self.default)


#: Sections of the sidebar, in order ("" is the unlabelled top).
SECTIONS: tuple[str, ...] = ("", "Guide", "Tracker")

HOME = PageSpec(
    "pages/home.py",
    "Home",
    ":material/home:",
    "What Crampwise does, and a quick start with sample data.",
    "",
    default=True,
)
CRAMP_NOW = PageSpec(
    "pages/cramp_now.py",
    "Cramp right now",
    ":material/emergency:",
    "What to do for a cramp now: steps, the matching stretch, a hold timer.",
    "Guide",
)
GUIDE = PageSpec(
    "pages/guide.py",
    "Guide",
    ":material/menu_book:",
    "What spasms, cramps and twitches are, causes, relief and prevention.",
    "Guide",
)
CHECKER = PageSpec(
    "pages/checker.py",
    "Is this something to check?",
    ":material/checklist:",
    "Tick what applies: self-care, see a doctor, get help today, or call your emergency number now.",
    "Guide",
)
HYDRATION = PageSpec(
    "pages/hydration.py",
    "How much to drink",
    ":material/water_drop:",
    "A daily fluid goal from reference values, against your log.",
    "Guide",
)
LOG = PageSpec(
    "pages/log.py",
    "Log",
    ":material/add_circle:",
    "Record an episode in three taps, or today's check-in, in your journal.",
    "Tracker",
)
JOURNAL = PageSpec(
    "pages/journal.py",
    "My journal",
    ":material/book:",
    "See and edit your saved episodes and days, restore deleted rows, back up or erase your journal.",
    "Tracker",
)
INSIGHTS = PageSpec(
    "pages/insights.py",
    "Insights",
    ":material/insights:",
    "What goes with your episodes: heat, fluids, exercise, stress, sleep, with "
    "how sure we can be, and when and where they happen.",
    "Tracker",
)
IMPORT = PageSpec(
    "pages/import_data.py",
    "Import",
    ":material/upload_file:",
    "Load your episodes or daily log from a CSV file, check what was refused and "
    "why, then use the accepted rows.",
    "Tracker",
)
DATA = PageSpec(
    "pages/data.py",
    "Loaded files",
    ":material/table_view:",
    "Files opened on Import for a look, not saved: filter and download them, or "
    "take them out of this session (with undo).",
    "Tracker",
)

#: Every page, in sidebar order within its section.
PAGES: tuple[PageSpec, ...] = (
    HOME,
    CRAMP_NOW,
    GUIDE,
    CHECKER,
    HYDRATION,
    LOG,
    JOURNAL,
    INSIGHTS,
    IMPORT,
    DATA,
)


def navigation() -> dict[str, list[st.Page]]:
    """The argument of ``st.navigation``: section -> its pages."""
    return {section: [spec.page() for spec in PAGES if spec.section == section] for section in SECTIONS}


__all__ = [
    "CHECKER",
    "CRAMP_NOW",
    "DATA",
    "GUIDE",
    "HOME",
    "HYDRATION",
    "IMPORT",
    "INSIGHTS",
    "JOURNAL",
    "LOG",
    "PAGES",
    "SECTIONS",
    "PageSpec",
    "navigation",
]
