"""Enterprises (identified by tax code) and their facilities."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from forms.validators import is_valid_tax_code
from intake.models.base import Base, UTCDateTime, utc_now


class Enterprise(Base):
    __tablename__ = "enterprises"
    __table_args__ = (
        # 10 digits, or a branch code: the parent's 10 digits, "-", 3 digits. The check digit is
        # verified in Python (see `validates`) since it needs arithmetic SQL cannot share.
        CheckConstraint("length(tax_code) in (10, 14)", name="tax_code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(Text, default="")
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    facilities: Mapped[list[Facility]] = relationship(back_populates="enterprise")

    @validates("tax_code")
    def _check_tax_code(self, _key: str, value: str) -> str:
        value = (value or "").strip()
        if not is_valid_tax_code(value):
            raise ValueError(f"invalid tax code: {value!r}")
        return value

    def __repr__(self) -> str:
        return f"<Enterprise {self.tax_code} {self.name}>"


class Facility(Base):
    """A production or business site. A facility of the obligation register may not yet be
    claimed by an enterprise account, hence the optional enterprise."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(Text, default="")
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), index=True)
    activity: Mapped[str] = mapped_column(Text, default="")
    vsic: Mapped[str | None] = mapped_column(String(10))
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    enterprise: Mapped[Enterprise | None] = relationship(back_populates="facilities")
    commune: Mapped["Commune"] = relationship()  # noqa: F821 (string resolved by the registry)

    def __repr__(self) -> str:
        return f"<Facility {self.id} {self.name}>"
