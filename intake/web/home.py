"""The home page of each role."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from intake.domain.compliance import today_in_hanoi
from intake.domain.roles import Role
from intake.domain.workflow import FormKind, ReportStatus
from intake.extensions import db
from intake.queries.dashboard import dashboard as dashboard_of

blueprint = Blueprint("home", __name__)

TEMPLATES = {
    Role.ENTERPRISE: "home/enterprise.html",
    Role.REVIEWER: "home/reviewer.html",
    Role.ANALYST: "home/analyst.html",
    Role.ADMIN: "home/admin.html",
}


@blueprint.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for("home.dashboard"))


@blueprint.route("/home")
@login_required
def dashboard():
    return render_template(TEMPLATES[current_user.role], statuses=list(ReportStatus),
                           forms=list(FormKind),
                           **dashboard_of(db.session, current_user, today_in_hanoi()))


@blueprint.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links to; the pages link the SVG."""
    return current_app.send_static_file("favicon.ico")
