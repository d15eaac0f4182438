"""The Crampwise data model, declared once.

Everything that knows about columns -- the importer, validation, CSV
templates, entry forms and ``docs/data-format.md`` -- reads this module, so a
column is added or changed here and nowhere else.

Two tables:

* ``episodes``: one row per spasm, cramp or twitch.
* ``daily``: one row per date with the day's fluids, exercise, heat, stress
  and sleep, plus any extra numeric column the person keeps (a *custom
  factor*, e.g. ``caffeine_mg``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Kind = Literal["datetime", "date", "number", "integer", "boolean", "category", "multi", "text"]
TableName = Literal["episodes", "daily"]

#: Words accepted as yes/no (lower-case).
YES = ("yes", "y", "true", "1")
NO = ("no", "n", "false", "0")


@dataclass(frozen=True)
class Field:
    """One canonical column: its type, unit, limits and the names it goes by."""

    name: str
    kind: Kind
    label: str
    help: str
    required: bool = False
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    #: When true the value must be strictly greater than ``min``.
    min_exclusive: bool = False
    #: Allowed values for ``category`` and ``multi`` columns (canonical spelling).
    vocabulary: tuple[str, ...] = ()
    #: Other spellings of vocabulary values (lower-case) -> canonical value.
    synonyms: Mapping[str, str] = field(default_factory=dict)
    #: Header names (already normalised, see :func:`normalise_header`) that mean this column.
    aliases: tuple[str, ...] = ()
    #: Aliases that name the column without a unit (``water``): the unit is assumed,
    #: and the importer says so in a note.
    unitless: tuple[str, ...] = ()
    #: Example value used in templates and documentation.
    example: str = ""
    #: Second example value, so templates show two realistic rows.
    example2: str = ""
    #: Most characters a ``text`` cell may hold (longer cells are refused, never cut).
    max_length: int | None = None


@dataclass(frozen=True)
class UnitAlias:
    """A header that carries a canonical column in another unit.

    The value is converted with ``canonical = value * scale + offset`` and
    rounded to ``decimals`` places.
    """

    name: str
    target: str
    unit: str
    scale: float
    offset: float = 0.0
    decimals: int = 3
    aliases: tuple[str, ...] = ()

    def to_canonical(self, value: float) -> float:
        return value * self.scale + self.offset

    def from_canonical(self, value: float) -> float:
        return (value - self.offset) / self.scale


@dataclass(frozen=True)
class Table:
    """A table: its fields in output order and how rows are identified."""

    name: TableName
    title: str
    description: str
    fields: tuple[Field, ...]
    unit_aliases: tuple[UnitAlias, ...] = ()
    #: Column that must be unique (daily: ``date``).
    unique: str | None = None
    #: Column rows are sorted by on output.
    order_by: str = ""
    #: Whether unknown numeric columns are kept as custom factors.
    custom_factors: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def header_lookup(self) -> dict[str, str]:
        """Map every accepted (normalised) header to a canonical or unit-alias name."""
        lookup: dict[str, str] = {}
        for f in self.fields:
            for alias in (f.name, *f.aliases):
                lookup[alias] = f.name
        for u in self.unit_aliases:
            for alias in (u.name, *u.aliases):
                lookup[alias] = u.name
        return lookup

    def unit_alias(self, name: str) -> UnitAlias | None:
        for u in self.unit_aliases:
            if u.name == name:
                return u
        return None


MUSCLES: tuple[str, ...] = (
    "calf",
    "foot",
    "toes",
    "hamstring",
    "quadriceps",
    "hip",
    "back",
    "neck",
    "shoulder",
    "hand",
    "arm",
    "abdomen",
    "chest",
    "face",
    "eyelid",
    "other",
)

#: How each muscle is named to people, declared once: Log, Cramp right now, the
#: Insights filter, charts and sentences all use it. A Latin name becomes its plain
#: words, short enough that Cramp right now's choices fit a phone in four rows (the
#: stretch shown next names the muscle, e.g. "Hamstring stretch").
MUSCLE_NAMES: dict[str, str] = {m: m for m in MUSCLES} | {
    "hamstring": "back of thigh",
    "quadriceps": "front of thigh",
    "abdomen": "belly",
}


def muscle_name(muscle: str) -> str:
    """A muscle as people read it ("front of thigh"); unknown names unchanged.

    >>> muscle_name("quadriceps"), muscle_name("calf"), muscle_name("knee")
    ('front of thigh', 'calf', 'knee')
    """
    return MUSCLE_NAMES.get(str(muscle), str(muscle))


MUSCLE_SYNONYMS: dict[str, str] = {
    "calves": "calf",
    "calf muscle": "calf",
    "lower leg": "calf",
    "charley horse": "calf",
    "charlie horse": "calf",
    "gastrocnemius": "calf",
    "soleus": "calf",
    "feet": "foot",
    "arch": "foot",
    "sole": "foot",
    "instep": "foot",
    "toe": "toes",
    "big toe": "toes",
    "hamstrings": "hamstring",
    "back of thigh": "hamstring",
    "back thigh": "hamstring",
    "rear thigh": "hamstring",
    "quad": "quadriceps",
    "quads": "quadriceps",
    "quadricep": "quadriceps",
    "front thigh": "quadriceps",
    "front of thigh": "quadriceps",
    "thigh": "quadriceps",
    "hips": "hip",
    "glute": "hip",
    "glutes": "hip",
    "buttock": "hip",
    "buttocks": "hip",
    "lower back": "back",
    "upper back": "back",
    "lumbar": "back",
    "spine": "back",
    "shoulders": "shoulder",
    "trapezius": "shoulder",
    "traps": "shoulder",
    "hands": "hand",
    "finger": "hand",
    "fingers": "hand",
    "thumb": "hand",
    "palm": "hand",
    "wrist": "hand",
    "arms": "arm",
    "forearm": "arm",
    "upper arm": "arm",
    "bicep": "arm",
    "biceps": "arm",
    "tricep": "arm",
    "triceps": "arm",
    "abs": "abdomen",
    "stomach": "abdomen",
    "belly": "abdomen",
    "tummy": "abdomen",
    "abdominal": "abdomen",
    "pec": "chest",
    "pecs": "chest",
    "jaw": "face",
    "cheek": "face",
    "lip": "face",
    "eye": "eyelid",
    "eyelids": "eyelid",
    "eye twitch": "eyelid",
    "eyelid twitch": "eyelid",
}

SIDES: tuple[str, ...] = ("left", "right", "both")
SIDE_SYNONYMS: dict[str, str] = {
    "l": "left",
    "left side": "left",
    "r": "right",
    "right side": "right",
    "b": "both",
    "both sides": "both",
    "bilateral": "both",
}

RELIEFS: tuple[str, ...] = (
    "stretch",
    "massage",
    "heat",
    "ice",
    "water",
    "rest",
    "medication",
    "none",
    "other",
)
#: How relief values read to people. "none" (nothing was done) reads "nothing", so that it
#: is never confused with an empty cell; tables, the Log page and sentences use it.
RELIEF_NAMES: dict[str, str] = {r: r for r in RELIEFS} | {"none": "nothing"}


def relief_name(relief: str) -> str:
    """A relief value as people read it.

    >>> relief_name("none"), relief_name("stretch")
    ('nothing', 'stretch')
    """
    return RELIEF_NAMES.get(str(relief), str(relief))


RELIEF_SYNONYMS: dict[str, str] = {
    "stretching": "stretch",
    "stretched": "stretch",
    "massaged": "massage",
    "rubbed": "massage",
    "rubbing": "massage",
    "hot water bottle": "heat",
    "heating pad": "heat",
    "warmth": "heat",
    "warm bath": "heat",
    "ice pack": "ice",
    "cold": "ice",
    "cold pack": "ice",
    "drink": "water",
    "drank water": "water",
    "fluids": "water",
    "electrolytes": "water",
    "resting": "rest",
    "rested": "rest",
    "medicine": "medication",
    "painkiller": "medication",
    "painkillers": "medication",
    "pill": "medication",
    "tablet": "medication",
    "nothing": "none",
}
#: Separator written between relief items on output.
RELIEF_SEPARATOR = ";"

#: Header names for notes, in both tables (English, de, fr, es, it, nl, pt).
NOTES_ALIASES: tuple[str, ...] = (
    "note",
    "comment",
    "comments",
    "notizen",
    "notiz",
    "bemerkung",
    "bemerkungen",
    "remarques",
    "commentaire",
    "notas",
    "nota",
    "comentario",
    "commento",
    "notities",
    "opmerkingen",
    "observacoes",
)

#: Episodes without a ``start`` column: a column with one of these headers gives the
#: date and one of :data:`EPISODE_TIME_HEADERS` the time of day (English, de, fr, es,
#: it, nl, pt). In the daily table the date words are aliases of ``date``.
EPISODE_DATE_HEADERS: tuple[str, ...] = (
    "date",
    "day",
    "datum",
    "tag",
    "jour",
    "fecha",
    "dia",
    "data",
    "giorno",
    "dag",
)
EPISODE_TIME_HEADERS: tuple[str, ...] = (
    "time",
    "time_of_day",
    "clock",
    "zeit",
    "uhrzeit",
    "heure",
    "hora",
    "ora",
    "tijd",
)

EPISODES = Table(
    name="episodes",
    title="Episodes",
    description="One row per spasm, cramp or twitch.",
    order_by="start",
    fields=(
        Field(
            "start",
            "datetime",
            "Start",
            required=True,
            help="When it began: date and time of onset. A date without a time is read as 00:00.",
            aliases=(
                "start_time",
                "started",
                "onset",
                "datetime",
                "date_time",
                "timestamp",
                "when",
                "time_of_onset",
                # de, fr, es, it, nl, pt
                "beginn",
                "zeitpunkt",
                "datum_uhrzeit",
                "debut",
                "date_heure",
                "inicio",
                "fecha_hora",
                "inizio",
                "data_ora",
                "begin",
                "datum_tijd",
                "data_hora",
            ),
            example="2025-03-14 22:15",
            example2="2025-03-16 06:40",
        ),
        Field(
            "muscle",
            "category",
            "Muscle",
            required=True,
            help="Which muscle. Common names such as 'charley horse', 'front thigh' or "
            "'lower back' are understood.",
            vocabulary=MUSCLES,
            synonyms=MUSCLE_SYNONYMS,
            aliases=(
                "muscle_group",
                "body_part",
                "location",
                "where",
                # de, fr, es/pt, it, nl
                "muskel",
                "korperteil",
                "musculo",
                "muscolo",
                "spier",
            ),
            example="calf",
            example2="foot",
        ),
        Field(
            "side",
            "category",
            "Side",
            help="Which side of the body.",
            vocabulary=SIDES,
            synonyms=SIDE_SYNONYMS,
            aliases=("body_side", "seite", "cote", "lado", "lato", "kant", "zijde"),
            example="left",
            example2="both",
        ),
        Field(
            "severity",
            "number",
            "Severity",
            unit="0-10",
            min=0,
            max=10,
            help="How much it hurt, from 0 (no pain) to 10 (worst imaginable).",
            aliases=(
                "pain",
                "pain_0_10",
                "severity_0_10",
                "intensity",
                # de, fr, es, it, nl, pt
                "schmerz",
                "starke",
                "intensitat",
                "douleur",
                "intensite",
                "dolor",
                "intensidad",
                "dolore",
                "intensita",
                "pijn",
                "intensiteit",
                "dor",
                "intensidade",
            ),
            example="7",
            example2="4",
        ),
        Field(
            "duration_min",
            "number",
            "Duration",
            unit="minutes",
            min=0,
            max=1440,
            min_exclusive=True,
            help="How long it lasted, in minutes (more than 0, at most 1440 = one day).",
            aliases=(
                "duration",
                "duration_minutes",
                "minutes",
                "length_min",
                # de, fr, es, it, nl, pt
                "dauer",
                "dauer_min",
                "duree",
                "duree_min",
                "duracion",
                "duracion_min",
                "durata",
                "durata_min",
                "duur",
                "duur_min",
                "duracao",
                "duracao_min",
            ),
            unitless=("duration", "dauer", "duree", "duracion", "durata", "duur", "duracao"),
            example="2.5",
            example2="1",
        ),
        Field(
            "activity",
            "text",
            "Activity",
            help="What you were doing when it started.",
            aliases=(
                "doing",
                "what_doing",
                "during",
                # de, fr, es, it, nl, pt
                "aktivitat",
                "tatigkeit",
                "activite",
                "actividad",
                "attivita",
                "activiteit",
                "atividade",
            ),
            example="sleeping",
            example2="running",
            max_length=200,
        ),
        Field(
            "relief",
            "multi",
            "Relief",
            help="What you did about it, separated by ';' (e.g. 'stretch; water').",
            vocabulary=RELIEFS,
            synonyms=RELIEF_SYNONYMS,
            aliases=(
                "what_helped",
                "helped",
                "remedy",
                "remedies",
                "treatment",
                # de, fr, es/pt, it, nl
                "linderung",
                "soulagement",
                "alivio",
                "sollievo",
                "verlichting",
            ),
            example="stretch;massage",
            example2="water",
        ),
        Field(
            "notes",
            "text",
            "Notes",
            help="Anything else worth remembering.",
            aliases=NOTES_ALIASES,
            example="woke me up",
            example2="",
            max_length=2000,
        ),
    ),
    unit_aliases=(
        UnitAlias(
            "duration_s",
            "duration_min",
            "seconds",
            scale=1 / 60,
            decimals=3,
            aliases=("duration_sec", "duration_seconds", "seconds"),
        ),
    ),
)

DAILY = Table(
    name="daily",
    title="Daily",
    description="One row per date: the day's fluids, exercise, heat, stress and sleep.",
    unique="date",
    order_by="date",
    custom_factors=True,
    fields=(
        Field(
            "date",
            "date",
            "Date",
            required=True,
            help="The day this row describes.",
            aliases=tuple(h for h in EPISODE_DATE_HEADERS if h != "date"),
            example="2025-03-14",
            example2="2025-03-15",
        ),
        Field(
            "water_l",
            "number",
            "Fluids",
            unit="litres",
            min=0,
            max=15,
            help="Total fluids drunk that day, in litres.",
            aliases=(
                "water",
                "water_litres",
                "water_liters",
                "fluids",
                "fluids_l",
                "fluid_l",
                "total_fluids_l",
                "water_litre",
                "water_liter",
                # de, fr, es/pt, it, nl
                "wasser",
                "wasser_l",
                "trinkmenge",
                "trinkmenge_l",
                "flussigkeit",
                "flussigkeit_l",
                "eau",
                "eau_l",
                "agua",
                "agua_l",
                "liquidos",
                "liquidos_l",
                "acqua",
                "acqua_l",
                "liquidi",
                "liquidi_l",
                "vocht",
                "vocht_l",
            ),
            unitless=("water", "fluids", "wasser", "flussigkeit", "eau", "agua", "acqua", "vocht"),
            example="1.8",
            example2="2.4",
        ),
        Field(
            "exercise_min",
            "number",
            "Exercise",
            unit="minutes",
            min=0,
            max=1440,
            help="Minutes of exercise or hard physical work.",
            aliases=(
                "exercise",
                "exercise_minutes",
                "workout_min",
                "workout_minutes",
                # de/nl, fr, es, it, nl, pt
                "training",
                "training_min",
                "sport",
                "sport_min",
                "bewegung",
                "bewegung_min",
                "exercice",
                "exercice_min",
                "entrainement",
                "entrainement_min",
                "ejercicio",
                "ejercicio_min",
                "entrenamiento",
                "entrenamiento_min",
                "esercizio",
                "esercizio_min",
                "allenamento",
                "allenamento_min",
                "beweging",
                "beweging_min",
                "exercicio",
                "exercicio_min",
                "treino",
                "treino_min",
            ),
            unitless=(
                "exercise",
                "training",
                "sport",
                "bewegung",
                "exercice",
                "entrainement",
                "ejercicio",
                "entrenamiento",
                "esercizio",
                "allenamento",
                "beweging",
                "exercicio",
                "treino",
            ),
            example="45",
            example2="0",
        ),
        Field(
            "exercise_rpe",
            "number",
            "Effort",
            unit="0-10",
            min=0,
            max=10,
            help="How hard the exercise felt, from 0 (rest) to 10 (all-out).",
            aliases=(
                "rpe",
                "effort",
                "exercise_effort",
                # de, es, it, nl, pt (fr: effort)
                "anstrengung",
                "belastung",
                "esfuerzo",
                "sforzo",
                "inspanning",
                "esforco",
            ),
            example="6",
            example2="0",
        ),
        Field(
            "warmup",
            "boolean",
            "Warmed up",
            help="Whether you warmed up before exercising (yes/no).",
            aliases=(
                "warm_up",
                "warmed_up",
                # de, fr, es, it, nl, pt
                "aufwarmen",
                "aufgewarmt",
                "echauffement",
                "calentamiento",
                "riscaldamento",
                "opwarming",
                "warming_up",
                "aquecimento",
            ),
            example="no",
            example2="yes",
        ),
        Field(
            "temp_c",
            "number",
            "Temperature",
            unit="°C",
            min=-60,
            max=60,
            help="The day's highest outdoor temperature, in °C.",
            aliases=(
                "temp",
                "temperature",
                "temperature_c",
                "max_temp",
                "max_temp_c",
                "high_c",
                # de, es/it/pt, nl (fr: temperature)
                "temperatur",
                "temperatur_c",
                "temperatura",
                "temperatura_c",
                "temperatuur",
                "temperatuur_c",
            ),
            unitless=("temp", "temperature", "max_temp", "temperatur", "temperatura", "temperatuur"),
            example="27",
            example2="19.5",
        ),
        Field(
            "humidity_pct",
            "number",
            "Humidity",
            unit="%",
            min=0,
            max=100,
            help="Relative humidity, in percent.",
            aliases=(
                "humidity",
                "rh",
                "relative_humidity",
                # de, fr, es, it, nl, pt
                "luftfeuchtigkeit",
                "luftfeuchtigkeit_pct",
                "luftfeuchte",
                "luftfeuchte_pct",
                "humidite",
                "humidite_pct",
                "humedad",
                "humedad_pct",
                "umidita",
                "umidita_pct",
                "luchtvochtigheid",
                "luchtvochtigheid_pct",
                "umidade",
                "umidade_pct",
                "humidade",
                "humidade_pct",
            ),
            example="60",
            example2="45",
        ),
        Field(
            "stress",
            "number",
            "Stress",
            unit="0-10",
            min=0,
            max=10,
            help="How stressed you felt, from 0 (calm) to 10 (extreme).",
            aliases=("stress_0_10", "stress_level", "stresslevel", "estres", "estresse"),
            example="6",
            example2="3",
        ),
        Field(
            "sleep_h",
            "number",
            "Sleep",
            unit="hours",
            min=0,
            max=24,
            help="Hours slept the night before.",
            aliases=(
                "sleep",
                "sleep_hours",
                "hours_slept",
                # de, fr, es, it, nl, pt
                "schlaf",
                "schlaf_h",
                "schlafdauer",
                "sommeil",
                "sommeil_h",
                "sueno",
                "sueno_h",
                "sonno",
                "sonno_h",
                "slaap",
                "slaap_h",
                "sono",
                "sono_h",
            ),
            unitless=("sleep", "schlaf", "schlafdauer", "sommeil", "sueno", "sonno", "slaap", "sono"),
            example="6.5",
            example2="8",
        ),
        Field(
            "episodes",
            "integer",
            "Episodes",
            min=0,
            max=1000,
            help="Optional: how many spasms that day, for people who keep a single sheet.",
            aliases=(
                "episode_count",
                "cramps",
                "spasms",
                "cramp_count",
                "spasm_count",
                # de, fr, es, it, nl, pt
                "krampfe",
                "crampes",
                "calambres",
                "crampi",
                "krampen",
                "caibras",
            ),
            example="2",
            example2="0",
        ),
        Field(
            "notes",
            "text",
            "Notes",
            help="Anything else about the day.",
            aliases=NOTES_ALIASES,
            example="hot day, long walk",
            example2="",
            max_length=2000,
        ),
    ),
    unit_aliases=(
        UnitAlias(
            "water_ml",
            "water_l",
            "millilitres",
            scale=0.001,
            decimals=3,
            aliases=(
                "fluids_ml",
                "water_millilitres",
                "water_milliliters",
                "wasser_ml",
                "eau_ml",
                "agua_ml",
                "acqua_ml",
            ),
        ),
        UnitAlias(
            "water_oz",
            "water_l",
            "US fluid ounces",
            scale=0.0295735295625,
            decimals=3,
            aliases=("water_fl_oz", "fluids_oz", "fluids_fl_oz"),
        ),
        UnitAlias(
            "temp_f",
            "temp_c",
            "°F",
            scale=5 / 9,
            offset=-32 * 5 / 9,
            decimals=2,
            aliases=("temperature_f", "max_temp_f", "high_f", "temperatur_f", "temperatura_f"),
        ),
    ),
)

TABLES: Mapping[str, Table] = MappingProxyType({"episodes": EPISODES, "daily": DAILY})

#: Unit systems a person can choose for what they type and read. Storage, files
#: and the command line stay in the canonical (metric) units declared above.
UNIT_SYSTEMS: Mapping[str, str] = MappingProxyType(
    {
        "metric": "Metric (litres, °C)",
        "us": "US (fl oz, °F)",
    }
)

#: Per system, the short unit symbol each converted column is shown in, and the
#: unit alias (declared on its table) that converts it. Columns not listed are
#: the same in every system (minutes, hours, %, scores).
UNIT_SYMBOLS: Mapping[str, Mapping[str, tuple[str, str | None]]] = MappingProxyType(
    {
        "metric": MappingProxyType({"water_l": ("L", None), "temp_c": ("°C", None)}),
        "us": MappingProxyType({"water_l": ("fl oz", "water_oz"), "temp_c": ("°F", "temp_f")}),
    }
)

_HEADER_UNIT = re.compile(r"[()\[\]]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_header(header: str) -> str:
    """Turn a spreadsheet header into the snake-case key used for lookups.

    ``"Water (L)"`` -> ``water_l``, ``"Temp (°F)"`` -> ``temp_f``,
    ``"Humidity (%)"`` -> ``humidity_pct``, ``" Warm-up "`` -> ``warm_up``.
    Accents are folded, not dropped: ``"Température (°C)"`` -> ``temperature_c``,
    ``"Größe"`` -> ``grosse``.
    """
    text = str(header).strip().lower().replace("°", "").replace("%", " pct ").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _HEADER_UNIT.sub(" ", text)
    return _NON_WORD.sub("_", text).strip("_")


def table(name: str) -> Table:
    """Look up a table by name, with an error a person can act on."""
    try:
        return TABLES[name]
    except KeyError:
        raise ValueError(f"unknown table {name!r}: use 'episodes' or 'daily'") from None


def limits_text(
    f: Field | None = None, *, lo: float | None = None, hi: float | None = None, exclusive: bool = False
) -> str:
    """Human wording of a range, e.g. ``0-15`` or ``more than 0, at most 1440``."""
    if f is not None:
        lo, hi, exclusive = f.min, f.max, f.min_exclusive
    if lo is None and hi is None:
        return ""
    if exclusive:
        return f"more than {_fmt(lo)}, at most {_fmt(hi)}"
    return f"{_fmt(lo)} to {_fmt(hi)}"


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}" if abs(x) < 1e15 else str(x)
