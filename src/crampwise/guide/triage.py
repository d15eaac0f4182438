"""Triage: the one declared answer to "how soon should I get help, and where?".

Why it exists: the checker, "Cramp right now", the guide's warning signs, its
short version and the Home page's pointers all tell people when to get help.
If each wrote its own sentence they would drift apart (they did: a cramp over
10 minutes was "call 999" on one page and "the same day" on another). So the
levels, the signs and the sources behind each sign live once, in
``content/triage.toml``, and every page takes its words from here:

- the checker asks each sign's ``label`` (:mod:`crampwise.guide.checker`);
- guide Markdown writes ``{{triage-list: GROUP}}`` for a whole list, or
  ``{{triage: ID, ID}}`` for the sentence about some signs, and
  :func:`expand` fills them in from the same signs (:func:`rules`);
- Home's pointers and "Cramp right now" call :func:`rules` and :func:`flag`.

There are four levels, from least to most serious: ``self-care``, ``doctor``
(a normal appointment), ``today`` (an urgent, same-day appointment or a
medical helpline) and ``emergency`` (call the emergency number now). A sign's
level is its group's level, so the checker's headings can never disagree with
the answer. Nothing here stores or logs anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from crampwise.errors import CrampwiseError, UnknownFlagError
from crampwise.guide import GuideError, load_toml

Level = Literal["self-care", "doctor", "today", "emergency"]

#: Levels from least to most serious; the index is the rank.
LEVELS: tuple[Level, ...] = ("self-care", "doctor", "today", "emergency")

CONTENT = "triage.toml"

#: ``{{triage-list: GROUP}}`` or ``{{triage: ID, ID}}`` on a line of its own
#: (optionally as a list item: ``- {{triage: ID}}``).
_PLACEHOLDER = re.compile(
    r"^(?P<prefix>[ \t]*(?:[-*+][ \t]+)?)\{\{\s*(?P<kind>triage-list|triage)\s*:"
    r"(?P<args>[^{}]*)\}\}[ \t]*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class LevelText:
    """What one level tells a person to do, in the words every page uses."""

    id: Level
    #: The answer's heading on the checker ("Get medical help today").
    title: str
    #: What to do, in full (the checker's answer).
    message: str
    #: The start of a sentence about signs: "Get medical help the same day" (+ " if ...").
    action: str
    #: The line above a list of signs: "... if:".
    lead: str


@dataclass(frozen=True)
class Group:
    """A heading the checker lays its tick boxes out under; all its signs share one level."""

    id: str
    level: Level
    title: str
    intro: str


@dataclass(frozen=True)
class Flag:
    """One sign: how it is asked, how the guide says it, how serious it is and why."""

    id: str
    group: str
    level: Level
    #: The tick-box text, in the second person ("A cramp lasts more than 10 minutes").
    label: str
    #: The clause that follows "if" in the guide ("a cramp lasts more than 10 minutes").
    says: str
    #: One sentence: why this sign matters.
    why: str
    #: What the level for this sign was checked against (names as in the guide's Sources lines).
    sources: tuple[str, ...]
    #: A calming fact shown with the answer, when the sign is usually harmless.
    reassure: str | None = None
    #: A guide topic (index.toml) to offer beside the answer.
    topic: str | None = None
    #: Why this level, where the sources differ (shown in docs/triage.md).
    note: str | None = None


@dataclass(frozen=True)
class _Content:
    levels: Mapping[str, LevelText]
    groups: tuple[Group, ...]
    flags: tuple[Flag, ...]
    page: Mapping[str, str]
    errors: Mapping[str, str]
    words: Mapping[str, str]


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{CONTENT}: {where} needs a non-empty text {key!r}")
    return value.strip()


def _optional(table: Mapping[str, Any], key: str, where: str) -> str | None:
    return _text(table, key, where) if key in table else None


@cache
def _content() -> _Content:
    """Load and check the TOML once; a broken file fails loudly at first use."""
    raw = load_toml(CONTENT)
    levels: dict[str, LevelText] = {}
    for level in LEVELS:
        where = f"[levels.{level}]"
        table = raw.get("levels", {}).get(level, {})
        levels[level] = LevelText(
            id=level,
            title=_text(table, "title", where),
            message=_text(table, "message", where),
            action=_text(table, "action", where) if level != "self-care" else "",
            lead=_text(table, "lead", where) if level != "self-care" else "",
        )
    groups: list[Group] = []
    for i, g in enumerate(raw.get("groups", [])):
        where = f"[[groups]] #{i + 1}"
        level = g.get("level")
        if level not in LEVELS[1:]:
            raise GuideError(f"{CONTENT}: {where} has level {level!r}; use one of {', '.join(LEVELS[1:])}")
        groups.append(Group(_text(g, "id", where), level, _text(g, "title", where), _text(g, "intro", where)))
    by_group = {g.id: g for g in groups}
    if len(by_group) != len(groups):
        raise GuideError(f"{CONTENT}: group ids must be unique")
    flags: list[Flag] = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("flags", [])):
        where = f"[[flags]] #{i + 1}"
        fid = _text(item, "id", where)
        if fid in seen or fid in by_group:
            raise GuideError(f"{CONTENT}: flag id {fid!r} appears twice (or is a group id)")
        seen.add(fid)
        group = item.get("group")
        if group not in by_group:
            raise GuideError(
                f"{CONTENT}: flag {fid!r} is in group {group!r}, which is not one "
                f"of the [[groups]]: {', '.join(by_group)}"
            )
        sources = item.get("sources")
        if (
            not isinstance(sources, list)
            or not sources
            or not all(isinstance(s, str) and s.strip() for s in sources)
        ):
            raise GuideError(
                f"{CONTENT}: flag {fid!r} needs 'sources', a list of the sources "
                "its level was checked against"
            )
        flags.append(
            Flag(
                id=fid,
                group=group,
                level=by_group[group].level,
                label=_text(item, "label", where),
                says=_text(item, "says", where),
                why=_text(item, "why", where),
                sources=tuple(s.strip() for s in sources),
                reassure=_optional(item, "reassure", where),
                topic=_optional(item, "topic", where),
                note=_optional(item, "note", where),
            )
        )
    if not flags:
        raise GuideError(f"{CONTENT}: no [[flags]] found")
    errors = raw.get("errors", {})
    _text(errors, "unknown_flag", "[errors]")
    words = raw.get("words", {})
    _text(words, "if", "[words]")
    page = raw.get("page", {})
    return _Content(
        levels=MappingProxyType(levels),
        groups=tuple(groups),
        flags=tuple(flags),
        page=MappingProxyType({k: _text(page, k, "[page]") for k in page}),
        errors=MappingProxyType(dict(errors)),
        words=MappingProxyType(dict(words)),
    )


# --------------------------------------------------------------------------- lookups


def level(level_id: str) -> LevelText:
    """The words for one level."""
    try:
        return _content().levels[level_id]
    except KeyError:
        raise GuideError(
            f"there is no triage level {level_id!r}; the levels are " + ", ".join(LEVELS)
        ) from None


def rank(level_id: str) -> int:
    """0 for self-care up to 3 for an emergency."""
    return LEVELS.index(level(level_id).id)


def flags() -> list[Flag]:
    """Every sign, in the order the checker shows them (a fresh list each call)."""
    return list(_content().flags)


def groups() -> list[Group]:
    """The checker's headings, in page order (most serious first)."""
    return list(_content().groups)


def page() -> Mapping[str, str]:
    """The checker page's own texts (``title``, ``intro``, ``note``, ...)."""
    return _content().page


def flag(flag_id: str) -> Flag:
    """One sign by id; an unknown id raises :class:`UnknownFlagError` listing the known ones."""
    content = _content()
    for f in content.flags:
        if f.id == flag_id:
            return f
    raise UnknownFlagError(
        content.errors["unknown_flag"].format(id=flag_id, known=", ".join(f.id for f in content.flags)),
        str(flag_id),
    )


def most_serious_first(found: Iterable[Flag]) -> list[Flag]:
    """Signs sorted from the most serious level down, page order kept within a level."""
    return sorted(found, key=lambda f: -LEVELS.index(f.level))


# --------------------------------------------------------------------------- sentences


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def advice(flag_ids: Iterable[str]) -> list[tuple[Level, str]]:
    """(level, Markdown) for these signs: one block per level, most serious first.

    See :func:`rules`, which gives the same blocks without their levels.
    """
    wanted = {flag(i).id for i in _ids(flag_ids)}  # an unknown id raises here
    chosen = most_serious_first(f for f in _content().flags if f.id in wanted)
    words = _content().words
    out: list[tuple[Level, str]] = []
    for level_id in reversed(LEVELS[1:]):
        says = [f.says for f in chosen if f.level == level_id]
        action = level(level_id).action
        if len(says) == 1:
            out.append((level_id, f"{action} {words['if']} {says[0]}."))
        elif says:
            out.append((level_id, f"{action} {words['if']}:\n\n" + "\n".join(f"- {c}" for c in says)))
    return out


def rules(flag_ids: Iterable[str]) -> list[str]:
    """What to do about these signs: one Markdown block per level, most serious first.

    Within a level the signs keep the checker's order, whatever order they are asked in.

    One sign at a level gives a sentence; several give the level's action,
    "if:", and one list item per sign (a sign's clause has commas of its own,
    so a list reads better than a long "if A, if B or if C").

    >>> rules(["cramp-over-10-min"])  # doctest: +NORMALIZE_WHITESPACE
    ['Get medical help the same day if a cramp lasts more than 10 minutes and does not ease
      when you stretch or move.']
    >>> print(rules(["twitch-2-weeks", "twitch-many-places"])[0])
    See a doctor if:
    <BLANKLINE>
    - a twitch lasts more than 2 weeks
    - you have twitches in more than one place
    """
    return [text for _, text in advice(flag_ids)]


def rule(flag_id: str) -> str:
    """The sentence for one sign: "<what to do> if <sign>."."""
    return rules([flag_id])[0]


def group_list(group_id: str) -> str:
    """A group's signs as the guide shows them: the level's lead line, then one bullet each."""
    content = _content()
    for g in content.groups:
        if g.id == group_id:
            items = [f"- {f.says}" for f in content.flags if f.group == g.id]
            return level(g.level).lead + "\n\n" + "\n".join(items)
    raise GuideError(
        f"{CONTENT}: there is no group {group_id!r}; the groups are "
        + ", ".join(g.id for g in content.groups)
    )


def _ids(flag_ids: Iterable[str]) -> list[str]:
    return [flag_ids] if isinstance(flag_ids, str) else list(flag_ids)


def expand(markdown: str, *, where: str = "guide text") -> str:
    """Fill in the ``{{triage-list: GROUP}}`` and ``{{triage: ID, ID}}`` lines of guide Markdown.

    A ``triage`` line becomes one sentence per level; written as a list item
    (``- {{triage: a, b}}``) each sentence becomes its own item. Anything
    unknown, or a placeholder that is not on a line of its own, raises
    :class:`GuideError` naming ``where``.
    """

    def fill(m: re.Match[str]) -> str:
        names = [a.strip() for a in m["args"].split(",") if a.strip()]
        prefix = m["prefix"]
        try:
            if m["kind"] == "triage-list":
                if len(names) != 1:
                    raise GuideError(f"{{{{triage-list: ...}}}} takes one group, got {names}")
                return prefix + group_list(names[0])
            if not names:
                raise GuideError("{{triage: ...}} needs at least one sign id")
            blocks = rules(names)
        except CrampwiseError as exc:
            raise GuideError(f"{where}: {exc}") from None
        if prefix.strip():  # a list item: one item per level, its signs nested under it
            indent = " " * len(prefix)
            return "\n".join(
                prefix + b.replace("\n\n", "\n").replace("\n- ", f"\n{indent}- ") for b in blocks
            )
        return prefix + "\n\n".join(blocks)

    out = _PLACEHOLDER.sub(fill, markdown)
    if "{{" in out or "}}" in out:
        line = next(li for li in out.splitlines() if "{{" in li or "}}" in li)
        raise GuideError(
            f"{where}: a triage placeholder must stand on a line of its own, "
            f"as {{{{triage: ID}}}} or {{{{triage-list: GROUP}}}}; found {line!r}"
        )
    return out


def sources_in(markdown: str) -> tuple[str, ...]:
    """The sources of every sign the placeholders in ``markdown`` name, in order, once each.

    The guide adds these to the section's Sources line, so a section that
    states a sign's level always cites what that level was checked against.
    """
    content = _content()
    found: list[str] = []
    for m in _PLACEHOLDER.finditer(markdown):
        names = [a.strip() for a in m["args"].split(",") if a.strip()]
        if m["kind"] == "triage-list":
            signs = [f for f in content.flags if f.group in names]
        else:
            signs = [flag(n) for n in names]
        for f in signs:
            found.extend(f.sources)
    return tuple(dict.fromkeys(found))


# --------------------------------------------------------------------------- the sources doc


def render_doc() -> str:
    """``docs/triage.md``: every sign, its level and the sources the level was checked against.

    ``python -m crampwise triage-doc > docs/triage.md`` regenerates it;
    ``tests/io/test_docs.py`` fails when the committed file differs.
    """
    content = _content()
    out = [
        "# Triage: which sign gets which answer, and why",
        "",
        "<!-- Generated from src/crampwise/guide/content/triage.toml by "
        "`python -m crampwise triage-doc`; do not edit by hand. -->",
        "",
        'Every page that tells a person when to get help (the checker "Is this something '
        'to check?", "Cramp right now", the guide\'s warning signs and short version, and '
        "Home's pointers) takes its words from one file, "
        "`src/crampwise/guide/content/triage.toml`. This page lists what it says. When two "
        "sources place a sign at different levels, the sign takes the more urgent one; the "
        "sign's notes say so.",
        "",
        "## Levels",
        "",
        "| level | what the person is told |",
        "|---|---|",
    ]
    for level_id in reversed(LEVELS):
        lt = content.levels[level_id]
        out.append(f"| `{level_id}` | **{lt.title}.** {lt.message} |")
    for g in content.groups:
        out += [
            "",
            f"## {g.title} (`{g.level}`)",
            "",
            g.intro,
            "",
            "| sign | the guide says | checked against |",
            "|---|---|---|",
        ]
        for f in content.flags:
            if f.group == g.id:
                out.append(f"| `{f.id}`: {f.label} | {_capital(f.says)} | {'; '.join(f.sources)} |")
        notes = [f for f in content.flags if f.group == g.id and f.note]
        if notes:
            out += ["", "Where the sources differ:", ""]
            out += [f"- `{f.id}`: {f.note}" for f in notes]
    return "\n".join(out) + "\n"


__all__ = [
    "LEVELS",
    "Flag",
    "Group",
    "Level",
    "LevelText",
    "UnknownFlagError",
    "advice",
    "expand",
    "flag",
    "flags",
    "group_list",
    "groups",
    "level",
    "most_serious_first",
    "page",
    "rank",
    "render_doc",
    "rule",
    "rules",
    "sources_in",
]
