"""The Department's review desk: the queue and the review workspace (reviewers; administrators
may look but not act)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.definition import Field, Group, Section, Table, direct_children
from forms.labels import label_path
from forms.registry import form_definition
from intake.domain.comparison import compare_figures, field_diff
from intake.domain.compliance import today_in_hanoi
from intake.domain.review_checklist import checklist_for
from intake.domain.review_threads import ThreadStatus
from intake.domain.roles import can_administer, can_review_reports
from intake.domain.workflow import FormKind, ReportStatus
from intake.extensions import db
from intake.queries.periods import communes, reporting_periods
from intake.queries.reports import report_of
from intake.queries.review import QueueFilters, readiness, review_queue, thread_place
from intake.queries.review import workspace as workspace_of
from intake.queries.text_search import MAX_SEARCH_LENGTH
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
        search=args.get("q", "").strip()[:MAX_SEARCH_LENGTH],
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
    diff = field_diff(previous_version.document, version.document, definition,
                      current_locale()) if previous_version and version else []
    previous_accepted = found.previous_accepted
    comparison = []
    if previous_accepted is not None and previous_accepted.accepted_version and version is not None:
        comparison = compare_figures(version.result, previous_accepted.accepted_version.result,
                                     current_locale())
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
            "comments": _comments_by_place(report, found.comments, document),
            "checklist_items": checklist_for(report.form.value),
            "checklist": checklist.items if checklist else {}, "document": document,
            "values": document_form.flatten(definition, document, current_locale()), "result": result,
            "problems_by_id": by_id, "picker": comment_picker(definition, document, current_locale()),
            "threads": [c for c in found.comments if not c.internal],
            "notes": [c for c in found.comments if c.internal],
            "open_threads": [c for c in found.comments if not c.internal and c.status is ThreadStatus.OPEN],
            "reviewers": found.reviewers, "can_act": can_review_reports(current_user)}


def _comments_by_place(report, comments, document) -> dict[str, list]:
    """The comments by the path where each is in the version shown (by its rows' keys), for
    the read-only document; a comment on a removed line is at no field."""
    by_path: dict[str, list] = {}
    for comment in comments:
        place = thread_place(report, comment, document)
        if not place.removed:
            by_path.setdefault(place.path, []).append(comment)
    return by_path


def commentable_paths(definition, document) -> set[str]:
    """Every field path `comment_picker` would offer for `document`."""
    return {path for _section, fields in comment_picker(definition, document, "vi", labels=False)
            for path, _place in fields}


def comment_picker(definition, document, language: str, *, labels: bool = True
                   ) -> list[tuple[str, list[tuple[str, str]]]]:
    """What a comment can be about: per section of the filing form, the fields this report's
    document has, each as the form names it ("Năm 2024 › Nguồn LH-01 › Khối lượng riêng");
    never a field the filer does not see (the form's own keys, computed results, the
    explanations of warnings, which have their own step)."""
    groups = []
    for section in definition.children:
        if not isinstance(section, Section) or section.key == "results":
            continue
        paths: list[str] = []
        _field_paths(section.children, "", document if isinstance(document, dict) else {}, paths)
        if paths:
            groups.append((section.label_en if language == "en" else section.label_vi,
                           [(path, label_path(definition, path, document, language) if labels else "")
                            for path in paths]))
    return groups


def _field_paths(children, prefix: str, data: dict, into: list[str]) -> None:
    for node in direct_children(children):
        if node.key not in data or getattr(node, "computed", False) or node.key == "acknowledgements":
            continue
        path, value = f"{prefix}{node.key}", data[node.key]
        if isinstance(node, Field):
            if value is not None and value != "":
                into.append(path)
        elif isinstance(node, Group) and isinstance(value, dict):
            _field_paths(node.children, path + ".", value, into)
        elif isinstance(node, Table) and isinstance(value, list):
            for index, row in enumerate(value):
                if isinstance(row, dict):
                    _field_paths(node.children, f"{path}[{index}].", row, into)


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
    """One form, several buttons: comment, checklist, start, assign, return; a thread's reply,
    resolve, reopen. "Accept" leads to the confirmation page, which alone accepts."""
    action = request.form.get("action", "")
    if action == "accept":
        return redirect(url_for("review.accept", report_id=report_id), 303)
    try:
        message = _act(action, report_id)
    except filing.NotFound:
        abort(404)
    except filing.FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("review.workspace", report_id=report_id))
    if message is None:
        flash(_("Write a comment first."), "error")
        return redirect(url_for("review.workspace", report_id=report_id))
    flash(message, "success")
    thread = request.form.get("thread", type=int)
    return redirect(url_for("review.workspace", report_id=report_id)
                    + (f"#thread-{thread}" if thread else ""))


def _act(action: str, report_id: int) -> str | None:
    """Carries out one action of the workspace; its success message (None: nothing written)."""
    comments = []
    if request.form.get("comment_message", "").strip():
        comments.append(review.CommentInput(request.form.get("comment_path", ""),
                                            request.form["comment_message"].strip(),
                                            request.form.get("comment_internal") == "1"))
    thread = request.form.get("thread", type=int) or 0
    if action == "comment":
        if not comments:
            return None
        review.add_comments(db.session, current_user, report_id, comments)
        return _("Comment added.")
    if action == "checklist":
        answers = {item: {"ok": request.form.get(f"check_{item}") == "1",
                          "note": request.form.get(f"note_{item}", "")}
                   for item in (i.key for i in checklist_for(_form_of(report_id)))}
        review.save_checklist(db.session, current_user, report_id, answers)
        return _("Checklist saved.")
    if action == "start":
        review.start_review(db.session, current_user, report_id)
        return _("Review started.")
    if action == "assign":
        review.assign(db.session, current_user, report_id, request.form.get("assignee", type=int))
        return _("Assignment saved.")
    if action == "return":
        review.return_report(db.session, current_user, report_id, comments=comments,
                             note=request.form.get("note", ""))
        return _("The report was returned to the enterprise with your comments.")
    if action in ("reply", "resolve"):
        review.answer_thread(db.session, current_user, report_id, thread,
                             message=request.form.get("reply_message", ""), resolve=action == "resolve")
        return _("Comment marked as resolved.") if action == "resolve" else _("Your reply was sent.")
    if action == "reopen":
        review.reopen_thread(db.session, current_user, report_id, thread)
        return _("Comment reopened.")
    abort(400)


@blueprint.route("/<int:report_id>/accept", methods=["GET", "POST"])
@requires(can_review_reports)
def accept(report_id: int):
    """The confirmation step: what is accepted (facility, form, years, version, SHA-256,
    totals), what is missing (review not started, checklist items, open comments); the final
    POST names the SHA-256 the reviewer saw."""
    found = workspace_of(db.session, current_user, report_id)
    if found is None or found.version is None:
        abort(404)
    status = 200
    if request.method == "POST":
        try:
            review.accept_report(db.session, current_user, report_id, review.Acceptance(
                note=request.form.get("note", ""),
                close_open_threads=request.form.get("close_open_threads") == "1",
                expected_sha256=request.form.get("sha256", ""),
                require_signature=current_app.config["REQUIRE_SIGNATURE_BEFORE_ACCEPTANCE"]))
        except filing.NotFound:
            abort(404)
        except filing.FilingError as error:
            discard()
            flash(localized(error.message, error.message_vi), "error")
            status = error.status
            found = workspace_of(db.session, current_user, report_id)
        else:
            flash(_("The report was accepted."), "success")
            return redirect(url_for("review.workspace", report_id=report_id))
    return render_template("review/accept.html", **_confirmation_context(found)), status


def _confirmation_context(found) -> dict:
    report, version = found.report, found.version
    definition = form_definition(report.form.value)
    document = version.document
    years = [row.get("year") for row in document.get("years", []) if isinstance(row, dict)] \
        if isinstance(document.get("years"), list) else [document.get("year")]
    return {"report": report, "version": version, "definition": definition,
            "years": [y for y in years if y is not None], "result": version.result or {},
            "ready": readiness(db.session, report), "note": request.form.get("note", ""),
            "close_open_threads": request.form.get("close_open_threads") == "1"}


def _form_of(report_id: int) -> str:
    report = report_of(db.session, current_user, report_id)
    if report is None:
        abort(404)
    return report.form.value
