"""The notifications page, and the count of new notices in every page's header."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, session
from flask_login import current_user, login_required

from intake.domain.roles import Role
from intake.extensions import db
from intake.queries.notifications import NOTICE_LIMIT, Notice, count_new, notifications, previous_visit

blueprint = Blueprint("notifications", __name__)

# In the session cookie (no column may hold it): when the person last opened the page.
SEEN_KEY = "notices_seen_at"


def _seen_at() -> dt.datetime | None:
    """The last look at the page; None for a value that is not an aware moment (the cookie is
    signed, but a value written by an older release must not fail a page)."""
    try:
        seen = dt.datetime.fromisoformat(session[SEEN_KEY])
    except (KeyError, TypeError, ValueError):
        return None
    return seen if seen.tzinfo is not None else None


def _counted_from() -> dt.datetime:
    """New means newer than the last look at the page, or than the previous session."""
    since = previous_visit(db.session, current_user)
    seen = _seen_at()
    return max(since, seen) if seen is not None else since


def unread_notifications() -> int | None:
    """For the header: how many notices are new (None when it cannot be said)."""
    if not current_user.is_authenticated:
        return None
    return count_new(db.session, current_user, _seen_at())


@blueprint.app_context_processor
def _header_count() -> dict:
    return {"unread_notifications": unread_notifications}


def _target(notice: Notice) -> tuple[str, dict] | None:
    """Where a notice leads: the page where the person acts on it."""
    role = current_user.role
    if notice.kind == "reminder":
        return "home.dashboard", {}
    if notice.kind.startswith("extension_"):
        return ("extensions.desk", {}) if role in (Role.REVIEWER, Role.ADMIN) else ("home.dashboard", {})
    if notice.report is None:
        return None
    if role is Role.ENTERPRISE:
        endpoint = {"returned": "filing.edit", "certification_requested": "filing.submit"}.get(
            notice.kind, "filing.history")
        return endpoint, {"report_id": notice.report.id}
    if role in (Role.REVIEWER, Role.ADMIN):
        anchor = {"_anchor": f"thread-{notice.thread.id}"} if notice.thread is not None else {}
        return "review.workspace", {"report_id": notice.report.id, **anchor}
    return "analytics.dashboard", {}


@blueprint.route("/notifications")
@login_required
def index():
    counted_from = _counted_from()
    notices = notifications(db.session, current_user)
    if notices:
        session[SEEN_KEY] = max(n.at_utc for n in notices).isoformat()
    return render_template("notifications/index.html", notices=notices, limit=NOTICE_LIMIT,
                           counted_from=counted_from, target=_target)
