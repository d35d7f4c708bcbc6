"""Validate and calculate a GHG inventory document: the contract's result document.

    result = evaluate(document, today=date(2027, 3, 1))
    result["valid"], result["errors"], result["years"]["2025"]["total_tco2e"]

Numbers in the result are `Decimal`s, unrounded; `result_json.dumps` writes them as JSON
numbers with every digit. Never raises on bad input: problems are in `errors` / `warnings`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from forms import ghg
from forms.library import FactorLibrary
from forms.problems import Problem
from schemas.ghg import CheckedDocument, validate_ghg_document
from intake.domain.ghg import trace
from intake.domain.ghg.calculate import LineResult, calculate_line

ZERO = Decimal(0)
# Paths whose errors make every figure unreliable.
DOCUMENT_LEVEL = ("gwp_set", "factor_library_version", "form", "form_version")


def evaluate(document: Any, *, today: dt.date | None = None,
             traces: bool = True) -> dict[str, Any]:
    """The result document of the contract (valid, errors, warnings, years, lines) plus
    `gwp_set`, `factor_library_version`, per-line `trace_vi`, factors and energy in TOE.

    When the document has errors, lines without errors are still calculated (live feedback
    while filing), and a year is totalled only when none of its lines has an error.
    `traces=False` leaves out the per-line texts (`trace`, `trace_vi`), about half the cost,
    for bulk recalculation where nobody reads them. Never raises on bad input.
    """
    checked = validate_ghg_document(document, today=today)
    lines, years = _calculate(checked, traces)
    acknowledged = _acknowledgements(checked.data)
    return {
        "valid": checked.valid,
        "form": ghg.FORM_KEY,
        "form_version": checked.data.get("form_version", ghg.FORM_VERSION),
        "gwp_set": checked.gwp_set,
        "factor_library_version": checked.library.version,
        "errors": [p.as_dict() for p in checked.errors],
        "warnings": [_warning(p, acknowledged) for p in checked.warnings],
        "years": years,
        "lines": lines,
    }


def _warning(p: Problem, acknowledged: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    out = p.as_dict()
    reason = acknowledged.get((p.path, p.code))
    out["acknowledged"] = reason is not None
    if reason is not None:
        out["reason"] = reason
    return out


def _acknowledgements(data: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    rows = data.get("acknowledgements") or []
    return {(r["path"], r["code"]): r["reason"] for r in rows
            if isinstance(r, dict) and {"path", "code", "reason"} <= r.keys()
            and r["reason"].strip()}


def _calculate(checked: CheckedDocument, traces: bool) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if checked.gwp_set is None or any(checked.has_error_under(p) for p in DOCUMENT_LEVEL):
        return [], {}
    lib = checked.library
    out_lines: list[dict[str, Any]] = []
    out_years: dict[str, Any] = {}
    for i, year_data in enumerate(checked.data.get("years") or []):
        if not isinstance(year_data, dict) or not isinstance(year_data.get("year"), int):
            continue
        year = year_data["year"]
        results: list[LineResult] = []
        complete = not checked.has_error_under(f"years[{i}]")
        for j, line in enumerate(year_data.get("sources") or []):
            if not checked.line_is_clean(i, j) or not isinstance(line, dict) or not line:
                continue
            result = calculate_line(_applicable(line), year=year, index=j,
                                    gwp_set=checked.gwp_set, lib=lib)
            results.append(result)
            out_lines.append(_line_dict(result, lib, traces))
        if complete and str(year) not in out_years:
            out_years[str(year)] = _year_dict(results)
    return out_lines, out_years


def _applicable(line: Mapping[str, Any]) -> dict[str, Any]:
    """The line without the keys that do not apply to its category (warned as ignored)."""
    variant = ghg.SOURCES.variant(line.get("category"))
    return {k: v for k, v in line.items() if ghg.SOURCES.applies(k, variant)}


def _line_dict(r: LineResult, lib: FactorLibrary, traces: bool) -> dict[str, Any]:
    gases: dict[str, Decimal] = {}
    for e in r.emissions:
        if not e.biogenic:
            gases[e.gas] = gases.get(e.gas, ZERO) + e.mass_t
    out = {
        "year": r.year,
        "id": r.id,
        "category": r.category,
        "scope": r.scope,
        "tco2e": r.tco2e,
        "co2_t": r.gas_t("CO2"),
        "ch4_t": r.gas_t("CH4"),
        "n2o_t": r.gas_t("N2O"),
        "biogenic_co2_t": r.biogenic_co2_t,
        "gases_t": gases,
        "energy_tj": r.energy_tj,
        "energy_toe": r.energy_toe,
        "electricity_mwh": r.electricity_mwh,
        "provisional": r.provisional,
        "factors": [f.as_dict() for f in r.factors],
    }
    if traces:
        out["trace"] = trace.render(r, lib, "en")
        out["trace_vi"] = trace.render(r, lib, "vi")
    return out


def _year_dict(results: list[LineResult]) -> dict[str, Any]:
    def total(values) -> Decimal:
        return sum(values, ZERO)

    by_category: dict[str, Decimal] = {}
    gases: dict[str, Decimal] = {}
    for r in results:
        by_category[r.category] = by_category.get(r.category, ZERO) + r.tco2e
        for e in r.emissions:
            if not e.biogenic:
                gases[e.gas] = gases.get(e.gas, ZERO) + e.mass_t
    scope1 = total(r.tco2e for r in results if r.scope == ghg.SCOPE_DIRECT)
    scope2 = total(r.tco2e for r in results if r.scope == ghg.SCOPE_INDIRECT)
    return {
        "total_tco2e": scope1 + scope2,
        "scope1_tco2e": scope1,
        "scope2_tco2e": scope2,
        "co2_t": gases.get("CO2", ZERO),
        "ch4_t": gases.get("CH4", ZERO),
        "n2o_t": gases.get("N2O", ZERO),
        "biogenic_co2_t": total(r.biogenic_co2_t for r in results),
        "energy_tj": total(r.energy_tj for r in results if r.energy_tj is not None),
        "energy_toe": total(r.energy_toe for r in results if r.energy_toe is not None),
        "electricity_mwh": total(r.electricity_mwh for r in results
                                 if r.electricity_mwh is not None),
        "electricity_toe": total(r.electricity_toe for r in results
                                 if r.electricity_toe is not None),
        "gases_t": gases,
        "by_category_tco2e": by_category,
        "provisional": any(r.provisional for r in results),
    }
