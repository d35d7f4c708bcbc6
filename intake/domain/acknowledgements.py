"""A filer's explanations of warnings, kept in the document itself (`acknowledgements`: rows of
path, code, reason) so that they are certified and frozen with it."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from forms.problems import Problem


def acknowledgements_of(data: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """{(path, code): reason} of the rows that give a reason."""
    rows = data.get("acknowledgements") or []
    return {(r["path"], r["code"]): r["reason"] for r in rows
            if isinstance(r, Mapping) and {"path", "code", "reason"} <= r.keys()
            and isinstance(r["reason"], str) and r["reason"].strip()}


def warnings_with_reasons(warnings: Iterable[Problem], data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each warning as a dict, with `acknowledged` and, when given, the filer's `reason`."""
    acknowledged = acknowledgements_of(data)
    out = []
    for warning in warnings:
        item = warning.as_dict()
        reason = acknowledged.get((warning.path, warning.code))
        item["acknowledged"] = reason is not None
        if reason is not None:
            item["reason"] = reason
        out.append(item)
    return out
