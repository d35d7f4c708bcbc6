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

from forms.labels import label_path
from forms.registry import form_definition
from intake.domain.review_threads import THREAD_STATUS_NAMES, ThreadStatus
from intake.domain.roles import can_file_reports
from intake.extensions import db
from intake.queries.review import commented_document, filer_threads, released_replies
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
    """The released comments of `report`, each with its released replies, for the filing form."""
    threads = filer_threads(db.session, report)
    by_path: dict[str, list] = {}
    for thread in threads:
        by_path.setdefault(thread.path, []).append(thread)
    g.filer_threads = by_path
    g.filer_threads_report = report
    # The fields the form renders (from the working copy): a comment elsewhere is answered in
    # the list at the top.
    g.filer_field_paths = commentable_paths(form_definition(report.form.value), report.document)
    return threads


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
    return thread.path in g.get("filer_field_paths", set())


@blueprint.app_template_global()
def threads_at(path: str) -> list:
    """The comments on exactly this field, for the form being rendered (none elsewhere)."""
    if not path or path not in g.get("filer_field_paths", set()):
        return []
    return g.get("filer_threads", {}).get(path, [])


@blueprint.app_template_global()
def thread_place(report, path: str) -> str:
    """Where a comment is, in the words of the form; "" for the whole report."""
    document = commented_document(report)
    return label_path(form_definition(report.form.value), path, document, current_locale())


@blueprint.app_template_global()
def thread_status_label(status: ThreadStatus) -> str:
    vi, en = THREAD_STATUS_NAMES[status]
    return en if current_locale() == "en" else vi


@blueprint.app_template_global()
def visible_replies(comment) -> list:
    """The replies the filer may read (a reviewer's follow-up reaches them with the thread)."""
    return released_replies(comment)


@blueprint.app_template_global()
def thread_anchor(path: str) -> str:
    """The id of the field a comment is about ("" for the whole report)."""
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
