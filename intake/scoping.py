"""Moved to `intake.queries.scoping`; import it from there.

Kept only for `intake.services.reports`, which is being changed by others right now: to be
removed once it imports `intake.queries.scoping`.
"""
from intake.queries.scoping import visible_enterprises, visible_facilities, visible_reports

__all__ = ["visible_enterprises", "visible_facilities", "visible_reports"]
