"""The Department's review of a report: comments on fields and the review checklist."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.domain.review_threads import ThreadStatus
from intake.models.accounts import User
from intake.models.base import Base, JSONDocument, UTCDateTime, utc_now


class ReviewComment(Base):
    """A reviewer's comment on one field (`path`) of one submitted version, and the thread it
    opens (`replies`, `status`). Internal notes are never shown to the filer; the others are
    released to the filer when the report is returned, not before."""

    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    version_number: Mapped[int]
    path: Mapped[str] = mapped_column(String(300), default="")
    # `path` with each row named by its key, as written on `version_number`
    # (`review_threads.anchor_of`); NULL: a path without rows, or a comment kept positional.
    anchor: Mapped[list | None] = mapped_column(JSONDocument, nullable=True)
    message: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    released_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[ThreadStatus] = mapped_column(
        Enum(ThreadStatus, name="thread_status", native_enum=False, length=10,
             values_callable=lambda e: [m.value for m in e]),
        default=ThreadStatus.OPEN, server_default=ThreadStatus.OPEN.value)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolution_note: Mapped[str] = mapped_column(Text, default="", server_default="")

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    replies: Mapped[list[ReviewReply]] = relationship(
        back_populates="comment", order_by="ReviewReply.id", lazy="selectin",
        cascade="all, delete-orphan")


class ReviewReply(Base):
    """One message in a comment's thread: the filer's answer or a reviewer's follow-up. A
    filer's reply is read by the desk at once; a reviewer's reaches the filer when the thread
    is with the filer (released, the report returned), else at the next return."""

    __tablename__ = "review_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("review_comments.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    released_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    comment: Mapped[ReviewComment] = relationship(back_populates="replies")
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
