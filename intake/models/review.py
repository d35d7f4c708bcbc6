"""The Department's review of a report: comments on fields and the review checklist."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.models.accounts import User
from intake.models.base import Base, JSONDocument, UTCDateTime, utc_now


class ReviewComment(Base):
    """A reviewer's comment on one field (`path`) of one submitted version. Internal notes are
    never shown to the filer; the others are released to the filer when the report is
    returned, not before."""

    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    version_number: Mapped[int]
    path: Mapped[str] = mapped_column(String(300), default="")
    message: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    released_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship()


class ReviewChecklist(Base):
    """The checklist of Circular 08/2025/TT-BNNMT Art. 12 as ticked for one version."""

    __tablename__ = "review_checklists"
    __table_args__ = (UniqueConstraint("report_id", "version_number",
                                       name="uq_review_checklists_report_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    version_number: Mapped[int]
    # {item key: {"ok": bool, "note": str}}
    items: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
