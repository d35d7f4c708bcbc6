"""Turning an accepted environmental declaration into rows of the sector database."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.figures import DECLARATION_FIGURES


def _amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def declaration_facts(document: Mapping[str, Any], result: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Energy, water, wastewater, solid and hazardous waste (by code) of one declaration, with
    the year declared; keys are the contract's document keys."""
    year = int(document.get("year") or 0)

    def fact(measure: str, value: Any, unit: str, code: str = "") -> dict[str, Any] | None:
        amount = _amount(value)
        return None if amount is None else {"data_year": year, "measure": measure, "code": code,
                                            "quantity": amount, "unit": unit}

    energy = document.get("energy") or {}
    candidates = [fact("electricity", energy.get("electricity_kwh"), "kWh")]
    for fuel in energy.get("fuels") or []:
        if isinstance(fuel, Mapping):
            candidates.append(fact("fuel", fuel.get("quantity"), str(fuel.get("unit", "")),
                                   str(fuel.get("fuel", ""))))
    water = document.get("water") or {}
    candidates.append(fact("water_supply", water.get("supply_m3"), "m3"))
    for stream in document.get("wastewater") or []:
        if isinstance(stream, Mapping):
            candidates.append(fact("wastewater", stream.get("volume_m3_per_day"), "m3/day",
                                   str(stream.get("stream", ""))))
    solid = document.get("solid_waste") or {}
    for key in ("ordinary_industrial_kg", "domestic_kg", "recycled_kg"):
        candidates.append(fact("solid_waste", solid.get(key), "kg", key.removesuffix("_kg")))
    for waste in document.get("hazardous_waste") or []:
        if isinstance(waste, Mapping):
            candidates.append(fact("hazardous_waste", waste.get("quantity_kg"), "kg", str(waste.get("code", ""))))
            # The licensed handler it went to, by name (a code column holds 60 characters).
            handler = str(waste.get("handler") or "").strip()
            if handler:
                candidates.append(fact("hazardous_waste_handler", waste.get("quantity_kg"), "kg", handler[:60]))
    for product in document.get("products") or []:
        if isinstance(product, Mapping) and str(product.get("unit", "")).strip() == "t":
            # Tonnes of product: the denominator of an emission intensity per tonne.
            candidates.append(fact("product_t", product.get("quantity"), "t", str(product.get("name", ""))[:60]))
    incidents = [i for i in document.get("incidents") or [] if isinstance(i, Mapping) and i]
    if incidents:
        candidates.append(fact("incidents", len(incidents), "incidents"))
    plastics = document.get("plastics") or {}
    for key in ("single_use_plastic_kg", "plastic_packaging_kg"):
        candidates.append(fact("plastics", plastics.get(key), "kg", key.removesuffix("_kg")))
    # Every total of the result, under its own key: what the declaration statistics sum.
    totals = result.get("totals") or {}
    for figure in DECLARATION_FIGURES:
        candidates.append(fact(figure.key, totals.get(figure.key), figure.unit))
    yield from (c for c in candidates if c is not None)
