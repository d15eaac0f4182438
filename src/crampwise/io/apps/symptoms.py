"""Which symptoms of a symptom tracker are cramps, and which muscle their name names.

Declared once for every tracker (Bearable, Flaredown): a symptom becomes an
episode only when its name says cramp, spasm or twitch, and its muscle is read
with the same synonyms as a person's own file -- "other" when the name names
none, never guessed from a word such as "leg".
"""

from __future__ import annotations

import re

from crampwise import schema

#: Words in a symptom's name that make it an episode (whole words, any case).
CRAMP_WORDS: tuple[str, ...] = (
    "cramp",
    "cramps",
    "cramping",
    "spasm",
    "spasms",
    "twitch",
    "twitches",
    "twitching",
    "fasciculation",
    "fasciculations",
    "charley horse",
    "charlie horse",
)
_CRAMP = re.compile(r"\b(" + "|".join(re.escape(w) for w in CRAMP_WORDS) + r")\b", re.IGNORECASE)
_PHRASES = sorted(
    {**{m: m for m in schema.MUSCLES}, **schema.MUSCLE_SYNONYMS}.items(), key=lambda kv: -len(kv[0])
)


def is_cramp(name: str) -> bool:
    """Whether a symptom called ``name`` is a cramp, spasm or twitch."""
    return _CRAMP.search(name) is not None


def muscle(name: str) -> str:
    """The muscle a symptom's name names (``"Calf cramp"`` -> calf), else ``"other"``."""
    text = name.lower()
    for phrase, target in _PHRASES:
        if re.search(rf"\b{re.escape(phrase)}\b", text):
            return target
    return "other"
