"""The Department's review desk: the queue and the review workspace (reviewers; administrators
may look but not act)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.registry import form_definition
from intake.domain.comparison import compare_figures, field_diff
from intake.domain.compliance import today_in_hanoi
from intake.domain.review_checklist import checklist_for
from intake.domain.roles import can_administer, can_review_reports
from intake.domain.workflow import FormKind, ReportStatus
from intake.extensions import db
from intake.queries.periods import communes, reporting_periods
from intake.queries.reports import report_of
from intake.queries.review import QueueFilters, review_queue
from intake.queries.review import workspace as workspace_of
from intake.services import reports as filing
from intake.services import review
from intake.unit_of_work import discard
from intake.web import document_form
from intake.web.guards import either, requires
from intake.web.language import localized
from intake.web.presentation import current_locale

blueprint = Blueprint("review", __name__, url_prefix="/review")

# Reviewers act; administrators may look. Analysts read the statistics, not the desk.
may_open_the_desk = either(can_review_reports, can_administer)


def queue_filters(args) -> QueueFilters:
    """The queue's filters from the query string; what is not understood is no filter."""
    return QueueFilters(
        period=args.get("period", type=int) or None,
        form=FormKind(args["form"]) if args.get("form") in [f.value for f in FormKind] else None,
        commune=args.get("commune") or None,
        sector=args["sector"].strip() if args.get("sector") else None,
        assigned_to_me=args.get("assigned") == "me",
        late=args.get("late") == "1",
        status=args.get("status", "awaiting"),
        sort=args.get("sort", "submitted"))


@blueprint.route("")
@requires(may_open_the_desk)
def queue():
    filters = queue_filters(request.args)
    found = review_queue(db.session, current_user, filters, request.args.get("page", 1, type=int),
                         today_in_hanoi())
    return render_template("review/queue.html", reports=found.reports, counts=found.counts,
                           total=found.total, page=found.page, pages=found.pages, late=found.late,
                           filters=filters, status_arg=filters.status, sort=filters.sort,
                           periods=reporting_periods(db.session), communes=communes(db.session),
                           statuses=list(ReportStatus))


def _workspace_context(found) -> dict:
    report, version, previous_version = found.report, found.version, found.previous_version
    definition = form_definition(report.form.value)
    diff = field_diff(previous_version.document, version.document) \
        if previous_version and version else []
    previous_accepted = found.previous_accepted
    comparison = []
    if previous_accepted is not None and previous_accepted.versions and version is not None:
        comparison = compare_figures(version.result, previous_accepted.versions[-1].result)
    checklist = found.checklist
    document = version.document if version else report.document
    result = version.result if version else report.result
    by_id: dict[str, list[dict]] = {}
    for severity in ("errors", "warnings"):
        for problem in result.get(severity, []):
            by_id.setdefault(document_form.input_id(problem.get("path", "")), []).append(
                {**problem, "severity": severity[:-1]})
    return {"report": report, "definition": definition, "version": version, "diff": diff,
            "previous_accepted": previous_accepted, "comparison": comparison,
            "comments": found.comments,
            "checklist_items": checklist_for(report.form.value),
            "checklist": checklist.items if checklist else {}, "document": document,
            "values": document_form.flatten(definition, document, current_locale()), "result": result,
            "problems_by_id": by_id, "paths": sorted(document_form.flatten(definition, document)),
            "reviewers": found.reviewers, "can_act": can_review_reports(current_user)}


@blueprint.route("/<int:report_id>")
@requires(may_open_the_desk)
def workspace(report_id: int):
    found = workspace_of(db.session, current_user, report_id)
    if found is None:
        abort(404)
    return render_template("review/workspace.html", **_workspace_context(found))


@blueprint.route("/<int:report_id>/act", methods=["POST"])
@requires(can_review_reports)
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
        abort(404)
    except filing.FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("review.workspace", report_id=report_id))
    flash(message, "success")
    return redirect(url_for("review.workspace", report_id=report_id))


def _form_of(report_id: int) -> str:
    report = report_of(db.session, current_user, report_id)
    if report is None:
        abort(404)
    return report.form.value
