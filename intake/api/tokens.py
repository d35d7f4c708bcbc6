"""POST /api/v1/tokens: exchange an e-mail and password for a bearer token."""
from __future__ import annotations

from flask import abort, current_app, request
from flask.views import MethodView

from intake.api import Blueprint, current_api_token, require_json_body
from intake.api.schemas import TokenRequest, TokenResponse
from intake.database import writes_late
from intake.extensions import db
from intake.services.accounts import LoginPolicy, authenticate
from intake.services.tokens import issue_token, revoke_token
from intake.unit_of_work import keep_even_if_refused

blueprint = Blueprint("api_tokens", __name__, url_prefix="/api/v1/tokens",
                      description="Bearer tokens")
blueprint.before_request(require_json_body)


@blueprint.route("")
class Tokens(MethodView):
    @blueprint.arguments(TokenRequest)
    @blueprint.response(201, TokenResponse)
    @blueprint.doc(security=[])
    @writes_late
    def post(self, credentials):
        """Log in: the same 401 whether the e-mail is unknown or the password wrong."""
        config = current_app.config
        outcome = authenticate(db.session, credentials["email"], credentials["password"],
                               request.remote_addr or "", LoginPolicy.from_config(config))
        if outcome.user is None:
            keep_even_if_refused()  # the failed attempt counts towards throttling
            abort(429 if outcome.throttled else 401)
        secret, record = issue_token(db.session, outcome.user)
        return {"token": secret, "expires_at": record.expires_at_utc}


@blueprint.route("/current")
class CurrentToken(MethodView):
    @blueprint.response(204)
    def delete(self):
        """Revoke the token used for this request."""
        revoke_token(db.session, current_api_token())
