"""Throttling of password guesses and of reset mails, counted in the database so that every
worker sees the same numbers.

A password is tested at login, when it is re-entered to certify a submission, and when it is
changed; the failures of all three count together, since each is a guess at the same secret.
Three limits over one sliding window, none of which a stranger can turn against others:

- per account and address: what a forgetful person (or a guesser) hits first;
- per account, from anywhere: much higher, so that a stranger locking his own address out of a
  chosen account does not lock that account's owner out, while a guesser spread over many
  addresses is still bounded;
- per address, whatever the account: one address cannot sweep through many accounts.

Refused attempts are not recorded: they tested nothing, and counting them would let a stranger
who keeps knocking push a chosen account over its own limit from one address.

The real client address needs `INTAKE_TRUSTED_PROXIES` behind a proxy (intake.app); without it
every user shares the proxy's address and the per-address limit is everyone's.
"""
from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.database import begin_writing
from intake.models import AttemptKind, LoginAttempt, User
from intake.models.base import utc_now
from intake.security.passwords import verify_password

PASSWORD_KINDS = (AttemptKind.LOGIN, AttemptKind.SUBMIT_PASSWORD, AttemptKind.PASSWORD_CHANGE)
ADDRESS_LENGTH = 45  # an IPv6 address in its longest text form


@dataclass(frozen=True)
class LoginPolicy:
    """Limits on failed password attempts within `window_seconds`, and the hashing profile."""

    max_failures_per_account_and_address: int = 5
    max_failures_per_account: int = 50
    max_failures_per_address: int = 30
    window_seconds: int = 15 * 60
    hash_profile: str = "standard"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LoginPolicy:
        return cls(
            max_failures_per_account_and_address=config["LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS"],
            max_failures_per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
            max_failures_per_address=config["LOGIN_MAX_FAILURES_PER_IP"],
            window_seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"],
            hash_profile=config["PASSWORD_HASH_PROFILE"],
        )


@dataclass(frozen=True)
class ResetMailPolicy:
    """At most so many reset mails per account, and reset requests per address, per window."""

    max_per_account: int = 3
    max_per_address: int = 20
    window_seconds: int = 3600

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ResetMailPolicy:
        return cls(max_per_account=config["RESET_MAILS_PER_ACCOUNT_PER_HOUR"],
                   max_per_address=config["RESET_REQUESTS_PER_ADDRESS_PER_HOUR"])


class PasswordCheck(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    THROTTLED = "throttled"


def normalised_email(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def _count(session: Session, *conditions: Any) -> int:
    return session.scalar(select(func.count(LoginAttempt.id)).where(*conditions)) or 0


def password_guesses_throttled(session: Session, email: str, address: str, policy: LoginPolicy,
                               now: dt.datetime | None = None) -> bool:
    """Whether a password for `email` from `address` may not be tested now."""
    now = now or utc_now()
    recent_failures = (LoginAttempt.kind.in_(PASSWORD_KINDS), LoginAttempt.succeeded.is_(False),
                       LoginAttempt.at_utc >= now - dt.timedelta(seconds=policy.window_seconds))
    email, address = normalised_email(email), address[:ADDRESS_LENGTH]
    return (
        _count(session, *recent_failures, LoginAttempt.email == email,
               LoginAttempt.ip_address == address) >= policy.max_failures_per_account_and_address
        or _count(session, *recent_failures, LoginAttempt.email == email) >= policy.max_failures_per_account
        or _count(session, *recent_failures, LoginAttempt.ip_address == address) >= policy.max_failures_per_address
    )


def record_attempt(session: Session, kind: AttemptKind, email: str, address: str, succeeded: bool,
                   now: dt.datetime | None = None) -> None:
    """Count an attempt; takes the write lock (intake.database.begin_writing) first."""
    begin_writing(session)
    session.add(LoginAttempt(kind=kind, email=normalised_email(email), ip_address=address[:ADDRESS_LENGTH],
                             succeeded=succeeded, at_utc=now or utc_now()))


def check_password_again(session: Session, user: User, password: Any, *, kind: AttemptKind,
                         address: str, policy: LoginPolicy, now: dt.datetime | None = None) -> PasswordCheck:
    """A logged-in user's password, given again to confirm an act (certifying a submission,
    changing the password): counted and throttled like a login. A wrong one is recorded, so the
    caller keeps this request's writes even though it refuses it
    (intake.unit_of_work.keep_even_if_refused)."""
    if password_guesses_throttled(session, user.email, address, policy, now):
        return PasswordCheck.THROTTLED
    if isinstance(password, str) and verify_password(user.password_hash, password, policy.hash_profile):
        return PasswordCheck.RIGHT
    record_attempt(session, kind, user.email, address, succeeded=False, now=now)
    return PasswordCheck.WRONG


def reset_mail_allowed(session: Session, email: str, address: str, policy: ResetMailPolicy,
                       now: dt.datetime | None = None) -> bool:
    """Whether a reset mail may be sent to `email` for a request from `address`: at most
    `max_per_account` mails to one account and `max_per_address` requests (answered or not)
    from one address per window."""
    now = now or utc_now()
    recent = (LoginAttempt.kind == AttemptKind.PASSWORD_RESET_MAIL,
              LoginAttempt.at_utc >= now - dt.timedelta(seconds=policy.window_seconds))
    mails_to_account = _count(session, *recent, LoginAttempt.email == normalised_email(email),
                              LoginAttempt.succeeded.is_(True))
    requests_from_address = _count(session, *recent, LoginAttempt.ip_address == address[:ADDRESS_LENGTH])
    return mails_to_account < policy.max_per_account and requests_from_address < policy.max_per_address
