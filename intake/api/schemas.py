"""marshmallow schemas of the API's requests and responses (these describe the HTTP envelope;
the documents inside are validated by the form's own schemas in `schemas/`)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from intake.database import DATABASE_INTEGER_MAX
from intake.domain import text_limits

# An id past the database's integers names nothing (and SQLite cannot even look it up).
_AN_ID = validate.Range(min=1, max=DATABASE_INTEGER_MAX)


class TokenRequest(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(max=1024))


class TokenResponse(Schema):
    token = fields.String()
    expires_at = fields.DateTime()


class FacilityIn(Schema):
    # The lengths are the service's to check (`intake.domain.text_limits`): its 422 names the
    # field and the limit in both languages; here they only describe the API.
    name = fields.String(required=True, metadata={"maxLength": text_limits.FACILITY_NAME.length})
    address = fields.String(load_default="", metadata={"maxLength": text_limits.FACILITY_ADDRESS.length})
    commune_code = fields.String(required=True, metadata={"minLength": 5, "maxLength": 5})
    vsic = fields.String(load_default=None, allow_none=True,
                         metadata={"maxLength": text_limits.FACILITY_VSIC.length})


class FacilityOut(Schema):
    id = fields.Integer()
    tax_code = fields.String(allow_none=True)
    name = fields.String()
    address = fields.String()
    commune_code = fields.String()
    commune_name = fields.String()
    vsic = fields.String(allow_none=True)


class ReportCreate(Schema):
    form = fields.String(required=True, validate=validate.OneOf(["ghg-inventory", "env-declaration"]))
    facility_id = fields.Integer(required=True, strict=True, validate=_AN_ID)
    document = fields.Dict(required=True)
    period_id = fields.Integer(load_default=None, allow_none=True, strict=True, validate=_AN_ID)


class ReportUpdate(Schema):
    document = fields.Dict(required=True)


class AmendRequest(Schema):
    # The bound is the service's to check (`intake.domain.corrections.CORRECTION_REASON`): its
    # 422 names the field and the limit in both languages.
    reason = fields.String(required=True, metadata={"maxLength": 2000})


class SubmitRequest(Schema):
    certify = fields.Raw(required=True)
    password = fields.String(required=True, validate=validate.Length(max=1024))


class AttachmentOut(Schema):
    """Evidence attached to a report (intake.api.attachments)."""

    id = fields.Integer()
    name = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    media_type = fields.String()
    path = fields.String(metadata={"description": "the document part it evidences; \"\" the whole report"})
    place = fields.String()
    place_vi = fields.String()
    description = fields.String()
    uploaded_at = fields.DateTime()
    removed_at = fields.DateTime(allow_none=True)


class RecalculationOut(Schema):
    """A submitted version calculated again when a grid factor it used provisionally was
    published (`intake factors publish-grid`); the version itself is as filed."""

    year = fields.Integer(metadata={"description": "the data year whose grid factor was published"})
    at = fields.DateTime()
    factor_library_version = fields.String(metadata={"description": "the library recalculated with, e.g. 2026.1+1"})
    factor_library_version_before = fields.String()
    # Exact decimals, as every figure of the API.
    grid_factor_before = fields.Raw(metadata={"description": "tCO2/MWh used when filed (provisional)"})
    grid_factor = fields.Raw(metadata={"description": "tCO2/MWh published"})
    grid_factor_source = fields.String()
    total_tco2e_before = fields.Raw()
    total_tco2e = fields.Raw(metadata={"description": "the year's total now counted"})


class VersionOut(Schema):
    number = fields.Integer()
    sha256 = fields.String()
    submitted_at = fields.DateTime()
    form_version = fields.String()
    gwp_set = fields.String(allow_none=True)
    factor_library_version = fields.String(allow_none=True)
    # The evidence this version was certified with (issue 15).
    attachments = fields.List(fields.Nested(AttachmentOut))
    recalculations = fields.List(fields.Nested(RecalculationOut))


class ReportOut(Schema):
    id = fields.Integer()
    form = fields.String()
    form_version = fields.String()
    facility_id = fields.Integer()
    period_id = fields.Integer(allow_none=True)
    status = fields.String()
    accepted_version = fields.Integer(allow_none=True, metadata={
        "description": "the number of the submitted version that counts in the statistics (the "
                       "accepted one; kept while a correction is under way), null until accepted"})
    version = fields.Integer(metadata={"description": "revision of the working copy (the ETag's number)"})
    etag = fields.String()
    document = fields.Dict()
    result = fields.Dict()
    versions = fields.List(fields.Nested(VersionOut))
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    comments = fields.List(fields.Nested("CommentOut"))


class CommentIn(Schema):
    path = fields.String(load_default="", validate=validate.Length(max=300))
    message = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    internal = fields.Boolean(load_default=False)


class ReviewRequest(Schema):
    action = fields.String(required=True, validate=validate.OneOf(["return", "accept", "start_review"]))
    comments = fields.List(fields.Nested(CommentIn), load_default=list)
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    # Accept only (both optional, beyond the contract's body): the Art. 12 checklist of the
    # version, {item: {"ok": bool, "note": str}}, saved before accepting; whether comments
    # still open are closed on acceptance (with `note`) or refuse it with 409 `open_threads`.
    checklist = fields.Dict(keys=fields.String(), load_default=None, allow_none=True, metadata={
        "description": "Art. 12 checklist: {item key: {\"ok\": bool, \"note\": str}}; an item "
                       "not ticked needs a note. Required complete once a checklist is recorded."})
    close_open_threads = fields.Boolean(load_default=True, metadata={
        "description": "Close the comments still open on acceptance (recorded with the note); "
                       "false: refuse with 409 open_threads while any is open."})


class ReplyOut(Schema):
    id = fields.Integer()
    message = fields.String()
    author_role = fields.String()
    created_at = fields.DateTime()


class CommentOut(Schema):
    """A comment and its thread (id, replies, status are additions; the rest as before)."""

    id = fields.Integer()
    path = fields.String(metadata={"description": "the field as the comment was written, on `version`"})
    current_path = fields.String(allow_none=True, metadata={
        "description": "where the comment is in the report's current `document` (rows found by "
                       "their keys, e.g. a source line's id); null when its line was removed"})
    removed = fields.Boolean(metadata={"description": "the line the comment was written on was removed"})
    place = fields.String(metadata={"description": "the field, as the form names it (English)"})
    place_vi = fields.String()
    message = fields.String()
    version = fields.Integer()
    internal = fields.Boolean()
    released = fields.Boolean()
    status = fields.String(validate=validate.OneOf(["open", "resolved", "closed"]))
    resolved_at = fields.DateTime(allow_none=True)
    resolution_note = fields.String()
    replies = fields.List(fields.Nested(ReplyOut))
