"""/api/v1/extensions: deadline extensions, asked for by an enterprise and decided by a reviewer.

Not part of the interface contract (`contract.md`); designed like the rest of the API: the
same service as the web pages (`intake.services.extensions`), errors in the contract's shape,
an enterprise sees only its own facilities' requests (404 for another's)."""
from __future__ import annotations

from flask import abort
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from intake.api import Blueprint, current_api_user, require_json_body
from intake.api.reports import _fail
from intake.database import DATABASE_INTEGER_MAX
from intake.domain.extensions import DECISION_NOTE, EXTENSION_REASON, ExtensionStatus
from intake.domain.roles import can_administer, can_file_reports, can_review_reports
from intake.extensions import db
from intake.queries.extensions import due_dates, extension_of, extensions_seen_by
from intake.services import extensions as service
from intake.services.reports import FilingError

blueprint = Blueprint("api_extensions", __name__, url_prefix="/api/v1/extensions",
                      description="Deadline extensions: asked for by enterprises, decided by reviewers")
blueprint.before_request(require_json_body)

_AN_ID = validate.Range(min=1, max=DATABASE_INTEGER_MAX)


class ExtensionRequestIn(Schema):
    facility_id = fields.Integer(required=True, strict=True, validate=_AN_ID)
    period_id = fields.Integer(required=True, strict=True, validate=_AN_ID)
    form = fields.String(required=True, validate=validate.OneOf(["ghg-inventory", "env-declaration"]))
    # The bound is the service's to check: its 422 names the field and the limit in both languages.
    reason = fields.String(required=True, metadata={"maxLength": EXTENSION_REASON.length})
    wished_due_date = fields.Date(load_default=None, allow_none=True)


class DecisionIn(Schema):
    action = fields.String(required=True, validate=validate.OneOf(["grant", "refuse"]))
    due_date = fields.Date(load_default=None, allow_none=True, metadata={"description": "grant: the new due date"})
    note = fields.String(load_default="", metadata={"maxLength": DECISION_NOTE.length,
                                                     "description": "required to refuse"})


class ExtensionOut(Schema):
    id = fields.Integer()
    facility_id = fields.Integer()
    period_id = fields.Integer()
    form = fields.String()
    status = fields.String(metadata={"enum": [s.value for s in ExtensionStatus]})
    reason = fields.String()
    wished_due_date = fields.Date(allow_none=True)
    requested_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    granted_due_date = fields.Date(allow_none=True)
    decision_note = fields.String()
    period_due_on = fields.Date()
    due_on = fields.Date(metadata={"description": "the facility's effective due date in the period"})


def extension_json(extension, due_on) -> dict:  # type: ignore[no-untyped-def]
    return {"id": extension.id, "facility_id": extension.facility_id, "period_id": extension.period_id,
            "form": extension.form.value, "status": extension.status.value, "reason": extension.reason,
            "wished_due_date": extension.wished_due_date, "requested_at": extension.requested_at_utc,
            "decided_at": extension.decided_at_utc, "granted_due_date": extension.granted_due_date,
            "decision_note": extension.decision_note, "period_due_on": extension.period.due_on,
            "due_on": due_on}


def _with_due_dates(extensions: list) -> list[dict]:
    if not extensions:
        return []
    dues = due_dates(db.session, period_ids={e.period_id for e in extensions},
                     facility_ids={e.facility_id for e in extensions})
    return [extension_json(e, dues.of(e.facility_id, e.period)) for e in extensions]


@blueprint.route("")
class Extensions(MethodView):
    @blueprint.response(200, ExtensionOut(many=True))
    def get(self):
        """The requests of the facilities the caller sees (an enterprise: its own; reviewers and
        administrators: all), pending first then newest first."""
        user = current_api_user()
        if not (can_file_reports(user) or can_review_reports(user) or can_administer(user)):
            abort(403)  # analysts read accepted reports, not the desk's correspondence
        return _with_due_dates(extensions_seen_by(db.session, user))

    @blueprint.arguments(ExtensionRequestIn)
    @blueprint.response(201, ExtensionOut)
    def post(self, data):
        """An enterprise user who may file for the facility asks for more time, with a reason.
        404 for a facility or period not to be seen, 409 `extension_pending` while one waits or
        `already_filed` once the report is with the Department, 422 naming the field otherwise."""
        user = current_api_user()
        try:
            extension = service.request_extension(db.session, user, **data)
        except FilingError as error:
            _fail(error)
        return _with_due_dates([extension])[0]


@blueprint.route("/<int:extension_id>/decision")
class Decision(MethodView):
    @blueprint.arguments(DecisionIn)
    @blueprint.response(200, ExtensionOut)
    def post(self, data, extension_id: int):
        """A reviewer grants (`due_date`, after the facility's current due date) or refuses
        (`note` required) a pending request. 403 for anyone but a reviewer, 404 for an unknown
        request, 409 `already_decided`, 422 `date_not_after_due`."""
        user = current_api_user()
        if not can_review_reports(user):
            abort(403)
        if extension_id > DATABASE_INTEGER_MAX or extension_of(db.session, user, extension_id) is None:
            abort(404)
        try:
            if data["action"] == "grant":
                extension = service.grant_extension(db.session, user, extension_id, due_date=data["due_date"],
                                                    note=data["note"])
            else:
                extension = service.refuse_extension(db.session, user, extension_id, note=data["note"])
        except FilingError as error:
            _fail(error)
        return _with_due_dates([extension])[0]
