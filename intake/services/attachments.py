"""Evidence attachments: add, list, read and remove the files that back a report.

Who may do what follows the report: anyone who may see a report (`reports.get_report`) lists
and downloads its attachments; only the enterprise's users who may edit it add or remove them,
and only while it is editable (a draft, or returned for correction). A removal is an event
(audited, and in the report's history), never a deletion: the versions certified with the file
keep listing it, and its bytes stay in the store.

The bytes go to the content-addressed store (`intake.storage`), after every check has passed:
a refused upload leaves neither a file nor a row. None of these functions commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.registry import form_definition
from intake.database import begin_writing
from intake.domain import evidence_files
from intake.domain.evidence_files import EvidenceRefused
from intake.domain.roles import can_file_reports
from intake.domain.workflow import RecordedEvent, is_editable
from intake.models import Attachment, Report, ReportEvent, User
from intake.services import audit
from intake.services import reports as filing
from intake.storage import BlobMissing, BlobStore


class AttachmentRefused(filing.FilingError):
    """An upload refused for what it is (empty, too large, not an accepted type, an archive,
    a path naming nothing). `status`: 413 too large, 415 not an accepted type or an archive,
    422 otherwise."""

    STATUSES = {"file_too_large": 413, "file_type_not_accepted": 415, "file_is_archive": 415}

    def __init__(self, refused: EvidenceRefused, path: str = "file") -> None:
        super().__init__(refused.message, refused.message_vi, path=path)
        self.code = refused.code
        self.status = self.STATUSES.get(refused.code, 422)


@dataclass(frozen=True)
class Upload:
    """A file as received: its stream (read here, never past the limit), the name it came
    with, and what the filer says of it."""

    stream: BinaryIO
    filename: str
    path: Any = ""
    description: Any = ""


def _not_found() -> filing.NotFound:
    return filing.NotFound("No such attachment on this report.",
                           "Không tìm thấy tệp đính kèm này trong báo cáo.")


def _editable_report(session: Session, actor: User, report_id: int, *, for_update: bool = False) -> Report:
    """The report, if the actor may change its evidence now. Raises NotFound (not visible),
    Forbidden (not the enterprise's), Conflict (no longer editable)."""
    report = filing.get_report(session, actor, report_id, for_update=for_update)
    if not can_file_reports(actor):
        raise filing.Forbidden("Only the enterprise attaches or removes evidence on its reports.",
                               "Chỉ doanh nghiệp mới được đính kèm hoặc gỡ tài liệu chứng minh "
                               "trong báo cáo của mình.")
    if not is_editable(report.status):
        raise filing.Conflict(
            "This report is with the Department: evidence can be attached or removed only while "
            "it is a draft or returned for correction.",
            "Báo cáo đang ở Sở: chỉ đính kèm hoặc gỡ tài liệu khi báo cáo là bản nháp hoặc đã "
            "được trả lại để chỉnh sửa.")
    return report


def may_change_evidence(session: Session, actor: User, report_id: int) -> Report:
    """The report, when the actor may attach or remove evidence on it now (asked before an
    upload is even read). Raises NotFound, Forbidden, Conflict."""
    return _editable_report(session, actor, report_id)


def _checked_place(report: Report, path: Any) -> str:
    try:
        return evidence_files.check_place(form_definition(report.form.value), report.document or {}, path)
    except EvidenceRefused as refused:
        raise AttachmentRefused(refused, path="path") from None


def add_attachment(session: Session, actor: User, report_id: int, upload: Upload, *,
                   store: BlobStore, limit: int = evidence_files.DEFAULT_MAX_BYTES) -> Attachment:
    """Attach `upload` to the report, on the part of its document `upload.path` names ("" the
    whole report). The bytes are read at most to `limit` + 1, recognised by their content and
    stored once whatever the number of reports they back.

    Raises NotFound, Forbidden, Conflict (not editable), AttachmentRefused (empty, too large,
    not PDF/PNG/JPEG/XLSX, an archive, a path naming no part of the report, a description too
    long)."""
    report = _editable_report(session, actor, report_id)
    path = _checked_place(report, upload.path)
    try:
        description = evidence_files.clean_description(upload.description)
    except EvidenceRefused as refused:
        raise AttachmentRefused(refused, path="description") from None
    try:
        data = evidence_files.read_limited(upload.stream, limit)
        media_type = evidence_files.media_type_of(data)
    except EvidenceRefused as refused:
        raise AttachmentRefused(refused) from None
    # Read and recognised before the write lock; then checked again under it (a submission or
    # an edit may have happened meanwhile).
    begin_writing(session)
    report = _editable_report(session, actor, report_id, for_update=True)
    path = _checked_place(report, path)
    sha256 = store.put(data)
    attachment = Attachment(report_id=report.id, sha256=sha256,
                            name=evidence_files.display_name(upload.filename), size=len(data),
                            media_type=media_type, path=path, description=description,
                            uploaded_by_id=actor.id)
    session.add(attachment)
    session.flush()
    session.add(ReportEvent(report_id=report.id, action=RecordedEvent.ATTACHMENT_ADDED.value,
                            from_status=report.status, to_status=report.status, actor_id=actor.id,
                            note=attachment.name))
    audit.record(session, actor, "attachment.add", object_type="report", object_id=report.id,
                 details=_audit_details(attachment))
    return attachment


def _audit_details(attachment: Attachment) -> dict[str, Any]:
    return {"attachment_id": attachment.id, "name": attachment.name, "sha256": attachment.sha256,
            "size": attachment.size, "media_type": attachment.media_type, "path": attachment.path}


def list_attachments(session: Session, actor: User, report_id: int, *,
                     include_removed: bool = False) -> list[Attachment]:
    """The report's attachments, oldest first (the removed ones too with `include_removed`).
    Raises NotFound when the actor may not see the report."""
    report = filing.get_report(session, actor, report_id)
    statement = select(Attachment).where(Attachment.report_id == report.id).order_by(Attachment.id)
    if not include_removed:
        statement = statement.where(Attachment.removed_at_utc.is_(None))
    return list(session.scalars(statement))


def get_attachment(session: Session, actor: User, report_id: int, attachment_id: int) -> Attachment:
    """One attachment of a report the actor may see (a removed one too: a certified version
    may list it). Raises NotFound, never saying whether it exists elsewhere."""
    report = filing.get_report(session, actor, report_id)
    attachment = session.scalar(select(Attachment).where(
        Attachment.id == attachment_id, Attachment.report_id == report.id))
    if attachment is None:
        raise _not_found()
    return attachment


def read_bytes(store: BlobStore, attachment: Attachment) -> bytes:
    """The attachment's bytes, checked against its SHA-256 by the store's naming. Raises
    NotFound when the store has lost them (a restored database without its instance folder)."""
    try:
        return store.read(attachment.sha256)
    except BlobMissing:
        raise filing.NotFound("The file of this attachment is missing from the store.",
                              "Không tìm thấy tệp của tài liệu đính kèm này trong kho lưu trữ.") from None


def remove_attachment(session: Session, actor: User, report_id: int, attachment_id: int,
                      *, now: dt.datetime | None = None) -> Attachment:
    """Mark the attachment removed from the working copy: it is no longer carried to the next
    version; versions certified with it keep listing it. Raises NotFound, Forbidden,
    Conflict (not editable, or already removed)."""
    _editable_report(session, actor, report_id)
    begin_writing(session)
    report = _editable_report(session, actor, report_id, for_update=True)
    attachment = get_attachment(session, actor, report.id, attachment_id)
    if attachment.removed:
        raise filing.Conflict("This attachment was already removed.", "Tệp đính kèm này đã được gỡ.")
    attachment.removed_at_utc = now or dt.datetime.now(dt.timezone.utc)
    attachment.removed_by_id = actor.id
    session.add(ReportEvent(report_id=report.id, action=RecordedEvent.ATTACHMENT_REMOVED.value,
                            from_status=report.status, to_status=report.status, actor_id=actor.id,
                            note=attachment.name))
    session.flush()
    audit.record(session, actor, "attachment.remove", object_type="report", object_id=report.id,
                 details=_audit_details(attachment))
    return attachment
