"""The Department's review: comments, checklist, start, return, accept, assignment.

Every move goes through the workflow table (`intake.domain.workflow`) and is recorded as an
event and in the audit log. Comments are released to the filer only when the report is
returned; internal notes never are.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain import text_limits
from intake.domain.review_checklist import checklist_for
from intake.domain.roles import Role, can_review_reports
from intake.domain.workflow import Action
from intake.models import Report, ReviewChecklist, ReviewComment, User
from intake.models.base import utc_now
from intake.services import audit
from intake.services.mail import queue_message
from intake.services.reports import (
    Forbidden,
    Invalid,
    NotFound,
    _apply,
    _record_move,
    get_report,
    latest_version,
)
from intake.services.statistics import write_facts


@dataclass(frozen=True)
class CommentInput:
    path: str
    message: str
    internal: bool = False


class TooLong(Invalid):
    code = "too_long"


def check_lengths(comments: list[CommentInput], note: str = "") -> None:
    """Raises TooLong naming the first comment (or the note) longer than its column allows:
    refused whole, never cut, so the reviewer keeps what they wrote."""
    for index, comment in enumerate(comments):
        for limit, text, key in ((text_limits.COMMENT_MESSAGE, comment.message, "message"),
                                 (text_limits.COMMENT_PATH, comment.path, "path")):
            path = f"comments[{index}].{key}"
            refusal = limit.refusal(text, path)
            if refusal is not None:
                raise TooLong(*refusal, path=path)
    refusal = text_limits.REVIEW_NOTE.refusal(note.strip(), "note")
    if refusal is not None:
        raise TooLong(*refusal, path="note")


def _reviewer_report(session: Session, reviewer: User, report_id: int) -> Report:
    if not can_review_reports(reviewer):
        raise Forbidden("Only reviewers review reports.", "Chỉ cán bộ thẩm định mới được thẩm định báo cáo.")
    return get_report(session, reviewer, report_id, for_update=True)


def _version_number(report: Report) -> int:
    version = latest_version(report)
    if version is None:
        raise Invalid("This report has not been submitted.", "Báo cáo này chưa được nộp.")
    return version.number


def parse_comments(raw: Any) -> list[CommentInput]:
    """Comments from a request body. Raises Invalid naming the bad item."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Invalid("comments must be a list.", "comments phải là một danh sách.", path="comments")
    comments = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("message"), str) \
                or not item["message"].strip():
            raise Invalid(f"Comment {index} needs a message.", f"Nhận xét {index} cần có nội dung.",
                          path=f"comments[{index}].message")
        comments.append(CommentInput(str(item.get("path") or ""), item["message"].strip(),
                                     bool(item.get("internal", False))))
    check_lengths(comments)
    return comments


def add_comments(session: Session, reviewer: User, report_id: int,
                 comments: list[CommentInput]) -> list[ReviewComment]:
    check_lengths(comments)
    report = _reviewer_report(session, reviewer, report_id)
    number = _version_number(report)
    added = [ReviewComment(report_id=report.id, version_number=number, path=c.path,
                           message=c.message, internal=c.internal, author_id=reviewer.id)
             for c in comments]
    session.add_all(added)
    session.flush()
    return added


def start_review(session: Session, reviewer: User, report_id: int) -> Report:
    report = _reviewer_report(session, reviewer, report_id)
    new_status = _apply(report, Action.START_REVIEW, reviewer)
    _record_move(session, report, Action.START_REVIEW, new_status, reviewer)
    if report.assigned_to_id is None:
        report.assigned_to_id = reviewer.id
    audit.record(session, reviewer, "report.start_review", object_type="report", object_id=report.id)
    return report


def assign(session: Session, reviewer: User, report_id: int, assignee_id: int | None) -> Report:
    report = _reviewer_report(session, reviewer, report_id)
    if assignee_id is not None:
        assignee = session.get(User, assignee_id)
        if assignee is None or assignee.role is not Role.REVIEWER:
            raise Invalid("Assign to a reviewer.", "Chỉ giao cho cán bộ thẩm định.", path="assignee")
    report.assigned_to_id = assignee_id
    audit.record(session, reviewer, "report.assign", object_type="report", object_id=report.id,
                 details={"assignee_id": assignee_id})
    return report


def return_report(session: Session, reviewer: User, report_id: int, *,
                  comments: list[CommentInput], note: str = "") -> Report:
    """Send the report back for correction, releasing every non-internal comment of this
    version to the filer. Raises Forbidden, NotFound, Conflict, Invalid (no comment at all:
    a filer must be told what to correct), TooLong (a comment or note longer than allowed)."""
    check_lengths(comments, note)
    report = _reviewer_report(session, reviewer, report_id)
    new_status = _apply(report, Action.RETURN, reviewer)
    number = _version_number(report)
    for comment in comments:
        session.add(ReviewComment(report_id=report.id, version_number=number, path=comment.path,
                                  message=comment.message, internal=comment.internal,
                                  author_id=reviewer.id))
    session.flush()
    to_release = session.scalars(select(ReviewComment).where(
        ReviewComment.report_id == report.id, ReviewComment.internal.is_(False),
        ReviewComment.released_at_utc.is_(None))).all()
    if not to_release and not note.strip():
        raise Invalid("Say what must be corrected (a comment or a note).",
                      "Cần nêu nội dung phải chỉnh sửa (nhận xét hoặc ghi chú).", path="comments")
    now = utc_now()
    for comment in to_release:
        comment.released_at_utc = now
    _record_move(session, report, Action.RETURN, new_status, reviewer, note=note.strip())
    audit.record(session, reviewer, "report.return", object_type="report", object_id=report.id,
                 details={"version": number, "comments": len(to_release)})
    _notify_filers(session, report, returned=True)
    return report


def accept_report(session: Session, reviewer: User, report_id: int, *, note: str = "",
                  comments: list[CommentInput] | None = None) -> Report:
    check_lengths(comments or [], note)
    report = _reviewer_report(session, reviewer, report_id)
    new_status = _apply(report, Action.ACCEPT, reviewer)
    number = _version_number(report)
    for comment in comments or []:
        session.add(ReviewComment(report_id=report.id, version_number=number, path=comment.path,
                                  message=comment.message, internal=True, author_id=reviewer.id))
    _record_move(session, report, Action.ACCEPT, new_status, reviewer, note=note.strip())
    # The accepted version enters the sector database in the same transaction.
    write_facts(session, report)
    audit.record(session, reviewer, "report.accept", object_type="report", object_id=report.id,
                 details={"version": number})
    _notify_filers(session, report, returned=False)
    return report


def save_checklist(session: Session, reviewer: User, report_id: int,
                   answers: dict[str, dict[str, Any]]) -> ReviewChecklist:
    report = _reviewer_report(session, reviewer, report_id)
    number = _version_number(report)
    known = {item.key for item in checklist_for(report.form.value)}
    items = {key: {"ok": bool(value.get("ok")), "note": str(value.get("note", ""))[:2000]}
             for key, value in answers.items() if key in known}
    checklist = session.scalar(select(ReviewChecklist).where(
        ReviewChecklist.report_id == report.id, ReviewChecklist.version_number == number))
    if checklist is None:
        checklist = ReviewChecklist(report_id=report.id, version_number=number, items=items,
                                    updated_by_id=reviewer.id)
        session.add(checklist)
    else:
        checklist.items = items
        checklist.updated_by_id = reviewer.id
    session.flush()
    return checklist


def released_comments(session: Session, report: Report) -> list[ReviewComment]:
    """What the filer may read: released, non-internal comments."""
    return list(session.scalars(select(ReviewComment).where(
        ReviewComment.report_id == report.id, ReviewComment.internal.is_(False),
        ReviewComment.released_at_utc.is_not(None)).order_by(ReviewComment.id)))


def _notify_filers(session: Session, report: Report, *, returned: bool) -> None:
    """E-mail the enterprise's users (queued in the outbox, sent by `intake mail send`)."""
    if report.facility.enterprise_id is None:
        return
    users = session.scalars(select(User).where(User.enterprise_id == report.facility.enterprise_id,
                                               User.is_active.is_(True))).all()
    facility = report.facility.name
    if returned:
        subject = f"Báo cáo bị trả lại để chỉnh sửa / Report returned for correction: {facility}"
        body = (f"Báo cáo của cơ sở {facility} đã được Sở Công Thương Hà Nội trả lại để chỉnh sửa. "
                "Vui lòng đăng nhập để xem nhận xét.\n\n"
                f"The report of {facility} was returned for correction by the Hanoi Department of "
                "Industry and Trade. Log in to read the comments.")
    else:
        subject = f"Báo cáo đã được chấp nhận / Report accepted: {facility}"
        body = (f"Báo cáo của cơ sở {facility} đã được Sở Công Thương Hà Nội chấp nhận.\n\n"
                f"The report of {facility} was accepted by the Hanoi Department of Industry and Trade.")
    for user in users:
        queue_message(session, user.email, subject, body)


__all__ = ["CommentInput", "NotFound", "TooLong", "check_lengths", "accept_report", "add_comments", "assign", "parse_comments",
           "released_comments", "return_report", "save_checklist", "start_review"]
