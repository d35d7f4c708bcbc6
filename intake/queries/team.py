"""An enterprise's team as its users see it: its members with their capabilities, the
consultants it granted, and (for a consultant) the clients that granted it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from intake.domain.roles import Actor, Role
from intake.models import Enterprise, Facility, PreparerGrant, User
from intake.queries.scoping import prepared_enterprise_ids, visible_facilities


def members_of(session: Session, actor: Actor) -> list[User]:
    """The users of the actor's own enterprise, administrators first, then by e-mail."""
    if actor.role is not Role.ENTERPRISE or actor.enterprise_id is None:
        return []
    return list(session.scalars(select(User).where(User.enterprise_id == actor.enterprise_id)
                                .order_by(User.is_enterprise_admin.desc(), User.email)))


def grants_of(session: Session, actor: Actor) -> list[PreparerGrant]:
    """The consultants' grants of the actor's own enterprise, active first, newest first."""
    if actor.role is not Role.ENTERPRISE or actor.enterprise_id is None:
        return []
    return list(session.scalars(
        select(PreparerGrant).where(PreparerGrant.enterprise_id == actor.enterprise_id)
        .options(selectinload(PreparerGrant.grantee).selectinload(User.enterprise))
        .order_by(PreparerGrant.revoked_at_utc.is_not(None), PreparerGrant.granted_at_utc.desc(),
                  PreparerGrant.id.desc())))


def client_enterprises(session: Session, actor: Actor) -> list[Enterprise]:
    """The enterprises that granted the actor (a consultant) the right to prepare, by name."""
    if actor.role is not Role.ENTERPRISE:
        return []
    return list(session.scalars(select(Enterprise).where(Enterprise.id.in_(prepared_enterprise_ids(actor)))
                                .order_by(Enterprise.name)))


def facilities_by_enterprise(session: Session, actor: Actor) -> list[tuple[Enterprise, list[Facility]]]:
    """The facilities the actor prepares for, grouped by their enterprise: its own first,
    then its clients' by name."""
    facilities = list(session.scalars(visible_facilities(actor).order_by(Facility.name)))
    groups: dict[int, list[Facility]] = {}
    enterprises: dict[int, Enterprise] = {}
    for facility in facilities:
        if facility.enterprise is None:
            continue
        groups.setdefault(facility.enterprise_id, []).append(facility)
        enterprises[facility.enterprise_id] = facility.enterprise
    order = sorted(enterprises.values(), key=lambda e: (e.id != actor.enterprise_id, e.name))
    return [(enterprise, groups[enterprise.id]) for enterprise in order]
