"""/api/v1/reports: drafts, updates with If-Match, submission, receipts."""
from __future__ import annotations

import io
import re

from flask import abort, current_app, jsonify, make_response, request, send_file
from flask.views import MethodView

from intake.api import Blueprint, current_api_user, require_json_body
from intake.api.errors import problem_abort
from intake.api.evidence_json import versions_attachments_json
from intake.api.schemas import (
    ReportCreate,
    ReportOut,
    ReportUpdate,
    ReviewRequest,
    SubmitRequest,
)
from intake.database import writes_late
from intake.domain.roles import Role, can_read_internal_comments
from intake.extensions import db
from intake.queries.recalculations import recalculations_of
from intake.queries.reports import comments_on
from intake.queries.review import released_replies, thread_place
from intake.services import reports as filing
from intake.services import review
from intake.services.documents_pdf import receipt_pdf_file
from intake.services.records import copy_of_record
from intake.services.review import released_comments
from intake.services.throttling import LoginPolicy
from intake.storage import blob_store
from intake.unit_of_work import keep_even_if_refused

blueprint = Blueprint("api_reports", __name__, url_prefix="/api/v1/reports",
                      description="GHG inventory reports and environmental declarations")
blueprint.before_request(require_json_body)

_ETAG_NUMBERS = re.compile(r'^(?:W/)?"(\d+)\.(\d+)"$')


def report_json(report) -> dict:
    certified = versions_attachments_json(report)  # the evidence each version was certified with
    # Grid factors published since filing: the version is as filed, its result recalculated.
    recalculated = recalculations_of(db.session, report.id)
    return {
        "id": report.id, "form": report.form.value, "form_version": report.form_version,
        "facility_id": report.facility_id, "period_id": report.period_id,
        "status": report.status.value, "version": report.revision, "etag": filing.etag(report),
        # The submitted version that counts (Circular 38 Art. 22), null until accepted.
        "accepted_version": report.accepted_version_number,
        **_shown_copy(report),
        "versions": [{"number": v.number, "sha256": v.sha256, "submitted_at": v.submitted_at_utc,
                      "form_version": v.form_version, "gwp_set": v.gwp_set,
                      "factor_library_version": v.factor_library_version,
                      "attachments": certified.get(v.number, []),
                      "recalculations": recalculated.get(v.number, [])} for v in report.versions],
        "created_at": report.created_at_utc, "updated_at": report.updated_at_utc,
        "comments": _comments_for(report),
    }


def _shown_copy(report) -> dict:
    """The document and result the caller reads. An analyst reads only what the sector database
    counts: the accepted version, never the working copy of a correction in progress."""
    counted = report.accepted_version
    if current_api_user().role is Role.ANALYST and counted is not None:
        return {"document": counted.document, "result": counted.result}
    return {"document": report.document, "result": report.result}


def _comments_for(report) -> list[dict]:
    """The review desk (reviewers, administrators) reads every comment and reply, internal
    notes included; anyone else (a filer, an analyst) the comments released to the filer and
    their released replies, as the web pages show them."""
    desk = can_read_internal_comments(current_api_user())
    comments = comments_on(db.session, report) if desk else released_comments(db.session, report)
    return [_comment_json(report, c, desk) for c in comments]


def _comment_json(report, comment, desk: bool) -> dict:
    """`path` as the comment was written on `version`; `current_path` where it is now in the
    report's `document` (rows found by their keys), null when its line was removed."""
    place = thread_place(report, comment, report.document)
    replies = comment.replies if desk else released_replies(comment)
    return {"id": comment.id, "path": comment.path,
            "current_path": None if place.removed else place.path, "removed": place.removed,
            "place": place.label_en, "place_vi": place.label_vi,
            "message": comment.message, "version": comment.version_number,
            "internal": comment.internal, "released": comment.released_at_utc is not None,
            "status": comment.status.value, "resolved_at": comment.resolved_at_utc,
            "resolution_note": comment.resolution_note,
            "replies": [{"id": r.id, "message": r.message, "author_role": r.author.role.value,
                         "created_at": r.created_at_utc} for r in replies]}


def _fail(error: filing.FilingError):
    extra = {"result": error.result} if error.result is not None else None
    if isinstance(error, filing.ReportExists):
        extra = {"id": error.report_id}
    if error.result is not None:
        # Submitting an invalid draft: the draft stays; its errors are the answer.
        body_errors = error.result.get("errors", [])
        abort(make_response(jsonify({"errors": body_errors, "result": error.result}), error.status))
    problem_abort(error.status, error.path, error.code, error.message, error.message_vi, extra)


def _with_etag(payload: dict, status: int = 200):
    return payload, status, {"ETag": payload["etag"]}


def _expected_revision(report_id: int) -> int | None:
    header = request.headers.get("If-Match", "").strip()
    if not header:
        problem_abort(428, "If-Match", "precondition_required",
                      "Send the report's ETag in an If-Match header.",
                      "Cần gửi ETag của báo cáo trong tiêu đề If-Match.")
    match = _ETAG_NUMBERS.match(header)
    if not match or int(match.group(1)) != report_id:
        return -1  # an ETag of something else: stale by definition
    return int(match.group(2))


@blueprint.route("")
class Reports(MethodView):
    @blueprint.arguments(ReportCreate)
    @blueprint.response(201, ReportOut)
    @writes_late
    def post(self, data):
        """Create a draft. It is stored even when the document has errors (see result.errors)."""
        user = current_api_user()
        try:
            report = filing.create_report(db.session, user, form=data["form"],
                                          facility_id=data["facility_id"], document=data["document"],
                                          period_id=data.get("period_id"))
        except filing.FilingError as error:
            _fail(error)
        db.session.flush()
        return _with_etag(report_json(report), 201)


@blueprint.route("/<int:report_id>")
class ReportResource(MethodView):
    @blueprint.response(200, ReportOut)
    def get(self, report_id: int):
        user = current_api_user()
        try:
            report = filing.get_report(db.session, user, report_id)
        except filing.FilingError as error:
            _fail(error)
        return _with_etag(report_json(report))

    @blueprint.arguments(ReportUpdate)
    @blueprint.response(200, ReportOut)
    @writes_late
    def put(self, data, report_id: int):
        """Replace the working copy; If-Match must carry the ETag it was edited from."""
        user = current_api_user()
        expected = _expected_revision(report_id)
        try:
            report = filing.update_report(db.session, user, report_id, document=data["document"],
                                          expected_revision=expected)
        except filing.FilingError as error:
            _fail(error)
        db.session.flush()
        return _with_etag(report_json(report))


@blueprint.route("/<int:report_id>/submit")
class Submit(MethodView):
    @blueprint.arguments(SubmitRequest)
    @blueprint.response(200, ReportOut)
    @writes_late
    def post(self, data, report_id: int):
        """Certify and submit; 422 with the errors if the draft is invalid or a warning has no
        explanation in the document's `acknowledgements` (it stays a draft); 429 after too many
        wrong passwords."""
        user = current_api_user()
        try:
            filing.submit_report(db.session, user, report_id, certify=data["certify"],
                                 password=data["password"], address=request.remote_addr or "",
                                 policy=LoginPolicy.from_config(current_app.config))
        except filing.FilingError as error:
            if error.counts_as_attempt:
                keep_even_if_refused()  # the wrong password counts towards throttling
            if error.result is not None:
                keep_even_if_refused()  # the refreshed checks stay on the draft; answer 422
                errors = error.errors if error.errors is not None else error.result.get("errors", [])
                abort(make_response(jsonify({"errors": errors, "result": error.result}), error.status))
            _fail(error)
        db.session.flush()
        report = filing.get_report(db.session, user, report_id)
        return _with_etag(report_json(report))


@blueprint.route("/<int:report_id>/receipt.pdf")
class Receipt(MethodView):
    @blueprint.response(200, content_type="application/pdf")
    def get(self, report_id: int):
        """The PDF receipt of the latest submitted version."""
        user = current_api_user()
        try:
            report = filing.get_report(db.session, user, report_id)
        except filing.FilingError as error:
            _fail(error)
        version = filing.latest_version(report)
        if version is None:
            problem_abort(404, "", "not_submitted", "This report has no submitted version yet.",
                          "Báo cáo này chưa có phiên bản đã nộp.")
        pdf = receipt_pdf_file(report, version, base_url=current_app.config["BASE_URL"])
        return send_file(pdf, mimetype="application/pdf", download_name=f"bien-nhan-{report.id}-v{version.number}.pdf")


@blueprint.route("/<int:report_id>/versions/<int:number>/record.pdf")
class CopyOfRecord(MethodView):
    @blueprint.response(200, content_type="application/pdf")
    def get(self, report_id: int, number: int):
        """The copy of record of submitted version `number`: the document as certified."""
        user = current_api_user()
        try:
            report = filing.get_report(db.session, user, report_id)
        except filing.FilingError as error:
            _fail(error)
        version = next((v for v in report.versions if v.number == number), None)
        if version is None:
            problem_abort(404, "", "no_such_version", "This report has no such submitted version.",
                          "Báo cáo này không có phiên bản đã nộp đó.")
        # The frozen bytes (intake.services.records): what a certifier signs stays this file.
        name = f"ban-luu-{report.id}-v{version.number}.pdf"
        pdf = copy_of_record(db.session, report, version, base_url=current_app.config["BASE_URL"],
                             store=blob_store(current_app.instance_path))
        return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=name)


def _accept(user, report_id: int, data: dict, comments: list) -> None:
    """The contract's accept, `{"action": "accept", "comments"}`, keeps working as it always
    has: a submitted report's review is started by the accept itself (recorded as its own
    move), the checklist is held to the desk's rule (every item ticked or explained) once one is
    recorded (here in `checklist`, or on the desk), and comments still open are closed on
    acceptance with the note (`close_open_threads`, default true; false refuses with 409)."""
    if data.get("checklist") is not None:
        review.save_checklist(db.session, user, report_id, data["checklist"])
    review.accept_report(db.session, user, report_id, review.Acceptance(
        note=data["note"], comments=tuple(comments), close_open_threads=data["close_open_threads"],
        start_if_submitted=True, checklist_only_if_recorded=True,
        default_closing_note=review.API_CLOSING_NOTE,
        require_signature=current_app.config["REQUIRE_SIGNATURE_BEFORE_ACCEPTANCE"]))


@blueprint.route("/<int:report_id>/review")
class Review(MethodView):
    @blueprint.arguments(ReviewRequest)
    @blueprint.response(200, ReportOut)
    def post(self, data, report_id: int):
        """Reviewers only: return the report for correction (comments are released to the
        filer) or accept it (a submitted report's review starts with the accept; 422
        `checklist_incomplete` naming the items neither ticked nor explained once a checklist is
        recorded; comments still open are closed with the note unless `close_open_threads` is
        false, then 409 `open_threads` naming them)."""
        user = current_api_user()
        comments = [review.CommentInput(c["path"], c["message"], c["internal"]) for c in data["comments"]]
        try:
            if data["action"] == "return":
                review.return_report(db.session, user, report_id, comments=comments, note=data["note"])
            elif data["action"] == "accept":
                _accept(user, report_id, data, comments)
            else:
                review.start_review(db.session, user, report_id)
        except filing.FilingError as error:
            _fail(error)
        db.session.flush()
        return _with_etag(report_json(filing.get_report(db.session, user, report_id)))
