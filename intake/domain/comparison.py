"""What changed: between two versions of a document (field by field), and between a report's
figures and those of the facility's previous accepted report (year over year)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.definition import FormDefinition
from forms.figures import GHG_LINE_TCO2E, GHG_YEAR_FIGURES, by_key
from forms.labels import label_path

# Circular 38 does not fix a threshold; ±30 % is the Department's rule of thumb for "explain
# this change" in review (issue 6), kept in one place.
CHANGE_THRESHOLD = Decimal("0.30")


@dataclass(frozen=True)
class FieldChange:
    path: str
    before: Any
    after: Any
    # The place in the form's words ("Năm 2024 › Nguồn LH-01 › Số liệu hoạt động"): what a
    # reviewer reads; `path` is for links and programs.
    label: str = ""

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


def field_diff(before: Any, after: Any, form: FormDefinition | None = None,
               language: str = "vi") -> list[FieldChange]:
    """Every leaf that was added, removed or changed, in the order of the newer document; each
    named by its label path in `language` when `form` is given (rows of the newer document,
    those removed by the older's)."""
    old, new = flatten_document(before), flatten_document(after)

    def named(path: str, document: Any) -> str:
        if form is None:
            return ""
        return label_path(form, path, document if isinstance(document, Mapping) else None,
                          language) or path

    changes = [FieldChange(path, old.get(path), value, named(path, after))
               for path, value in new.items() if path not in old or not _same(old[path], value)]
    changes += [FieldChange(path, value, None, named(path, before))
                for path, value in old.items() if path not in new]
    return changes


def _same(a: Any, b: Any) -> bool:
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return a == b


@dataclass(frozen=True)
class FigureChange:
    label: str  # in the reader's language: "Tổng phát thải (tCO2e)", "Nguồn LH-01 (tCO2e)"
    year: str
    before: Decimal | None
    after: Decimal | None
    key: str = ""  # the figure's key (`total_tco2e`) or the line's id, for programs

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


_YEAR_FIGURES = by_key(GHG_YEAR_FIGURES)
_LINE = {"vi": "Nguồn", "en": "Source"}


def compare_figures(current: Mapping[str, Any], previous: Mapping[str, Any],
                    language: str = "vi") -> list[FigureChange]:
    """Totals per year and each source line's tCO2e of two GHG result documents, matched by
    year and line id. A year of the current report is compared with the same year of the
    previous one when both hold it, else with the previous report's latest year. Labels are
    in `language`."""
    language = "en" if language == "en" else "vi"
    changes: list[FigureChange] = []
    current_years = current.get("years") or {}
    previous_years = previous.get("years") or {}
    if not current_years or not previous_years:
        return changes
    latest_previous = max(previous_years, key=str)
    for year, totals in sorted(current_years.items()):
        base_year = year if year in previous_years else latest_previous
        base = previous_years[base_year]
        for key in ("total_tco2e", "scope1_tco2e", "scope2_tco2e", "energy_tj", "tco2e_per_t_product"):
            if key == "tco2e_per_t_product" and base.get(key) is None and totals.get(key) is None:
                continue  # no production stated in either report (Form 06 II.2)
            changes.append(FigureChange(_YEAR_FIGURES[key].header(language), f"{year} / {base_year}",
                                        _decimal(base.get(key)), _decimal(totals.get(key)), key))
        base_lines = {line.get("id"): line for line in previous.get("lines", [])
                      if str(line.get("year")) == str(base_year)}
        for line in current.get("lines", []):
            if str(line.get("year")) != str(year):
                continue
            before = base_lines.get(line.get("id"))
            changes.append(FigureChange(
                f"{_LINE[language]} {line.get('id')} ({GHG_LINE_TCO2E.unit})", f"{year} / {base_year}",
                _decimal(before.get("tco2e")) if before else None, _decimal(line.get("tco2e")),
                str(line.get("id"))))
    return changes
