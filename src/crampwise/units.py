"""Metric or US units for what a person types and reads.

Why this module: the journal, CSV files, backups, the command line and every
statistic work in the canonical units the schema declares (litres, °C). Only
forms and displays change with the person's choice, so converting happens at
the edge, here, and nowhere else. Which columns convert, and with which unit
alias, is declared once in :data:`crampwise.schema.UNIT_SYMBOLS`.

>>> water = quantity("water_l", "us")
>>> water.format(2.0)
'68 fl oz'
>>> water.store(8)
0.237
>>> quantity("temp_c", "us").format_delta(5)
'9 °F'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from crampwise import schema
from crampwise.errors import UnitSystemError

System = Literal["metric", "us"]
SYSTEMS: tuple[str, ...] = tuple(schema.UNIT_SYSTEMS)
DEFAULT: System = "metric"
#: Setting name under which the journal keeps a person's choice.
SETTING = "units"
#: Regions whose everyday units for drinks and weather are fl oz and °F: the
#: United States, its territories, and Liberia. Used only for the first default,
#: before a person has chosen.
US_REGIONS = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "LR"})

#: How a quantity is shown and typed in each system: display decimals, the
#: input step, and the quick-add amounts offered for fluids (in display units).
_DISPLAY: dict[tuple[str, str], dict[str, Any]] = {
    ("water_l", "metric"): {
        "decimals": 2,
        "step": 0.25,
        "quick": (250, 500),
        "quick_unit": "mL",
        "quick_scale": 0.001,
    },
    ("water_l", "us"): {
        "decimals": 0,
        "step": 8.0,
        "quick": (8, 16),
        "quick_unit": "fl oz",
        "quick_scale": 1.0,
    },
    ("temp_c", "metric"): {"decimals": 1, "step": 1.0},
    ("temp_c", "us"): {"decimals": 0, "step": 1.0},
}


def check(system: str | None) -> System:
    """The system by name, with an error a person can act on."""
    if system not in SYSTEMS:
        raise UnitSystemError(f"unknown unit system {system!r}: use one of " + ", ".join(SYSTEMS) + ".")
    return "us" if system == "us" else "metric"


def default_for_locale(locale: str | None) -> System:
    """``us`` for a browser locale in a fl oz / °F region (``en-US``), else metric."""
    if not locale:
        return DEFAULT
    region = str(locale).replace("_", "-").split("-")
    return "us" if len(region) > 1 and region[-1].upper() in US_REGIONS else DEFAULT


@dataclass(frozen=True)
class Quantity:
    """One canonical column as a person sees it in one unit system."""

    field: str
    system: System
    symbol: str
    label: str
    decimals: int
    step: float
    alias: schema.UnitAlias | None

    @property
    def column_label(self) -> str:
        """Header for tables and forms: "Fluids (fl oz)"; in the canonical units, the
        schema's own ("Fluids (litres)"), as every other table header says."""
        if self.alias is None:
            return label(self.field, "metric", default=None)
        return f"{self.label} ({self.symbol})"

    @property
    def input_format(self) -> str:
        """``st.number_input(format=...)``: the same places as :meth:`format`, so a field
        never shows 50.72 beside a total of "51 fl oz".

        >>> quantity("water_l", "us").input_format, quantity("water_l", "metric").input_format
        ('%.0f', '%.2f')
        """
        return f"%.{self.decimals}f"

    @property
    def help(self) -> str:
        """The schema's help text, its unit named in this system ("..., in US fluid ounces.")."""
        f = next(t for t in schema.TABLES.values() if self.field in t.names).field(self.field)
        if self.alias is None:
            return f.help
        return f.help.replace(f", in {f.unit}.", f", in {self.alias.unit}.")

    def show(self, canonical: Any) -> Any:
        """Canonical value(s) -> display value(s); works on numbers, arrays and Series."""
        if self.alias is None:
            return canonical
        return self.alias.from_canonical(canonical)

    def store(self, shown: Any) -> Any:
        """Display value(s) -> canonical value(s), rounded as an import of that unit is."""
        if self.alias is None or shown is None:
            return shown
        value = self.alias.to_canonical(shown)
        if isinstance(value, (pd.Series, np.ndarray)):
            return np.round(value, self.alias.decimals)
        return None if value is None or pd.isna(value) else round(float(value), self.alias.decimals)

    def limits(self) -> tuple[float, float]:
        """The schema's accepted range in display units, rounded inwards to whole units:
        water 0-15 L is 0-507 fl oz, temperature -60-60 °C is -76-140 °F."""
        f = next(t for t in schema.TABLES.values() if self.field in t.names).field(self.field)
        low, high = float(self.show(f.min)), float(self.show(f.max))
        if self.alias is not None:
            low, high = float(np.ceil(low - 1e-9)), float(np.floor(high + 1e-9))
        return low, high

    def format(self, canonical: float, *, decimals: int | None = None) -> str:
        """An amount with its unit: "2.5 L", "85 fl oz", "25 °C", "77 °F"."""
        places = self.decimals if decimals is None else decimals
        return f"{_number(self.show(float(canonical)), places)} {self.symbol}"

    def format_delta(self, canonical_delta: float, *, decimals: int | None = None) -> str:
        """A difference with its unit: 5 °C more is "9 °F" more (no offset)."""
        places = self.decimals if decimals is None else decimals
        shown = canonical_delta if self.alias is None else canonical_delta / self.alias.scale
        return f"{_number(shown, places)} {self.symbol}"

    def quick_adds(self) -> list[tuple[str, float]]:
        """Quick-add buttons for fluids, in display units: ``[("+250 mL", 0.25), ...]`` (litres)
        or ``[("+8 fl oz", 8.0), ...]``."""
        spec = _DISPLAY.get((self.field, self.system), {})
        return [
            (f"+{amount:g} {spec['quick_unit']}", float(amount * spec["quick_scale"]))
            for amount in spec.get("quick", ())
        ]


def _number(x: float, places: int) -> str:
    text = f"{x:,.{places}f}"
    if places and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quantity(field: str, system: str) -> Quantity | None:
    """How ``field`` is shown in ``system``; None when it is the same in every system."""
    entry = schema.UNIT_SYMBOLS[check(system)].get(field)
    if entry is None:
        return None
    symbol, alias_name = entry
    table = next(t for t in schema.TABLES.values() if field in t.names)
    alias = table.unit_alias(alias_name) if alias_name else None
    spec = _DISPLAY[(field, system)]
    return Quantity(
        field=field,
        system=check(system),
        symbol=symbol,
        label=table.field(field).label,
        decimals=spec["decimals"],
        step=spec["step"],
        alias=alias,
    )


def converting(field: str, system: str) -> Quantity:
    """:func:`quantity` for a field that has a unit in every system (water, temperature)."""
    q = quantity(field, system)
    if q is None:
        raise UnitSystemError(f"{field!r} has no unit to show in the {system} system.")
    return q


def converted_fields(system: str, columns: Iterable[str] | None = None) -> list[Quantity]:
    """The quantities that ``system`` shows differently, optionally only those in ``columns``."""
    wanted = None if columns is None else set(columns)
    out = []
    for name in schema.UNIT_SYMBOLS[check(system)]:
        q = quantity(name, system)
        if q is not None and q.alias is not None and (wanted is None or name in wanted):
            out.append(q)
    return out


def to_display(frame: pd.DataFrame, system: str) -> pd.DataFrame:
    """A copy of ``frame`` with converted columns in display units (same column names).

    Not rounded: tables round through their column format, and an edited
    table converts back exactly (see :func:`from_display`).
    """
    out = frame.copy()
    for q in converted_fields(system, frame.columns):
        out[q.field] = q.show(pd.to_numeric(out[q.field], errors="coerce").astype("Float64"))
    return out


def from_display(frame: pd.DataFrame, system: str) -> pd.DataFrame:
    """The inverse of :func:`to_display`: display units back to canonical."""
    out = frame.copy()
    for q in converted_fields(system, frame.columns):
        values = pd.to_numeric(out[q.field], errors="coerce").astype("Float64")
        out[q.field] = q.store(values)
    return out


def label(field: str, system: str, default: str | None = None) -> str:
    """A column header in ``system``: "Fluids (fl oz)" for a converted column, else
    ``default`` or the schema's label with its unit ("Fluids (litres)", "Sleep (hours)")."""
    q = quantity(field, system)
    if q is not None and q.alias is not None:
        return q.column_label
    if default is not None:
        return default
    for table in schema.TABLES.values():
        if field in table.names:
            f = table.field(field)
            return f"{f.label} ({f.unit})" if f.unit else f.label
    return field


__all__ = [
    "DEFAULT",
    "SETTING",
    "SYSTEMS",
    "Quantity",
    "System",
    "UnitSystemError",
    "check",
    "converted_fields",
    "default_for_locale",
    "from_display",
    "label",
    "quantity",
    "to_display",
]
