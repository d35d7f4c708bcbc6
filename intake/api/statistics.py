"""/api/v1/statistics: the sector database (accepted reports only)."""
from __future__ import annotations

from flask import abort
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from forms.library import DEFAULT_GWP_SET, GWP_SETS
from intake.api import Blueprint, current_api_user
from intake.api.errors import problem_abort
from intake.domain.roles import can_read_statistics
from intake.extensions import db
from intake.services.declaration_statistics import DECLARATION_GROUPINGS, declaration_statistics
from intake.services.statistics import GROUPINGS, ghg_statistics

blueprint = Blueprint("api_statistics", __name__, url_prefix="/api/v1/statistics",
                      description="Sector statistics of accepted reports")


class GhgQuery(Schema):
    year = fields.Integer(load_default=None, validate=validate.Range(1990, 2100))
    group_by = fields.String(load_default="facility", validate=validate.OneOf(GROUPINGS))
    # Every report's gas masses in this one set, whatever set it was filed under.
    gwp_set = fields.String(load_default=DEFAULT_GWP_SET, validate=validate.OneOf(
        GWP_SETS, error="Must be one of {choices}: the IPCC assessment report whose GWP values "
                        "express every report's gases in tCO2e."))


@blueprint.route("/ghg")
class GhgStatistics(MethodView):
    @blueprint.arguments(GhgQuery, location="query")
    def get(self, query):
        """Totals in tCO2e per group for a data year, in one GWP set (`gwp_set`, AR5 unless
        asked) whatever set each report was filed under; every row carries its group keys."""
        user = current_api_user()
        if not can_read_statistics(user):
            abort(403)
        if query["year"] is None:
            problem_abort(422, "year", "required", "Give the data year (?year=2025).",
                          "Cần cho biết năm số liệu (?year=2025).")
        rows = ghg_statistics(db.session, year=query["year"], group_by=query["group_by"],
                              gwp_set=query["gwp_set"])
        return {"year": query["year"], "group_by": query["group_by"], "gwp_set": query["gwp_set"],
                "rows": rows}


class DeclarationQuery(Schema):
    year = fields.Integer(load_default=None, validate=validate.Range(1990, 2100))
    group_by = fields.String(load_default="facility", validate=validate.OneOf(DECLARATION_GROUPINGS))


@blueprint.route("/declaration")
class DeclarationStatistics(MethodView):
    @blueprint.arguments(DeclarationQuery, location="query")
    def get(self, query):
        """The sums of the accepted environmental declarations' totals (the keys of `intake
        declaration validate`: `energy_tj`, `energy_toe`, `electricity_kwh`, `water_supply_m3`,
        `wastewater_m3_per_year`, `solid_waste_kg`, `hazardous_waste_kg`, ...) per group for a
        data year, each row with its group keys, the same group's sums of the year before
        (`previous`) and the change in percent (`change_pct`)."""
        user = current_api_user()
        if not can_read_statistics(user):
            abort(403)
        if query["year"] is None:
            problem_abort(422, "year", "required", "Give the data year (?year=2025).",
                          "Cần cho biết năm số liệu (?year=2025).")
        rows = declaration_statistics(db.session, year=query["year"], group_by=query["group_by"])
        return {"year": query["year"], "group_by": query["group_by"], "rows": rows}
