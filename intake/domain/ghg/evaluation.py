"""Validate and calculate a GHG inventory document: the contract's result document.

    result = evaluate(document, today=date(2027, 3, 1))
    result["valid"], result["errors"], result["years"]["2025"]["total_tco2e"]

Numbers in the result are `Decimal`s, unrounded; `result_json.dumps` writes them as JSON
numbers with every digit. Never raises on bad input: problems are in `errors` / `warnings`.
"""
from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from forms import ghg
from forms.labels import labelled_problems
from forms.library import FactorLibrary
from forms.problems import Problem
from forms.rules import problem
from intake.domain.acknowledgements import warnings_with_reasons
from intake.domain.ghg import factors, trace
from intake.domain.ghg.calculate import CONTEXT, LineResult, calculate_line
from schemas.ghg import CheckedDocument, validate_ghg_document

ZERO = Decimal(0)
# Paths whose errors make every figure unreliable.
DOCUMENT_LEVEL = ("gwp_set", "factor_library_version", "form", "form_version")


def evaluate(document: Any, *, today: dt.date | None = None, traces: bool = True,
             previous_gwp_set: str | None = None, previous_intensity: tuple[int, Decimal] | None = None,
             library: FactorLibrary | None = None) -> dict[str, Any]:
    """The result document of the contract (valid, errors, warnings, years, lines) plus
    `gwp_set`, `factor_library_version`, per-line `trace_vi`, factors and energy in TOE.

    When the document has errors, lines without errors are still calculated (live feedback
    while filing), and a year is totalled only when none of its lines has an error.
    `traces=False` leaves out the per-line texts (`trace`, `trace_vi`), about half the cost,
    for bulk recalculation where nobody reads them. `previous_gwp_set`, the GWP set of the
    facility's previous accepted report, adds the warning `gwp_set_changed` when this report's
    set differs; `previous_intensity`, (year, tCO2e per tonne of product) of that report's latest
    year, adds `intensity_change` when a year's intensity is half or twice it. `library` replaces the document's factor library version (the grid factors
    published since, `intake.services.published_factors`). Never raises on bad input.
    """
    checked = validate_ghg_document(document, today=today, library=library)
    checked.problems.extend(_gwp_set_change(checked, previous_gwp_set))
    # The line totals and the year sums in the calculation's own precision, not the default 28
    # digits: a year's total is then exactly the sum of its lines.
    with decimal.localcontext(CONTEXT):
        lines, years = _calculate(checked, traces)
    checked.problems.extend(_intensity_change(years, previous_intensity))
    named = document if isinstance(document, Mapping) else checked.data
    return {
        "valid": checked.valid,
        "form": ghg.FORM_KEY,
        "form_version": checked.data.get("form_version", ghg.FORM_VERSION),
        "gwp_set": checked.gwp_set,
        "factor_library_version": checked.library.version,
        # Each problem named by its place in the form's words, `path` kept for programs.
        "errors": labelled_problems(checked.errors, ghg.GHG_FORM, named),
        "warnings": labelled_problems(warnings_with_reasons(checked.warnings, checked.data),
                                      ghg.GHG_FORM, named),
        "years": years,
        "lines": lines,
    }


# An intensity (tCO2e per tonne of product) that halves or doubles from the previous report's
# is more often a unit slip (kg of product as t) or a missing source than a real change.
INTENSITY_CHANGE_RATIO = Decimal(2)


def _intensity_change(years: Mapping[str, Any], previous: tuple[int, Decimal] | None) -> list[Problem]:
    if previous is None or not previous[1]:
        return []
    previous_year, before = previous
    found = []
    for year, figures in sorted(years.items()):
        now = figures.get("tco2e_per_t_product")
        if now is None:
            continue
        ratio = now / before
        if ratio >= INTENSITY_CHANGE_RATIO or ratio <= 1 / INTENSITY_CHANGE_RATIO:
            found.append(problem("intensity_change", "production", year=year, value=f"{now:.6f}",
                                 previous=f"{before:.6f}", previous_year=previous_year, ratio=f"{ratio:.2f}"))
    return found


def _gwp_set_change(checked: CheckedDocument, previous: str | None) -> list[Problem]:
    """A GWP set other than the previous report's makes the two reports' totals incomparable
    (calculation.md, GWP: the set is stored with each report)."""
    if not isinstance(previous, str) or checked.gwp_set is None or previous == checked.gwp_set:
        return []
    return [problem("gwp_set_changed", "gwp_set", gwp_set=checked.gwp_set, previous=previous)]


def _calculate(checked: CheckedDocument, traces: bool) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if checked.gwp_set is None or any(checked.has_error_under(p) for p in DOCUMENT_LEVEL):
        return [], {}
    lib = checked.library
    out_lines: list[dict[str, Any]] = []
    out_years: dict[str, Any] = {}
    # One pass over the errors instead of one per line (CheckedDocument.has_error_under).
    error_paths = [p.path for p in checked.problems if p.is_error]
    for i, year_data in enumerate(checked.data.get("years") or []):
        if not isinstance(year_data, dict) or not isinstance(year_data.get("year"), int):
            continue
        year = year_data["year"]
        totals: list[_LineTotals] = []
        year_path = f"years[{i}]"
        complete = not _has_error_under(error_paths, year_path)
        for j, line in enumerate(year_data.get("sources") or []):
            if not complete and _has_error_under(error_paths, f"{year_path}.sources[{j}]"):
                continue
            if not isinstance(line, dict) or not line:
                continue
            result = calculate_line(_applicable(line), year=year, index=j,
                                    gwp_set=checked.gwp_set, lib=lib)
            line_totals = _LineTotals(result)
            totals.append(line_totals)
            out_lines.append(_line_dict(line_totals, lib, traces))
        if complete and str(year) not in out_years:
            out_years[str(year)] = _year_dict(totals)
            out_years[str(year)]["tco2e_per_t_product"] = _per_tonne_of_product(
                out_years[str(year)]["total_tco2e"], product_tonnes(checked.data, year))
    return out_lines, out_years


def product_tonnes(data: Mapping[str, Any], year: int) -> Decimal | None:
    """The tonnes of product of `year` in section II.2 (products counted in t or kg); None
    when none is."""
    rows = [r for r in data.get("production") or [] if isinstance(r, Mapping) and r.get("year") == year
            and r.get("unit") in ("t", "kg") and isinstance(r.get("quantity"), Decimal)]
    if not rows:
        return None
    return sum((r["quantity"] / 1000 if r["unit"] == "kg" else r["quantity"] for r in rows), ZERO)


def _per_tonne_of_product(total: Decimal, tonnes: Decimal | None) -> Decimal | None:
    """Form 06's intensity: the year's tCO2e per tonne of product, None without tonnes."""
    return total / tonnes if tonnes else None


def _has_error_under(error_paths: list[str], path: str) -> bool:
    """CheckedDocument.has_error_under for a list of error paths."""
    if not error_paths:
        return False
    prefixes = (path + ".", path + "[")
    return any(p == path or p.startswith(prefixes) for p in error_paths)


_EXCLUDED_KEYS: dict[str | None, frozenset[str]] = {}


def _applicable(line: Mapping[str, Any]) -> dict[str, Any]:
    """The line without the keys that do not apply to its category (warned as ignored)."""
    variant = ghg.SOURCES.variant(line.get("category"))
    value = variant.value if variant is not None else None
    excluded = _EXCLUDED_KEYS.get(value)
    if excluded is None:
        # ghg.SOURCES.applies(k, variant) is false exactly for these keys.
        excluded = _EXCLUDED_KEYS[value] = frozenset(
            k for k in ghg.SOURCES.variant_keys if not ghg.SOURCES.applies(k, variant))
    return {k: v for k, v in line.items() if k not in excluded}


class _LineTotals:
    """A line's result with its sums computed once: the same additions, in the same order and
    the same (default) decimal context, as LineResult.tco2e, .gas_t() and .biogenic_co2_t,
    which the line, the year and the trace all use."""

    __slots__ = ("result", "tco2e", "gases", "co2_t", "ch4_t", "n2o_t", "biogenic_co2_t")

    def __init__(self, r: LineResult):
        self.result = r
        tco2e = biogenic = co2 = ch4 = n2o = ZERO
        gases: dict[str, Decimal] = {}
        for e in r.emissions:
            if e.biogenic:
                biogenic = biogenic + e.mass_t
                continue
            tco2e = tco2e + e.tco2e
            gases[e.gas] = gases.get(e.gas, ZERO) + e.mass_t
            if e.gas == "CO2":
                co2 = co2 + e.mass_t
            elif e.gas == "CH4":
                ch4 = ch4 + e.mass_t
            elif e.gas == "N2O":
                n2o = n2o + e.mass_t
        self.tco2e, self.gases, self.biogenic_co2_t = tco2e, gases, biogenic
        self.co2_t, self.ch4_t, self.n2o_t = co2, ch4, n2o


def _line_dict(t: _LineTotals, lib: FactorLibrary, traces: bool) -> dict[str, Any]:
    r = t.result
    out = {
        "year": r.year,
        "id": r.id,
        "category": r.category,
        "scope": r.scope,
        "tco2e": t.tco2e,
        "co2_t": t.co2_t,
        "ch4_t": t.ch4_t,
        "n2o_t": t.n2o_t,
        "biogenic_co2_t": t.biogenic_co2_t,
        "gases_t": t.gases,
        "energy_tj": r.energy_tj,
        "energy_toe": r.energy_toe,
        "electricity_mwh": r.electricity_mwh,
        "provisional": r.provisional,
        "factors": [f.as_dict() for f in r.factors],
    }
    ozone_depleting = sorted({e.gas for e in r.emissions if e.gwp.origin == factors.OZONE_DEPLETING})
    if ozone_depleting:  # HCFCs (Decree 06/2022/NĐ-CP Art. 22): flagged for the statistics
        out["ozone_depleting"] = ozone_depleting
    if traces:
        out["trace"], out["trace_vi"] = trace.render_both(r, lib, t.tco2e)
    return out


def _year_dict(lines: list[_LineTotals]) -> dict[str, Any]:
    def total(values) -> Decimal:
        return sum(values, ZERO)

    results = [t.result for t in lines]
    by_category: dict[str, Decimal] = {}
    gases: dict[str, Decimal] = {}
    for t in lines:
        r = t.result
        by_category[r.category] = by_category.get(r.category, ZERO) + t.tco2e
        for e in r.emissions:
            if not e.biogenic:
                gases[e.gas] = gases.get(e.gas, ZERO) + e.mass_t
    scope1 = total(t.tco2e for t in lines if t.result.scope == ghg.SCOPE_DIRECT)
    scope2 = total(t.tco2e for t in lines if t.result.scope == ghg.SCOPE_INDIRECT)
    fuel_toe = total(r.energy_toe for r in results if r.energy_toe is not None)
    electricity_toe = total(r.electricity_toe for r in results if r.electricity_toe is not None)
    return {
        "total_tco2e": scope1 + scope2,
        "scope1_tco2e": scope1,
        "scope2_tco2e": scope2,
        "co2_t": gases.get("CO2", ZERO),
        "ch4_t": gases.get("CH4", ZERO),
        "n2o_t": gases.get("N2O", ZERO),
        "biogenic_co2_t": total(t.biogenic_co2_t for t in lines),
        "energy_tj": total(r.energy_tj for r in results if r.energy_tj is not None),
        "energy_toe": fuel_toe,  # fuels only, as `energy_tj` (contract: never renamed)
        # The same keys as a declaration's totals: fuels alone, and fuels with electricity.
        "fuel_energy_toe": fuel_toe,
        "total_energy_toe": fuel_toe + electricity_toe,
        "electricity_mwh": total(r.electricity_mwh for r in results
                                 if r.electricity_mwh is not None),
        "electricity_toe": electricity_toe,
        "gases_t": gases,
        "by_category_tco2e": by_category,
        "provisional": any(r.provisional for r in results),
    }
