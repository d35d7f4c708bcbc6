"""Roles and what each may do. Plain predicates, so that web, API and CLI ask the same question."""
from __future__ import annotations

import enum
from typing import Protocol


class Role(str, enum.Enum):
    ENTERPRISE = "enterprise"
    REVIEWER = "reviewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def label_vi(self) -> str:
        return ROLE_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return ROLE_LABELS[self][1]


ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.ENTERPRISE: ("Doanh nghiệp", "Enterprise"),
    Role.REVIEWER: ("Cán bộ thẩm định", "Reviewer"),
    Role.ANALYST: ("Cán bộ phân tích", "Analyst"),
    Role.ADMIN: ("Quản trị hệ thống", "Administrator"),
}


class Actor(Protocol):
    role: Role
    enterprise_id: int | None


def is_department_staff(actor: Actor) -> bool:
    return actor.role in (Role.REVIEWER, Role.ANALYST, Role.ADMIN)


def can_see_enterprise(actor: Actor, enterprise_id: int | None) -> bool:
    """Department staff see every enterprise; an enterprise user only its own."""
    if actor.role is Role.ENTERPRISE:
        return enterprise_id is not None and actor.enterprise_id == enterprise_id
    return is_department_staff(actor)


def can_file_reports(actor: Actor) -> bool:
    return actor.role is Role.ENTERPRISE


def can_review_reports(actor: Actor) -> bool:
    return actor.role is Role.REVIEWER


def can_read_internal_comments(actor: Actor) -> bool:
    """Reviewers' internal notes are for the review desk (reviewers and administrators, who
    open it); an analyst or an enterprise reads only what was released to the filer."""
    return actor.role in (Role.REVIEWER, Role.ADMIN)


def can_manage_register(actor: Actor) -> bool:
    return actor.role in (Role.REVIEWER, Role.ADMIN)


def can_read_statistics(actor: Actor) -> bool:
    return actor.role in (Role.ANALYST, Role.REVIEWER, Role.ADMIN)


def can_administer(actor: Actor) -> bool:
    return actor.role is Role.ADMIN
