"""The Department's comments where the filer works: beside each field of the filing form,
listed at its top, answered and resolved there while the report is returned.

`for_filer(report)` is called by the filing form's view: it reads the released comments, keeps
them (in `g`) for `threads_at(path)`, the template global the field partial
(`filing/_comments.html`) asks, and returns them for the list at the top
(`filing/_comments_summary.html`); `field_notes()` then gives the partial's HTML by input id,
for the form renderer (`intake.web.form_html.FormHtml`, `notes_by_id`)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from forms.registry import form_definition
from intake.domain.review_threads import THREAD_STATUS_NAMES, ThreadStatus
from intake.domain.roles import can_file_reports
from intake.extensions import db
from intake.queries.review import ThreadPlace, commented_document, filer_threads, released_replies
from intake.queries.review import thread_place as place_of
from intake.services import reports as filing
from intake.services import review
from intake.unit_of_work import discard
from intake.web import document_form
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.presentation import current_locale
from intake.web.review import commentable_paths

blueprint = Blueprint("threads", __name__)


def for_filer(report) -> list:
    """The released comments of `report`, each with its released replies, for the filing form.
    Each is placed in the working copy the filer edits, by the keys of its rows: a comment on
    source "LH-03" stays beside LH-03 when lines are added or removed above it."""
    threads = filer_threads(db.session, report)
    g.thread_document = report.document
    by_path: dict[str, list] = {}
    for thread in threads:
        place = located(report, thread)
        if place.path:
            by_path.setdefault(place.path, []).append(thread)
    g.filer_threads = by_path
    g.filer_threads_report = report
    # The fields the form renders (from the working copy): a comment elsewhere (or on a line
    # since removed) is answered in the list at the top.
    g.filer_field_paths = commentable_paths(form_definition(report.form.value), report.document)
    return threads


def located(report, thread, document=None) -> ThreadPlace:
    """Where `thread` is in `document`, by default the one this page shows (the filer's working
    copy after `for_filer`, else the latest submitted version), once per request."""
    if document is None:
        document = g.get("thread_document")
    if document is None:  # the latest submitted version: read once per report, not per comment
        documents = g.setdefault("commented_documents", {})
        if report.id not in documents:
            documents[report.id] = commented_document(report)
        document = documents[report.id]
    cache = g.setdefault("thread_places", {})
    key = (thread.id, id(document))
    if key not in cache:  # the document is kept with its place: its id cannot be reused meanwhile
        cache[key] = (document, place_of(report, thread, document))
    return cache[key][1]


def field_notes() -> dict[str, Markup]:
    """The HTML beside each field that has comments (`filing/_comments.html`), by the field's
    input id: what the form renderer shows under the field's messages. After `for_filer`."""
    return {document_form.input_id(path): Markup(render_template("filing/_comments.html", path=path))
            for path in g.get("filer_threads", {}) if path in g.get("filer_field_paths", set())}


@blueprint.app_template_global()
def filer_report():
    return g.get("filer_threads_report")


@blueprint.app_template_global()
def thread_at_field(thread) -> bool:
    """Whether the comment is shown beside a field of the form being rendered."""
    return located(g.filer_threads_report, thread).path in g.get("filer_field_paths", set())


@blueprint.app_template_global()
def threads_at(path: str) -> list:
    """The comments on exactly this field, for the form being rendered (none elsewhere)."""
    if not path or path not in g.get("filer_field_paths", set()):
        return []
    return g.get("filer_threads", {}).get(path, [])


@blueprint.app_template_global()
def thread_place(report, thread, document=None) -> str:
    """Where a comment is, in the words of the form, in the document the page shows (or
    `document`): "Nguồn LH-01 (dòng đã bị xoá)" when its line was removed; "" for the whole
    report."""
    place = located(report, thread, document)
    return place.label_en if current_locale() == "en" else place.label_vi


@blueprint.app_template_global()
def thread_status_label(status: ThreadStatus) -> str:
    vi, en = THREAD_STATUS_NAMES[status]
    return en if current_locale() == "en" else vi


@blueprint.app_template_global()
def visible_replies(comment) -> list:
    """The replies the filer may read (a reviewer's follow-up reaches them with the thread)."""
    return released_replies(comment)


@blueprint.app_template_global()
def thread_anchor(report, thread, document=None) -> str:
    """The id of the field a comment is about ("" for the whole report or a removed line)."""
    path = located(report, thread, document).path
    return document_form.input_id(path) if path else ""


@blueprint.route("/reports/<int:report_id>/comments/<int:comment_id>", methods=["POST"])
@requires(can_file_reports)
def answer(report_id: int, comment_id: int):
    """The filer answers a comment, resolves it, or both; back to the comment in the form."""
    resolve = request.form.get("resolve") == "1"
    try:
        review.answer_thread(db.session, current_user, report_id, comment_id,
                             message=request.form.get("message", ""), resolve=resolve)
    except filing.NotFound:
        abort(404)
    except filing.FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("filing.edit", report_id=report_id) + f"#comment-{comment_id}")
    flash(_("Comment marked as resolved.") if resolve else _("Your reply was sent."), "success")
    return redirect(url_for("filing.edit", report_id=report_id) + f"#comment-{comment_id}")
