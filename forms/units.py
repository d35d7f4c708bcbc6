"""The unit registry: every unit a form accepts, its dimension and its exact conversion.

Standard library only; conversion factors are exact `Decimal`s. Each dimension has one base
unit (mass: t, fuel energy: TJ, volume: L, electricity: MWh) and a value converts between two
units of the same dimension only: `convert(Decimal("1000"), "kg", "t") == Decimal("1")`.
There is deliberately no conversion between dimensions here: turning a volume of fuel into
mass or energy needs a density or a heating value stated on the line (calculation.md), and
turning MWh of electricity into TJ of fuel energy is not accepted for fuels.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Dimension(StrEnum):
    MASS = "mass"
    ENERGY = "energy"  # heat content of a fuel
    VOLUME = "volume"
    ELECTRICITY = "electricity"


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    dimension: Dimension
    to_base: Decimal  # one of this unit in the dimension's base unit
    label_vi: str
    label_en: str


BASE_UNITS = {
    Dimension.MASS: "t",
    Dimension.ENERGY: "TJ",
    Dimension.VOLUME: "L",
    Dimension.ELECTRICITY: "MWh",
}

_UNITS = (
    Unit("kg", Dimension.MASS, Decimal("0.001"), "kg", "kg"),
    Unit("t", Dimension.MASS, Decimal("1"), "tấn", "tonne"),
    Unit("TJ", Dimension.ENERGY, Decimal("1"), "TJ", "TJ"),
    Unit("GJ", Dimension.ENERGY, Decimal("0.001"), "GJ", "GJ"),
    Unit("MJ", Dimension.ENERGY, Decimal("0.000001"), "MJ", "MJ"),
    Unit("L", Dimension.VOLUME, Decimal("1"), "lít", "litre"),
    Unit("1000 L", Dimension.VOLUME, Decimal("1000"), "nghìn lít", "thousand litres"),
    Unit("m3", Dimension.VOLUME, Decimal("1000"), "m³", "m³"),
    Unit("1000 m3", Dimension.VOLUME, Decimal("1000000"), "nghìn m³", "thousand m³"),
    # Normal cubic metre (0 °C, 1 atm) for gaseous fuels: a volume like m3, whose density or
    # heating value the line states for normal conditions.
    Unit("Nm3", Dimension.VOLUME, Decimal("1000"), "Nm³", "Nm³"),
    Unit("kWh", Dimension.ELECTRICITY, Decimal("0.001"), "kWh", "kWh"),
    Unit("MWh", Dimension.ELECTRICITY, Decimal("1"), "MWh", "MWh"),
    Unit("GWh", Dimension.ELECTRICITY, Decimal("1000"), "GWh", "GWh"),
)
UNITS: dict[str, Unit] = {unit.key: unit for unit in _UNITS}


class UnitError(ValueError):
    """An unknown unit, or a conversion between units of different dimensions."""


def unit(key: str) -> Unit:
    """The unit called `key` (exact spelling, e.g. `t`, `kWh`, `1000 L`). Raises UnitError."""
    try:
        return UNITS[key]
    except (KeyError, TypeError):
        raise UnitError(f"unknown unit {key!r}") from None


def units_of(*dimensions: Dimension) -> tuple[str, ...]:
    """Keys of the units of the given dimensions, in registry order."""
    return tuple(u.key for u in _UNITS if u.dimension in dimensions)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """`value` in `from_unit` expressed in `to_unit`, exactly. Raises UnitError."""
    source, target = unit(from_unit), unit(to_unit)
    if source.dimension != target.dimension:
        raise UnitError(
            f"cannot convert {source.dimension} ({from_unit}) to {target.dimension} ({to_unit})")
    if source is target:
        return value
    return value * source.to_base / target.to_base


def to_base(value: Decimal, from_unit: str) -> Decimal:
    """`value` in the base unit of its dimension (t, TJ, L, MWh). Raises UnitError."""
    return value * unit(from_unit).to_base
