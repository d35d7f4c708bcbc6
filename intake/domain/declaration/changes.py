"""Quantities far from the facility's previous declaration (the year before).

A figure that more than doubles or falls below half of last year's is pointed out
(`declaration_large_change`), the same ratio as between the two data years of a GHG inventory;
the filer confirms it with a reason or corrects a unit (kg entered as t, m3/day as m3/year).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from forms.declaration import DECLARATION_FORM
from forms.definition import to_template
from forms.problems import Problem
from forms.rules import problem
from intake.domain.declaration.totals import fuel_tonnes, hazardous_waste_kg
from schemas.declaration import discharged_m3_per_year, plain

LARGE_CHANGE = Decimal(2)
# Single values compared as they are, by their document path.
COMPARED_VALUES = (
    "energy.electricity_kwh",
    "water.supply_m3",
    "solid_waste.ordinary_industrial_kg",
    "solid_waste.domestic_kg",
    "plastics.single_use_plastic_kg",
    "plastics.plastic_packaging_kg",
)


def changes_from_previous(data: Mapping[str, Any], previous: Mapping[str, Any],
                          ) -> Iterator[Problem]:
    """Warnings for the quantities of `data` far from those of `previous` (both loaded
    declarations). Raises nothing."""
    for path in COMPARED_VALUES:
        group, key = path.split(".")
        yield from _compare(path, _value(data, group, key), _value(previous, group, key))
    yield from _compare("wastewater", discharged_m3_per_year(data), discharged_m3_per_year(previous),
                        unit_key="m3/năm")
    yield from _compare("hazardous_waste", hazardous_waste_kg(data), hazardous_waste_kg(previous),
                        unit_key="kg")
    previous_fuels = _fuel_tonnes(previous)
    for fuel, (index, tonnes) in _fuel_tonnes(data).items():
        if fuel in previous_fuels:
            yield from _compare(f"energy.fuels[{index}].quantity", tonnes, previous_fuels[fuel][1],
                                unit_key="t", label=fuel)
    previous_products = _products(previous)
    for key, (index, quantity, name) in _products(data).items():
        if key in previous_products:
            yield from _compare(f"products[{index}].quantity", quantity,
                                previous_products[key][1], unit_key=key[1], label=name)


def _compare(path: str, now: Decimal | None, before: Decimal | None, *, unit_key: str = "",
             label: str = "") -> Iterator[Problem]:
    if now is None or before is None or now <= 0 or before <= 0:
        return  # a ratio to or from nothing says nothing
    ratio = now / before
    if ratio > LARGE_CHANGE or ratio < 1 / LARGE_CHANGE:
        node = DECLARATION_FORM.node_at(to_template(path))
        label_vi = getattr(node, "label_vi", path) + (f" ({label})" if label else "")
        label_en = getattr(node, "label_en", path) + (f" ({label})" if label else "")
        suffix = f" {unit_key}" if unit_key else _unit_of(node)
        yield problem("declaration_large_change", path, label_vi=label_vi, label_en=label_en,
                      previous=plain(before) + suffix, value=plain(now) + suffix,
                      ratio=f"{ratio:.2f}")


def _unit_of(node: Any) -> str:
    return f" {node.unit}" if getattr(node, "unit", None) else ""


def _value(data: Mapping[str, Any], group: str, key: str) -> Decimal | None:
    block = data.get(group)
    value = block.get(key) if isinstance(block, Mapping) else None
    return value if isinstance(value, Decimal) else None


def _rows(value: Any) -> list[tuple[int, Mapping[str, Any]]]:
    return [(i, r) for i, r in enumerate(value) if isinstance(r, Mapping)] \
        if isinstance(value, list) else []


def _fuel_tonnes(data: Mapping[str, Any]) -> dict[str, tuple[int, Decimal]]:
    """{fuel: (first row, total t)} of the fuels given by mass (or volume with density)."""
    energy = data.get("energy")
    out: dict[str, tuple[int, Decimal]] = {}
    for index, row in _rows(energy.get("fuels") if isinstance(energy, Mapping) else None):
        quantity, unit_key, fuel = row.get("quantity"), row.get("unit"), row.get("fuel")
        if not (isinstance(quantity, Decimal) and isinstance(unit_key, str) and isinstance(fuel, str)):
            continue
        tonnes = fuel_tonnes(quantity, unit_key, row.get("density_kg_per_l"), row.get("density_kg_per_m3"))
        if tonnes is not None:
            first, total = out.get(fuel, (index, Decimal(0)))
            out[fuel] = (first, total + tonnes)
    return out


def _products(data: Mapping[str, Any]) -> dict[tuple[str, str], tuple[int, Decimal, str]]:
    """{(product name, unit): (first row, total, name as written)}; a product is the same
    from one year to the next when its name (case aside) and unit are."""
    out: dict[tuple[str, str], tuple[int, Decimal, str]] = {}
    for index, row in _rows(data.get("products")):
        name, unit_key, quantity = row.get("name"), row.get("unit"), row.get("quantity")
        if isinstance(name, str) and isinstance(unit_key, str) and isinstance(quantity, Decimal):
            key = (name.strip().casefold(), unit_key)
            first, total, written = out.get(key, (index, Decimal(0), name.strip()))
            out[key] = (first, total + quantity, written)
    return out
