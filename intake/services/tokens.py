"""API bearer tokens: random, shown once, stored as SHA-256, expiring and revocable; and the
revocation of every secret a user holds when the password changes (tokens, one-time links)."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake.models import ApiToken, LinkPurpose, OneTimeLink, User
from intake.models.base import utc_now
from intake.services import audit

TOKEN_LIFETIME = dt.timedelta(hours=12)
TOKEN_PREFIX = "itk_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User, now: dt.datetime | None = None) -> tuple[str, ApiToken]:
    """A new token for `user`: returns the secret (shown once) and its stored record."""
    now = now or utc_now()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user_id=user.id, token_sha256=_digest(secret), created_at_utc=now,
                      expires_at_utc=now + TOKEN_LIFETIME)
    session.add(record)
    session.flush()
    audit.record(session, user, "api.token_issued", object_type="api_token", object_id=record.id)
    return secret, record


def user_for_token(session: Session, secret: str, now: dt.datetime | None = None) -> tuple[User, ApiToken] | None:
    """The active user a live token belongs to, or None (unknown, expired, revoked, inactive)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    record = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == _digest(secret)))
    now = now or utc_now()
    if record is None or record.revoked_at_utc is not None or record.expires_at_utc <= now:
        return None
    if not record.user.is_active:
        return None
    return record.user, record


def revoke_token(session: Session, record: ApiToken) -> None:
    record.revoked_at_utc = utc_now()
    audit.record(session, record.user, "api.token_revoked", object_type="api_token", object_id=record.id)


def revoke_all_tokens(session: Session, user: User, now: dt.datetime | None = None) -> None:
    """Revoke every live token of `user` (password changed or reset: a token taken with the
    old password opens nothing any more)."""
    now = now or utc_now()
    revoked = session.execute(update(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at_utc.is_(None), ApiToken.expires_at_utc > now)
        .values(revoked_at_utc=now)).rowcount
    if revoked:
        audit.record(session, user, "api.tokens_revoked", object_type="user", object_id=user.id,
                     details={"count": revoked})


def revoke_unused_links(session: Session, user: User, purpose: LinkPurpose | None = None,
                        now: dt.datetime | None = None) -> None:
    """Make the user's unused one-time links (of `purpose`, or all) worthless: a newer reset
    link replaces the older ones, and a password just set makes every pending link stale."""
    now = now or utc_now()
    statement = update(OneTimeLink).where(
        OneTimeLink.user_id == user.id, OneTimeLink.used_at_utc.is_(None),
        OneTimeLink.revoked_at_utc.is_(None), OneTimeLink.expires_at_utc > now)
    if purpose is not None:
        statement = statement.where(OneTimeLink.purpose == purpose)
    session.execute(statement.values(revoked_at_utc=now))
