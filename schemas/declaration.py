"""Validation of an environmental declaration: the schema built from `forms.declaration`, then
the cross-field rules of the catalogue (`forms.rules`).

    checked = validate_declaration(document, today=date(2026, 1, 15))
    checked.problems        # every error and warning, in one pass
    checked.data            # loaded values (Decimals), rows at their document index

Never raises on bad input.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from forms import declaration
from forms.definition import FieldType, path_parts
from forms.labels import choice_label
from forms.numbers import suspect_grouping
from forms.problems import Problem, join_path
from forms.rules import problem
from schemas.build import load_document
from schemas.checked import Checked
from schemas.plausibility import output_above_capacity

ZERO = Decimal(0)
# Rainwater running off the site was never supplied water: left out of "wastewater above supply".
NOT_SUPPLIED_STREAMS = frozenset({"stormwater"})
_DECIMAL_PATHS = tuple(e.path for e in declaration.DECLARATION_FORM.fields()
                       if e.field.type is FieldType.DECIMAL)


class CheckedDeclaration(Checked):
    """The outcome of validating a declaration."""


def validate_declaration(document: Any, *, today: dt.date | None = None) -> CheckedDeclaration:
    """Validate an environmental declaration document. `today` (default: the real date)
    decides whether the declared year has ended."""
    today = today or dt.date.today()
    data, problems = load_document(declaration.DECLARATION_FORM, document)
    checked = CheckedDeclaration(data, [_specific(p, document) for p in problems])
    if isinstance(document, Mapping):
        checked.problems.extend(_cross_field(document, checked, today))
    return checked


def _specific(p: Problem, document: Any) -> Problem:
    """The form's own codes for a wrong `form` or `form_version` (clearer than a choice)."""
    raw = document.get if isinstance(document, Mapping) else (lambda key: None)
    if p.code == "unknown_choice" and p.path == "form":
        return problem("wrong_form", "form", value=raw("form"), expected=declaration.FORM_KEY,
                       expected_en=declaration.DECLARATION_FORM.label_en,
                       expected_vi=declaration.DECLARATION_FORM.label_vi)
    if p.code == "unknown_choice" and p.path == "form_version":
        return problem("unknown_form_version", "form_version", value=raw("form_version"),
                       choices=", ".join(declaration.FORM_VERSIONS))
    return p


def _cross_field(document: Mapping[str, Any], checked: CheckedDeclaration,
                 today: dt.date) -> Iterator[Problem]:
    data = checked.data
    year = data.get("year")
    # Circular 42/2020/TT-BCT: a declaration holds the data of a year that has ended (due
    # 31 January of the next year).
    if isinstance(year, int) and year >= today.year:
        yield problem("year_not_ended", "year", year=year, value=year)
    yield from _duplicate_stacks(data)
    yield from _suspected_grouping(document)
    if not (checked.has_error_under("water") or checked.has_error_under("wastewater")):
        yield from _wastewater_above_supply(data)
    yield from _hazardous_waste_handlers(data)
    yield from output_above_capacity(data.get("products"), "products", "name")
    yield from _recycled_above_generated(data)
    yield from _monitoring_above_limit(data)
    yield from _water_sources_sum(data)
    if isinstance(year, int):
        yield from _expired_permits(data, year)


def _recycled_above_generated(data: Mapping[str, Any]) -> Iterator[Problem]:
    waste = data.get("solid_waste")
    if not isinstance(waste, Mapping) or not isinstance(waste.get("recycled_kg"), Decimal):
        return
    generated = sum((v for k in ("ordinary_industrial_kg", "domestic_kg")
                     if isinstance(v := waste.get(k), Decimal)), start=ZERO)
    if waste["recycled_kg"] > generated:
        yield problem("recycled_above_generated", "solid_waste.recycled_kg", recycled=plain(waste["recycled_kg"]),
                      generated=plain(generated))


def _monitoring_above_limit(data: Mapping[str, Any]) -> Iterator[Problem]:
    for index, row in enumerate(_rows(data.get("monitoring_results"))):
        value, limit = row.get("value"), row.get("limit")
        if isinstance(value, Decimal) and isinstance(limit, Decimal) and value > limit:
            yield problem("monitoring_above_limit", f"monitoring_results[{index}].value",
                          parameter=_text(row.get("parameter")), point=_text(row.get("point")), value=plain(value),
                          limit=plain(limit), unit=_text(row.get("unit")), standard=_text(row.get("standard")) or "—")


def _water_sources_sum(data: Mapping[str, Any]) -> Iterator[Problem]:
    water = data.get("water")
    if not isinstance(water, Mapping) or not isinstance(water.get("supply_m3"), Decimal):
        return
    volumes = [r["volume_m3"] for r in _rows(water.get("volumes")) if isinstance(r.get("volume_m3"), Decimal)]
    if volumes and sum(volumes, start=ZERO) != water["supply_m3"]:
        yield problem("water_sources_sum", "water.volumes", total=plain(sum(volumes, start=ZERO)),
                      supply=plain(water["supply_m3"]))


def _expired_permits(data: Mapping[str, Any], year: int) -> Iterator[Problem]:
    kinds = declaration.DECLARATION_FORM.node_at("permits.kind")
    for index, permit in enumerate(_rows(data.get("permits"))):
        until = permit.get("valid_until")
        if isinstance(until, dt.date) and until < dt.date(year, 12, 31):
            kind = permit.get("kind", "")
            yield problem("permit_expired", f"permits[{index}].valid_until", number=_text(permit.get("number")),
                          valid_until=until.strftime("%d/%m/%Y"), year=year,
                          kind_en=choice_label(kinds, kind, "en"), kind_vi=choice_label(kinds, kind, "vi"))


def yearly_wastewater_m3(stream: Mapping[str, Any]) -> Decimal | None:
    """The yearly volume of a wastewater stream: average m3/day × discharge days (the stream's
    `operating_days`, else `DEFAULT_OPERATING_DAYS`); None without a flow."""
    daily = stream.get("volume_m3_per_day")
    if not isinstance(daily, Decimal):
        return None
    days = stream.get("operating_days")
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        days = declaration.DEFAULT_OPERATING_DAYS
    return daily * days


def discharged_m3_per_year(data: Mapping[str, Any]) -> Decimal:
    """Wastewater of supplied water discharged in the year (stormwater left out), m3."""
    volumes = (yearly_wastewater_m3(s) for s in _rows(data.get("wastewater"))
               if s.get("stream") not in NOT_SUPPLIED_STREAMS)
    return sum((v for v in volumes if v is not None), start=ZERO)


def _wastewater_above_supply(data: Mapping[str, Any]) -> Iterator[Problem]:
    # Compared like with like: the yearly water supply against the yearly wastewater volume.
    water = data.get("water")
    supply = water.get("supply_m3") if isinstance(water, Mapping) else None
    if not isinstance(supply, Decimal):
        return
    discharged = discharged_m3_per_year(data)
    if discharged > supply:
        yield problem("wastewater_above_supply", "wastewater", wastewater=plain(discharged),
                      supply=plain(supply))


def _hazardous_waste_handlers(data: Mapping[str, Any]) -> Iterator[Problem]:
    # Law on Environmental Protection 2020, Art. 83: hazardous waste goes to a licensed handler.
    for index, waste in enumerate(_rows(data.get("hazardous_waste"))):
        quantity = waste.get("quantity_kg")
        if not isinstance(quantity, Decimal) or quantity <= 0:
            continue
        path = f"hazardous_waste[{index}]"
        handler = _text(waste.get("handler"))
        if not handler:
            yield problem("hazardous_waste_without_handler", f"{path}.handler",
                          waste_code=waste.get("code", ""))
        elif not _text(waste.get("handler_licence")):
            yield problem("hazardous_waste_handler_without_licence", f"{path}.handler_licence",
                          waste_code=waste.get("code", ""), handler=handler)


def _duplicate_stacks(data: Mapping[str, Any]) -> Iterator[Problem]:
    """Row keys of the form's tables (a stack's `stack_id`) are unique among their rows."""
    for entry in declaration.DECLARATION_FORM.tables():
        key = entry.table.row_key
        if key is None or len(entry.parts) != 1:
            continue
        seen: set[str] = set()
        for index, row in enumerate(_rows(data.get(entry.path))):
            value = row.get(key)
            if isinstance(value, str) and value.strip():
                if value.strip() in seen:
                    yield problem("duplicate_key", f"{entry.path}[{index}].{key}", value=value,
                                  label_en=entry.table.label_en, label_vi=entry.table.label_vi)
                seen.add(value.strip())


def _suspected_grouping(document: Mapping[str, Any]) -> Iterator[Problem]:
    """'98.300' may be Vietnamese notation for 98 300 (calculation.md, unit traps)."""
    for template in _DECIMAL_PATHS:
        for path, value in _raw_values(document, path_parts(template), ""):
            if isinstance(value, str):
                suspect = suspect_grouping(value)
                if suspect is not None:
                    yield problem("thousands_separator_suspected", path, value=value,
                                  read_as=suspect[0], alternative=suspect[1])


def _raw_values(node: Any, parts: list[str], path: str) -> Iterator[tuple[str, Any]]:
    """(concrete path, raw value) of every place a path template reaches in a document."""
    if not parts:
        yield path, node
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _raw_values(item, rest, join_path(path, index))
    elif isinstance(node, Mapping) and head in node:
        yield from _raw_values(node[head], rest, join_path(path, head))


def _rows(value: Any) -> list[Mapping[str, Any]]:
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def plain(value: Decimal) -> str:
    """A Decimal as plain digits for a message (555000, not 5.55E+5)."""
    return format(value.normalize(), "f") if value else "0"
