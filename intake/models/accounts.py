"""Users, their roles, and the record of login attempts used for throttling."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from intake.domain.roles import Role
from intake.models.base import Base, UTCDateTime, utc_now
from intake.models.enterprises import Enterprise


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        # An enterprise user always belongs to exactly one enterprise; Department staff to none.
        CheckConstraint(
            "(role = 'enterprise') = (enterprise_id IS NOT NULL)", name="enterprise_membership"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", native_enum=False, values_callable=lambda e: [m.value for m in e],
             validate_strings=True, length=20)
    )
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    password_changed_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    enterprise: Mapped[Enterprise | None] = relationship()

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    # Flask-Login's user protocol, spelled out rather than inherited from a Flask mixin so that
    # the models stay free of Flask.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # The password timestamp is part of the session identity: changing the password ends
        # every other session of that user.
        return f"{self.id}:{self.password_changed_at_utc.strftime('%Y%m%d%H%M%S%f')}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class LoginAttempt(Base):
    """One login attempt, kept for throttling; counted in the database so that every worker
    sees the same number."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at_utc"),
        Index("ix_login_attempts_ip_at", "ip_address", "at_utc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip_address: Mapped[str] = mapped_column(String(45))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
