"""The audit log as staff read it: newest first, filtered, a page at a time."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.models import AuditEntry

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    actor: str = ""  # part of the actor's e-mail
    since: dt.datetime | None = None  # aware, inclusive
    until: dt.datetime | None = None  # aware, exclusive


def audit_page(session: Session, where: AuditFilter, page: int = 1) -> tuple[list[AuditEntry], int]:
    """(entries of `page`, how many match in all)."""
    statement = select(AuditEntry)
    if where.action:
        statement = statement.where(AuditEntry.action == where.action)
    if where.object_type:
        statement = statement.where(AuditEntry.object_type == where.object_type)
    if where.object_id:
        statement = statement.where(AuditEntry.object_id == where.object_id)
    if where.actor:
        pattern = "%" + where.actor.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(func.lower(AuditEntry.actor_email).like(pattern, escape="\\"))
    if where.since is not None:
        statement = statement.where(AuditEntry.at_utc >= where.since)
    if where.until is not None:
        statement = statement.where(AuditEntry.at_utc < where.until)
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    entries = session.scalars(statement.order_by(AuditEntry.id.desc())
                              .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return list(entries), total or 0


def audit_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
