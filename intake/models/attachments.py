"""Evidence attached to a report, and which of it each submitted version was certified with.

An attachment belongs to the report, not to a version: a resubmission or a correction lists
every attachment not removed by then, without copying a byte (the bytes are in the
content-addressed store, `intake.storage`, under `sha256`). Nothing here is ever deleted: a
removal sets `removed_at_utc` and `removed_by_id`, and a version keeps listing what it was
certified with (`ReportVersionAttachment`, written at submission, never changed).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.models.accounts import User
from intake.models.base import Base, UTCDateTime, utc_now
from intake.models.reports import ImmutableRowError


class Attachment(Base):
    """One uploaded file: its bytes' SHA-256, its name as uploaded (no folder part), its size,
    the media type recognised from its content, and the part of the document it evidences
    (`path`: "" for the whole report, else a document path such as `years[0].sources[2]`)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    path: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    removed_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])
    removed_by: Mapped[User | None] = relationship(foreign_keys=[removed_by_id])

    @property
    def removed(self) -> bool:
        return self.removed_at_utc is not None


class ReportVersionAttachment(Base):
    """An attachment a submitted version was certified with: written at submission, never
    updated or deleted (here in the ORM, and by database triggers in migration 0009)."""

    __tablename__ = "report_version_attachments"

    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"), primary_key=True,
                                               index=True)

    attachment: Mapped[Attachment] = relationship()


def _refuse_change(mapper: Any, connection: Any, target: ReportVersionAttachment) -> None:
    raise ImmutableRowError(f"the attachments of version {target.version_id} are immutable")


event.listen(ReportVersionAttachment, "before_update", _refuse_change)
event.listen(ReportVersionAttachment, "before_delete", _refuse_change)
