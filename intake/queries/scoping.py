"""The one place that decides which enterprise data a user may see.

Every query of enterprises, facilities or reports made on behalf of a user starts from one of
these statements, so that forgetting a `WHERE enterprise_id = ...` cannot happen in a view.

An enterprise user sees its own enterprise and the client enterprises whose active grant
names it (a consultant, `intake.models.grants`): the grants are read in the same statement, so
a revoked grant ends the access at the next query.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, or_, select

from intake.domain.roles import Actor, Role
from intake.models import Enterprise, Facility, PreparerGrant, Report


def prepared_enterprise_ids(user: Actor) -> Select:
    """The ids of the enterprises that granted `user` (a consultant) the right to prepare
    their reports, grants not revoked."""
    return select(PreparerGrant.enterprise_id).where(
        PreparerGrant.grantee_id == getattr(user, "id", None), PreparerGrant.revoked_at_utc.is_(None))


def _own_or_granted(column: ColumnElement, user: Actor) -> ColumnElement[bool]:
    return or_(column == user.enterprise_id, column.in_(prepared_enterprise_ids(user)))


def visible_enterprises(user: Actor) -> Select:
    statement = select(Enterprise)
    if user.role is Role.ENTERPRISE:
        return statement.where(_own_or_granted(Enterprise.id, user))
    return statement


def visible_facilities(user: Actor) -> Select:
    statement = select(Facility)
    if user.role is Role.ENTERPRISE:
        return statement.where(_own_or_granted(Facility.enterprise_id, user))
    return statement


def visible_reports(user: Actor) -> Select:
    """Enterprise users see their own enterprise's reports (and their clients'); reviewers and admins all reports;
    analysts only accepted ones (the sector database is built from accepted data)."""
    # A report set aside as a duplicate (migration 0004) is nobody's to see or count.
    statement = select(Report).join(Report.facility).where(Report.superseded_by_id.is_(None))
    if user.role is Role.ENTERPRISE:
        return statement.where(_own_or_granted(Facility.enterprise_id, user))
    if user.role is Role.ANALYST:
        # Accepted, or under correction: its accepted version still counts (Art. 22).
        return statement.where(Report.accepted_version_number.is_not(None))
    if user.role in (Role.REVIEWER, Role.ADMIN):
        return statement
    return statement.where(false())
