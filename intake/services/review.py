"""The Department's review: comments and their threads, checklist, start, return, accept,
assignment.

Every move goes through the workflow table (`intake.domain.workflow`) and is recorded as an
event and in the audit log. Comments are released to the filer only when the report is
returned; internal notes never are. A comment is a thread (`intake.domain.review_threads`): the
filer answers it and may resolve it while the report is with them; a reviewer replies,
resolves or reopens it. Acceptance is deliberate: only under review, with the Art. 12 checklist
ticked or explained and no comment to the filer left open (or each closed, with a note).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.registry import form_definition
from intake.domain import text_limits
from intake.domain.review_checklist import checklist_for
from intake.domain.review_threads import Readiness, ThreadStatus, anchor_of
from intake.domain.roles import Role, can_file_reports, can_review_reports
from intake.domain.workflow import Action, ReportStatus, is_editable
from intake.models import Report, ReviewChecklist, ReviewComment, ReviewReply, User
from intake.models.base import utc_now
from intake.queries.review import commented_document, open_threads, readiness, thread_place
from intake.services import audit
from intake.services.mail import queue_message
from intake.services.reports import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    TooLong,
    _apply,
    _record_move,
    get_report,
    latest_version,
)
from intake.services.signatures import require_signed
from intake.services.statistics import write_facts


@dataclass(frozen=True)
class CommentInput:
    path: str
    message: str
    internal: bool = False


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


def _new_comments(report: Report, number: int, comments, reviewer: User) -> list[ReviewComment]:
    """Comments on version `number`, each anchored by the keys of the rows its path goes
    through (`review_threads.anchor_of`): it stays on the same source line when the filer adds,
    removes or reorders lines above it. The version is read once for all of them."""
    if not comments:
        return []
    form, document = form_definition(report.form.value), commented_document(report)
    return [ReviewComment(report_id=report.id, version_number=number, path=c.path,
                          anchor=anchor_of(form, c.path, document), message=c.message,
                          internal=c.internal, author_id=reviewer.id) for c in comments]


def add_comments(session: Session, reviewer: User, report_id: int,
                 comments: list[CommentInput]) -> list[ReviewComment]:
    check_lengths(comments)
    report = _reviewer_report(session, reviewer, report_id)
    number = _version_number(report)
    added = _new_comments(report, number, comments, reviewer)
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
    session.add_all(_new_comments(report, number, comments, reviewer))
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
    threads = open_threads(session, report)
    for thread in threads:
        for reply in thread.replies:
            if reply.released_at_utc is None:
                reply.released_at_utc = now
    _record_move(session, report, Action.RETURN, new_status, reviewer, note=note.strip())
    audit.record(session, reviewer, "report.return", object_type="report", object_id=report.id,
                 details={"version": number, "comments": len(to_release)})
    _notify_filers(session, report, returned=True, threads=threads)
    return report


class NotUnderReview(Conflict):
    code = "review_not_started"


class OpenThreads(Conflict):
    code = "open_threads"


class ChecklistIncomplete(Invalid):
    code = "checklist_incomplete"


class VersionChanged(Conflict):
    code = "version_changed"


API_CLOSING_NOTE = "Đóng khi chấp nhận qua API / Closed on acceptance through the API"


@dataclass(frozen=True)
class Acceptance:
    """How an acceptance was asked for. The review desk asks with the defaults: only under
    review, the checklist ticked or explained, open comments closed only when the reviewer
    says so (`close_open_threads`, with a `note`), of the version the reviewer confirmed
    (`expected_sha256`). The API's accept (contract: `{"action": "accept", "comments"}`)
    starts the review of a submitted report itself and holds the checklist to the rule only
    when one was recorded (`start_if_submitted`, `checklist_only_if_recorded`)."""

    note: str = ""
    comments: tuple[CommentInput, ...] = ()
    close_open_threads: bool = False
    expected_sha256: str | None = None
    start_if_submitted: bool = False
    checklist_only_if_recorded: bool = False
    default_closing_note: str = ""  # the note of comments closed when none is given
    # The Department accepts only a version with a valid signed copy of record (the
    # REQUIRE_SIGNATURE_BEFORE_ACCEPTANCE setting, passed in by the web and API callers).
    require_signature: bool = False


def accept_report(session: Session, reviewer: User, report_id: int,
                  request: Acceptance | None = None) -> Report:
    """Accept the latest version. Raises Forbidden, NotFound, NotUnderReview (409: the review
    has not started), VersionChanged (409: another version was submitted since the reviewer
    confirmed), ChecklistIncomplete (422: the items neither ticked nor explained), OpenThreads
    (409: the comments still open), Invalid (422: open comments closed without a note),
    SignatureRequired (409: `require_signature` and the version is not signed)."""
    request = request or Acceptance()
    check_lengths(list(request.comments), request.note)
    report = _reviewer_report(session, reviewer, report_id)
    if request.start_if_submitted and report.status is ReportStatus.SUBMITTED:
        start_review(session, reviewer, report_id)
    if report.status is ReportStatus.SUBMITTED:
        raise NotUnderReview("Start the review before accepting: a submitted report is accepted "
                             "only under review.",
                             "Cần bắt đầu thẩm định trước khi chấp nhận: báo cáo đã nộp chỉ được "
                             "chấp nhận khi đang thẩm định.")
    new_status = _apply(report, Action.ACCEPT, reviewer)
    version = latest_version(report)
    if version is None:
        raise Invalid("This report has not been submitted.", "Báo cáo này chưa được nộp.")
    if request.expected_sha256 is not None and request.expected_sha256 != version.sha256:
        raise VersionChanged("Another version was submitted since you confirmed: check it again.",
                             "Đã có phiên bản khác được nộp sau khi bạn xác nhận: cần kiểm tra lại.",
                             path="sha256")
    if request.require_signature:
        require_signed(session, version)
    ready = readiness(session, report)
    closed = _settle_threads(reviewer, report, request, ready)
    number = version.number
    session.add_all(_new_comments(report, number, [CommentInput(c.path, c.message, True)
                                                   for c in request.comments], reviewer))
    _record_move(session, report, Action.ACCEPT, new_status, reviewer, note=request.note.strip())
    # From now on this version is the one that counts (a correction accepted replaces the
    # version it corrected); it enters the sector database in the same transaction.
    report.accepted_version_number = number
    write_facts(session, report)
    audit.record(session, reviewer, "report.accept", object_type="report", object_id=report.id,
                 details={"version": number, "sha256": version.sha256, "closed_threads": closed,
                          "checklist": ready.checklist_recorded})
    _notify_filers(session, report, returned=False)
    return report


def _settle_threads(reviewer: User, report: Report, request: Acceptance,
                    ready: Readiness) -> list[int]:
    """Refuse the acceptance for what is missing, or close the open comments as asked; the
    ids of the comments closed."""
    if ready.checklist_missing and (ready.checklist_recorded or not request.checklist_only_if_recorded):
        items = ready.checklist_missing
        raise ChecklistIncomplete(
            "Tick or explain every item of the checklist before accepting: "
            + "; ".join(item.label_en for item in items) + ".",
            "Cần đánh dấu hoặc giải trình từng mục của danh mục kiểm tra trước khi chấp nhận: "
            + "; ".join(item.label_vi for item in items) + ".", path="checklist")
    if not ready.open_threads:
        return []
    if not request.close_open_threads:
        vi, en = _thread_list(report, ready.open_threads)
        raise OpenThreads(f"Comments still open: {en}. Resolve them, or close them on acceptance "
                          "with a note.",
                          f"Còn nhận xét chưa giải quyết: {vi}. Cần giải quyết, hoặc đóng khi chấp "
                          "nhận kèm ghi chú.", path="comments")
    note = request.note.strip() or request.default_closing_note
    if not note:
        raise Invalid("Say why the open comments are closed (the note for the decision).",
                      "Cần ghi lý do đóng các nhận xét còn mở (ghi chú cho quyết định).", path="note")
    now = utc_now()
    for thread in ready.open_threads:
        thread.status, thread.resolved_by_id, thread.resolved_at_utc = ThreadStatus.CLOSED, reviewer.id, now
        thread.resolution_note = note
    return [thread.id for thread in ready.open_threads]


def _thread_list(report: Report, threads) -> tuple[str, str]:
    """The open comments named by their place in the latest submitted version, found by their
    rows' keys (`thread_place`: a comment written on an earlier version follows its line), in
    Vietnamese and English."""
    document = commented_document(report)
    names = {"vi": [], "en": []}
    for thread in threads:
        place = thread_place(report, thread, document)
        for language, label, whole in (("vi", place.label_vi, "toàn bộ báo cáo"),
                                       ("en", place.label_en, "the whole report")):
            names[language].append(f"«{label or whole}: {_short(thread.message)}»")
    return "; ".join(names["vi"]), "; ".join(names["en"])


def _short(message: str, length: int = 60) -> str:
    return message if len(message) <= length else message[:length - 1].rstrip() + "…"


def _thread(session: Session, report: Report, comment_id: int) -> ReviewComment:
    comment = session.get(ReviewComment, comment_id)
    if comment is None or comment.report_id != report.id:
        raise NotFound("No such comment on this report.", "Không có nhận xét này trong báo cáo.")
    return comment


def _filer_thread(session: Session, filer: User, report_id: int, comment_id: int
                  ) -> tuple[Report, ReviewComment]:
    """A released comment of the filer's own report, while the report is with the filer."""
    if not can_file_reports(filer):
        raise Forbidden("Only the enterprise answers its comments here.",
                        "Chỉ doanh nghiệp trả lời nhận xét tại đây.")
    report = get_report(session, filer, report_id, for_update=True)
    comment = _thread(session, report, comment_id)
    if comment.internal or comment.released_at_utc is None:
        raise NotFound("No such comment on this report.", "Không có nhận xét này trong báo cáo.")
    if not is_editable(report.status):
        raise Conflict("The report is with the Department: comments are answered while it is "
                       "returned to you.",
                       "Báo cáo đang ở Sở: chỉ trả lời nhận xét khi báo cáo được trả lại.")
    return report, comment


def _desk_thread(session: Session, reviewer: User, report_id: int, comment_id: int
                 ) -> tuple[Report, ReviewComment]:
    report = _reviewer_report(session, reviewer, report_id)
    if report.status is ReportStatus.ACCEPTED:
        raise Conflict("The report is accepted: its comments are settled.",
                       "Báo cáo đã được chấp nhận: các nhận xét đã khép lại.")
    return report, _thread(session, report, comment_id)


def _check_reply(message: str) -> str:
    message = message.strip()
    if not message:
        raise Invalid("Write a reply first.", "Cần nhập nội dung trả lời.", path="message")
    refusal = text_limits.COMMENT_MESSAGE.refusal(message, "message")
    if refusal is not None:
        raise TooLong(*refusal, path="message")
    return message


def answer_thread(session: Session, user: User, report_id: int, comment_id: int, *,
                  message: str = "", resolve: bool = False) -> ReviewComment:
    """The filer answers a comment (a reply, a resolution, or both); a reviewer replies to
    it or resolves it. Raises Forbidden, NotFound (another enterprise's comment, an internal
    or unreleased one for the filer), Conflict (the report is not where this can be done),
    Invalid (neither a reply nor a resolution), TooLong."""
    desk = can_review_reports(user)
    report, comment = (_desk_thread if desk else _filer_thread)(session, user, report_id, comment_id)
    if not message.strip() and not resolve:
        raise Invalid("Write a reply first.", "Cần nhập nội dung trả lời.", path="message")
    if message.strip():
        text = _check_reply(message)
        # A reviewer's reply reaches the filer with the thread: now if it is with the filer.
        released = utc_now() if (not desk or (comment.released_at_utc is not None
                                              and is_editable(report.status))) else None
        comment.replies.append(ReviewReply(message=text, author_id=user.id, released_at_utc=released))
    if resolve and comment.status is not ThreadStatus.RESOLVED:
        comment.status, comment.resolved_by_id, comment.resolved_at_utc = \
            ThreadStatus.RESOLVED, user.id, utc_now()
    session.flush()
    audit.record(session, user, "comment.resolve" if resolve else "comment.reply",
                 object_type="report", object_id=report.id, details={"comment": comment.id})
    return comment


def reopen_thread(session: Session, reviewer: User, report_id: int, comment_id: int) -> ReviewComment:
    """A reviewer finds the answer short: the comment is open again."""
    _report, comment = _desk_thread(session, reviewer, report_id, comment_id)
    comment.status, comment.resolved_by_id, comment.resolved_at_utc = ThreadStatus.OPEN, None, None
    comment.resolution_note = ""
    session.flush()
    audit.record(session, reviewer, "comment.reopen", object_type="report", object_id=report_id,
                 details={"comment": comment.id})
    return comment


def save_checklist(session: Session, reviewer: User, report_id: int,
                   answers: dict[str, dict[str, Any]]) -> ReviewChecklist:
    report = _reviewer_report(session, reviewer, report_id)
    number = _version_number(report)
    known = {item.key for item in checklist_for(report.form.value)}
    items = {}
    for key, value in answers.items():
        if key in known:  # {"ok": bool, "note": str}, or a bare bool for a ticked box
            answer = value if isinstance(value, dict) else {"ok": value is True}
            items[key] = {"ok": answer.get("ok") is True, "note": str(answer.get("note") or "")[:2000]}
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


def _notify_filers(session: Session, report: Report, *, returned: bool,
                   threads: list[ReviewComment] | None = None) -> None:
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
        if threads:
            vi, en = _thread_list(report, threads)
            body += (f"\n\nNhận xét cần trả lời / Comments to answer ({len(threads)}):\n"
                     f"{vi}\n{en}")
    else:
        subject = f"Báo cáo đã được chấp nhận / Report accepted: {facility}"
        body = (f"Báo cáo của cơ sở {facility} đã được Sở Công Thương Hà Nội chấp nhận.\n\n"
                f"The report of {facility} was accepted by the Hanoi Department of Industry and Trade.")
    for user in users:
        queue_message(session, user.email, subject, body)


__all__ = ["API_CLOSING_NOTE", "Acceptance", "ChecklistIncomplete", "CommentInput", "NotFound",
           "NotUnderReview", "OpenThreads", "TooLong", "VersionChanged", "accept_report",
           "add_comments", "answer_thread", "assign", "check_lengths", "parse_comments",
           "released_comments", "reopen_thread", "return_report", "save_checklist", "start_review"]
