"""The Excel dry run: read an uploaded workbook, validate the document with the form's own
rules, and say where every problem sits in the workbook. Changes nothing; no database.

    outcome = check_workbook(data, language="vi")
    outcome["document"]     # the form document read (None when the file was unreadable)
    outcome["errors"]       # [{"path", "cell", "code", "message", "message_vi", "severity"}]
    outcome["warnings"]     # the same shape
    outcome["result"]       # the form's result document (GHG: totals per year, lines)
    outcome["readable"]     # False: the file itself was refused (exit status 2 of the CLI)

Problems come from the same catalogue as the web form: the reader's own (a formula without
value, a missing column...) and then the form's validation of the document read, each mapped
back from its path (`years[0].sources[3].quantity`) to its cell (`Nguồn thải!P7`); a
document-level problem keeps its path and has `cell: null`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from exporters.xlsx import ReadResult, read_workbook
from forms.definition import to_template
from intake.domain.documents import evaluate
from intake.domain.workflow import FormKind


def check_workbook(data: bytes, language: str = "vi", *,
                   today: dt.date | None = None) -> dict[str, Any]:
    """The dry-run outcome of an uploaded workbook (see the module docstring). Never raises on
    bad input."""
    read = read_workbook(data, language=language)
    reader_errors = [e for e in read.errors if e["severity"] == "error"]
    reader_warnings = [e for e in read.errors if e["severity"] != "error"]
    outcome: dict[str, Any] = {
        "readable": read.readable,
        "form": read.form_key,
        "form_version": read.form_version,
        "template": {"status": read.template_status, "fingerprint": read.template_fingerprint},
        "document": read.document,
        "errors": reader_errors,
        "warnings": reader_warnings,
        "result": None,
    }
    if not read.readable or read.form_key is None or read.template_status == "old":
        return outcome
    result = evaluate_document(read.form_key, read.document, today=today)
    covered = {e["path"] for e in read.errors}
    outcome["result"] = result
    outcome["errors"] = reader_errors + _located(result.get("errors", []), read, covered)
    outcome["warnings"] = reader_warnings + _located(result.get("warnings", []), read, covered)
    return outcome


def evaluate_document(form_key: str, document: Any, *,
                      today: dt.date | None = None) -> dict[str, Any]:
    """The form's validation (and calculation) of a document: its result document."""
    return evaluate(FormKind(form_key), document, today=today)


def _located(problems: list[dict[str, Any]], read: ReadResult,
             covered: set[str]) -> list[dict[str, Any]]:
    """Problems with their cell; those the reader already reported more precisely (a formula
    without value at that path, a whole missing column) are left out."""
    out = []
    for p in problems:
        path = p.get("path", "")
        if path in covered or to_template(path) in covered:
            continue
        out.append({**p, "cell": read.cell_for(path)})
    return out
