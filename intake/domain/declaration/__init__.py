"""The environmental declaration engine (Circular 42/2020/TT-BCT): plain Python, Decimal
throughout, no database.

    from intake.domain.declaration import evaluate, compare_with_ghg
    result = evaluate(document, today=date(2026, 1, 15), previous=last_year, ghg_document=ghg)
    warnings = compare_with_ghg(declaration_document, ghg_document)   # list[Problem]

Modules: `evaluation` (validation + warnings + totals: the result document), `totals` (energy
in TJ and TOE, water, wastewater, waste), `changes` (against the previous declaration),
`consistency` (against the GHG inventory of the same year). Validation itself is
`schemas.declaration`, built from the form `forms.declaration.DECLARATION_FORM`.
"""
from intake.domain.declaration.consistency import compare_with_ghg
from intake.domain.declaration.evaluation import evaluate
from intake.domain.declaration.totals import TOTAL_KEYS, fuel_energy, totals

__all__ = ["TOTAL_KEYS", "compare_with_ghg", "evaluate", "fuel_energy", "totals"]
