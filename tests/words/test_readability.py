"""The readability measure the guide's plain-English test relies on."""

from __future__ import annotations

import pytest

from crampwise.words.readability import prose, score, syllables


@pytest.mark.parametrize(
    "word, expected",
    [
        ("cramp", 1),
        ("take", 1),
        ("takes", 1),
        ("muscle", 2),
        ("muscles", 2),
        ("water", 2),
        ("stretches", 2),
        ("minutes", 2),
        ("doctor", 2),
        ("involuntary", 5),
        ("fasciculation", 5),
        ("2.5", 1),
    ],
)
def test_syllable_estimates(word, expected):
    assert syllables(word) == expected


def test_headings_sources_and_markup_are_not_prose():
    text = prose("# Title here\nA **cramp** hurts.\n## Sub\nSources: NHS; Mayo Clinic\n")
    assert "Title" not in text and "Sources" not in text and "NHS" not in text
    assert "*" not in text and "A cramp hurts." in text


def test_list_items_count_as_sentences():
    result = score("Do this:\n\n- Stop\n- Stretch the muscle\n- Rub it gently\n")
    assert result.sentences == 4
    assert result.words == 9


def test_plain_text_scores_easy_and_jargon_scores_hard():
    plain = score(
        "A cramp is a muscle that gets tight on its own. It hurts. It stops soon. Stretch it and rub it."
    )
    jargon = score(
        "Nocturnal idiopathic muscular cramping demonstrates considerable "
        "interindividual variability, notwithstanding neuromuscular "
        "hyperexcitability hypotheses."
    )
    assert plain.grade < 3 and plain.reading_ease > 90
    assert jargon.grade > 20 and jargon.reading_ease < 0
    assert plain.long_word_share < 0.05 < 0.5 < jargon.long_word_share
    assert plain.words_per_sentence == pytest.approx(21 / 4)
