"""Roles and what each may do. Plain predicates, so that web, API and CLI ask the same question."""
from __future__ import annotations

import enum
from collections.abc import Collection
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


def can_see_enterprise(actor: Actor, enterprise_id: int | None, granted: Collection[int] = ()) -> bool:
    """Department staff see every enterprise; an enterprise user its own, and those that
    granted it the right to prepare their reports (`granted`: the enterprise ids of its active
    grants, `intake.queries.scoping.prepared_enterprise_ids`)."""
    if actor.role is Role.ENTERPRISE:
        return enterprise_id is not None and (actor.enterprise_id == enterprise_id
                                              or enterprise_id in granted)
    return is_department_staff(actor)


def can_prepare_for(actor: Actor, enterprise_id: int | None, granted: Collection[int] = ()) -> bool:
    """Create, edit and validate reports and attach evidence for this enterprise: any of its
    users (preparer or certifier), or a consultant it granted (`granted` as above)."""
    return actor.role is Role.ENTERPRISE and can_see_enterprise(actor, enterprise_id, granted)


def can_file_reports(actor: Actor) -> bool:
    return actor.role is Role.ENTERPRISE


def can_certify_for(actor: Actor, enterprise_id: int | None) -> bool:
    """Submit, amend and sign for this enterprise: a member of it who is not a mere preparer
    (`can_certify`). A consultant preparing for a client enterprise never certifies for it."""
    return (actor.role is Role.ENTERPRISE and enterprise_id is not None
            and actor.enterprise_id == enterprise_id and getattr(actor, "can_certify", True))


def can_manage_team(actor: Actor) -> bool:
    """Invite colleagues, set who certifies, grant consultants: the enterprise's administrator."""
    return actor.role is Role.ENTERPRISE and bool(getattr(actor, "is_enterprise_admin", False))


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


def can_read_audit_log(actor: Actor) -> bool:
    """Staff who answer for the record: the review desk and the administrators."""
    return actor.role in (Role.REVIEWER, Role.ADMIN)


def can_administer(actor: Actor) -> bool:
    return actor.role is Role.ADMIN
