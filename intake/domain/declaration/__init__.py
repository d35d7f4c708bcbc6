"""Validating an environmental declaration and computing its totals; comparing it with the
same facility's GHG inventory of the same year. Plain Python, Decimal throughout.

    result = evaluate(document, today=date(2026, 1, 15), previous=last_years_document)
    result["valid"], result["errors"], result["warnings"], result["totals"]
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from forms.declaration import DECLARATION_FORM, FORM_KEY, FORM_VERSION
from forms.library import load_library
from forms.problems import Problem
from forms.rules import problem
from intake.domain.acknowledgements import warnings_with_reasons
from forms.units import Dimension, UnitError, convert, unit
from schemas.build import load_document

ZERO = Decimal(0)
GJ_PER_TOE = Decimal("41.868")  # calculation.md: fuels without a MOIT row convert from TJ
# Days a year a facility is assumed to discharge when a stream does not say (a six-day week).
DEFAULT_OPERATING_DAYS = 300
# Circular 42/2020 has no threshold; the cross-form check of issue 4 uses 10 %.
CONSISTENCY_TOLERANCE = Decimal("0.10")
LARGE_CHANGE = Decimal(2)

__all__ = ["compare_with_ghg", "evaluate", "totals"]


def evaluate(document: Any, *, today: dt.date | None = None, previous: Any = None,
             ghg_document: Any = None) -> dict[str, Any]:
    """The result document: valid, errors, warnings (with the filer's acknowledgements) and
    totals (energy in TJ and TOE, water, wastewater, waste). Never raises on bad input."""
    today = today or dt.date.today()
    data, problems = load_document(DECLARATION_FORM, document)
    if isinstance(document, Mapping) and isinstance(document.get("year"), int) \
            and document["year"] >= today.year:
        problems.append(problem("year_not_ended", "year", year=document["year"]))
    if isinstance(document, Mapping):
        problems += list(_cross_field(data))
        if isinstance(previous, Mapping):
            problems += list(_against_previous(data, load_document(DECLARATION_FORM, previous)[0]))
        if isinstance(ghg_document, Mapping):
            problems += compare_with_ghg(data, ghg_document)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    return {
        "valid": not errors,
        "form": FORM_KEY,
        "form_version": data.get("form_version", FORM_VERSION),
        "factor_library_version": load_library().version,
        "errors": [p.as_dict() for p in errors],
        "warnings": warnings_with_reasons(warnings, data),
        "totals": totals(data),
    }


def _decimal(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) else (Decimal(value) if isinstance(value, int) else None)


def yearly_wastewater_m3(stream: Mapping[str, Any]) -> Decimal | None:
    daily = _decimal(stream.get("volume_m3_per_day"))
    if daily is None:
        return None
    days = stream.get("operating_days")
    return daily * Decimal(days if isinstance(days, int) and days > 0 else DEFAULT_OPERATING_DAYS)


def _cross_field(data: Mapping[str, Any]) -> Iterator[Problem]:
    supply = _decimal((data.get("water") or {}).get("supply_m3"))
    discharged = [yearly_wastewater_m3(s) for s in data.get("wastewater") or []
                  if s.get("stream") != "stormwater"]
    wastewater = sum((v for v in discharged if v is not None), start=ZERO)
    if supply is not None and wastewater > supply:
        yield problem("wastewater_above_supply", "wastewater", wastewater=_text(wastewater),
                      supply=_text(supply))
    for index, waste in enumerate(data.get("hazardous_waste") or []):
        quantity = _decimal(waste.get("quantity_kg"))
        if quantity and not str(waste.get("handler") or "").strip():
            yield problem("hazardous_waste_without_handler", f"hazardous_waste[{index}].handler",
                          waste_code=waste.get("code", ""))


def _text(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value else "0"
    return text


def _against_previous(data: Mapping[str, Any], previous: Mapping[str, Any]) -> Iterator[Problem]:
    """Quantities far from last year's declaration of the same facility."""
    pairs = [
        ("energy.electricity_kwh", (data.get("energy") or {}).get("electricity_kwh"),
         (previous.get("energy") or {}).get("electricity_kwh"), "Điện tiêu thụ", "Electricity used"),
        ("water.supply_m3", (data.get("water") or {}).get("supply_m3"),
         (previous.get("water") or {}).get("supply_m3"), "Tổng lượng nước sử dụng", "Water used"),
    ]
    for key in ("ordinary_industrial_kg", "domestic_kg"):
        pairs.append((f"solid_waste.{key}", (data.get("solid_waste") or {}).get(key),
                      (previous.get("solid_waste") or {}).get(key), key, key))
    for path, now, before, label_vi, label_en in pairs:
        now, before = _decimal(now), _decimal(before)
        if now is None or before is None or before == 0 or now == 0:
            continue
        ratio = now / before
        if ratio > LARGE_CHANGE or ratio < 1 / LARGE_CHANGE:
            yield problem("declaration_large_change", path, label_vi=label_vi, label_en=label_en,
                          previous=_text(before), value=_text(now), ratio=f"{ratio:.2f}")


def fuel_energy(fuel: str, quantity: Decimal, unit_key: str) -> tuple[Decimal | None, Decimal | None]:
    """(TJ, TOE) of a quantity of fuel; None where the unit gives no way to know. Mass converts
    with the library's net calorific value; a MOIT TOE row is used for TOE where it exists."""
    library = load_library()
    energy_tj: Decimal | None = None
    try:
        dimension = unit(unit_key).dimension
    except UnitError:
        return None, None
    if dimension is Dimension.ENERGY:
        energy_tj = convert(quantity, unit_key, "TJ")
    elif dimension is Dimension.MASS:
        try:
            ncv = library.fuel_factor(fuel, "ncv").value
        except KeyError:
            ncv = None
        if ncv is not None:
            energy_tj = convert(quantity, unit_key, "t") / 1000 * ncv
    toe_row = library.toe.get((fuel, unit_key))
    if toe_row is None and dimension is Dimension.MASS:
        toe_row = library.toe.get((fuel, "t"))
        quantity_for_toe = convert(quantity, unit_key, "t") if toe_row else quantity
    else:
        quantity_for_toe = quantity
    if toe_row is not None:
        energy_toe = quantity_for_toe * toe_row.toe_per_unit
    elif energy_tj is not None:
        energy_toe = energy_tj * 1000 / GJ_PER_TOE
    else:
        energy_toe = None
    return energy_tj, energy_toe


def totals(data: Mapping[str, Any]) -> dict[str, Any]:
    """The figures the sector database keeps for a declaration."""
    library = load_library()
    energy = data.get("energy") or {}
    electricity = _decimal(energy.get("electricity_kwh"))
    energy_tj, energy_toe = ZERO, ZERO
    for fuel in energy.get("fuels") or []:
        quantity = _decimal(fuel.get("quantity"))
        if quantity is None or not fuel.get("fuel") or not fuel.get("unit"):
            continue
        tj, toe = fuel_energy(fuel["fuel"], quantity, fuel["unit"])
        energy_tj += tj or ZERO
        energy_toe += toe or ZERO
    electricity_toe = electricity * library.toe[("electricity", "kWh")].toe_per_unit if electricity else ZERO
    wastewater = [yearly_wastewater_m3(s) for s in data.get("wastewater") or []]
    solid = data.get("solid_waste") or {}
    hazardous = [_decimal(w.get("quantity_kg")) for w in data.get("hazardous_waste") or []]
    return {
        "energy_tj": energy_tj,
        "energy_toe": energy_toe + electricity_toe,
        "fuel_energy_toe": energy_toe,
        "electricity_kwh": electricity or ZERO,
        "electricity_toe": electricity_toe,
        "water_supply_m3": _decimal((data.get("water") or {}).get("supply_m3")) or ZERO,
        "wastewater_m3_per_day": sum((_decimal(s.get("volume_m3_per_day")) or ZERO
                                      for s in data.get("wastewater") or []), start=ZERO),
        "wastewater_m3_per_year": sum((v for v in wastewater if v is not None), start=ZERO),
        "solid_waste_kg": sum((_decimal(solid.get(k)) or ZERO
                               for k in ("ordinary_industrial_kg", "domestic_kg")), start=ZERO),
        "recycled_kg": _decimal(solid.get("recycled_kg")) or ZERO,
        "hazardous_waste_kg": sum((q for q in hazardous if q is not None), start=ZERO),
    }


def compare_with_ghg(declaration: Mapping[str, Any], ghg_document: Mapping[str, Any]) -> list[Problem]:
    """Warnings where the declaration's electricity or a fuel differs by more than 10 % from the
    same facility's GHG inventory for the declaration's year (units converted first)."""
    year = declaration.get("year")
    year_block = next((y for y in ghg_document.get("years") or []
                       if isinstance(y, Mapping) and y.get("year") == year), None)
    if year_block is None:
        return []
    electricity_mwh, fuels_t = ZERO, {}
    has_electricity = False
    for source in year_block.get("sources") or []:
        if not isinstance(source, Mapping):
            continue
        quantity = _parse(source.get("quantity"))
        if quantity is None:
            continue
        try:
            dimension = unit(source.get("unit")).dimension
        except UnitError:
            continue
        if source.get("category") == "purchased_electricity" and dimension is Dimension.ELECTRICITY:
            electricity_mwh += convert(quantity, source["unit"], "MWh")
            has_electricity = True
        elif source.get("fuel") and dimension is Dimension.MASS:
            fuels_t[source["fuel"]] = fuels_t.get(source["fuel"], ZERO) + convert(quantity, source["unit"], "t")
    found: list[Problem] = []
    energy = declaration.get("energy") or {}
    declared_kwh = _parse(energy.get("electricity_kwh"))
    if has_electricity and declared_kwh is not None:
        declared_mwh = convert(declared_kwh, "kWh", "MWh")
        _compare(found, "energy.electricity_kwh", declared_mwh, electricity_mwh, "MWh", year,
                 "Điện tiêu thụ", "Electricity")
    for index, fuel in enumerate(energy.get("fuels") or []):
        if not isinstance(fuel, Mapping) or fuel.get("fuel") not in fuels_t:
            continue
        quantity = _parse(fuel.get("quantity"))
        try:
            declared_t = convert(quantity, fuel.get("unit"), "t") if quantity is not None else None
        except UnitError:
            continue
        if declared_t is not None:
            _compare(found, f"energy.fuels[{index}].quantity", declared_t, fuels_t[fuel["fuel"]], "t",
                     year, f"Nhiên liệu {fuel['fuel']}", f"Fuel {fuel['fuel']}")
    return found


def _parse(value: Any) -> Decimal | None:
    from forms.numbers import NumberError, parse_decimal

    if value is None or value == "":
        return None
    try:
        return parse_decimal(value)
    except NumberError:
        return None


def _compare(found: list[Problem], path: str, declared: Decimal, inventory: Decimal, unit_key: str,
             year: Any, what_vi: str, what_en: str) -> None:
    reference = max(abs(declared), abs(inventory))
    if reference == 0:
        return
    difference = abs(declared - inventory) / reference
    if difference > CONSISTENCY_TOLERANCE:
        found.append(problem("energy_mismatch_ghg", path, what_vi=what_vi, what_en=what_en, year=year,
                             declared=f"{_text(declared)} {unit_key}", inventory=f"{_text(inventory)} {unit_key}",
                             difference=f"{difference * 100:.1f}"))
