"""People and their account requests."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain.roles import Role
from intake.models import AccountRequest, RequestStatus, User


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def active_reviewers(session: Session) -> list[User]:
    """Who a report can be assigned to, by e-mail."""
    return list(session.scalars(select(User).where(User.role == Role.REVIEWER, User.is_active.is_(True))
                                .order_by(User.email)))


def pending_account_requests(session: Session) -> list[AccountRequest]:
    """Requests waiting for the Department's decision, oldest first."""
    return list(session.scalars(select(AccountRequest).where(AccountRequest.status == RequestStatus.PENDING)
                                .order_by(AccountRequest.created_at_utc)))
