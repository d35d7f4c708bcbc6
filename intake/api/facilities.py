"""/api/v1/facilities: the caller's facilities."""
from __future__ import annotations

from flask import abort
from flask.views import MethodView

from intake.api import Blueprint, current_api_user, require_json_body
from intake.api.errors import problem_abort
from intake.api.schemas import FacilityIn, FacilityOut
from intake.extensions import db
from intake.queries.facilities import facilities_of
from intake.services.facilities import FacilityError, save_facility

blueprint = Blueprint("api_facilities", __name__, url_prefix="/api/v1/facilities",
                      description="Facilities of the caller's enterprise (all, for Department staff)")
blueprint.before_request(require_json_body)


def facility_json(facility) -> dict:
    return {"id": facility.id, "tax_code": facility.enterprise.tax_code if facility.enterprise else None,
            "name": facility.name, "address": facility.address,
            "commune_code": facility.commune_code, "commune_name": facility.commune.name,
            "vsic": facility.vsic}


@blueprint.route("")
class Facilities(MethodView):
    @blueprint.response(200, FacilityOut(many=True))
    def get(self):
        user = current_api_user()
        return [facility_json(f) for f in facilities_of(db.session, user, order_by="id")]

    @blueprint.arguments(FacilityIn)
    @blueprint.response(201, FacilityOut)
    def post(self, data):
        """An enterprise user adds a facility of its own enterprise."""
        user = current_api_user()
        try:
            facility = save_facility(db.session, user, name=data["name"], address=data["address"],
                                     commune_code=data["commune_code"], vsic=data.get("vsic"))
        except PermissionError:
            abort(403)
        except FacilityError as error:
            problem_abort(422, error.field, error.code, error.message, error.message_vi)
        db.session.flush()
        return facility_json(facility)
