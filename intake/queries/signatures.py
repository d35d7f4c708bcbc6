"""Frozen copies of record and signed copies of record, read (the caller has already checked
that the actor may see the report: `intake.services.reports.get_report`)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import ReportVersion, VersionRecord, VersionSignature


def frozen_record(session: Session, version_id: int) -> VersionRecord | None:
    return session.scalar(select(VersionRecord).where(VersionRecord.version_id == version_id))


def latest_signature(session: Session, version_id: int) -> VersionSignature | None:
    """The last valid signed copy uploaded for the version, or None."""
    return session.scalar(select(VersionSignature).where(VersionSignature.version_id == version_id)
                          .order_by(VersionSignature.id.desc()).limit(1))


def signatures_by_number(session: Session, report_id: int) -> dict[int, VersionSignature]:
    """The last valid signature of each signed version of the report, by version number."""
    rows = session.execute(
        select(ReportVersion.number, VersionSignature)
        .join(VersionSignature, VersionSignature.version_id == ReportVersion.id)
        .where(ReportVersion.report_id == report_id).order_by(VersionSignature.id)).all()
    return {number: signature for number, signature in rows}
