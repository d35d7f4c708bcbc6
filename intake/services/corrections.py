"""Corrections after acceptance (Circular 38 Art. 22): a certifier amends an accepted report.

The report becomes a draft again, its working copy starting from the accepted version's
document; the accepted version stays the one counted (`Report.accepted_version_number`, the
facts written at acceptance are left as they are) until the correction is submitted and
accepted (`intake.services.review.accept_report` then counts the new version instead). Never
commits.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from intake.database import begin_writing
from intake.domain.corrections import CORRECTION_REASON
from intake.domain.roles import can_certify_for
from intake.domain.workflow import Action, ReportStatus
from intake.models import Report, User
from intake.services import audit
from intake.services.reports import (
    Conflict,
    Forbidden,
    Invalid,
    TooLong,
    _apply,
    _evaluate,
    _record_move,
    get_report,
)


class NotAccepted(Conflict):
    """Only an accepted report is corrected this way: a draft or a returned report is simply
    edited, a submitted one is with the Department."""

    code = "not_accepted"


def _reason(raw: Any) -> str:
    reason = raw.strip() if isinstance(raw, str) else ""
    if not reason:
        raise Invalid("Give the reason for the correction.", "Cần nêu lý do đính chính.",
                      path="reason")
    refusal = CORRECTION_REASON.refusal(reason, "reason")
    if refusal is not None:
        raise TooLong(*refusal, path="reason")
    return reason


def _not_accepted(status: ReportStatus) -> NotAccepted:
    with_the_filer = status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    return NotAccepted(
        f"Only an accepted report can be corrected; this one is {status.value.replace('_', ' ')}"
        + (": edit the draft instead." if with_the_filer else ": it is with the Department."),
        "Chỉ báo cáo đã được chấp nhận mới được đính chính; "
        + ("báo cáo này đang là bản nháp hoặc bị trả lại: hãy sửa trực tiếp bản nháp."
           if with_the_filer else "báo cáo này đang được Sở xem xét."))


def _check(report: Report, actor: User) -> None:
    if not can_certify_for(actor, report.facility.enterprise_id):
        raise Forbidden("Only a certifier of the enterprise may correct an accepted report.",
                        "Chỉ người được ký xác nhận của doanh nghiệp mới được đính chính báo cáo "
                        "đã được chấp nhận.")
    if report.status is not ReportStatus.ACCEPTED or report.accepted_version_number is None:
        raise _not_accepted(report.status)


def amend_report(session: Session, actor: User, report_id: int, *, reason: Any,
                 today: dt.date | None = None) -> Report:
    """Open a correction of an accepted report: back to a draft whose working copy is the
    accepted version's document, recorded as an event (its note the reason), in the audit log
    and in the desk's notices. Of two concurrent amendments exactly one passes (the row is
    locked and re-read; the version counter refuses a write from a stale read).

    Raises NotFound (not the actor's to see), Forbidden (not a certifier of the enterprise),
    NotAccepted (409 `not_accepted`), Invalid (422: no reason), TooLong (422)."""
    report = get_report(session, actor, report_id)
    _check(report, actor)
    reason = _reason(reason)
    begin_writing(session)
    report = get_report(session, actor, report_id, for_update=True)
    _check(report, actor)
    new_status = _apply(report, Action.AMEND, actor)
    accepted = next(v for v in report.versions if v.number == report.accepted_version_number)
    document = accepted.document  # read back exactly: Decimals, never floats
    report.document = document
    report.form_version = accepted.form_version
    # The working copy's checks as of today (the accepted version's result stays as filed).
    report.result = _evaluate(report.form, document, report.facility, today, report.id)
    _record_move(session, report, Action.AMEND, new_status, actor, note=reason)
    try:
        session.flush()
    except StaleDataError:
        raise _not_accepted(ReportStatus.DRAFT) from None  # amended meanwhile
    audit.record(session, actor, "report.amend", object_type="report", object_id=report.id,
                 details={"accepted_version": accepted.number, "reason": reason})
    return report
