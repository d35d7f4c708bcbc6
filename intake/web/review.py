"""The Department's review desk: the queue and the review workspace (reviewers; admins and
analysts may look but not act)."""
from __future__ import annotations

import datetime as dt
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select

from forms.registry import form_definition
from intake.domain.comparison import compare_figures, field_diff
from intake.domain.review_checklist import checklist_for
from intake.domain.roles import Role, can_review_reports
from intake.domain.workflow import FormKind, ReportStatus
from intake.extensions import db
from intake.models import (Commune, Facility, Report, ReportingPeriod, ReviewChecklist,
                           ReviewComment, User)
from intake.scoping import visible_reports
from intake.services import reports as filing
from intake.services import review
from intake.web import document_form
from intake.web.language import localized
from intake.web.presentation import current_locale

blueprint = Blueprint("review", __name__, url_prefix="/review")

PAGE_SIZE = 25
AWAITING = (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW)
SORTS = {
    "submitted": Report.first_submitted_at_utc.asc(),
    "-submitted": Report.first_submitted_at_utc.desc(),
    "facility": Facility.name.asc(),
    "updated": Report.updated_at_utc.desc(),
}


def department_only(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        if current_user.role not in (Role.REVIEWER, Role.ADMIN):
            abort(403)
        return view(*args, **kwargs)

    return login_required(guarded)


def reviewers_only(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        if not can_review_reports(current_user):
            abort(403)
        return view(*args, **kwargs)

    return login_required(guarded)


def _filtered(args) -> tuple:
    statement = visible_reports(current_user).outerjoin(ReportingPeriod, Report.period_id == ReportingPeriod.id)
    filters = {}
    if args.get("period", type=int):
        filters["period"] = args.get("period", type=int)
        statement = statement.where(Report.period_id == filters["period"])
    if args.get("form") in [f.value for f in FormKind]:
        filters["form"] = args["form"]
        statement = statement.where(Report.form == FormKind(args["form"]))
    if args.get("commune"):
        filters["commune"] = args["commune"]
        statement = statement.where(Facility.commune_code == args["commune"])
    if args.get("sector"):
        filters["sector"] = args["sector"].strip()
        statement = statement.where(Facility.vsic.startswith(filters["sector"]))
    if args.get("assigned") == "me":
        filters["assigned"] = "me"
        statement = statement.where(Report.assigned_to_id == current_user.id)
    if args.get("late") == "1":
        filters["late"] = "1"
        today_utc = dt.datetime.now(dt.timezone.utc)
        statement = statement.where(ReportingPeriod.due_on.is_not(None), or_(
            func.date(Report.first_submitted_at_utc) > ReportingPeriod.due_on,
            (Report.first_submitted_at_utc.is_(None)) & (ReportingPeriod.due_on < today_utc.date())))
    return statement, filters


@blueprint.route("")
@department_only
def queue():
    statement, filters = _filtered(request.args)
    counts_query = statement.with_only_columns(Report.status, func.count()).group_by(Report.status)
    counts = dict(db.session.execute(counts_query.order_by(None)).all())
    status_arg = request.args.get("status", "awaiting")
    if status_arg == "awaiting":
        statement = statement.where(Report.status.in_(AWAITING))
    elif status_arg in [s.value for s in ReportStatus]:
        statement = statement.where(Report.status == ReportStatus(status_arg))
    sort = request.args.get("sort", "submitted")
    statement = statement.order_by(SORTS.get(sort, SORTS["submitted"]), Report.id)
    total = db.session.scalar(statement.with_only_columns(func.count()).order_by(None))
    page = max(request.args.get("page", 1, type=int), 1)
    reports = db.session.scalars(statement.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    periods = db.session.scalars(select(ReportingPeriod).order_by(ReportingPeriod.due_on.desc())).all()
    communes = db.session.scalars(select(Commune).order_by(Commune.name)).all()
    return render_template("review/queue.html", reports=reports, counts=counts, total=total,
                           page=page, pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
                           filters=filters, status_arg=status_arg, sort=sort, periods=periods,
                           communes=communes, statuses=list(ReportStatus))


def _workspace_context(report: Report) -> dict:
    definition = form_definition(report.form.value)
    version = filing.latest_version(report)
    previous_version = report.versions[-2] if len(report.versions) > 1 else None
    diff = field_diff(previous_version.document, version.document) \
        if previous_version and version else []
    previous_accepted = db.session.scalar(
        select(Report).where(Report.facility_id == report.facility_id, Report.form == report.form,
                             Report.status == ReportStatus.ACCEPTED, Report.id != report.id)
        .order_by(Report.updated_at_utc.desc()))
    comparison = []
    if previous_accepted is not None and previous_accepted.versions and version is not None:
        comparison = compare_figures(version.result, previous_accepted.versions[-1].result)
    comments = db.session.scalars(select(ReviewComment).where(ReviewComment.report_id == report.id)
                                  .order_by(ReviewComment.id)).all()
    checklist = db.session.scalar(select(ReviewChecklist).where(
        ReviewChecklist.report_id == report.id,
        ReviewChecklist.version_number == (version.number if version else 0)))
    document = version.document if version else report.document
    result = version.result if version else report.result
    by_id: dict[str, list[dict]] = {}
    for severity in ("errors", "warnings"):
        for problem in result.get(severity, []):
            by_id.setdefault(document_form.input_id(problem.get("path", "")), []).append(
                {**problem, "severity": severity[:-1]})
    reviewers = db.session.scalars(select(User).where(User.role == Role.REVIEWER, User.is_active.is_(True))
                                   .order_by(User.email)).all()
    return {"report": report, "definition": definition, "version": version, "diff": diff,
            "previous_accepted": previous_accepted, "comparison": comparison, "comments": comments,
            "checklist_items": checklist_for(report.form.value),
            "checklist": checklist.items if checklist else {}, "document": document,
            "values": document_form.flatten(definition, document, current_locale()), "result": result,
            "problems_by_id": by_id, "paths": sorted(document_form.flatten(definition, document)),
            "reviewers": reviewers, "can_act": can_review_reports(current_user)}


@blueprint.route("/<int:report_id>")
@department_only
def workspace(report_id: int):
    try:
        report = filing.get_report(db.session, current_user, report_id)
    except filing.NotFound:
        abort(404)
    return render_template("review/workspace.html", **_workspace_context(report))


@blueprint.route("/<int:report_id>/act", methods=["POST"])
@reviewers_only
def act(report_id: int):
    """One form, several buttons: comment, checklist, start, assign, return, accept."""
    action = request.form.get("action", "")
    comments = []
    if request.form.get("comment_message", "").strip():
        comments.append(review.CommentInput(request.form.get("comment_path", ""),
                                            request.form["comment_message"].strip(),
                                            request.form.get("comment_internal") == "1"))
    note = request.form.get("note", "")
    try:
        if action == "comment":
            if not comments:
                flash(_("Write a comment first."), "error")
                return redirect(url_for("review.workspace", report_id=report_id))
            review.add_comments(db.session, current_user, report_id, comments)
            message = _("Comment added.")
        elif action == "checklist":
            answers = {item: {"ok": request.form.get(f"check_{item}") == "1",
                              "note": request.form.get(f"note_{item}", "")}
                       for item in (i.key for i in checklist_for(_form_of(report_id)))}
            review.save_checklist(db.session, current_user, report_id, answers)
            message = _("Checklist saved.")
        elif action == "start":
            review.start_review(db.session, current_user, report_id)
            message = _("Review started.")
        elif action == "assign":
            assignee = request.form.get("assignee", type=int)
            review.assign(db.session, current_user, report_id, assignee)
            message = _("Assignment saved.")
        elif action == "return":
            review.return_report(db.session, current_user, report_id, comments=comments, note=note)
            message = _("The report was returned to the enterprise with your comments.")
        elif action == "accept":
            review.accept_report(db.session, current_user, report_id, note=note, comments=comments)
            message = _("The report was accepted.")
        else:
            abort(400)
    except filing.NotFound:
        db.session.rollback()
        abort(404)
    except filing.FilingError as error:
        db.session.rollback()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("review.workspace", report_id=report_id))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("review.workspace", report_id=report_id))


def _form_of(report_id: int) -> str:
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    return report.form.value
