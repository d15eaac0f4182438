"""The guide: plain-language content about spasms, cramps and twitches.

Content is data: every sentence lives in Markdown files under
``guide/content/`` and their order, the passages shown beside the data and
the stretch for each muscle are declared in ``content/index.toml``. This
module only loads and looks things up, so the Guide pages, the Log and
Insights pages, the CLI and notebooks all read the same words.

Each Markdown file is one *section*: a ``# Title``, an introduction, ``##``
subsections (the *passages*), and a last line ``Sources: A; B; C``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from crampwise.errors import GuideError, UnknownTopicError

CONTENT = "content"
_SOURCES = re.compile(r"^Sources:\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Passage:
    """One ``##`` subsection, with where it comes from and what it cites."""

    section_id: str
    section_title: str
    heading: str
    #: The passage's Markdown, without its heading.
    markdown: str
    sources: tuple[str, ...]

    @property
    def sources_line(self) -> str:
        return "Sources: " + "; ".join(self.sources)


@dataclass(frozen=True)
class Section:
    """One Markdown file of the guide."""

    id: str
    title: str
    #: The whole file, with its triage placeholders filled in and their sources
    #: added to its Sources line.
    markdown: str
    #: The text between the title and the first ``##`` heading.
    intro: str
    passages: tuple[Passage, ...]
    sources: tuple[str, ...]

    @property
    def body(self) -> str:
        """The Markdown without the ``# Title`` line and without the Sources line."""
        text = self.markdown.split("\n", 1)[1] if "\n" in self.markdown else ""
        return _SOURCES.sub("", text).strip()

    def passage(self, heading: str) -> Passage:
        for p in self.passages:
            if p.heading == heading:
                return p
        raise UnknownTopicError(
            f"the guide section {self.id!r} has no passage {heading!r}; it has: "
            + ", ".join(p.heading for p in self.passages)
        )


def _read(name: str) -> str:
    path = resources.files(__package__).joinpath(CONTENT, name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GuideError(f"the guide file {CONTENT}/{name} is missing") from None


def parse_section(section_id: str, markdown: str, *, more_sources: tuple[str, ...] = ()) -> Section:
    """Split one guide file into title, introduction, passages and sources.

    ``more_sources`` are added to the file's own Sources line (the sources of
    the triage signs the file quotes), each name once.
    """
    lines = markdown.strip().splitlines()
    if not lines or not lines[0].startswith("# "):
        raise GuideError(f"guide section {section_id!r} must start with a '# Title' line")
    title = lines[0][2:].strip()
    found = _SOURCES.findall(markdown)
    if len(found) != 1:
        raise GuideError(
            f"guide section {section_id!r} needs exactly one 'Sources:' line, found {len(found)}"
        )
    sources = tuple(dict.fromkeys([s.strip() for s in found[0].split(";") if s.strip()] + list(more_sources)))
    if more_sources:
        markdown = _SOURCES.sub(lambda _: "Sources: " + "; ".join(sources), markdown)
    body = _SOURCES.sub("", "\n".join(lines[1:]))
    parts = re.split(r"^## +(.+?)\s*$", body, flags=re.MULTILINE)
    intro = parts[0].strip()
    passages = tuple(
        Passage(section_id, title, heading.strip(), text.strip(), sources)
        for heading, text in zip(parts[1::2], parts[2::2], strict=True)
    )
    return Section(section_id, title, markdown.strip() + "\n", intro, passages, sources)


def load_toml(name: str) -> dict:
    """Read one TOML data file of the guide (checker, hydration, patterns, index)."""
    try:
        return tomllib.loads(_read(name))
    except tomllib.TOMLDecodeError as exc:
        raise GuideError(f"the guide file {CONTENT}/{name} is not valid TOML: {exc}") from None


@cache
def _index() -> dict:
    return load_toml("index.toml")


def _load(section_id: str, name: str) -> Section:
    """One guide file with its triage placeholders filled in and their sources cited.

    The triage signs (``content/triage.toml``) are the one source of "when to
    get help"; a file quotes them with ``{{triage: ...}}`` lines rather than
    writing its own.
    """
    from crampwise.guide import triage  # late: triage itself reads files through this module

    raw = _read(name)
    return parse_section(
        section_id, triage.expand(raw, where=f"{CONTENT}/{name}"), more_sources=triage.sources_in(raw)
    )


@cache
def sections() -> tuple[Section, ...]:
    """The guide in reading order."""
    out = []
    for entry in _index()["sections"]:
        section = _load(entry["id"], entry["file"])
        if section.title != entry["title"]:
            raise GuideError(
                f"index.toml calls {entry['file']} {entry['title']!r} but its title is {section.title!r}"
            )
        out.append(section)
    return tuple(out)


def section(section_id: str) -> Section:
    """One section by id, e.g. ``"warning-signs"``."""
    for s in sections():
        if s.id == section_id:
            return s
    raise UnknownTopicError(
        f"the guide has no section {section_id!r}; it has: " + ", ".join(s.id for s in sections())
    )


def _resolve(reference: str) -> Passage:
    section_id, _, heading = reference.partition("#")
    return section(section_id).passage(heading)


def topics() -> tuple[str, ...]:
    """Every topic that has a passage: factors (``heat``...), muscles (``calf``...) and more."""
    return tuple(_index()["topics"])


def passage(topic: str) -> Passage:
    """The guide passage for a factor, muscle or situation, to show beside the data.

    >>> passage("heat").section_id
    'causes'
    """
    try:
        reference = _index()["topics"][topic]
    except KeyError:
        raise UnknownTopicError(
            f"the guide has no passage for {topic!r}; topics are: " + ", ".join(topics())
        ) from None
    return _resolve(reference)


def stretch_for(muscle: str) -> Passage | None:
    """The stretch to show for a cramping muscle, or ``None`` when there is no simple one."""
    table = _index()["stretch_for"]
    if muscle not in table:
        raise UnknownTopicError(f"the guide has no entry for the muscle {muscle!r}")
    return _resolve(table[muscle]) if table[muscle] else None


@cache
def disclaimer() -> str:
    """The guide-wide "general information, not medical advice" note, as Markdown."""
    text = _read("disclaimer.md")
    body = "\n".join(text.strip().splitlines()[1:])
    return _SOURCES.sub("", body).strip()


@cache
def key_points() -> Section:
    """The one-minute summary shown above the guide, for someone who needs the gist now."""
    return _load("key-points", "key-points.md")


def disclaimer_short() -> str:
    """The first sentence of the disclaimer, for the sidebar of every page."""
    first = re.split(r"(?<=[.!?])\s", disclaimer(), maxsplit=1)[0]
    return first.replace("**", "")


def read_minutes(words_per_minute: int = 200) -> float:
    """About how long the core guide takes to read."""
    words = sum(len(re.findall(r"[A-Za-z0-9]+", s.body)) for s in sections())
    return words / words_per_minute


__all__ = [
    "GuideError",
    "Passage",
    "Section",
    "UnknownTopicError",
    "disclaimer",
    "parse_section",
    "disclaimer_short",
    "key_points",
    "load_toml",
    "passage",
    "read_minutes",
    "section",
    "sections",
    "stretch_for",
    "topics",
]


_STEP = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")


@dataclass(frozen=True)
class StepList:
    """One list of steps in a passage, with the line that introduces it ("If you can stand:")."""

    #: The paragraph just before the list when it ends with ":", without the colon; else "".
    label: str
    steps: tuple[str, ...]


def step_lists(p: Passage) -> list[StepList]:
    """The lists of a passage, in order, each numbered on its own.

    A passage can give two ways to do something (standing or sitting); each is
    its own list under its own label, so the page never mixes their steps.
    """
    out: list[StepList] = []
    label, last_text = "", ""
    items: list[str] = []
    for line in p.markdown.splitlines():
        m = _STEP.match(line)
        if m:
            if not items:
                label = last_text[:-1] if last_text.endswith(":") else ""
            items.append(m.group(1))
        elif items and line.startswith(("  ", "\t")) and line.strip():
            items[-1] += " " + line.strip()  # a list item wrapped onto the next line
        elif line.strip():
            if items:
                out.append(StepList(label, tuple(items)))
                items = []
            last_text = line.strip()
    if items:
        out.append(StepList(label, tuple(items)))
    return out


def steps(p: Passage) -> list[str]:
    """Every list item of a passage, in order (all of its lists run together)."""
    return [step for lst in step_lists(p) for step in lst.steps]


__all__ += ["StepList", "step_lists", "steps"]
