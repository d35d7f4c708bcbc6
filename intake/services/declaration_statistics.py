"""The declaration statistics: the totals of accepted environmental declarations, per group.

Each accepted declaration's result totals are facts (`measure` = the totals key of
`intake declaration validate`, `forms.figures.DECLARATION_FIGURES`), written on acceptance in
the version that counts; here they are summed exactly, per facility, sector or commune, beside
the same groups' sums of the year before (year-over-year change).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.figures import DECLARATION_FIGURES
from intake.models import DeclarationFact
from intake.models.exact_decimal import exact_sum
from intake.services.statistics import EVERYTHING, FactFilter, UnknownGrouping, _grouping

DECLARATION_GROUPINGS = ("facility", "sector", "commune")
TOTAL_KEYS = tuple(figure.key for figure in DECLARATION_FIGURES)
ZERO = Decimal(0)


def _sums(session: Session, year: int, group_by: str,
          where: FactFilter = EVERYTHING) -> tuple[tuple[str, ...], dict[tuple, dict[str, Any]]]:
    grouping = _grouping(group_by, DeclarationFact)
    statement = select(*grouping.columns, DeclarationFact.measure, exact_sum(DeclarationFact.quantity),
                       func.count(func.distinct(DeclarationFact.facility_id))).select_from(DeclarationFact)
    for join in grouping.joins:
        statement = statement.join(join[0], join[1], isouter=len(join) > 2)
    statement = where.apply(statement, DeclarationFact).where(DeclarationFact.data_year == year,
                                                              DeclarationFact.measure.in_(TOTAL_KEYS)) \
        .group_by(*grouping.columns, DeclarationFact.measure)
    groups: dict[tuple, dict[str, Any]] = {}
    width = len(grouping.keys)
    for values in session.execute(statement):
        keys = tuple(values[:width])
        measure, total, facilities = values[width:]
        row = groups.setdefault(keys, {**dict(zip(grouping.keys, keys)), "facilities": 0,
                                       **dict.fromkeys(TOTAL_KEYS, ZERO)})
        row[measure] = total or ZERO
        row["facilities"] = max(row["facilities"], facilities)
    return grouping.keys, groups


def _change_pct(now: Decimal, before: Decimal | None) -> Decimal | None:
    if before is None or before == 0:
        return None
    return (now - before) / before * 100


def declaration_statistics(session: Session, *, year: int, group_by: str,
                           where: FactFilter = EVERYTHING) -> list[dict[str, Any]]:
    """Rows of the summed declaration totals of data year `year` per group (group keys,
    `facilities`, every totals key), accepted declarations only, largest energy first; each
    row also carries `previous` (the same group's sums in `year - 1`, or None) and
    `change_pct` (per key, None where there is nothing to compare). Raises UnknownGrouping."""
    if group_by not in DECLARATION_GROUPINGS:
        raise UnknownGrouping(group_by)
    keys, groups = _sums(session, year, group_by, where)
    _, before = _sums(session, year - 1, group_by, where)
    rows = []
    for group, row in groups.items():
        previous = before.get(group)
        row["previous"] = None if previous is None else {key: previous[key] for key in TOTAL_KEYS}
        row["change_pct"] = {key: _change_pct(row[key], None if previous is None else previous[key])
                             for key in TOTAL_KEYS}
        rows.append(row)
    rows.sort(key=lambda row: tuple((row[key] is None, "" if row[key] is None else row[key]) for key in keys))
    return sorted(rows, key=lambda row: row["energy_toe"], reverse=True)


def declaration_totals(session: Session, year: int, where: FactFilter = EVERYTHING) -> dict[str, Any]:
    """Every totals key summed over all accepted declarations of `year` (the city's totals),
    with `facilities`, the number of declaring facilities."""
    _, groups = _sums(session, year, "facility", where)
    totals: dict[str, Any] = {key: ZERO for key in TOTAL_KEYS}
    for row in groups.values():
        for key in TOTAL_KEYS:
            totals[key] += row[key]
    totals["facilities"] = len(groups)
    return totals


def declaration_years(session: Session) -> list[int]:
    """The data years with at least one accepted declaration, oldest first."""
    return list(session.scalars(select(DeclarationFact.data_year).distinct().order_by(DeclarationFact.data_year)))


def declared_by_code(session: Session, *, year: int, measure: str,
                     where: FactFilter = EVERYTHING) -> list[dict[str, Any]]:
    """The accepted declarations' `measure` of `year` by its code: `code`, `quantity`,
    `facilities`, largest first. Measures: "hazardous_waste" (by waste code, Circular
    02/2022/TT-BTNMT), "hazardous_waste_handler" (by the licensed handler it went to)."""
    statement = where.apply(select(DeclarationFact.code, exact_sum(DeclarationFact.quantity),
                                   func.count(func.distinct(DeclarationFact.facility_id))), DeclarationFact) \
        .where(DeclarationFact.data_year == year, DeclarationFact.measure == measure) \
        .group_by(DeclarationFact.code)
    rows = [{"code": code or "—", "quantity": total or ZERO, "facilities": facilities}
            for code, total, facilities in session.execute(statement)]
    return sorted(sorted(rows, key=lambda row: row["code"]), key=lambda row: row["quantity"], reverse=True)


def hazardous_waste_by_code(session: Session, *, year: int, where: FactFilter = EVERYTHING) -> list[dict[str, Any]]:
    """`declared_by_code` of hazardous waste, its quantity as `quantity_kg`."""
    return [{**row, "quantity_kg": row["quantity"]}
            for row in declared_by_code(session, year=year, measure="hazardous_waste", where=where)]


def declared_by_facility(session: Session, *, year: int, measure: str,
                         where: FactFilter = EVERYTHING) -> dict[int, Decimal]:
    """Facility id -> the sum of its accepted declaration's `measure` in `year` ("product_t":
    tonnes of product; "incidents": environmental incidents)."""
    statement = where.apply(select(DeclarationFact.facility_id, exact_sum(DeclarationFact.quantity)),
                            DeclarationFact) \
        .where(DeclarationFact.data_year == year, DeclarationFact.measure == measure) \
        .group_by(DeclarationFact.facility_id)
    return {facility_id: total or ZERO for facility_id, total in session.execute(statement)}
