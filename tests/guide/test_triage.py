"""The one triage source: levels, signs, the sentences built from them, and guide placeholders."""

from __future__ import annotations

import pytest

from crampwise import guide
from crampwise.guide import GuideError, triage
from crampwise.guide.triage import UnknownFlagError


def test_every_sign_has_a_known_group_level_and_named_sources() -> None:
    groups = {g.id: g for g in triage.groups()}
    for f in triage.flags():
        assert f.group in groups
        assert f.level == groups[f.group].level
        assert all(":" in s for s in f.sources), f"{f.id}: sources name a publisher: a page"


def test_every_topic_a_sign_offers_is_a_guide_passage() -> None:
    for f in triage.flags():
        if f.topic is not None:
            assert guide.passage(f.topic).markdown.strip(), f.id


def test_one_sign_gives_one_sentence() -> None:
    assert triage.rule("clot-leg") == (
        "Get medical help the same day if one leg is painful "
        "and swollen, warm or red (a possible blood clot)."
    )


def test_several_signs_give_one_block_per_level_most_serious_first() -> None:
    blocks = triage.rules(["frequent", "clot-leg", "chest-pain", "severe-pain"])
    assert [b.split(" if")[0] for b in blocks] == [
        "Call your emergency number now",
        "Get medical help the same day",
        "See a doctor",
    ]
    assert blocks[2] == (
        "See a doctor if:\n\n- your cramps cause severe pain\n- " + triage.flag("frequent").says
    )


def test_unknown_sign_or_level_raises_clear_errors() -> None:
    with pytest.raises(UnknownFlagError, match="no check called 'nope'"):
        triage.rule("nope")
    with pytest.raises(GuideError, match="no triage level 'urgent'"):
        triage.level("urgent")


# --------------------------------------------------------------------------- placeholders


def test_a_list_placeholder_becomes_the_levels_lead_and_every_sign_of_the_group() -> None:
    text = triage.expand("Intro.\n\n{{triage-list: today}}\n\nAfter.\n")
    lead = triage.level("today").lead
    assert text.startswith(f"Intro.\n\n{lead}\n\n- ")
    for f in triage.flags():
        assert (f"- {f.says}\n" in text) == (f.group == "today"), f.id
    assert text.endswith("\n\nAfter.\n")


def test_a_sign_placeholder_becomes_its_sentence() -> None:
    assert triage.expand("{{triage: cramp-over-10-min}}") == triage.rule("cramp-over-10-min")
    assert triage.expand("  {{ triage : clot-leg }}  ") == "  " + triage.rule("clot-leg")


def test_a_sign_placeholder_in_a_list_nests_the_signs_under_each_level() -> None:
    text = triage.expand("- one\n- {{triage: chest-pain, twitch-2-weeks, twitch-many-places}}\n")
    assert text == (
        "- one\n"
        f"- {triage.rule('chest-pain')}\n"
        "- See a doctor if:\n"
        "  - a twitch lasts more than 2 weeks\n"
        "  - you have twitches in more than one place\n"
    )


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("{{triage: nope}}", "no check called 'nope'"),
        ("{{triage-list: nope}}", "no group 'nope'"),
        ("{{triage-list: today, doctor}}", "takes one group"),
        ("{{triage: }}", "needs at least one sign id"),
        ("See {{triage: clot-leg}} now.", "must stand on a line of its own"),
    ],
)
def test_broken_placeholders_name_the_file(markdown: str, message: str) -> None:
    with pytest.raises(GuideError, match=message) as info:
        triage.expand(markdown, where="content/x.md")
    assert str(info.value).startswith("content/x.md: ")


def test_sources_of_the_signs_a_text_quotes_in_order_once_each() -> None:
    text = "{{triage: clot-leg}}\n\n{{triage: clot-lungs}}\n"
    assert triage.sources_in(text) == ("NHS: DVT (deep vein thrombosis)", "HSE: Leg cramps in pregnancy")
    listed = triage.sources_in("{{triage-list: twitches}}")
    assert "NHS: Twitching eyes and muscles" in listed and "Mayo Clinic: Eye twitching" in listed


def test_guide_sections_cite_the_sources_of_every_sign_they_quote() -> None:
    from importlib import resources

    content = resources.files("crampwise.guide") / "content"
    for section in (*guide.sections(), guide.key_points()):
        raw = (content / f"{section.id}.md").read_text("utf-8")
        missing = set(triage.sources_in(raw)) - set(section.sources)
        assert not missing, f"{section.id} quotes signs without citing {missing}"
        assert "{{" not in section.markdown, section.id


def test_docstring_examples_hold() -> None:
    import doctest

    from crampwise.guide import checker

    for module in (triage, checker):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
