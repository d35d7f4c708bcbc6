"""Enter once (issue 17): fill a draft's energy from the facility's other form of the same year
(`intake.domain.enter_once`), saved as any edit is (`reports.update_report`: the revision
checked, the result recalculated). Never overwrites what the filer entered."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain.enter_once import prefill_declaration, prefill_inventory
from intake.models import FormKind, Report, User
from intake.services import reports

INVENTORY_LABEL = "Báo cáo kiểm kê khí nhà kính"
DECLARATION_LABEL = "Kê khai môi trường"


class NothingToPrefill(reports.Conflict):
    code = "nothing_to_prefill"


def _others(session: Session, report: Report, form: FormKind) -> list[Report]:
    """The facility's reports of `form`, the latest changed first."""
    return list(session.scalars(select(Report).where(Report.facility_id == report.facility_id, Report.form == form)
                                .order_by(Report.updated_at_utc.desc(), Report.id.desc())))


def prefill(session: Session, actor: User, report_id: int, *, expected_revision: int | None) -> tuple[Report, Report]:
    """Fill the draft `report_id` from its facility's other form; (the draft saved, the report
    it was filled from). Raises NothingToPrefill, and what `update_report` raises."""
    report = reports.get_report(session, actor, report_id)
    document = report.document
    for other in _others(session, report, FormKind.GHG_INVENTORY if report.form is FormKind.ENV_DECLARATION
                         else FormKind.ENV_DECLARATION):
        if report.form is FormKind.ENV_DECLARATION:
            filled = prefill_declaration(document, other.document, INVENTORY_LABEL)
        else:
            filled = prefill_inventory(document, other.document, DECLARATION_LABEL)
        if filled is not None:
            saved = reports.update_report(session, actor, report.id, document=filled,
                                          expected_revision=expected_revision)
            return saved, other
    if report.form is FormKind.ENV_DECLARATION:
        raise NothingToPrefill(
            "Nothing to fill in: the energy is entered already, or no GHG inventory of the facility covers "
            "the declared year.",
            "Không có gì để điền: phần năng lượng đã có số liệu, hoặc cơ sở chưa có báo cáo kiểm kê khí nhà "
            "kính của năm khai báo.")
    raise NothingToPrefill(
        "Nothing to fill in: the year already has fuel or electricity lines, or no environmental declaration "
        "of the facility covers a year of this report.",
        "Không có gì để điền: năm số liệu đã có dòng nhiên liệu hoặc điện, hoặc cơ sở chưa có kê khai môi "
        "trường của năm nào trong báo cáo này.")
