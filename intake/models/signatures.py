"""Frozen copies of record and the digitally signed copies uploaded for them (PAdES).

A copy of record is produced once per version and its bytes kept in the content-addressed store
(`intake.storage`): a signature over it stays verifiable whatever the report's status becomes
and however a later release lays out the PDF. Neither row is ever updated or deleted.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.models.base import Base, UTCDateTime, utc_now
from intake.models.reports import ReportVersion


class VersionRecord(Base):
    """The copy of record of one version, as first produced: the SHA-256 of its PDF bytes."""

    __tablename__ = "version_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: of two first downloads at the same moment, one row wins and both serve its bytes.
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class VersionSignature(Base):
    """A signed copy of record of one version that passed every check: who signed, when, with
    which certificate. Refused uploads leave no row (and no stored file)."""

    __tablename__ = "version_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    # The signed PDF's own SHA-256 (its bytes are in the store), and the frozen copy it covers.
    sha256: Mapped[str] = mapped_column(String(64))
    record_sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    signer_name: Mapped[str] = mapped_column(String(400))
    subject: Mapped[str] = mapped_column(Text)
    tax_code: Mapped[str] = mapped_column(String(20))
    certificate_serial: Mapped[str] = mapped_column(String(100))
    certificate_issuer: Mapped[str] = mapped_column(Text)
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    signed_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    version: Mapped[ReportVersion] = relationship()
    uploaded_by: Mapped["User"] = relationship()  # noqa: F821
