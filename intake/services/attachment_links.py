"""Which attachments a submitted version was certified with.

Called by `intake.services.reports.submit_report` once the new version has its id: every
attachment of the report not removed by then is listed for the version, without copying a
byte. Separate from `intake.services.attachments` (which uses the filing service's checks),
so that the filing service can call it without an import cycle.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import Attachment, ReportVersion, ReportVersionAttachment


def active_attachments(session: Session, report_id: int) -> list[Attachment]:
    """The report's attachments not removed, oldest first."""
    return list(session.scalars(select(Attachment).where(
        Attachment.report_id == report_id, Attachment.removed_at_utc.is_(None))
        .order_by(Attachment.id)))


def link_to_version(session: Session, version: ReportVersion) -> list[Attachment]:
    """List the report's active attachments as those `version` is certified with (the
    version must have been flushed). Returns them, oldest first."""
    attachments = active_attachments(session, version.report_id)
    session.add_all(ReportVersionAttachment(version_id=version.id, attachment_id=a.id)
                    for a in attachments)
    session.flush()
    return attachments


def certified_with(session: Session, versions: Iterable[ReportVersion]) -> dict[int, list[Attachment]]:
    """The attachments each version was certified with, by version id, oldest first (a
    version with none has an empty list)."""
    ids = [v.id for v in versions]
    found: dict[int, list[Attachment]] = {version_id: [] for version_id in ids}
    if not ids:
        return found
    rows = session.execute(
        select(ReportVersionAttachment.version_id, Attachment)
        .join(Attachment, Attachment.id == ReportVersionAttachment.attachment_id)
        .where(ReportVersionAttachment.version_id.in_(ids)).order_by(Attachment.id))
    for version_id, attachment in rows:
        found[version_id].append(attachment)
    return found
