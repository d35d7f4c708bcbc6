"""API bearer tokens: random, shown once, stored as SHA-256, expiring and revocable."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import ApiToken, User
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
