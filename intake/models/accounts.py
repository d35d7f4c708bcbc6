"""Users, their roles, their server-side sessions, and the record of attempts (password
guesses, reset mails) used for throttling."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, Index, String, false, true
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
    # Within an enterprise (issue 15): a certifier submits, amends and signs; a preparer
    # (`can_certify` false) creates, edits, validates and attaches evidence. The enterprise's
    # administrator (its first user) invites colleagues and sets these. Meaningless for staff.
    can_certify: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    is_enterprise_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    password_changed_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    enterprise: Mapped[Enterprise | None] = relationship()

    # Not a column: the id of the server-side session this user object was loaded through (or
    # just logged in with); Flask-Login stores it in the cookie (`get_id`).
    session_key = None

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
        # The cookie names a server-side session ("user_id:secret", see UserSession), never the
        # user alone: ending that session on the server (logout, password change) ends the cookie.
        if self.session_key is None:
            raise RuntimeError("no server-side session: start one (intake.services.sessions)")
        return self.session_key

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class SessionEnd(str, enum.Enum):
    LOGOUT = "logout"
    PASSWORD_CHANGE = "password_change"
    PASSWORD_RESET = "password_reset"
    # An administrator disabled the account, or changed its role.
    DISABLED = "disabled"
    ROLE_CHANGE = "role_change"


class UserSession(Base):
    """A login, kept on the server so that it can be ended: the cookie only names it. Only the
    SHA-256 of its secret is stored, so a copy of the database opens no session."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_seen_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[SessionEnd | None] = mapped_column(
        Enum(SessionEnd, name="session_end", native_enum=False,
             values_callable=lambda e: [m.value for m in e], validate_strings=True, length=20))

    user: Mapped[User] = relationship()


class AttemptKind(str, enum.Enum):
    """What was attempted. The first three each test the account's password, so their failures
    are counted together; a reset mail is counted on its own."""

    LOGIN = "login"
    SUBMIT_PASSWORD = "submit_password"
    PASSWORD_CHANGE = "password_change"
    PASSWORD_RESET_MAIL = "password_reset_mail"


class LoginAttempt(Base):
    """One attempt (a password given, a reset mail asked for), kept for throttling; counted in
    the database so that every worker sees the same number."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at_utc"),
        Index("ix_login_attempts_ip_at", "ip_address", "at_utc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AttemptKind] = mapped_column(
        Enum(AttemptKind, name="attempt_kind", native_enum=False,
             values_callable=lambda e: [m.value for m in e], validate_strings=True, length=20),
        default=AttemptKind.LOGIN, server_default=AttemptKind.LOGIN.value)
    email: Mapped[str] = mapped_column(String(254))
    ip_address: Mapped[str] = mapped_column(String(45))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
