"""The "Giải trình" (explanations) sheet of a template downloaded for a draft: one row per
warning the draft has now, named by its place in the form's words and its message, both in
Vietnamese, with a column for the filer's reason.

The warning's machine path and code stay in the sheet's own `path` and `code` columns, hidden,
so that the reader (`reader.py`) reads each typed reason back as the acknowledgement of that
warning (`{"path", "code", "reason"}`); a row left without a reason is no acknowledgement (the
warning stays to be explained). The two columns a person reads are written after the table's
columns, with no key in the key row: the reader does not see them.

    rows, shown = explanation_rows(form, document, warnings)
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from forms.definition import FormDefinition
from forms.labels import WHOLE_DOCUMENT_VI, label_path, labelled_problem, message_parts

TABLE = "acknowledgements"  # the form's table of explanations (forms/ghg.py, forms/declaration.py)
HIDDEN_KEYS = ("path", "code")  # what programs read, never shown
REASON = "reason"
HEADINGS = (("Nơi có cảnh báo\nWhere", 40), ("Cảnh báo\nWarning", 70))


def explanation_rows(form: FormDefinition, document: Mapping[str, Any] | None,
                     warnings: Sequence[Mapping[str, Any]]
                     ) -> tuple[list[Mapping[str, Any]], list[tuple[str, str]]]:
    """(rows of the explanations table, (place, message) shown beside each): a row per current
    warning with the reason already given for it, then the draft's other explanations as they
    are (kept, not lost by a round trip)."""
    given = document.get(TABLE) if isinstance(document, Mapping) else None
    given = [row for row in given if isinstance(row, Mapping)] if isinstance(given, list) else []
    reasons = {(str(row.get("path") or ""), str(row.get("code") or "")): row.get(REASON) for row in given}
    rows: list[Mapping[str, Any]] = []
    shown: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for warning in warnings:
        key = (str(warning.get("path") or ""), str(warning.get("code") or ""))
        if key in seen:
            continue
        seen.add(key)
        row = {"path": key[0], "code": key[1]}
        if reasons.get(key) not in (None, ""):
            row[REASON] = reasons[key]
        rows.append(row)
        place = label_path(form, key[0], document, "vi") or WHOLE_DOCUMENT_VI
        message = message_parts(labelled_problem(warning, form, document), "vi")[1]
        shown.append((place, message))
    for row in given:
        key = (str(row.get("path") or ""), str(row.get("code") or ""))
        if key not in seen:
            rows.append(row)
            shown.append((label_path(form, key[0], document, "vi") or WHOLE_DOCUMENT_VI, ""))
    return rows, shown
