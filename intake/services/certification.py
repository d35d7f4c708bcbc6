"""A preparer's way to a submission: asking the enterprise's certifiers to certify (issue 15).

A preparer (or a consultant preparing for a client) may not certify (`submit_report` answers
403); instead it asks. The request is a recorded event of the report's history
(`certification_requested`), which every certifier of the enterprise reads as a notice
(`intake.queries.notifications`), and an e-mail to each of them (the outbox). Never commits.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain import workflow
from intake.domain.roles import can_certify_for, can_file_reports
from intake.domain.text_limits import CERTIFICATION_NOTE
from intake.domain.workflow import RecordedEvent
from intake.models import ReportEvent, User
from intake.services import audit
from intake.services.mail import queue_message
from intake.services.reports import Conflict, Forbidden, TooLong, get_report


def certifiers_of(session: Session, enterprise_id: int | None) -> list[User]:
    """The active users who certify for the enterprise, by e-mail."""
    if enterprise_id is None:
        return []
    return list(session.scalars(select(User).where(
        User.enterprise_id == enterprise_id, User.is_active.is_(True),
        User.can_certify.is_(True)).order_by(User.email)))


def request_certification(session: Session, actor: User, report_id: int, *, note: str = "",
                          base_url: str = "") -> list[User]:
    """Record that `actor` asks the certifiers to certify and submit the report, and mail each
    of them; returns them.

    Raises NotFound (not a report the actor sees), Forbidden (not an enterprise user), TooLong
    (a message longer than `CERTIFICATION_NOTE`), Conflict
    (the report is not with the enterprise, the actor certifies itself, or the enterprise has
    no certifier)."""
    report = get_report(session, actor, report_id)
    if not can_file_reports(actor):
        raise Forbidden("Only the enterprise's own users ask for a certification.",
                        "Chỉ người dùng của doanh nghiệp mới đề nghị ký xác nhận.")
    if not workflow.is_editable(report.status):
        raise Conflict("This report is already with the Department.",
                       "Báo cáo này đã được nộp cho Sở.")
    enterprise_id = report.facility.enterprise_id
    if can_certify_for(actor, enterprise_id):
        raise Conflict("You certify for this enterprise: submit the report yourself.",
                       "Bạn có quyền ký xác nhận cho doanh nghiệp: hãy tự nộp báo cáo.")
    certifiers = certifiers_of(session, enterprise_id)
    if not certifiers:
        raise Conflict("The enterprise has no certifier yet: ask its administrator to name one.",
                       "Doanh nghiệp chưa có người ký xác nhận: hãy đề nghị quản trị viên của "
                       "doanh nghiệp chỉ định.")
    note = (note or "").strip()
    refusal = CERTIFICATION_NOTE.refusal(note, "note")
    if refusal is not None:
        raise TooLong(*refusal, path="note")
    session.add(ReportEvent(report_id=report.id, action=RecordedEvent.CERTIFICATION_REQUESTED.value,
                            from_status=report.status, to_status=report.status, actor_id=actor.id,
                            note=note))
    who = actor.full_name or actor.email
    facility = report.facility.name
    link = f"{base_url}/reports/{report.id}/submit"
    said_vi = f"\nLời nhắn: {note}\n" if note else ""
    said_en = f"\nMessage: {note}\n" if note else ""
    for certifier in certifiers:
        queue_message(
            session, certifier.email,
            f"Đề nghị ký xác nhận và nộp báo cáo / Please certify and submit: {facility}",
            f"{who} đã lập xong báo cáo của cơ sở {facility} và đề nghị bạn kiểm tra, ký xác nhận "
            f"và nộp cho Sở Công Thương Hà Nội.{said_vi}\nMở báo cáo: {link}\n\n"
            f"{who} has prepared the report of {facility} and asks you to check, certify and "
            f"submit it to the Hanoi Department of Industry and Trade.{said_en}\nOpen it: {link}\n")
    audit.record(session, actor, "report.certification_requested", object_type="report",
                 object_id=report.id, details={"certifiers": [c.email for c in certifiers]})
    session.flush()
    return certifiers
