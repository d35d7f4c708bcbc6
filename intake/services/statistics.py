"""The sector database: facts written on acceptance, rebuilt on demand, and aggregated."""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from intake.domain.facts import ghg_gas_facts, ghg_line_facts
from intake.domain.workflow import FormKind, ReportStatus
from intake.models import (Commune, DeclarationFact, Enterprise, Facility, GhgGasFact, GhgLineFact,
                           Report)

GROUPINGS = ("facility", "sector", "commune", "category", "gas", "fuel", "year")


class UnknownGrouping(ValueError):
    pass


def write_facts(session: Session, report: Report) -> int:
    """Replace the facts of `report` with those of its latest (accepted) version."""
    session.execute(delete(GhgLineFact).where(GhgLineFact.report_id == report.id))
    session.execute(delete(GhgGasFact).where(GhgGasFact.report_id == report.id))
    session.execute(delete(DeclarationFact).where(DeclarationFact.report_id == report.id))
    if not report.versions:
        return 0
    version = report.versions[-1]
    document = json.loads(version.canonical_json)
    facility_block = document.get("facility") or {}
    commune = facility_block.get("commune_code") or report.facility.commune_code
    vsic = facility_block.get("vsic") or report.facility.vsic
    rows: list[Any] = []
    if report.form is FormKind.GHG_INVENTORY:
        rows += [GhgLineFact(report_id=report.id, version_number=version.number,
                             facility_id=report.facility_id, commune_code=commune, vsic=vsic, **fact)
                 for fact in ghg_line_facts(document, version.result)]
        rows += [GhgGasFact(report_id=report.id, facility_id=report.facility_id, **fact)
                 for fact in ghg_gas_facts(version.result)]
    else:
        from intake.domain.declaration_facts import declaration_facts

        rows += [DeclarationFact(report_id=report.id, facility_id=report.facility_id,
                                 commune_code=commune, vsic=vsic, **fact)
                 for fact in declaration_facts(document, version.result)]
    session.add_all(rows)
    session.flush()
    return len(rows)


def rebuild(session: Session) -> int:
    """Drop every fact and write them again from the accepted reports."""
    for model in (GhgLineFact, GhgGasFact, DeclarationFact):
        session.execute(delete(model))
    count = 0
    for report in session.scalars(select(Report).where(Report.status == ReportStatus.ACCEPTED)):
        count += write_facts(session, report)
    return count


@dataclass(frozen=True)
class Grouping:
    keys: tuple[str, ...]
    columns: tuple[Any, ...]
    joins: tuple[Any, ...] = ()


def _grouping(group_by: str, model: type) -> Grouping:
    if group_by == "facility":
        return Grouping(("facility_id", "facility_name", "tax_code"),
                        (model.facility_id, Facility.name, Enterprise.tax_code),
                        ((Facility, Facility.id == model.facility_id),
                         (Enterprise, Enterprise.id == Facility.enterprise_id, True)))
    if group_by == "sector":
        return Grouping(("vsic",), (model.vsic,))
    if group_by == "commune":
        return Grouping(("commune_code", "commune_name"), (model.commune_code, Commune.name),
                        ((Commune, Commune.code == model.commune_code),))
    if group_by == "category":
        return Grouping(("category",), (model.category,))
    if group_by == "fuel":
        return Grouping(("fuel",), (model.fuel,))
    if group_by == "year":
        return Grouping(("year",), (model.data_year,))
    raise UnknownGrouping(group_by)


def ghg_statistics(session: Session, *, year: int | None, group_by: str) -> list[dict[str, Any]]:
    """Rows of `total_tco2e` (and energy) per group for data year `year` (all years if None),
    accepted reports only (facts exist only for them). Raises UnknownGrouping."""
    if group_by == "gas":
        statement = select(GhgGasFact.gas, func.sum(GhgGasFact.mass_t), func.sum(GhgGasFact.tco2e)) \
            .group_by(GhgGasFact.gas).order_by(func.sum(GhgGasFact.tco2e).desc())
        if year is not None:
            statement = statement.where(GhgGasFact.data_year == year)
        return [{"gas": gas, "mass_t": mass, "total_tco2e": tco2e}
                for gas, mass, tco2e in session.execute(statement)]
    grouping = _grouping(group_by, GhgLineFact)
    total = func.sum(GhgLineFact.tco2e)
    statement = select(*grouping.columns, total, func.sum(GhgLineFact.energy_tj),
                       func.sum(GhgLineFact.energy_toe), func.count(func.distinct(GhgLineFact.facility_id)))
    statement = statement.select_from(GhgLineFact)
    for join in grouping.joins:
        statement = statement.join(join[0], join[1], isouter=len(join) > 2)
    if year is not None:
        statement = statement.where(GhgLineFact.data_year == year)
    statement = statement.group_by(*grouping.columns).order_by(total.desc())
    rows = []
    for values in session.execute(statement):
        row = dict(zip(grouping.keys, values[:len(grouping.keys)]))
        tco2e, energy_tj, energy_toe, facilities = values[len(grouping.keys):]
        row.update(total_tco2e=tco2e or Decimal(0), energy_tj=energy_tj or Decimal(0),
                   energy_toe=energy_toe or Decimal(0), facilities=facilities)
        rows.append(row)
    return rows


def ghg_total(session: Session, year: int | None) -> Decimal:
    statement = select(func.sum(GhgLineFact.tco2e))
    if year is not None:
        statement = statement.where(GhgLineFact.data_year == year)
    return session.scalar(statement) or Decimal(0)


def data_years(session: Session) -> list[int]:
    return list(session.scalars(select(GhgLineFact.data_year).distinct().order_by(GhgLineFact.data_year)))
