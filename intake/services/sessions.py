"""Server-side sessions. The signed cookie only names a session ("user_id:secret"); the session
itself lives here, so that logout, a password change or a reset ends it for every copy of the
cookie. A session ends absolutely `lifetime` after login and after `idle_timeout` without a
request. Only the SHA-256 of its secret is stored."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, contains_eager

from intake.database import SQLITE_BUSY_TIMEOUT_MS, may_write
from intake.models import SessionEnd, User, UserSession
from intake.models.base import utc_now

SECRET_MAX_LENGTH = 100
# How long a reading request's last-seen mark may wait for another writer's lock before it is
# left to the next request: a page that only reads must never queue behind a writer (nor fail
# after SQLite's 15-second busy timeout, intake.database), and the mark is not worth a wait.
MARK_LOCK_WAIT_MS = 100


@dataclass(frozen=True)
class SessionPolicy:
    lifetime: dt.timedelta = dt.timedelta(hours=8)
    idle_timeout: dt.timedelta = dt.timedelta(hours=2)
    # Last-seen is written at most this often, not on every request.
    touch_interval: dt.timedelta = dt.timedelta(minutes=1)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SessionPolicy:
        lifetime = config["PERMANENT_SESSION_LIFETIME"]
        if not isinstance(lifetime, dt.timedelta):
            lifetime = dt.timedelta(seconds=lifetime)
        return cls(lifetime=lifetime, idle_timeout=dt.timedelta(seconds=config["SESSION_IDLE_TIMEOUT_SECONDS"]))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def start_session(session: Session, user: User, policy: SessionPolicy,
                  now: dt.datetime | None = None) -> str:
    """A new session of `user`; returns its key (also set as `user.session_key`, which
    Flask-Login stores in the cookie). The caller is a writing request."""
    now = now or utc_now()
    secret = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user.id, secret_sha256=_digest(secret), created_at_utc=now,
                            last_seen_at_utc=now, expires_at_utc=now + policy.lifetime))
    user.session_key = f"{user.id}:{secret}"
    return user.session_key


def _live_session(session: Session, session_key: str, policy: SessionPolicy,
                  now: dt.datetime) -> UserSession | None:
    user_id, _sep, secret = (session_key or "").partition(":")
    if not user_id.isdigit() or not secret or len(secret) > SECRET_MAX_LENGTH:
        return None
    # The user comes in the same query: this runs on every request.
    record = session.scalar(select(UserSession).join(UserSession.user)
                            .options(contains_eager(UserSession.user))
                            .where(UserSession.secret_sha256 == _digest(secret)))
    if (record is None or record.user_id != int(user_id) or record.ended_at_utc is not None
            or record.expires_at_utc <= now or record.last_seen_at_utc + policy.idle_timeout <= now
            or not record.user.is_active):
        return None
    return record


def user_of_session(session: Session, session_key: str, policy: SessionPolicy,
                    now: dt.datetime | None = None) -> User | None:
    """The active user of a live session (not ended, not past its lifetime, not idle too long),
    or None; notes the request as activity of the session."""
    now = now or utc_now()
    record = _live_session(session, session_key, policy, now)
    if record is None:
        return None
    if now - record.last_seen_at_utc >= policy.touch_interval:
        _note_activity(session, record, policy, now)
    record.user.session_key = session_key
    return record.user


def _note_activity(session: Session, record: UserSession, policy: SessionPolicy, now: dt.datetime) -> None:
    if may_write.get():
        # A writing request holds the write lock already: the mark is committed with it.
        record.last_seen_at_utc = now
        return
    # A reading request takes no write lock (intake.database): the mark gets a transaction of
    # its own, on its own connection, which holds SQLite's lock for one short UPDATE instead of
    # making a whole page a writer. The condition keeps concurrent requests from writing twice.
    # A read that began writing after all (a view marked `writes_late`) is left alone: its lock
    # would block this connection; the next request writes the mark.
    if _holds_write_lock(session):
        return
    with session.get_bind().connect() as connection:
        try:
            with _waiting_briefly_for_locks(connection):
                connection.execute(update(UserSession).where(
                    UserSession.id == record.id,
                    UserSession.last_seen_at_utc <= now - policy.touch_interval).values(last_seen_at_utc=now))
                connection.commit()
        except OperationalError:
            # Another writer holds the lock (SQLite's database, PostgreSQL's row): the next request
            # writes the mark; leaving the block rolls this connection back.
            pass


@contextmanager
def _waiting_briefly_for_locks(connection: Connection) -> Iterator[None]:
    if connection.dialect.name != "sqlite":
        # Ends with the transaction (PostgreSQL's own default is to wait for ever).
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{MARK_LOCK_WAIT_MS}ms'")
        yield
        return
    # SQLite's busy timeout belongs to the pooled connection: set back for whoever takes it next.
    connection.exec_driver_sql(f"PRAGMA busy_timeout={MARK_LOCK_WAIT_MS}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def _holds_write_lock(session: Session) -> bool:
    # PostgreSQL locks rows, not the database: only a writer of this very row would block, and
    # the requests that end sessions are writing requests (handled above); another request's
    # writer of the row is waited for only briefly.
    if session.get_bind().dialect.name != "sqlite":
        return False
    return bool(session.connection().connection.dbapi_connection.in_transaction)


def end_session(session: Session, session_key: str, reason: SessionEnd = SessionEnd.LOGOUT,
                now: dt.datetime | None = None) -> None:
    """End the named session (logout); a session already ended stays as it ended."""
    _user_id, _sep, secret = (session_key or "").partition(":")
    session.execute(update(UserSession).where(
        UserSession.secret_sha256 == _digest(secret), UserSession.ended_at_utc.is_(None))
        .values(ended_at_utc=now or utc_now(), end_reason=reason))


def end_all_sessions(session: Session, user: User, reason: SessionEnd,
                     now: dt.datetime | None = None) -> None:
    """End every live session of `user` (password changed or reset)."""
    session.execute(update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at_utc.is_(None))
        .values(ended_at_utc=now or utc_now(), end_reason=reason))
