"""Fixtures of the GHG engine tests: documents built in code, the shared worked examples."""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "ghg"
# Fixed so that "a data year that has not ended" does not depend on when the tests run.
TODAY = dt.date(2026, 11, 24)

FACILITY = {"tax_code": "0100112437", "name": "Công ty Ví dụ",
            "address": "Khu công nghiệp Thăng Long, xã Thiên Lộc, thành phố Hà Nội",
            "commune_code": "00493"}


def load_example(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def document(*lines: dict[str, Any], year: int = 2024, gwp_set: str | None = "AR5",
             **top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"form": "ghg-inventory", "form_version": "2026.1",
                           "facility": copy.deepcopy(FACILITY),
                           "years": [{"year": year, "sources": [
                               {"id": f"S{i + 1}", **line} for i, line in enumerate(lines)]}]}
    if gwp_set is not None:
        doc["gwp_set"] = gwp_set
    doc.update(top)
    return doc


def diesel(quantity: Any = "1000", unit: str = "t", **extra: Any) -> dict[str, Any]:
    return {"category": "stationary_combustion", "sector": "manufacturing",
            "fuel": "diesel_oil", "quantity": quantity, "unit": unit, **extra}


def grid(quantity: Any = "1000", unit: str = "MWh", **extra: Any) -> dict[str, Any]:
    return {"category": "purchased_electricity", "supply": "grid", "quantity": quantity,
            "unit": unit, **extra}


@pytest.fixture
def today() -> dt.date:
    return TODAY
