"""Enter once: a declaration's energy from the facility's GHG inventory of the same year, and
an inventory's fuel lines from its declaration. Every value is copied exactly as typed (the
same fuel keys, units and conversion fields in both forms), each row noting where it came from;
nothing already entered is overwritten. Plain functions on documents.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.units import UnitError, convert
from forms.vocabulary import CONVERSION_KEYS

COMBUSTION = ("stationary_combustion", "mobile_combustion")


def _year_of(document: Mapping[str, Any], year: int) -> Mapping[str, Any] | None:
    for entry in document.get("years") or []:
        if isinstance(entry, Mapping) and entry.get("year") == year:
            return entry
    return None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def energy_from_inventory(inventory: Mapping[str, Any], year: int, label: str) -> dict[str, Any] | None:
    """The declaration's `energy` block from the inventory's lines of `year`: each combustion
    line a fuel row (as typed, noted with its source line), and the electricity bought in kWh
    (the exact sum of its lines). None when the inventory has no such year or nothing to copy."""
    entry = _year_of(inventory, year)
    if entry is None:
        return None
    fuels, kwh, counted = [], Decimal(0), False
    for line in entry.get("sources") or []:
        if not isinstance(line, Mapping):
            continue
        if line.get("category") in COMBUSTION and line.get("fuel"):
            row = {"fuel": line["fuel"], "quantity": line.get("quantity"), "unit": line.get("unit")}
            row.update({k: line[k] for k in CONVERSION_KEYS if line.get(k) not in (None, "")})
            row["source_note"] = f"{label}, năm {year}, nguồn {line.get('id', '')}".strip()
            fuels.append(row)
        elif line.get("category") == "purchased_electricity":
            quantity = _decimal(line.get("quantity"))
            try:
                kwh += convert(quantity, str(line.get("unit")), "kWh") if quantity is not None else 0
                counted = counted or quantity is not None
            except UnitError:
                continue
    if not fuels and not counted:
        return None
    energy: dict[str, Any] = {"fuels": fuels}
    if counted:
        energy["electricity_kwh"] = _plain(kwh)
    return energy


def fuel_lines_from_declaration(declaration: Mapping[str, Any], label: str,
                                taken_ids: set[str]) -> list[dict[str, Any]]:
    """Stationary-combustion lines from the declaration's fuel rows (the combustion sector is
    the filer's to choose: the declaration does not say it), and one grid-electricity line."""
    energy = declaration.get("energy") if isinstance(declaration.get("energy"), Mapping) else {}
    year = declaration.get("year")
    note = f"{label}, năm {year}"
    lines: list[dict[str, Any]] = []

    def next_id() -> str:
        number = 1
        while f"KB{number}" in taken_ids:
            number += 1
        taken_ids.add(f"KB{number}")
        return f"KB{number}"

    for row in energy.get("fuels") or []:
        if not isinstance(row, Mapping) or not row.get("fuel"):
            continue
        line = {"id": next_id(), "category": "stationary_combustion", "fuel": row["fuel"],
                "quantity": row.get("quantity"), "unit": row.get("unit")}
        line.update({k: row[k] for k in CONVERSION_KEYS if row.get(k) not in (None, "")})
        line["data_source"] = note
        lines.append(line)
    if energy.get("electricity_kwh") not in (None, ""):
        lines.append({"id": next_id(), "category": "purchased_electricity", "supply": "grid",
                      "quantity": energy["electricity_kwh"], "unit": "kWh", "data_source": note})
    return lines


def prefill_declaration(declaration: Mapping[str, Any], inventory: Mapping[str, Any], label: str) -> dict | None:
    """`declaration` with its energy taken from `inventory` when it has none yet; None when
    there is nothing to take or the energy is entered already (never overwritten)."""
    year = declaration.get("year")
    current = declaration.get("energy") if isinstance(declaration.get("energy"), Mapping) else {}
    if not isinstance(year, int) or current.get("fuels") or current.get("electricity_kwh") not in (None, ""):
        return None
    energy = energy_from_inventory(inventory, year, label)
    if energy is None:
        return None
    filled = copy.deepcopy(dict(declaration))
    filled["energy"] = {**current, **energy}
    return filled


def prefill_inventory(inventory: Mapping[str, Any], declaration: Mapping[str, Any], label: str) -> dict | None:
    """`inventory` with the declaration's fuels and electricity added to the year it covers,
    when that year has no combustion or electricity line yet; None otherwise."""
    year = declaration.get("year")
    entry = _year_of(inventory, year) if isinstance(year, int) else None
    if entry is None:
        return None
    sources = [s for s in entry.get("sources") or [] if isinstance(s, Mapping)]
    if any(s.get("category") in (*COMBUSTION, "purchased_electricity") for s in sources):
        return None
    lines = fuel_lines_from_declaration(declaration, label, {str(s.get("id")) for s in sources})
    if not lines:
        return None
    filled = copy.deepcopy(dict(inventory))
    for target in filled["years"]:
        if isinstance(target, dict) and target.get("year") == year:
            target["sources"] = [*target.get("sources", []), *lines]
    return filled
