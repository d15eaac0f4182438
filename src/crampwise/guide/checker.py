""" "Is this something to check?": tick boxes in, one of four outcomes out.

Why it exists: a person with a cramp wants a clear next step -- self-care,
a normal appointment, help today, or the emergency number now -- and the
reasons behind it. The questions, levels and every sentence are the guide's
one triage source (:mod:`crampwise.guide.triage`, ``content/triage.toml``);
this module only picks the most serious level among the ticked boxes.
Nothing is stored or logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from crampwise.guide.triage import (
    LEVELS,
    Flag,
    Group,
    Level,
    UnknownFlagError,
    flag,
    flags,
    groups,
    level,
    most_serious_first,
    page,
)


@dataclass(frozen=True)
class Result:
    """The answer: the outcome for the most serious ticked level, and why."""

    level: Level
    title: str
    message: str
    #: The ``why`` of each ticked flag: those at ``level`` first, then the others.
    reasons: list[str]
    #: The ticked flags in the same order as ``reasons``.
    flags: list[Flag]
    #: Calming facts that go with the ticked flags (page order), e.g. about twitches.
    reassurance: list[str]
    #: Guide topics to offer beside the answer, from the deciding level's flags first.
    topics: list[str]


def assess(ticked: Iterable[str]) -> Result:
    """Give the outcome for the ticked flag ids: the most serious level wins.

    A single string is read as one id (not as its letters). Ids ticked twice
    count once. Reasons come in page order within each level, the deciding
    level first, then the remaining levels from most to least serious.

    >>> assess(["clot-leg", "clot-lungs"]).level
    'emergency'
    >>> assess([]).level
    'self-care'
    """
    ids = [ticked] if isinstance(ticked, str) else list(ticked)
    wanted = {flag(fid).id for fid in ids}  # raises UnknownFlagError for a wrong id
    chosen = most_serious_first(f for f in flags() if f.id in wanted)
    decided: Level = chosen[0].level if chosen else "self-care"
    outcome = level(decided)
    return Result(
        level=decided,
        title=outcome.title,
        message=outcome.message,
        reasons=[f.why for f in chosen],
        flags=chosen,
        reassurance=list(dict.fromkeys(f.reassure for f in flags() if f.id in wanted and f.reassure)),
        topics=list(dict.fromkeys(f.topic for f in chosen if f.topic)),
    )


__all__ = [
    "LEVELS",
    "Flag",
    "Group",
    "Level",
    "Result",
    "UnknownFlagError",
    "assess",
    "flags",
    "groups",
    "page",
]
