"""Turning an accepted version's result into rows of the sector database."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from forms.library import load_library

ZERO = Decimal(0)


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else ZERO


def ghg_line_facts(document: Mapping[str, Any], result: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """One dict per calculated source line (the totals of a year are sums of these)."""
    sources = {(year.get("year"), source.get("id")): source
               for year in document.get("years", []) if isinstance(year, Mapping)
               for source in year.get("sources", []) if isinstance(source, Mapping)}
    for line in result.get("lines", []):
        source = sources.get((line["year"], line["id"]), {})
        yield {
            "data_year": int(line["year"]), "line_id": str(line["id"]), "category": line["category"],
            "scope": int(line.get("scope") or 0), "fuel": source.get("fuel"),
            "tco2e": _decimal(line.get("tco2e")), "biogenic_co2_t": _decimal(line.get("biogenic_co2_t")),
            "energy_tj": _decimal(line.get("energy_tj")), "energy_toe": _decimal(line.get("energy_toe")),
            "electricity_mwh": _decimal(line.get("electricity_mwh")),
        }


def ghg_gas_facts(result: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """One dict per line and gas: its mass and its CO2 equivalent under the report's GWP set.
    Blends are already split into their component gases by the calculation."""
    library = load_library(result.get("factor_library_version"))
    gwp_set = result.get("gwp_set") or "AR5"
    for line in result.get("lines", []):
        for gas, mass in (line.get("gases_t") or {}).items():
            mass = _decimal(mass)
            yield {"data_year": int(line["year"]), "line_id": str(line["id"]), "gas": gas,
                   "mass_t": mass, "tco2e": mass * library.gwp_value(gas, gwp_set).value}
