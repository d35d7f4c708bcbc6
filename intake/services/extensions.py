"""Deadline extensions: an enterprise asks for more time with a reason, a reviewer grants a new
date or refuses. Never commits (the caller's unit of work does); each step is audited, and the
other side is told by e-mail (outbox) and on its notifications page
(`intake.queries.extension_notices`).

Every refusal is a `FilingError` with a specific code and a message in Vietnamese and English:
`not_found` (facility, period or request not to be seen), `forbidden` (not a filer / not a
reviewer), `invalid` / `reason_required` / `too_long` / `form_mismatch` / `date_not_after_due`
(422), `already_filed`, `extension_pending`, `already_decided` (409)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.database import DATABASE_INTEGER_MAX, begin_writing
from intake.domain.compliance import WITH_THE_DEPARTMENT
from intake.domain.extensions import DECISION_NOTE, EXTENSION_REASON, ExtensionStatus, grant_refusal
from intake.domain.roles import can_file_reports, can_review_reports
from intake.domain.workflow import FormKind
from intake.models import DeadlineExtension, Facility, Report, ReportingPeriod, User
from intake.models.base import utc_now
from intake.queries.accounts import active_reviewers
from intake.queries.extensions import due_on_for
from intake.queries.scoping import visible_facilities
from intake.services import audit
from intake.services.mail import queue_message
from intake.services.reports import Conflict, Forbidden, Invalid, NotFound, TooLong

__all__ = ["grant_extension", "refuse_extension", "request_extension"]


class ExtensionPending(Conflict):
    code = "extension_pending"


class AlreadyFiled(Conflict):
    code = "already_filed"


class AlreadyDecided(Conflict):
    code = "already_decided"


class ReasonRequired(Invalid):
    code = "reason_required"


class FormMismatch(Invalid):
    code = "form_mismatch"


class DateNotAfterDue(Invalid):
    code = "date_not_after_due"


# What each input is called in a message to a person (the path names it for programs).
_NAMES = {"facility_id": ("facility", "cơ sở"), "period_id": ("reporting period", "kỳ báo cáo"),
          "id": ("request", "đề nghị"), "due_date": ("new due date", "hạn nộp mới"),
          "wished_due_date": ("date wished for", "ngày đề nghị"), "reason": ("reason", "lý do"),
          "note": ("note", "ghi chú")}


def _whole_number(value: Any, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= DATABASE_INTEGER_MAX:
        en, vi = _NAMES[path]
        raise Invalid(f"The {en} must be named by its number.", f"Mã {vi} phải là một số nguyên dương.",
                      path=path)
    return value


def _text(value: Any, limit, path: str, *, required: bool) -> str:  # type: ignore[no-untyped-def]
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        en, vi = _NAMES[path]
        raise Invalid(f"The {en} must be text.", f"{vi.capitalize()} phải là văn bản.", path=path)
    if required and not text:
        raise ReasonRequired("Say why: the reason is required.", "Vui lòng nêu lý do.", path=path)
    refusal = limit.refusal(text, path)
    if refusal is not None:
        raise TooLong(*refusal, path=path)
    return text


def _date(value: Any, path: str) -> dt.date | None:
    """A date, or an ISO 8601 date string (`2027-04-30`); None for nothing given."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    en, vi = _NAMES[path]
    raise Invalid(f"The {en} must be a date (YYYY-MM-DD).", f"{vi.capitalize()} phải là một ngày (YYYY-MM-DD).",
                  path=path)


def _enterprise_users(session: Session, enterprise_id: int | None) -> list[User]:
    if enterprise_id is None:
        return []
    return list(session.scalars(select(User).where(User.enterprise_id == enterprise_id,
                                                   User.is_active.is_(True)).order_by(User.email)))


def _shown(date: dt.date) -> str:
    return date.strftime("%d/%m/%Y")


def request_extension(session: Session, actor: User, *, facility_id: Any, period_id: Any, form: Any,
                      reason: Any, wished_due_date: Any = None) -> DeadlineExtension:
    """An enterprise user who may file for the facility (a preparer too) asks for more time.
    Raises Forbidden (not a filer), NotFound (facility or period), Invalid (form, reason, date),
    AlreadyFiled (the report is with the Department), ExtensionPending (one is waiting)."""
    if not can_file_reports(actor):
        raise Forbidden("Only the enterprise filing the report may ask for an extension.",
                        "Chỉ doanh nghiệp lập báo cáo mới được xin gia hạn.")
    facility_id = _whole_number(facility_id, "facility_id")
    period_id = _whole_number(period_id, "period_id")
    try:
        kind = FormKind(form)
    except ValueError:
        raise Invalid("Choose the form: GHG inventory or environmental declaration.",
                      "Vui lòng chọn biểu mẫu: kiểm kê khí nhà kính hoặc khai báo dữ liệu môi trường.",
                      path="form") from None
    reason = _text(reason, EXTENSION_REASON, "reason", required=True)
    wished = _date(wished_due_date, "wished_due_date")
    begin_writing(session)
    facility = session.scalar(visible_facilities(actor).where(Facility.id == facility_id))
    if facility is None:
        raise NotFound("No such facility, or not yours.",
                       "Không tìm thấy cơ sở, hoặc cơ sở không thuộc doanh nghiệp của bạn.", path="facility_id")
    period = session.get(ReportingPeriod, period_id)
    if period is None:
        raise NotFound("No such reporting period.", "Không tìm thấy kỳ báo cáo.", path="period_id")
    if period.form is not kind:
        raise FormMismatch("This reporting period is for another form.",
                           "Kỳ báo cáo này dành cho biểu mẫu khác.", path="form")
    report = session.scalar(select(Report).where(Report.facility_id == facility.id, Report.period_id == period.id,
                                                 Report.superseded_by_id.is_(None)))
    if report is not None and report.status in WITH_THE_DEPARTMENT:
        raise AlreadyFiled("The report has already been filed: an extension is no longer needed.",
                           "Báo cáo đã được nộp: không cần gia hạn nữa.")
    current = due_on_for(session, facility.id, period)
    if wished is not None and wished <= current:
        raise DateNotAfterDue(f"The date you wish for must be after the current due date ({_shown(current)}).",
                              f"Ngày đề nghị phải sau hạn nộp hiện tại ({_shown(current)}).",
                              path="wished_due_date")
    pending = ExtensionPending("A request for an extension is already waiting for the Department's decision.",
                               "Đã có một đề nghị gia hạn đang chờ Sở xem xét.")
    if _pending(session, facility.id, period.id, kind):
        raise pending
    extension = DeadlineExtension(facility_id=facility.id, period_id=period.id, form=kind, reason=reason,
                                  wished_due_date=wished, requested_by_id=actor.id,
                                  status=ExtensionStatus.PENDING, decision_note="")
    try:
        # A savepoint: of two requests at once, the partial unique index lets one through.
        with session.begin_nested():
            session.add(extension)
            session.flush()
    except IntegrityError:
        if _pending(session, facility.id, period.id, kind):
            raise pending from None
        raise
    audit.record(session, actor, "extension.request", object_type="deadline_extension", object_id=extension.id,
                 details={"facility_id": facility.id, "period_id": period.id, "form": kind.value,
                          "current_due_on": current.isoformat(),
                          "wished_due_date": wished.isoformat() if wished else None})
    wish_vi = f" Ngày đề nghị: {_shown(wished)}." if wished else ""
    wish_en = f" Date wished for: {_shown(wished)}." if wished else ""
    for reviewer in active_reviewers(session):
        queue_message(session, reviewer.email,
                      f"Đề nghị gia hạn / Extension requested: {facility.name}",
                      f"Cơ sở {facility.name} xin gia hạn nộp báo cáo “{period.name}” "
                      f"(hạn hiện tại {_shown(current)}).{wish_vi}\nLý do: {reason}\n\n"
                      f"{facility.name} asks for an extension of “{period.name}” "
                      f"(currently due {_shown(current)}).{wish_en}\nReason: {reason}\n")
    return extension


def _pending(session: Session, facility_id: int, period_id: int, kind: FormKind) -> int | None:
    return session.scalar(select(DeadlineExtension.id).where(
        DeadlineExtension.facility_id == facility_id, DeadlineExtension.period_id == period_id,
        DeadlineExtension.form == kind, DeadlineExtension.status == ExtensionStatus.PENDING))


def _pending_for_decision(session: Session, actor: User, extension_id: Any) -> DeadlineExtension:
    if not can_review_reports(actor):
        raise Forbidden("Only reviewers decide on extensions.", "Chỉ cán bộ thẩm định mới quyết định gia hạn.")
    extension_id = _whole_number(extension_id, "id")
    begin_writing(session)
    extension = session.scalar(select(DeadlineExtension).where(DeadlineExtension.id == extension_id)
                               .with_for_update().execution_options(populate_existing=True))
    if extension is None:
        raise NotFound("No such request for an extension.", "Không tìm thấy đề nghị gia hạn.")
    if extension.status is not ExtensionStatus.PENDING:
        raise AlreadyDecided("This request has already been decided.", "Đề nghị này đã được quyết định.")
    return extension


def _tell_the_enterprise(session: Session, extension: DeadlineExtension, subject: str, body: str) -> None:
    for user in _enterprise_users(session, extension.facility.enterprise_id):
        queue_message(session, user.email, subject, body)


def grant_extension(session: Session, actor: User, extension_id: Any, *, due_date: Any,
                    note: Any = "") -> DeadlineExtension:
    """A reviewer grants a pending request a new due date, after the facility's current one
    (the period's, or an extension granted before). Raises Forbidden, NotFound, AlreadyDecided,
    DateNotAfterDue, Invalid."""
    new_due = _date(due_date, "due_date")
    note = _text(note, DECISION_NOTE, "note", required=False)
    extension = _pending_for_decision(session, actor, extension_id)
    current = due_on_for(session, extension.facility_id, extension.period)
    refusal = grant_refusal(new_due, current)
    if refusal is not None:
        raise DateNotAfterDue(*refusal, path="due_date")
    extension.status = ExtensionStatus.GRANTED
    extension.granted_due_date = new_due
    extension.decided_by_id = actor.id
    extension.decided_at_utc = utc_now()
    extension.decision_note = note
    session.flush()
    audit.record(session, actor, "extension.grant", object_type="deadline_extension", object_id=extension.id,
                 details={"facility_id": extension.facility_id, "period_id": extension.period_id,
                          "from_due_on": current.isoformat(), "granted_due_date": new_due.isoformat()})
    period, facility = extension.period, extension.facility
    note_vi = f"\nGhi chú: {note}" if note else ""
    note_en = f"\nNote: {note}" if note else ""
    _tell_the_enterprise(session, extension, f"Đã gia hạn / Extension granted: {facility.name}",
                         f"Sở Công Thương đã gia hạn nộp báo cáo “{period.name}” của cơ sở {facility.name} "
                         f"đến ngày {_shown(new_due)} (hạn trước đó {_shown(current)}).{note_vi}\n\n"
                         f"The Department granted {facility.name} an extension of “{period.name}” "
                         f"to {_shown(new_due)} (previously due {_shown(current)}).{note_en}\n")
    return extension


def refuse_extension(session: Session, actor: User, extension_id: Any, *, note: Any) -> DeadlineExtension:
    """A reviewer refuses a pending request, saying why (the note is required). The facility
    stays due on its current date. Raises Forbidden, NotFound, AlreadyDecided, Invalid."""
    note = _text(note, DECISION_NOTE, "note", required=True)
    extension = _pending_for_decision(session, actor, extension_id)
    current = due_on_for(session, extension.facility_id, extension.period)
    extension.status = ExtensionStatus.REFUSED
    extension.decided_by_id = actor.id
    extension.decided_at_utc = utc_now()
    extension.decision_note = note
    session.flush()
    audit.record(session, actor, "extension.refuse", object_type="deadline_extension", object_id=extension.id,
                 details={"facility_id": extension.facility_id, "period_id": extension.period_id,
                          "due_on": current.isoformat()})
    period, facility = extension.period, extension.facility
    _tell_the_enterprise(session, extension, f"Không chấp thuận gia hạn / Extension refused: {facility.name}",
                         f"Sở Công Thương không chấp thuận đề nghị gia hạn nộp báo cáo “{period.name}” của cơ sở "
                         f"{facility.name}. Hạn nộp vẫn là ngày {_shown(current)}.\nLý do: {note}\n\n"
                         f"The Department refused the extension of “{period.name}” for {facility.name}. "
                         f"It is still due on {_shown(current)}.\nReason: {note}\n")
    return extension
