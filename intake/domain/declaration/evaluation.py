"""Validate an environmental declaration and total it: the result document of
`intake declaration validate`, of the API and of the filing pages.

    result = evaluate(document, today=date(2026, 1, 15))
    result["valid"], result["errors"], result["warnings"], result["totals"]["energy_toe"]

Numbers in the result are `Decimal`s, unrounded (`intake.domain.ghg.dumps` writes them as JSON
numbers with every digit). Never raises on bad input: problems are in `errors` / `warnings`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from forms.declaration import DECLARATION_FORM, FORM_KEY, FORM_VERSION
from forms.labels import labelled_problems
from forms.library import load_library
from forms.problems import Problem
from forms.rules import problem
from intake.domain.acknowledgements import warnings_with_reasons
from intake.domain.declaration.changes import changes_from_previous
from intake.domain.declaration.consistency import compare_with_ghg
from intake.domain.declaration.totals import totals, unconverted_fuels
from schemas.build import load_document
from schemas.declaration import validate_declaration
from schemas.fuel_plausibility import fuel_row_problems


def evaluate(document: Any, *, today: dt.date | None = None, previous: Any = None,
             ghg_document: Any = None, hazardous_waste_codes: frozenset[str] | None = None) -> dict[str, Any]:
    """The result document: `valid`, `errors`, `warnings` (each with `acknowledged` and the
    filer's `reason`), `totals` (docs/declaration.md), plus `form`, `form_version`, `year` and
    `factor_library_version`.

    `today` (default: the real date) decides whether the declared year has ended. `previous`,
    the facility's declaration of the year before, adds `declaration_large_change` warnings;
    `ghg_document`, its GHG inventory covering the declared year, adds `energy_mismatch_ghg`
    warnings (`compare_with_ghg`); `hazardous_waste_codes`, the national list as the Department
    loaded it, refuses a code not on it (without it, codes are checked for their form only:
    `hazardous_waste_codes_checked` says which). Totals count only values that passed validation.
    Never raises on bad input.
    """
    checked = validate_declaration(document, today=today)
    problems = checked.problems
    problems.extend(unconverted_fuels(checked.data))
    problems.extend(_implausible_fuel_rows(checked.data))
    problems.extend(_unlisted_waste_codes(checked.data, hazardous_waste_codes))
    if isinstance(previous, Mapping):
        problems.extend(changes_from_previous(checked.data,
                                              load_document(DECLARATION_FORM, previous)[0]))
    if isinstance(document, Mapping) and isinstance(ghg_document, Mapping):
        problems.extend(compare_with_ghg(document, ghg_document))
    year = checked.data.get("year")
    named = document if isinstance(document, Mapping) else checked.data
    return {
        "valid": checked.valid,
        "form": FORM_KEY,
        "form_version": checked.data.get("form_version", FORM_VERSION),
        "year": year if isinstance(year, int) else None,
        "factor_library_version": load_library().version,
        # Each problem named by its place in the form's words, `path` kept for programs.
        "errors": labelled_problems(checked.errors, DECLARATION_FORM, named),
        "warnings": labelled_problems(warnings_with_reasons(checked.warnings, checked.data),
                                      DECLARATION_FORM, named),
        "totals": totals(checked.data),
        # Against the national list once the Department has loaded it; until then, the form only.
        "hazardous_waste_codes_checked": "national_list" if hazardous_waste_codes else "format_only",
    }


def _unlisted_waste_codes(data: Mapping[str, Any], codes: frozenset[str] | None) -> Iterator[Problem]:
    if not codes:
        return
    rows = data.get("hazardous_waste")
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        code = row.get("code") if isinstance(row, Mapping) else None
        if isinstance(code, str) and code not in codes:
            yield problem("hazardous_waste_code_unlisted", f"hazardous_waste[{index}].code", value=code,
                          count=len(codes))


_FUEL_FIELDS = {f.key: f for f in DECLARATION_FORM.node_at("energy.fuels").children}


def _implausible_fuel_rows(data: Mapping[str, Any]) -> Iterator[Problem]:
    """The density checks of the GHG inventory's fuel lines, on the same fuel fields
    (`schemas.fuel_plausibility`): a gas's density per litre, a liquid's on a gas..."""
    energy = data.get("energy")
    fuels = energy.get("fuels") if isinstance(energy, Mapping) else None
    library = load_library()
    for index, row in enumerate(fuels if isinstance(fuels, list) else []):
        if isinstance(row, Mapping):
            yield from fuel_row_problems(row, f"energy.fuels[{index}]", library, _FUEL_FIELDS)
