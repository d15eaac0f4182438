"""Every page is declared once, in crampwise/ui/navigation.py."""

from __future__ import annotations

import re
from pathlib import Path

from crampwise.ui import navigation

ROOT = Path(__file__).resolve().parents[2]
PAGE_LITERAL = re.compile(r"""["']pages/\w+\.py["']""")


def test_every_page_file_is_declared_once_and_every_declared_file_exists():
    declared = [spec.path for spec in navigation.PAGES]
    files = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")
    assert sorted(declared) == files
    assert len(set(declared)) == len(declared)
    assert [spec.default for spec in navigation.PAGES].count(True) == 1
    assert {spec.section for spec in navigation.PAGES} == set(navigation.SECTIONS)


def test_no_page_path_is_written_outside_navigation():
    """A "pages/x.py" string anywhere else is a second declaration that can drift."""
    offenders = []
    for folder in ("src", "pages", "tests", "benchmarks", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "src/crampwise/ui/navigation.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PAGE_LITERAL.search(line) and path != Path(__file__).resolve():
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    offenders += [f"app.py: {m.group(0)}" for m in PAGE_LITERAL.finditer(app)]
    assert offenders == []


def test_navigation_groups_pages_by_section_in_order():
    nav = navigation.navigation()
    assert list(nav) == list(navigation.SECTIONS)
    assert [len(pages) for pages in nav.values()] == [
        sum(spec.section == s for spec in navigation.PAGES) for s in navigation.SECTIONS
    ]
