"""Fixtures of the declaration engine tests: the realistic declarations of tests/data."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "data" / "declaration"
# Fixed so that "a declaration year that has ended" does not depend on when the tests run:
# 20 January 2026, inside the filing window of the 2025 declarations.
TODAY = dt.date(2026, 1, 20)
EXAMPLES = ("paper-mill-2025", "brewery-2025")


def load(name: str) -> Any:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def ghg_inventory(*sources: dict[str, Any], year: int = 2025) -> dict[str, Any]:
    return {"form": "ghg-inventory", "form_version": "2026.1",
            "facility": {"tax_code": "0100112437"},
            "years": [{"year": year, "sources": [{"id": f"S{i + 1}", **s}
                                                 for i, s in enumerate(sources)]}]}


def electricity(quantity: str, unit: str = "MWh") -> dict[str, Any]:
    return {"category": "purchased_electricity", "supply": "grid", "quantity": quantity, "unit": unit}


def combustion(fuel: str, quantity: str, unit: str = "t") -> dict[str, Any]:
    return {"category": "stationary_combustion", "sector": "manufacturing", "fuel": fuel,
            "quantity": quantity, "unit": unit}
