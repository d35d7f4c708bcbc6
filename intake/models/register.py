"""The register of obligations: which facility must file what, on which legal basis, and the
reporting periods in which they file (plan IV.1 e)."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.domain.workflow import FormKind
from intake.models.base import Base, UTCDateTime, utc_now
from intake.models.enterprises import Facility


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e],
                validate_strings=True, length=30)


class Obligation(Base):
    """A facility's duty to file one form, with its legal basis. Rows are never deleted: a
    removal is recorded with its reason, so the register's history can always be shown."""

    __tablename__ = "obligations"
    __table_args__ = (
        # At most one active obligation of a kind per facility.
        Index("uq_obligations_active", "facility_id", "form", unique=True,
              sqlite_where=text("removed_at_utc IS NULL"),
              postgresql_where=text("removed_at_utc IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    form: Mapped[FormKind] = mapped_column(_enum(FormKind, "form_kind"))
    legal_basis: Mapped[str] = mapped_column(String(200))
    # Where in the legal basis the facility is named (e.g. the row number in Decision 42/2026).
    basis_reference: Mapped[str] = mapped_column(String(100), default="")
    sector: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    removal_reason: Mapped[str | None] = mapped_column(Text)

    facility: Mapped[Facility] = relationship()
    added_by: Mapped["User | None"] = relationship(foreign_keys=[added_by_id])  # noqa: F821
    removed_by: Mapped["User | None"] = relationship(foreign_keys=[removed_by_id])  # noqa: F821


class ReportingPeriod(Base):
    """A filing round: which form, which data years, when it opens and when it is due."""

    __tablename__ = "reporting_periods"
    __table_args__ = (
        CheckConstraint("first_data_year <= last_data_year", name="data_years_ordered"),
        CheckConstraint("opens_on <= due_on", name="opens_before_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form: Mapped[FormKind] = mapped_column(_enum(FormKind, "period_form_kind"))
    name: Mapped[str] = mapped_column(String(200))
    first_data_year: Mapped[int]
    last_data_year: Mapped[int]
    opens_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    @property
    def data_years(self) -> list[int]:
        return list(range(self.first_data_year, self.last_data_year + 1))
