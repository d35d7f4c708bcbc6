"""/api/v1/exports: the statistics workbook or sector report of a data year, made in the
background by `intake worker`; ask, follow its progress, download it when done."""
from __future__ import annotations

import io

from flask import abort, send_file, url_for
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from forms.library import GWP_SETS
from intake.api import Blueprint, current_api_user
from intake.api.errors import problem_abort
from intake.domain.roles import can_read_statistics
from intake.extensions import db
from intake.jobs.tasks import queue_job
from intake.services.background_jobs import JobStatus, describe, job_of
from intake.services.exports import EXPORT_KINDS, ExportRefused, start_export
from intake.unit_of_work import after_commit

blueprint = Blueprint("api_exports", __name__, url_prefix="/api/v1/exports",
                      description="Statistics exports made in the background")


class ExportRequest(Schema):
    kind = fields.String(load_default="statistics", validate=validate.OneOf(tuple(EXPORT_KINDS)))
    year = fields.Integer(load_default=None, strict=True, validate=validate.Range(1990, 2100))
    format = fields.String(load_default="xlsx", validate=validate.OneOf(("xlsx", "pdf")))
    gwp_set = fields.String(load_default=None, validate=validate.OneOf(GWP_SETS))


def _analyst():
    user = current_api_user()
    if not can_read_statistics(user):
        abort(403)
    return user


def _described(job) -> dict:
    described = describe(job)
    described["url"] = url_for("api_exports.Export", job_id=job.id)
    if job.status == JobStatus.DONE:
        described["file_url"] = url_for("api_exports.ExportFile", job_id=job.id)
    return described


@blueprint.route("")
class Exports(MethodView):
    @blueprint.arguments(ExportRequest)
    @blueprint.response(202)
    def post(self, asked):
        """Ask for an export: `{"kind": "statistics", "year": 2025, "format": "xlsx"|"pdf",
        "gwp_set": "AR5"}`. Answers 202 with the job (`status` queued); poll its `url` until
        `status` is `done`, then download `file_url`. Only the analyst who asked sees it."""
        user = _analyst()
        if asked["year"] is None:
            problem_abort(422, "year", "required", "Give the data year ({\"year\": 2025}).",
                          "Cần cho biết năm số liệu ({\"year\": 2025}).")
        try:
            job = start_export(db.session, user, kind=asked["kind"], year=asked["year"],
                               file_format=asked["format"], gwp_set=asked["gwp_set"])
        except ExportRefused as refused:
            problem_abort(422, refused.field, "invalid", refused.message_en, refused.message_vi)
        job_id = job.id
        after_commit(lambda: queue_job(job_id))
        return _described(job)


@blueprint.route("/<job_id>")
class Export(MethodView):
    def get(self, job_id: str):
        """The job: `status` (queued, running, done, failed), `progress` in percent, the step
        under way (`step.label`, `step.label_vi`), and when done the file's name, size and
        `file_url`; when failed, `error`."""
        job = job_of(db.session, _analyst(), job_id)
        if job is None:
            abort(404)
        return _described(job)


@blueprint.route("/<job_id>/file")
class ExportFile(MethodView):
    @blueprint.response(200, content_type="application/octet-stream")
    def get(self, job_id: str):
        """The file made, once the job is done (404 before)."""
        job = job_of(db.session, _analyst(), job_id)
        if job is None or job.status != JobStatus.DONE or job.file is None:
            abort(404)
        return send_file(io.BytesIO(job.file), mimetype=job.media_type, as_attachment=True,
                         download_name=job.file_name)
