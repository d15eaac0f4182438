"""One answer everywhere: every page that says when to get help agrees with triage.toml.

Pages that give a triage answer: the checker, "Cramp right now", the guide's
warning signs (and any other section that quotes a sign), its short version,
and Home's pointers. Each page's claims -- "this sign means this level" -- are
read from what the page actually shows, and every page must agree with the
declared level and so with every other page. A second test makes sure no guide
text writes a triage answer of its own instead of quoting the declared one.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest
from app_helpers import open_app

from crampwise import guide, schema
from crampwise.guide import checker, patterns, right_now, triage
from crampwise.ui import navigation

CONTENT = resources.files("crampwise.guide") / "content"

#: How the app shows each level (checked here, declared in crampwise.ui.guide.LEVEL_STYLE).
BOX_LEVEL = {"error": "emergency", "warning": "today", "info": "doctor", "success": "self-care"}

#: Words that give a triage answer. Guide text may only get them from the triage source.
TRIAGE_WORDS = re.compile(
    r"emergency (number|department)|\b(999|911|112|111)\b|same day|urgent|straight away|"
    r"right away|at once|\bA&E\b|ambulance|\bsee a (doctor|gp)\b|appointment",
    re.IGNORECASE,
)


def _markers() -> list[tuple[str, str]]:
    """(text, level) for every level's lead line and action words, longest first."""
    out = []
    for level_id in triage.LEVELS[1:]:
        lt = triage.level(level_id)
        out += [(lt.lead, level_id), (lt.action + " if", level_id)]
    return sorted(out, key=lambda m: -len(m[0]))


def claims_in_text(text: str) -> dict[str, set[str]]:
    """{sign id: levels} for every sign a text quotes, judged by the action words before it."""
    markers = _markers()
    found: dict[str, set[str]] = {}
    for f in triage.flags():
        for m in re.finditer(re.escape(f.says), text):
            before = text[: m.start()]
            # The closest preceding lead or action decides the level.
            best = max(((before.rfind(t), lvl) for t, lvl in markers), default=(-1, None))
            assert best[0] >= 0, f"{f.id} is quoted with no action before it"
            found.setdefault(f.id, set()).add(best[1])
    return found


def _box_claims(at) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for kind, level_id in BOX_LEVEL.items():
        for box in getattr(at, kind):
            for f in triage.flags():
                if f.says in str(box.value):
                    found.setdefault(f.id, set()).add(level_id)
    return found


def _checker_page_claims() -> dict[str, set[str]]:
    """Tick one sign of each group at a time; the answer box's colour is the level shown."""
    found: dict[str, set[str]] = {}
    at = open_app(navigation.CHECKER.path)
    for group in checker.groups():
        sign = next(f for f in checker.flags() if f.group == group.id)
        box = at.checkbox(key=f"checker_{sign.id}")
        box.check().run()
        shown = {
            lvl
            for kind, lvl in BOX_LEVEL.items()
            if any(triage.level(lvl).title in str(b.value) for b in getattr(at, kind))
        }
        found[sign.id] = shown
        at.checkbox(key=f"checker_{sign.id}").uncheck().run()
    return found


def _cramp_now_claims() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    at = open_app(navigation.CRAMP_NOW.path)
    for muscle in schema.MUSCLES:
        at.session_state["cramp_now_muscle"] = muscle
        at.run()
        assert not at.exception
        for sid, levels in _box_claims(at).items():
            found.setdefault(sid, set()).update(levels)
    return found


def test_every_page_gives_each_sign_its_declared_level() -> None:
    declared = {f.id: f.level for f in triage.flags()}
    pages: dict[str, dict[str, set[str]]] = {
        "checker (library)": {f.id: {checker.assess([f.id]).level} for f in triage.flags()},
        "checker (page)": _checker_page_claims(),
        "cramp right now": _cramp_now_claims(),
        "guide": {},
        "short version": claims_in_text(guide.key_points().body),
        "home pointers": {},
    }
    for section in guide.sections():
        for sid, levels in claims_in_text(section.body).items():
            pages["guide"].setdefault(sid, set()).update(levels)
    for spec in patterns._content().specs:
        if spec.sign is not None:
            pages["home pointers"].setdefault(spec.sign, set()).add(spec.severity)

    disagreements = [
        f"{page} says {sid!r} is {sorted(levels)}, triage.toml says {declared[sid]!r}"
        for page, claims in pages.items()
        for sid, levels in claims.items()
        if levels != {declared[sid]}
    ]
    assert not disagreements, "\n".join(disagreements)
    # Every sign is stated in the guide, and each page states what it is meant to.
    assert set(pages["guide"]) == set(declared)
    assert {"chest-pain", "stroke-signs", "cramp-over-10-min", "clot-leg"} <= set(pages["short version"])
    assert {"chest-pain", "arm-belly", "cramp-over-10-min", "clot-leg"} <= set(pages["cramp right now"])
    assert {"cramp-over-10-min", "chest-pain", "arm-belly", "frequent"} <= set(pages["home pointers"])


def test_the_claims_reader_can_see_a_disagreement() -> None:
    """The reader above must be able to fail: a sign under the wrong level is caught."""
    sign = triage.flag("cramp-over-10-min")
    wrong = f"{triage.level('emergency').action} if {sign.says}."
    assert claims_in_text(wrong) == {sign.id: {"emergency"}} != {sign.id: {sign.level}}


@pytest.mark.parametrize(
    "name", sorted(p.name for p in CONTENT.iterdir() if p.name.endswith(".md") and p.name != "disclaimer.md")
)
def test_guide_text_gives_no_triage_answer_of_its_own(name: str) -> None:
    """Only {{triage...}} lines may say how soon to get help; headings may name a level."""
    for number, line in enumerate((CONTENT / name).read_text("utf-8").splitlines(), 1):
        if "{{" in line or line.startswith("#"):
            continue
        m = TRIAGE_WORDS.search(line)
        assert m is None, (
            f"{name}:{number} says {m.group(0)!r} in its own words; quote the "
            "sign instead ({{triage: ID}}, see triage.toml)"
        )


def test_home_pointer_texts_give_no_triage_answer_of_their_own() -> None:
    for spec in patterns._content().specs:
        for text in (spec.message, spec.message_one or "", spec.advice.replace("{rule}", "")):
            m = TRIAGE_WORDS.search(text)
            assert m is None, f"pattern {spec.id!r} says {m.group(0)!r}; use {{rule}}"


def test_numbers_in_signs_match_the_rules_that_count_them() -> None:
    specs = {s.id: s for s in patterns._content().specs}
    settings = patterns._content().settings
    # "Cramps in most weeks (3 of the last 4 or more)": the Home pointers' own rule.
    weeks = int(specs["night-cramps-most-weeks"].params["weeks"])
    fewest = int(settings.most_weeks_share * weeks) + 1  # "more than half" of the weeks
    assert f"{fewest} of the last {weeks}" in triage.flag("frequent").label
    assert specs["night-cramps-most-weeks"].sign == specs["cramps-most-weeks"].sign == "frequent"
    # "A cramp lasts more than 10 minutes": Home's long-cramp rule and Cramp right now's clock.
    minutes = specs["long-cramp"].params["minutes"]
    assert f"more than {minutes:g} minutes" in triage.flag("cramp-over-10-min").label
    assert right_now.settings().long_cramp_minutes == minutes
    assert right_now.settings().long_cramp_sign == "cramp-over-10-min"
