"""Reports, their frozen versions and the events of their workflow.

A `Report` holds the working draft; each submission freezes a `ReportVersion`, which is never
updated or deleted (guarded here in the ORM and by database triggers in the migration).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.domain import jsonio
from intake.domain.workflow import ReportStatus
from intake.models.base import Base, JSONDocument, UTCDateTime, utc_now
from intake.models.enterprises import Facility
from intake.models.register import FormKind, ReportingPeriod, _enum


class Report(Base):
    """A facility's filing of one form for one reporting period: the working draft, with the
    versions frozen at each submission.

    At most one report per facility, form and period (the unique index below, NULL periods
    a report without a period counted as one per facility and form): a second would be counted twice in the statistics. `revision` is
    SQLAlchemy's version counter: every UPDATE says `WHERE revision = <the one read>`, so of
    two writers that read the same revision the database lets exactly one through, and the
    other fails (StaleDataError) instead of silently overwriting.
    """

    __tablename__ = "reports"
    __table_args__ = (
        Index("uq_reports_facility_form_period", "facility_id", "form", "period_id", unique=True,
              sqlite_where=text("period_id IS NOT NULL AND superseded_by_id IS NULL"),
              postgresql_where=text("period_id IS NOT NULL AND superseded_by_id IS NULL")),
        # NULLs are distinct to a unique index: a report without a period has its own.
        Index("uq_reports_facility_form_no_period", "facility_id", "form", unique=True,
              sqlite_where=text("period_id IS NULL AND superseded_by_id IS NULL"),
              postgresql_where=text("period_id IS NULL AND superseded_by_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_periods.id"), index=True)
    form: Mapped[FormKind] = mapped_column(_enum(FormKind, "report_form_kind"))
    form_version: Mapped[str] = mapped_column(String(20))
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus, "report_status"), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    # The result document of the working copy as last saved (validation and calculation).
    result: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    # Bumped by the database on every change of the row: the ETag that detects concurrent edits.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # A duplicate of an earlier report for the same facility, form and period, set aside by
    # migration 0004 (the API once allowed them): never counted, never listed.
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The number of the version that counts (Circular 38 Art. 22): set on acceptance, and kept
    # while a correction of it is drafted, submitted or returned, until the correction is
    # accepted in its turn. NULL: never accepted. The statistics read this version only.
    accepted_version_number: Mapped[int | None] = mapped_column(Integer)
    # When the report first reached the Department (for "late"); kept across returns.
    first_submitted_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    facility: Mapped[Facility] = relationship()
    period: Mapped[ReportingPeriod | None] = relationship()
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", order_by="ReportVersion.number"
    )
    events: Mapped[list[ReportEvent]] = relationship(order_by="ReportEvent.id")
    assigned_to: Mapped["User | None"] = relationship(foreign_keys=[assigned_to_id])  # noqa: F821

    __mapper_args__ = {"version_id_col": revision}

    @property
    def accepted_version(self) -> ReportVersion | None:
        """The version that counts (`accepted_version_number`), None if never accepted."""
        return next((v for v in self.versions if v.number == self.accepted_version_number), None)


class ReportVersion(Base):
    """A submitted version exactly as certified: canonical JSON and its SHA-256."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number", name="uq_report_versions_report_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    number: Mapped[int]
    form_version: Mapped[str] = mapped_column(String(20))
    canonical_json: Mapped[str] = mapped_column(Text)
    # The digest identifies content, not a row: two facilities may file identical documents.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    gwp_set: Mapped[str | None] = mapped_column(String(10))
    factor_library_version: Mapped[str | None] = mapped_column(String(40))
    result: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    report: Mapped[Report] = relationship(back_populates="versions")
    submitted_by: Mapped["User"] = relationship()  # noqa: F821

    @property
    def document(self) -> dict[str, Any]:
        """The document as certified, read back exactly (Decimals, never floats)."""
        return jsonio.loads(self.canonical_json)


class ReportEvent(Base):
    """One move of a report's workflow: who, when, from which status to which, and why."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[ReportStatus | None] = mapped_column(_enum(ReportStatus, "event_from_status"))
    to_status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus, "event_to_status"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class ImmutableRowError(RuntimeError):
    """Raised when code tries to change or delete a row that the law requires to stay as filed."""


def _refuse_change(mapper: Any, connection: Any, target: Any) -> None:
    raise ImmutableRowError(f"{type(target).__name__} {target.id} is immutable")


for _model in (ReportVersion,):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_change)
