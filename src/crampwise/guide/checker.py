""""Is this something to check?": tick boxes in, one of three outcomes out.

Why it exists: a person with a cramp wants a clear next step -- self-care,
see a doctor, or get help now -- and the reasons behind it. The questions,
outcomes and every sentence live in ``content/checker.toml``; this module
only loads them and picks the most serious level among the ticked boxes.
Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from ..errors import CrampwiseError
from . import GuideError, load_toml

Level = Literal["self-care", "doctor", "urgent"]

#: Levels from least to most serious; the index is the rank.
LEVELS: tuple[Level, ...] = ("self-care", "doctor", "urgent")

CONTENT = "checker.toml"


class UnknownFlagError(CrampwiseError):
    """A ticked id is not one of the checker's questions."""

    def __init__(self, message: str, flag_id: str):
        super().__init__(message)
        #: The id that was not recognised.
        self.flag_id = flag_id



@dataclass(frozen=True)
class Flag:
    """One tick box: what it says, how serious it is and why it matters."""

    id: str
    label: str
    level: Level
    why: str
    group: str | None = None


@dataclass(frozen=True)
class Group:
    """A heading the tick boxes are laid out under."""

    id: str
    title: str
    intro: str


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


@dataclass(frozen=True)
class _Content:
    flags: tuple[Flag, ...]
    groups: tuple[Group, ...]
    outcomes: Mapping[str, Mapping[str, str]]
    page: Mapping[str, str]
    errors: Mapping[str, str]


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{CONTENT}: {where} needs a non-empty text {key!r}")
    return value


@cache
def _content() -> _Content:
    """Load and check the TOML once; a broken file fails loudly at first use."""
    raw = load_toml(CONTENT)
    groups = tuple(
        Group(gid, _text(g, "title", f"[groups.{gid}]"), _text(g, "intro", f"[groups.{gid}]"))
        for gid, g in raw.get("groups", {}).items()
    )
    group_ids = {g.id for g in groups}
    flags: list[Flag] = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("flags", [])):
        where = f"[[flags]] #{i + 1}"
        fid = _text(item, "id", where)
        if fid in seen:
            raise GuideError(f"{CONTENT}: flag id {fid!r} appears twice")
        seen.add(fid)
        level = item.get("level")
        if level not in LEVELS:
            raise GuideError(f"{CONTENT}: flag {fid!r} has level {level!r}; "
                                      f"use one of {', '.join(LEVELS)}")
        group = item.get("group")
        if group is not None and group not in group_ids:
            raise GuideError(f"{CONTENT}: flag {fid!r} is in group {group!r}, "
                                      f"which has no [groups.{group}] table")
        flags.append(Flag(fid, _text(item, "label", where), level, _text(item, "why", where), group))
    if not flags:
        raise GuideError(f"{CONTENT}: no [[flags]] found")
    outcomes: dict[str, Mapping[str, str]] = {}
    for level in LEVELS:
        table = raw.get("outcomes", {}).get(level, {})
        where = f"[outcomes.{level}]"
        outcomes[level] = MappingProxyType(
            {"title": _text(table, "title", where), "message": _text(table, "message", where)})
    page = raw.get("page", {})
    errors = raw.get("errors", {})
    _text(errors, "unknown_flag", "[errors]")
    return _Content(
        flags=tuple(flags),
        groups=groups,
        outcomes=MappingProxyType(outcomes),
        page=MappingProxyType({k: _text(page, k, "[page]") for k in page}),
        errors=MappingProxyType(dict(errors)),
    )


def flags() -> list[Flag]:
    """Every question, in the order the page shows them (a fresh list each call)."""
    return list(_content().flags)


def groups() -> list[Group]:
    """The layout headings, in page order; each flag's ``group`` names one of them."""
    return list(_content().groups)


def page() -> Mapping[str, str]:
    """The page's own texts (``title``, ``intro``, ``note``, ``reasons_heading``)."""
    return _content().page


def assess(ticked: Iterable[str]) -> Result:
    """Give the outcome for the ticked flag ids: the most serious level wins.

    A single string is read as one id (not as its letters). Ids ticked twice
    count once. Reasons come in page order within each level, the deciding
    level first, then the remaining levels from most to least serious.
    """
    content = _content()
    by_id = {f.id: f for f in content.flags}
    ids = [ticked] if isinstance(ticked, str) else list(ticked)
    for fid in ids:
        if fid not in by_id:
            raise UnknownFlagError(
                content.errors["unknown_flag"].format(id=fid, known=", ".join(by_id)), str(fid))
    wanted = set(ids)
    chosen = [f for f in content.flags if f.id in wanted]
    # Sort by rank, most serious first; sorted() is stable so page order is kept within a level.
    chosen.sort(key=lambda f: -LEVELS.index(f.level))
    level: Level = chosen[0].level if chosen else "self-care"
    outcome = content.outcomes[level]
    return Result(
        level=level,
        title=outcome["title"],
        message=outcome["message"],
        reasons=[f.why for f in chosen],
        flags=chosen,
    )
