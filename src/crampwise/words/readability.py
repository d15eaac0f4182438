"""A small readability measure for the guide's plain-English promise.

The guide is written for about a 12-year-old's reading level. Off-the-shelf
packages download dictionaries at run time (textstat fetches NLTK's cmudict),
which Crampwise never does, so this module counts syllables with the usual
vowel-group heuristic and reports the standard Flesch measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)")
_MARKUP = re.compile(r"[*_`#>|]")


@dataclass(frozen=True)
class Readability:
    """Counts and scores for one text (prose only: headings and Sources lines excluded)."""

    words: int
    sentences: int
    syllables: int
    #: Words with three or more syllables.
    long_words: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(self.sentences, 1)

    @property
    def long_word_share(self) -> float:
        return self.long_words / max(self.words, 1)

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / max(self.words, 1)

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (US school grade; 6-7 is about age 12)."""
        return 0.39 * self.words_per_sentence + 11.8 * self.syllables_per_word - 15.59

    @property
    def reading_ease(self) -> float:
        """Flesch reading ease (60-70 is plain English; higher is easier)."""
        return 206.835 - 1.015 * self.words_per_sentence - 84.6 * self.syllables_per_word


def syllables(word: str) -> int:
    """Estimate the syllables in an English word (vowel groups, silent final e)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1  # a number reads as one short word
    groups = re.findall(r"[aeiouy]+", w)
    count = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent e: "stretche(s)" counts, "take" does not
    if (
        w.endswith("es")
        and not w.endswith(("les", "ses", "zes", "ces", "ges", "shes", "ches", "xes"))
        and count > 1
    ):
        count -= 1  # "takes" and "minutes" lose the e; "muscles" and "stretches" keep it
    return max(count, 1)


def prose(markdown: str) -> str:
    """The reading text of a guide file: no headings, Sources line or markup."""
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or stripped.lower().startswith("sources:"):
            lines.append("")
            continue
        lines.append(line)
    return _MARKUP.sub("", "\n".join(lines))


def score(markdown: str) -> Readability:
    """Measure a Markdown text; list items count as sentences even without a full stop."""
    text = prose(markdown)
    pieces = [p for p in _SENTENCE_END.split(text) if _WORD.search(p)]
    words = [w for p in pieces for w in _WORD.findall(p)]
    counts = [syllables(w) for w in words]
    return Readability(
        words=len(words),
        sentences=len(pieces),
        syllables=sum(counts),
        long_words=sum(1 for c in counts if c >= 3),
    )
