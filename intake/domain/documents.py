"""Form-independent operations on filed documents: evaluation and the canonical form that a
submission's SHA-256 is taken over."""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from forms.library import FactorLibrary
from intake.domain import jsonio
from intake.domain.declaration import evaluate as evaluate_declaration
from intake.domain.ghg import evaluate as evaluate_ghg
from intake.domain.workflow import FormKind


def evaluate(form: FormKind, document: Any, *, today: dt.date | None = None,
             previous: Any = None, ghg_document: Any = None,
             previous_gwp_set: str | None = None, previous_intensity: tuple[int, Any] | None = None,
             library: FactorLibrary | None = None,
             hazardous_waste_codes: frozenset[str] | None = None) -> dict[str, Any]:
    """The result document (validity, errors, warnings, figures) of `document` under `form`.

    For a declaration, `previous` (last year's declaration) and `ghg_document` (the facility's
    GHG inventory covering the same year) add the year-over-year and cross-form warnings, and
    `hazardous_waste_codes` (the national list, once loaded) checks the waste codes. For
    a GHG inventory, `previous_gwp_set` (the GWP set of the facility's previous accepted
    report) adds the warning `gwp_set_changed` when the set differs, and `library` replaces the
    document's factor library version (with the grid factors published since).
    """
    if form is FormKind.GHG_INVENTORY:
        return evaluate_ghg(document, today=today, previous_gwp_set=previous_gwp_set,
                            previous_intensity=previous_intensity, library=library)

    return evaluate_declaration(document, today=today, previous=previous, ghg_document=ghg_document,
                                hazardous_waste_codes=hazardous_waste_codes)


def canonical_json(document: Any) -> str:
    """One byte-exact text per document: sorted keys, no insignificant space, UTF-8 kept, so
    that the same content always has the same SHA-256 whoever serialises it."""
    return jsonio.dumps(document, sort_keys=True)


def sha256_of(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
