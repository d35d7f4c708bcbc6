"""The Department's annual report of a data year (plan IV.1 g), assembled from the register and
the sector database: who filed (both forms), the GHG totals and breakdowns with the largest
emitters and the change from the year before, the declarations' totals and breakdowns, and the
factor library and form versions the figures were calculated with."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from exporters.annual_report import (
    AnnualReport,
    Change,
    ComplianceCount,
    ComplianceLine,
    annual_report_workbook,
)
from exporters.pdf.annual_report import annual_report_pdf
from exporters.statistics_workbook import Breakdown
from forms.figures import DECLARATION_FIGURES, by_key
from forms.library import DEFAULT_GWP_SET, load_library
from intake.database import begin_writing
from intake.domain.compliance import FILING_STATE_LABELS, FilingState
from intake.models import DeclarationFact, FormKind, GhgLineFact, Report, ReportVersion, User
from intake.services import audit
from intake.services.declaration_statistics import declaration_totals, declared_by_facility
from intake.services.register_status import HANOI, register_lines
from intake.services.statistics_export import (
    FORM_NAMES,
    TERMS,
    Groups,
    declaration_breakdowns,
    ghg_breakdowns,
    ghg_summary,
    periods_of,
    published_grid_terms,
)

ANNUAL_STEPS = ("compliance", "facts", "declarations", "writing")
TOP_EMITTERS = 10
# The declaration figures the report shows, in this order.
DECLARATION_SHOWN = ("energy_toe", "energy_tj", "electricity_kwh", "water_supply_m3", "wastewater_m3_per_year",
                     "solid_waste_kg", "recycled_kg", "hazardous_waste_kg", "plastic_packaging_kg")
# The GHG summary lines compared with the year before (label, unit as in `ghg_summary`).
_COMPARED = ("Tổng phát thải khí nhà kính", "Phát thải trực tiếp (phạm vi 1)", "Phát thải gián tiếp (phạm vi 2)",
             "Năng lượng nhiên liệu", "Số cơ sở có báo cáo được chấp nhận")


def _no_progress(_step: str) -> None:
    pass


def _compliance(session: Session, year: int) -> tuple[list[ComplianceCount], list[ComplianceLine]]:
    counts, lines = [], []
    for form in (FormKind.GHG_INVENTORY, FormKind.ENV_DECLARATION):
        for period in periods_of(session, form, year):
            period_lines = register_lines(session, form, period)
            filed = late = missing = 0
            for line in period_lines:
                is_filed = line.state in (FilingState.SUBMITTED, FilingState.ACCEPTED) or (
                    line.report is not None and line.report.first_submitted_at_utc is not None)
                first = line.report.first_submitted_at_utc if line.report else None
                filed += is_filed
                late += bool(line.late_submission)
                missing += line.state == FilingState.LATE
                facility = line.obligation.facility
                lines.append(ComplianceLine(
                    form=FORM_NAMES[form], facility=facility.name, commune=facility.commune.name,
                    period=period.name, state=FILING_STATE_LABELS[line.state][0],
                    first_submitted=first.astimezone(HANOI).strftime("%d/%m/%Y %H:%M") if first else "",
                    filed=is_filed, late=bool(line.late_submission)))
            counts.append(ComplianceCount(form=FORM_NAMES[form], period=period.name, due_on=period.due_on,
                                          obliged=len(period_lines), on_time=filed - late, late=late,
                                          missing=missing, in_progress=len(period_lines) - filed - missing))
    return counts, lines


def _ghg_changes(session: Session, year: int, gwp_set: str, summary) -> list[Change]:
    before = {label: (value, unit) for label, value, unit in ghg_summary(Groups(session, year - 1, gwp_set))}
    had_reports = before["Số cơ sở có báo cáo được chấp nhận"][0] > 0
    return [Change(label, value, before[label][0] if had_reports else None, unit)
            for label, value, unit in summary if label in _COMPARED]


def _declaration_changes(session: Session, year: int) -> list[Change]:
    figures = by_key(DECLARATION_FIGURES)
    now, before = declaration_totals(session, year), declaration_totals(session, year - 1)
    compared = before["facilities"] > 0
    changes = [Change(figures[key].label("vi"), now[key], before[key] if compared else None, figures[key].unit)
               for key in DECLARATION_SHOWN]
    incidents_now = sum(declared_by_facility(session, year=year, measure="incidents").values(), Decimal(0))
    incidents_before = sum(declared_by_facility(session, year=year - 1, measure="incidents").values(), Decimal(0))
    return [*changes, Change("Sự cố môi trường", int(incidents_now), int(incidents_before) if compared else None,
                             "vụ"),
            Change("Số cơ sở có kê khai được chấp nhận", now["facilities"],
                   before["facilities"] if compared else None, "cơ sở")]


def _method(session: Session, year: int, gwp_set: str) -> list[tuple[str, str]]:
    """Which factor library and form versions the counted versions were calculated with."""
    counted = []
    for form, facts in ((FormKind.GHG_INVENTORY, GhgLineFact), (FormKind.ENV_DECLARATION, DeclarationFact)):
        rows = session.execute(
            select(ReportVersion.form_version, ReportVersion.factor_library_version)
            .join(Report, Report.id == ReportVersion.report_id)
            .where(ReportVersion.number == Report.accepted_version_number,
                   Report.id.in_(select(facts.report_id).where(facts.data_year == year)))).all()
        if not rows:
            continue
        forms = ", ".join(sorted({row.form_version for row in rows if row.form_version}))
        libraries = ", ".join(sorted({row.factor_library_version for row in rows if row.factor_library_version}))
        counted.append((f"{FORM_NAMES[form]}: {len(rows)} báo cáo được tính",
                        f"Phiên bản biểu mẫu {forms or '—'}; thư viện hệ số {libraries or '—'}"))
    return [
        ("Nguồn số liệu", "Chỉ các báo cáo đã được Sở Công Thương chấp nhận; mỗi cơ sở lấy phiên bản "
                          "được chấp nhận cuối cùng; tình hình nộp tính theo danh sách cơ sở có nghĩa vụ "
                          "và hạn nộp của từng cơ sở (kể cả gia hạn) tại ngày lập báo cáo."),
        ("Phương pháp tính", "IPCC 2006 (Tập 2 năng lượng, Tập 3 quá trình công nghiệp), Thông tư "
                             "38/2023/TT-BCT; quy đổi CO2e theo bộ hệ số GWP IPCC " + gwp_set + "."),
        ("Thư viện hệ số hiện hành", load_library().version),
        *counted,
    ]


def annual_report_data(session: Session, *, year: int, gwp_set: str = DEFAULT_GWP_SET,
                       progress: Callable[[str], None] = _no_progress) -> AnnualReport:
    progress("compliance")
    counts, lines = _compliance(session, year)
    progress("facts")
    groups = Groups(session, year, gwp_set)
    summary = ghg_summary(groups)
    breakdowns = ghg_breakdowns(groups)
    facilities = next(b for b in breakdowns if b.sheet == "Cơ sở")
    top = Breakdown("Cơ sở phát thải lớn nhất", f"{TOP_EMITTERS} cơ sở phát thải lớn nhất năm {year}",
                    facilities.key_columns, list(facilities.rows[:TOP_EMITTERS]), chart="bar")
    ghg_changes = _ghg_changes(session, year, gwp_set, summary)
    progress("declarations")
    return AnnualReport(
        year=year, gwp_set=groups.gwp_set, compliance=counts, lines=lines, ghg_summary=summary,
        ghg_changes=ghg_changes, ghg_breakdowns=[b for b in breakdowns if b.sheet != "Cơ sở"], top_emitters=top,
        declaration_changes=_declaration_changes(session, year),
        declaration_breakdowns=declaration_breakdowns(session, year),
        method=_method(session, year, groups.gwp_set), dictionary=TERMS + published_grid_terms(session))


def annual_report(session: Session, *, year: int, file_format: str = "pdf", actor: User | None = None,
                  gwp_set: str = DEFAULT_GWP_SET, progress: Callable[[str], None] = _no_progress) -> bytes:
    """The annual report of data year `year` as PDF or Excel (`file_format` "pdf" or "xlsx"),
    every tCO2e in `gwp_set`; `progress` is told each of ANNUAL_STEPS. Raises UnknownGwpSet,
    ValueError for another format."""
    if file_format not in ("pdf", "xlsx"):
        raise ValueError(f"the annual report is a PDF or an Excel workbook, not {file_format!r}")
    report = annual_report_data(session, year=year, gwp_set=gwp_set, progress=progress)
    progress("writing")
    data = annual_report_pdf(report) if file_format == "pdf" else annual_report_workbook(report)
    begin_writing(session)
    audit.record(session, actor, "statistics.annual_report", object_type="statistics", object_id=year,
                 details={"bytes": len(data), "format": file_format, "gwp_set": report.gwp_set})
    return data


__all__ = ["ANNUAL_STEPS", "annual_report", "annual_report_data"]
