"""People and their account requests."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from intake.domain.roles import Role
from intake.models import AccountRequest, Enterprise, RequestStatus, User


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


USERS_PAGE = 50


def search_users(session: Session, text: str = "", role: str = "", page: int = 1) -> tuple[list[User], int]:
    """Accounts whose e-mail, name or enterprise (name or tax code) contains `text`, of `role`
    when given, by e-mail; (a page of them, how many match)."""
    statement = select(User).outerjoin(Enterprise, Enterprise.id == User.enterprise_id)
    if text:
        pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(or_(*(func.lower(column).like(pattern, escape="\\") for column in (
            User.email, User.full_name, Enterprise.name, Enterprise.tax_code))))
    if role:
        statement = statement.where(User.role == role)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    users = session.scalars(statement.order_by(User.email).offset((page - 1) * USERS_PAGE).limit(USERS_PAGE)).all()
    return list(users), total
