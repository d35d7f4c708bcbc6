"""Deadline extensions asked for by an enterprise and decided by the Department."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.domain.extensions import ExtensionStatus
from intake.models.base import Base, UTCDateTime, utc_now
from intake.models.enterprises import Facility
from intake.models.register import FormKind, ReportingPeriod, _enum


class DeadlineExtension(Base):
    """One request for more time for a facility's filing of one form in one period, and its
    decision. Rows are never deleted: a refused request stays, and a second request may follow
    a decision (a second extension), but at most one is pending at a time (the partial unique
    index below)."""

    __tablename__ = "deadline_extensions"
    __table_args__ = (
        Index("uq_deadline_extensions_pending", "facility_id", "period_id", "form", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
        # A granted request carries its date; the others none.
        CheckConstraint("(status = 'granted') = (granted_due_date IS NOT NULL)",
                        name="granted_has_a_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id"), index=True)
    form: Mapped[FormKind] = mapped_column(_enum(FormKind, "extension_form_kind"))
    status: Mapped[ExtensionStatus] = mapped_column(_enum(ExtensionStatus, "extension_status"),
                                                    default=ExtensionStatus.PENDING, index=True)
    reason: Mapped[str] = mapped_column(Text)
    # The date the enterprise would like, if it said (the reviewer decides).
    wished_due_date: Mapped[dt.date | None] = mapped_column(Date)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    granted_due_date: Mapped[dt.date | None] = mapped_column(Date)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    facility: Mapped[Facility] = relationship()
    period: Mapped[ReportingPeriod] = relationship()
    requested_by: Mapped["User"] = relationship(foreign_keys=[requested_by_id])  # noqa: F821
    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id])  # noqa: F821
