"""Assertions shared by the GHG tests."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from intake.domain.ghg import evaluate
from tests.unit.ghg.conftest import TODAY


def run(doc: Any) -> dict[str, Any]:
    return evaluate(doc, today=TODAY)


def close(actual: Any, expected: Any, rel: str = "1e-9") -> bool:
    a, e = Decimal(str(actual)), Decimal(str(expected))
    if e == 0:
        return abs(a) <= Decimal(rel)
    return abs(a - e) <= abs(e) * Decimal(rel)


def codes(result: dict[str, Any], kind: str = "errors") -> list[tuple[str, str]]:
    return [(p["path"], p["code"]) for p in result[kind]]


def line_total(result: dict[str, Any], line_id: str = "S1") -> Decimal:
    (line,) = [ln for ln in result["lines"] if ln["id"] == line_id]
    return line["tco2e"]
