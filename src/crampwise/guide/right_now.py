"""What "Cramp right now" shows for a muscle, decided here so the page only lays it out.

Why it exists: mid-cramp, the order of things matters. For a chest, arm or
belly cramp the advice on when to get help comes first (chest pain can be the
heart); for a leg the matching stretch and its hold timer come first, with the
general steps after; an eyelid or face twitch gets the twitch passage. Which
signs lead, which are always shown and when a cramp has gone on too long are
declared in ``content/index.toml`` (``[right_now]``) and quote the triage signs
(:mod:`crampwise.guide.triage`), so this page says what the checker says.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from crampwise import schema
from crampwise.guide import GuideError, Passage, _index, passage, patterns, stretch_for, triage


@dataclass(frozen=True)
class Settings:
    """The ``[right_now]`` table of index.toml, checked."""

    lead_for: dict[str, tuple[str, ...]]
    watch: tuple[str, ...]
    long_cramp_minutes: float
    long_cramp_sign: str
    #: The line above the long-cramp advice ("It is {minutes} minutes since ...").
    long_cramp_text: str
    #: Holds started further apart than this belong to different cramps.
    new_cramp_after_minutes: float
    #: The line above the ordinary steps when advice to get help leads the page.
    steps_after_leads: str


@dataclass(frozen=True)
class Plan:
    """What to show for one muscle, in page order."""

    muscle: str
    #: The muscle in plain words, for the choice buttons ("Back of the thigh").
    name: str
    #: Signs whose advice leads the page, most serious first (empty for most muscles).
    leads: tuple[str, ...]
    #: The twitch passage for an eyelid or face twitch (then no steps are shown).
    twitch: Passage | None
    #: The stretch that matches the muscle, if there is a simple safe one.
    stretch: Passage | None
    #: The general "Right now" steps (None for a twitch).
    relief: Passage | None
    #: Signs shown under the steps (every muscle; those that already lead are left out).
    watch: tuple[str, ...]


@cache
def settings() -> Settings:
    raw = _index().get("right_now", {})
    try:
        lead_for = {m: tuple(ids) for m, ids in raw["lead_for"].items()}
        out = Settings(
            lead_for=lead_for,
            watch=tuple(raw["watch"]),
            long_cramp_minutes=float(raw["long_cramp_minutes"]),
            long_cramp_sign=str(raw["long_cramp_sign"]),
            long_cramp_text=str(raw["long_cramp_text"]),
            new_cramp_after_minutes=float(raw["new_cramp_after_minutes"]),
            steps_after_leads=str(raw["steps_after_leads"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise GuideError(
            f"index.toml: [right_now] is incomplete or wrong ({exc!r}); it needs "
            "lead_for, watch, long_cramp_minutes, long_cramp_sign, long_cramp_text, "
            "new_cramp_after_minutes and steps_after_leads"
        ) from None
    for ids in (*out.lead_for.values(), out.watch, (out.long_cramp_sign,)):
        for sign in ids:
            triage.flag(sign)  # an unknown sign fails here, not mid-cramp
    return out


def name(muscle: str) -> str:
    """The muscle as everywhere else (``schema.muscle_name``), with a capital: "Belly"."""
    word = schema.muscle_name(muscle)
    return word[:1].upper() + word[1:]


def plan(muscle: str) -> Plan:
    """What "Cramp right now" shows for ``muscle`` (one of :data:`crampwise.schema.MUSCLES`)."""
    s = settings()
    stretch = stretch_for(muscle)  # raises UnknownTopicError for an unknown muscle
    leads = tuple(f.id for f in triage.most_serious_first(triage.flag(i) for i in s.lead_for.get(muscle, ())))
    watch = tuple(w for w in s.watch if w not in leads)  # a sign that leads is not repeated
    if stretch is None and muscle in patterns.twitch_muscles():
        return Plan(muscle, name(muscle), leads, passage(muscle), None, None, watch)
    return Plan(muscle, name(muscle), leads, None, stretch, passage("right-now"), watch)


def cramp_minutes(first_start: float | None, last_start: float | None, now: float) -> float | None:
    """How long the current cramp has gone on, from the hold timer's starts (seconds on one clock).

    None when no hold was started, or the last one was so long ago that a new
    start would be a new cramp.
    """
    if first_start is None or last_start is None:
        return None
    if now - last_start > settings().new_cramp_after_minutes * 60:
        return None
    return (now - first_start) / 60


def is_long(minutes: float | None) -> bool:
    """Has the cramp gone on longer than the long-cramp sign's limit?"""
    return minutes is not None and minutes > settings().long_cramp_minutes


__all__ = ["Plan", "Settings", "cramp_minutes", "is_long", "name", "plan", "settings"]
