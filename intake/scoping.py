"""The one place that decides which enterprise data a user may see.

Every query of enterprises, facilities or reports made on behalf of a user starts from one of
these statements, so that forgetting a `WHERE enterprise_id = ...` cannot happen in a view.
"""
from __future__ import annotations

from sqlalchemy import Select, false, select

from intake.domain.roles import Role
from intake.models import Enterprise, Facility, Report, User


def visible_enterprises(user: User) -> Select:
    statement = select(Enterprise)
    if user.role is Role.ENTERPRISE:
        return statement.where(Enterprise.id == user.enterprise_id)
    return statement


def visible_facilities(user: User) -> Select:
    statement = select(Facility)
    if user.role is Role.ENTERPRISE:
        return statement.where(Facility.enterprise_id == user.enterprise_id)
    return statement


def visible_reports(user: User) -> Select:
    """Enterprise users see their own enterprise's reports; reviewers and admins all reports;
    analysts only accepted ones (the sector database is built from accepted data)."""
    from intake.models import ReportStatus

    statement = select(Report).join(Report.facility)
    if user.role is Role.ENTERPRISE:
        return statement.where(Facility.enterprise_id == user.enterprise_id)
    if user.role is Role.ANALYST:
        return statement.where(Report.status == ReportStatus.ACCEPTED)
    if user.role in (Role.REVIEWER, Role.ADMIN):
        return statement
    return statement.where(false())
