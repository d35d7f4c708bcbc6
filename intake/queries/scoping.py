"""The one place that decides which enterprise data a user may see.

Every query of enterprises, facilities or reports made on behalf of a user starts from one of
these statements, so that forgetting a `WHERE enterprise_id = ...` cannot happen in a view.
"""
from __future__ import annotations

from sqlalchemy import Select, false, select

from intake.domain.roles import Actor, Role
from intake.domain.workflow import ReportStatus
from intake.models import Enterprise, Facility, Report


def visible_enterprises(user: Actor) -> Select:
    statement = select(Enterprise)
    if user.role is Role.ENTERPRISE:
        return statement.where(Enterprise.id == user.enterprise_id)
    return statement


def visible_facilities(user: Actor) -> Select:
    statement = select(Facility)
    if user.role is Role.ENTERPRISE:
        return statement.where(Facility.enterprise_id == user.enterprise_id)
    return statement


def visible_reports(user: Actor) -> Select:
    """Enterprise users see their own enterprise's reports; reviewers and admins all reports;
    analysts only accepted ones (the sector database is built from accepted data)."""
    # A report set aside as a duplicate (migration 0004) is nobody's to see or count.
    statement = select(Report).join(Report.facility).where(Report.superseded_by_id.is_(None))
    if user.role is Role.ENTERPRISE:
        return statement.where(Facility.enterprise_id == user.enterprise_id)
    if user.role is Role.ANALYST:
        return statement.where(Report.status == ReportStatus.ACCEPTED)
    if user.role in (Role.REVIEWER, Role.ADMIN):
        return statement
    return statement.where(false())
