"""Turning an accepted version's result into rows of the sector database.

Each line and gas fact carries its CO2 equivalent in every GWP set of the library (AR4, AR5,
AR6), so that statistics add the reports in one set, the one the analyst asks for, whatever set
each report was filed under. In the report's own set the line's figure is the one filed (so the
statistics reproduce the report's totals digit for digit); in the other sets it is Σ mass of
each gas × its GWP in that set, from the report's factor-library version. Every line's CO2e is
gas-based: purchased electricity and steam are CO2 in `gases_t`, blends are split into their
component gases, biogenic CO2 is in neither `gases_t` nor the totals.
"""
from __future__ import annotations

import decimal
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from forms.library import DEFAULT_GWP_SET, GWP_SETS, FactorLibrary, base_version, load_library

ZERO = Decimal(0)
# Exact arithmetic: enough precision for any product or sum of finite decimals, and any
# rounding raises instead of passing unnoticed.
EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow,
                               decimal.Inexact, decimal.Rounded])


def add_exactly(values: Iterable[Decimal]) -> Decimal:
    """Σ values without rounding (Python's `sum` rounds to the default 28 digits)."""
    total = ZERO
    for value in values:
        total = EXACT.add(total, value)
    return total


def tco2e_key(gwp_set: str) -> str:
    """The fact attribute holding CO2e in `gwp_set`: "AR5" -> "tco2e_ar5"."""
    return f"tco2e_{gwp_set.lower()}"


def _decimal(value: Any) -> Decimal:
    if value in (None, ""):
        return ZERO
    if isinstance(value, (bool, float)):
        raise TypeError(f"not an exact decimal: {value!r}")
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _gwp(library: FactorLibrary, gas: str, gwp_set: str) -> Decimal | None:
    found = library.gwp.get((gas, gwp_set))
    return found.value if found is not None else None


def _co2e(gases: Mapping[str, Decimal], gwp_set: str, library: FactorLibrary) -> Decimal | None:
    """Σ mass × GWP in `gwp_set`; None when a gas has no GWP in that set (never a zero)."""
    values = [_gwp(library, gas, gwp_set) for gas in gases]
    if any(value is None for value in values):
        return None
    return add_exactly(EXACT.multiply(mass, value) for mass, value in zip(gases.values(), values))


def _filed(result: Mapping[str, Any]) -> tuple[str, FactorLibrary]:
    # Only GWP values are read here: a derived version's (published grid factors) are its base's.
    version = result.get("factor_library_version")
    return result.get("gwp_set") or DEFAULT_GWP_SET, load_library(base_version(version) if version else None)


def ghg_line_facts(document: Mapping[str, Any], result: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """One dict per calculated source line (the totals of a year are sums of these), with its
    CO2e in every GWP set (`tco2e_ar4`...) and the set it was filed under (`gwp_set`).
    A set in which a gas of the line has no GWP gets None."""
    filed_set, library = _filed(result)
    sources = {(year.get("year"), source.get("id")): source
               for year in document.get("years", []) if isinstance(year, Mapping)
               for source in year.get("sources", []) if isinstance(source, Mapping)}
    for line in result.get("lines", []):
        source = sources.get((line["year"], line["id"]), {})
        gases = {gas: _decimal(mass) for gas, mass in (line.get("gases_t") or {}).items()}
        co2e = {tco2e_key(gwp_set): _decimal(line.get("tco2e")) if gwp_set == filed_set
                else _co2e(gases, gwp_set, library) for gwp_set in GWP_SETS}
        yield {
            "data_year": int(line["year"]), "line_id": str(line["id"]), "category": line["category"],
            "scope": int(line.get("scope") or 0), "fuel": source.get("fuel"), "gwp_set": filed_set,
            **co2e, "biogenic_co2_t": _decimal(line.get("biogenic_co2_t")),
            "energy_tj": _decimal(line.get("energy_tj")), "energy_toe": _decimal(line.get("energy_toe")),
            "electricity_mwh": _decimal(line.get("electricity_mwh")),
        }


def ghg_gas_facts(result: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """One dict per line and gas: its mass and its CO2 equivalent in every GWP set, exactly
    mass × GWP. Blends are already split into their component gases by the calculation.
    None in a set that gives the gas no GWP."""
    _filed_set, library = _filed(result)
    for line in result.get("lines", []):
        for gas, mass in (line.get("gases_t") or {}).items():
            mass = _decimal(mass)
            yield {"data_year": int(line["year"]), "line_id": str(line["id"]), "gas": gas, "mass_t": mass,
                   **{tco2e_key(gwp_set): None if (gwp := _gwp(library, gas, gwp_set)) is None
                      else EXACT.multiply(mass, gwp) for gwp_set in GWP_SETS}}
