"""The sector database: facts written on acceptance, rebuilt on demand, and aggregated.

Every total is in one GWP set, the one asked for (AR5 unless asked), whatever set each report
was filed under; sums are exact (`exact_sum`) on SQLite as on PostgreSQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from forms.library import DEFAULT_GWP_SET, GWP_SETS, load_library
from intake.domain import jsonio
from intake.domain.declaration_facts import declaration_facts
from intake.domain.facts import EXACT, ghg_gas_facts, ghg_line_facts, tco2e_key
from intake.domain.workflow import FormKind
from intake.models import (
    Commune,
    DeclarationFact,
    Enterprise,
    Facility,
    GhgGasFact,
    GhgLineFact,
    Recalculation,
    Report,
    ReportVersion,
)
from intake.models.exact_decimal import exact_sum
from intake.services.register import enrol_declarant

GROUPINGS = ("facility", "sector", "commune", "category", "gas", "fuel", "year")
ZERO = Decimal(0)


@dataclass(frozen=True)
class FactFilter:
    """Which facts a figure counts: one sector (VSIC code) and/or one ward or commune; every
    fact when both are empty."""

    vsic: str = ""
    commune_code: str = ""

    def __bool__(self) -> bool:
        return bool(self.vsic or self.commune_code)

    def apply(self, statement, model):  # type: ignore[no-untyped-def]
        """`statement` restricted to the facts of `model` this filter keeps. A gas fact has no
        sector or commune of its own: it keeps those of the facilities whose lines match."""
        if not self:
            return statement
        if not hasattr(model, "vsic"):
            return statement.where(model.report_id.in_(self.apply(select(GhgLineFact.report_id), GhgLineFact)))
        if self.vsic:
            statement = statement.where(model.vsic == self.vsic)
        if self.commune_code:
            statement = statement.where(model.commune_code == self.commune_code)
        return statement


EVERYTHING = FactFilter()


class UnknownGrouping(ValueError):
    pass


class UnknownGwpSet(ValueError):
    pass


def check_gwp_set(gwp_set: str) -> str:
    """`gwp_set` if the library has it (AR4, AR5, AR6). Raises UnknownGwpSet."""
    if gwp_set not in GWP_SETS:
        raise UnknownGwpSet(f"unknown GWP set {gwp_set!r}: use one of {', '.join(GWP_SETS)}")
    return gwp_set


def tco2e_column(model: type[GhgLineFact] | type[GhgGasFact], gwp_set: str) -> Any:
    """The fact column of CO2e in `gwp_set`. Raises UnknownGwpSet."""
    return getattr(model, tco2e_key(check_gwp_set(gwp_set)))


def counted_result(session: Session, version: ReportVersion) -> dict[str, Any]:
    """The result a submitted version counts with: that of its latest recalculation (a grid
    factor published since it was filed, `intake.services.published_factors`), else its own."""
    latest = session.scalar(select(Recalculation).where(
        Recalculation.report_id == version.report_id, Recalculation.version_number == version.number)
        .order_by(Recalculation.id.desc()).limit(1))
    return latest.result if latest is not None else version.result


def write_facts(session: Session, report: Report) -> int:
    """Replace the facts of `report` with those of the version that counts, its accepted one
    (`accepted_version_number`): while a correction is under way the accepted version, once
    the correction is accepted the new one, never both (Circular 38 Art. 22)."""
    session.execute(delete(GhgLineFact).where(GhgLineFact.report_id == report.id))
    session.execute(delete(GhgGasFact).where(GhgGasFact.report_id == report.id))
    session.execute(delete(DeclarationFact).where(DeclarationFact.report_id == report.id))
    version = next((v for v in report.versions if v.number == report.accepted_version_number), None)
    if version is None:
        return 0
    result = counted_result(session, version)
    # Decimals, never floats: the frozen document's numbers keep every digit.
    document = jsonio.loads(version.canonical_json)
    facility_block = document.get("facility") or {}
    commune = facility_block.get("commune_code") or report.facility.commune_code
    vsic = facility_block.get("vsic") or report.facility.vsic
    rows: list[Any] = []
    if report.form is FormKind.GHG_INVENTORY:
        rows += [GhgLineFact(report_id=report.id, version_number=version.number,
                             facility_id=report.facility_id, commune_code=commune, vsic=vsic, **fact)
                 for fact in ghg_line_facts(document, result)]
        rows += [GhgGasFact(report_id=report.id, facility_id=report.facility_id, **fact)
                 for fact in ghg_gas_facts(result)]
    else:
        rows += [DeclarationFact(report_id=report.id, facility_id=report.facility_id,
                                 commune_code=commune, vsic=vsic, **fact)
                 for fact in declaration_facts(document, result)]
    session.add_all(rows)
    session.flush()
    return len(rows)


def rebuild(session: Session) -> int:
    """Drop every fact and write them again from every report with an accepted version, each
    in that version (a report under correction counts as accepted; a report set aside as a
    duplicate, `superseded_by_id`, is not counted). Every facility that has filed a declaration
    is on the declarants' list afterwards (declarations filed before that list filled itself)."""
    for facility in session.scalars(select(Facility).where(Facility.id.in_(
            select(Report.facility_id).where(Report.form == FormKind.ENV_DECLARATION,
                                             Report.first_submitted_at_utc.is_not(None))))):
        enrol_declarant(session, facility, None)
    for model in (GhgLineFact, GhgGasFact, DeclarationFact):
        session.execute(delete(model))
    count = 0
    for report in session.scalars(select(Report).where(Report.accepted_version_number.is_not(None),
                                                       Report.superseded_by_id.is_(None))):
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


def _by_total(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Largest first, ties by their keys. In Python: on SQLite the sums are decimal text, which
    SQL would order as text; and SQL collations differ between the databases."""
    rows = sorted(rows, key=lambda row: tuple((row[key] is None, "" if row[key] is None else row[key])
                                              for key in keys))
    # Stable: ties stay. A gas with no GWP in the set (None, never zero) goes last.
    return sorted(rows, key=lambda row: (row["total_tco2e"] is not None, row["total_tco2e"] or 0), reverse=True)


def ghg_statistics(session: Session, *, year: int | None, group_by: str,
                   gwp_set: str = DEFAULT_GWP_SET, where: FactFilter = EVERYTHING) -> list[dict[str, Any]]:
    """Rows of `total_tco2e` in `gwp_set` (and energy) per group for data year `year` (all years
    if None), largest first, accepted reports only (facts exist only for them).
    Raises UnknownGrouping, UnknownGwpSet."""
    if group_by == "gas":
        tco2e = tco2e_column(GhgGasFact, gwp_set)
        statement = select(GhgGasFact.gas, exact_sum(GhgGasFact.mass_t), exact_sum(tco2e)) \
            .group_by(GhgGasFact.gas).order_by(GhgGasFact.gas)
        if year is not None:
            statement = statement.where(GhgGasFact.data_year == year)
        statement = where.apply(statement, GhgGasFact)
        # HCFCs are flagged (Decree 06/2022/NĐ-CP Art. 22: ozone-depleting, being phased out).
        ozone_depleting = {key for key, gas in load_library().gases.items() if gas.ozone_depleting}
        return _by_total([{"gas": gas, "mass_t": mass, "total_tco2e": total, "ozone_depleting": gas in ozone_depleting}
                          for gas, mass, total in session.execute(statement)], ("gas",))
    grouping = _grouping(group_by, GhgLineFact)
    statement = select(*grouping.columns, exact_sum(tco2e_column(GhgLineFact, gwp_set)),
                       exact_sum(GhgLineFact.energy_tj), exact_sum(GhgLineFact.energy_toe),
                       func.count(func.distinct(GhgLineFact.facility_id)))
    statement = statement.select_from(GhgLineFact)
    for join in grouping.joins:
        statement = statement.join(join[0], join[1], isouter=len(join) > 2)
    if year is not None:
        statement = statement.where(GhgLineFact.data_year == year)
    statement = where.apply(statement, GhgLineFact).group_by(*grouping.columns)
    rows = []
    for values in session.execute(statement):
        row = dict(zip(grouping.keys, values[:len(grouping.keys)]))
        tco2e, energy_tj, energy_toe, facilities = values[len(grouping.keys):]
        row.update(total_tco2e=tco2e or ZERO, energy_tj=energy_tj or ZERO,
                   energy_toe=energy_toe or ZERO, facilities=facilities)
        rows.append(row)
    return _by_total(rows, grouping.keys)


# The finest grain of the line groupings: every one of them is a roll-up of these.
_GRAIN = (GhgLineFact.data_year, GhgLineFact.facility_id, GhgLineFact.commune_code, GhgLineFact.vsic,
          GhgLineFact.category, GhgLineFact.fuel)


def gases_without_gwp(session: Session, *, year: int | None, gwp_set: str = DEFAULT_GWP_SET,
                      where: FactFilter = EVERYTHING) -> list[tuple[str, Decimal]]:
    """(gas, tonnes) of the accepted reports' gases that `gwp_set` gives no GWP (filed under
    another set): left out of every CO2e total in that set, never counted as zero."""
    statement = select(GhgGasFact.gas, exact_sum(GhgGasFact.mass_t)) \
        .where(tco2e_column(GhgGasFact, gwp_set).is_(None)).group_by(GhgGasFact.gas).order_by(GhgGasFact.gas)
    if year is not None:
        statement = statement.where(GhgGasFact.data_year == year)
    return [(gas, mass) for gas, mass in session.execute(where.apply(statement, GhgGasFact))]


def ghg_statistics_many(session: Session, *, year: int | None, group_bys: tuple[str, ...],
                        gwp_set: str = DEFAULT_GWP_SET, where: FactFilter = EVERYTHING) -> dict[str, list[dict[str, Any]]]:
    """`ghg_statistics` for several groupings at once: the same rows in the same order, from one
    pass over the line facts (summed in SQL at the finest grain, then rolled up exactly in
    Python) instead of one pass per grouping; on SQLite, where each sum is a Python aggregate,
    several times faster. Raises UnknownGrouping, UnknownGwpSet."""
    for group_by in group_bys:
        if group_by != "gas":
            _grouping(group_by, GhgLineFact)  # raises UnknownGrouping
    tco2e = tco2e_column(GhgLineFact, gwp_set)
    result = {"gas": ghg_statistics(session, year=year, group_by="gas", gwp_set=gwp_set, where=where)} \
        if "gas" in group_bys else {}
    lines = [group_by for group_by in group_bys if group_by != "gas"]
    if not lines:
        return result
    statement = select(*_GRAIN, exact_sum(tco2e), exact_sum(GhgLineFact.energy_tj),
                       exact_sum(GhgLineFact.energy_toe)).group_by(*_GRAIN)
    if year is not None:
        statement = statement.where(GhgLineFact.data_year == year)
    grains = session.execute(where.apply(statement, GhgLineFact)).all()
    facilities = {facility_id: (name, tax_code) for facility_id, name, tax_code in session.execute(
        select(Facility.id, Facility.name, Enterprise.tax_code)
        .join(Enterprise, Enterprise.id == Facility.enterprise_id, isouter=True)
        .where(Facility.id.in_({grain[1] for grain in grains})))} if "facility" in lines else {}
    communes = dict(session.execute(select(Commune.code, Commune.name)).all()) if "commune" in lines else {}

    def keys_of(group_by: str, data_year, facility_id, commune_code, vsic, category, fuel) -> tuple | None:
        if group_by == "facility":
            return (facility_id, *facilities[facility_id])
        if group_by == "commune":  # a commune outside the list is in no commune (an inner join)
            return (commune_code, communes[commune_code]) if commune_code in communes else None
        return {"sector": (vsic,), "category": (category,), "fuel": (fuel,), "year": (data_year,)}[group_by]

    for group_by in lines:
        names = _grouping(group_by, GhgLineFact).keys
        groups: dict[tuple, list] = {}
        for *grain, total, energy_tj, energy_toe in grains:
            key = keys_of(group_by, *grain)
            if key is None:
                continue
            sums = groups.setdefault(key, [ZERO, ZERO, ZERO, set()])
            sums[0] = EXACT.add(sums[0], total)
            sums[1] = EXACT.add(sums[1], energy_tj)
            sums[2] = EXACT.add(sums[2], energy_toe)
            sums[3].add(grain[1])
        result[group_by] = _by_total([{**dict(zip(names, key)), "total_tco2e": sums[0], "energy_tj": sums[1],
                                       "energy_toe": sums[2], "facilities": len(sums[3])}
                                      for key, sums in groups.items()], names)
    return result


def ghg_total(session: Session, year: int | None, gwp_set: str = DEFAULT_GWP_SET,
              where: FactFilter = EVERYTHING) -> Decimal:
    """The total in tCO2e of `gwp_set` of data year `year` (all years if None).
    Raises UnknownGwpSet."""
    statement = select(exact_sum(tco2e_column(GhgLineFact, gwp_set)))
    if year is not None:
        statement = statement.where(GhgLineFact.data_year == year)
    return session.scalar(where.apply(statement, GhgLineFact)) or ZERO


def ghg_totals_by_year(session: Session, gwp_set: str = DEFAULT_GWP_SET,
                       where: FactFilter = EVERYTHING) -> list[dict[str, Any]]:
    """`year` and `total_tco2e` of every data year, oldest first: the "year" grouping without its
    energy sums (one sum per fact instead of three, over every year). Raises UnknownGwpSet."""
    statement = where.apply(select(GhgLineFact.data_year, exact_sum(tco2e_column(GhgLineFact, gwp_set))),
                            GhgLineFact).group_by(GhgLineFact.data_year).order_by(GhgLineFact.data_year)
    return [{"year": year, "total_tco2e": total or ZERO} for year, total in session.execute(statement)]


def data_years(session: Session) -> list[int]:
    return list(session.scalars(select(GhgLineFact.data_year).distinct().order_by(GhgLineFact.data_year)))


def filter_choices(session: Session) -> tuple[list[str], list[tuple[str, str]]]:
    """The sectors (VSIC codes) and the wards or communes (code, name) that have accepted
    figures of either form: what a statistics filter may choose."""
    sectors = {vsic for model in (GhgLineFact, DeclarationFact)
               for vsic in session.scalars(select(model.vsic).distinct()) if vsic}
    codes = {code for model in (GhgLineFact, DeclarationFact)
             for code in session.scalars(select(model.commune_code).distinct())}
    communes = session.execute(select(Commune.code, Commune.name).where(Commune.code.in_(codes))
                               .order_by(Commune.name)).all() if codes else []
    return sorted(sectors), [(code, name) for code, name in communes]


def report_years(session: Session) -> list[int]:
    """The data years with accepted figures of either form, oldest first."""
    declared = session.scalars(select(DeclarationFact.data_year).distinct())
    return sorted(set(data_years(session)) | set(declared))
