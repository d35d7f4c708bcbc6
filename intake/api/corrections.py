"""/api/v1/reports/{id}/amend: a correction of an accepted report (Circular 38 Art. 22)."""
from __future__ import annotations

from flask.views import MethodView

from intake.api import Blueprint, current_api_user, require_json_body
from intake.api.reports import _fail, _with_etag, report_json
from intake.api.schemas import AmendRequest, ReportOut
from intake.database import writes_late
from intake.extensions import db
from intake.services import corrections
from intake.services import reports as filing

blueprint = Blueprint("api_corrections", __name__, url_prefix="/api/v1/reports",
                      description="Corrections of accepted reports")
blueprint.before_request(require_json_body)


@blueprint.route("/<int:report_id>/amend")
class Amend(MethodView):
    @blueprint.arguments(AmendRequest)
    @blueprint.response(200, ReportOut)
    @writes_late
    def post(self, data, report_id: int):
        """A certifier of the enterprise amends an accepted report, with a reason: it becomes a
        draft (its working copy the accepted version's document) and its accepted version stays
        the one counted (`accepted_version`) until the correction is submitted and accepted;
        then only the new version counts. 409 `not_accepted` for a report that is not accepted,
        403 for anyone but a certifier of the enterprise, 422 naming `reason` without one."""
        user = current_api_user()
        try:
            corrections.amend_report(db.session, user, report_id, reason=data["reason"])
        except filing.FilingError as error:
            _fail(error)
        db.session.flush()
        return _with_etag(report_json(filing.get_report(db.session, user, report_id)))
