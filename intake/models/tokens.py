"""Secrets handed to people or programs: API bearer tokens and one-time links (password reset,
invitation). Only a SHA-256 of each secret is stored, so a copy of the database opens nothing."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.models.accounts import User
from intake.models.base import Base, UTCDateTime, utc_now


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LinkPurpose(str, enum.Enum):
    PASSWORD_RESET = "password_reset"
    INVITATION = "invitation"


class OneTimeLink(Base):
    __tablename__ = "one_time_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(
        Enum(LinkPurpose, name="link_purpose", native_enum=False,
             values_callable=lambda e: [m.value for m in e], validate_strings=True, length=20))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set when a newer link or a completed password change makes this one worthless.
    revoked_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
