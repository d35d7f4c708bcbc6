"""What changed: between two versions of a document (field by field), and between a report's
figures and those of the facility's previous accepted report (year over year)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# Circular 38 does not fix a threshold; ±30 % is the Department's rule of thumb for "explain
# this change" in review (issue 6), kept in one place.
CHANGE_THRESHOLD = Decimal("0.30")


@dataclass(frozen=True)
class FieldChange:
    path: str
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


def flatten_document(document: Any, prefix: str = "") -> dict[str, Any]:
    """`{path: value}` of every leaf (`years[0].sources[1].quantity`)."""
    leaves: dict[str, Any] = {}
    if isinstance(document, Mapping):
        for key, value in document.items():
            leaves.update(flatten_document(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            leaves.update(flatten_document(value, f"{prefix}[{index}]"))
    else:
        leaves[prefix] = document
    return leaves


def field_diff(before: Any, after: Any) -> list[FieldChange]:
    """Every leaf that was added, removed or changed, in the order of the newer document."""
    old, new = flatten_document(before), flatten_document(after)
    changes = [FieldChange(path, old.get(path), value) for path, value in new.items()
               if path not in old or not _same(old[path], value)]
    changes += [FieldChange(path, value, None) for path, value in old.items() if path not in new]
    return changes


def _same(a: Any, b: Any) -> bool:
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return a == b


@dataclass(frozen=True)
class FigureChange:
    label: str
    year: str
    before: Decimal | None
    after: Decimal | None

    @property
    def ratio(self) -> Decimal | None:
        if self.before is None or self.after is None or self.before == 0:
            return None
        return (self.after - self.before) / self.before

    @property
    def flagged(self) -> bool:
        """A change beyond ±30 %, or a figure that appeared or vanished."""
        if self.ratio is None:
            return (self.before or 0) != (self.after or 0)
        return abs(self.ratio) > CHANGE_THRESHOLD


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def compare_figures(current: Mapping[str, Any], previous: Mapping[str, Any]) -> list[FigureChange]:
    """Totals per year and each source line's tCO2e of two GHG result documents, matched by
    year and line id. A year of the current report is compared with the same year of the
    previous one when both hold it, else with the previous report's latest year."""
    changes: list[FigureChange] = []
    current_years = current.get("years") or {}
    previous_years = previous.get("years") or {}
    if not current_years or not previous_years:
        return changes
    latest_previous = max(previous_years, key=str)
    for year, totals in sorted(current_years.items()):
        base_year = year if year in previous_years else latest_previous
        base = previous_years[base_year]
        for key in ("total_tco2e", "scope1_tco2e", "scope2_tco2e", "energy_tj"):
            changes.append(FigureChange(key, f"{year} / {base_year}", _decimal(base.get(key)),
                                        _decimal(totals.get(key))))
        base_lines = {line.get("id"): line for line in previous.get("lines", [])
                      if str(line.get("year")) == str(base_year)}
        for line in current.get("lines", []):
            if str(line.get("year")) != str(year):
                continue
            before = base_lines.get(line.get("id"))
            changes.append(FigureChange(f"line {line.get('id')}", f"{year} / {base_year}",
                                        _decimal(before.get("tco2e")) if before else None,
                                        _decimal(line.get("tco2e"))))
    return changes
