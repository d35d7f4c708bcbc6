"""The JSON API (`/api/v1`), described by OpenAPI 3 at `/api/v1/openapi.json`.

Bearer tokens only: a browser session cookie opens nothing here, which is why the API needs no
CSRF token. The handlers are thin: they parse, call the same services as the web pages, commit.
"""
from __future__ import annotations

import flask_smorest
from flask import Flask, abort, render_template, request
from flask_smorest import Api
from webargs.core import missing
from webargs.flaskparser import FlaskParser, is_json_request

from intake.api.errors import problem_abort
from intake.domain import jsonio
from intake.extensions import csrf, db
from intake.services.tokens import user_for_token


class ExactJSONParser(FlaskParser):
    """webargs reading request bodies with the one JSON codec (`intake.domain.jsonio`): a
    number never passes through a float on its way to a document (`1000.12345678901234567`
    stays exact)."""

    def _raw_load_json(self, req):  # type: ignore[no-untyped-def]
        if not is_json_request(req):
            return missing
        data = req.get_data(cache=True)
        if not data:
            return missing  # webargs' own rule: no body is no arguments (422 names the fields)
        try:
            return jsonio.loads_untrusted(data)
        except jsonio.JSONRefused as refused:
            problem_abort(413 if isinstance(refused, jsonio.JSONTooLarge) else 400, "",
                          refused.code, refused.message, refused.message_vi)
        except ValueError:  # UnicodeDecodeError included
            problem_abort(400, "", "invalid_json", "The request body is not valid JSON.",
                          "Nội dung yêu cầu không phải JSON hợp lệ.")


class Blueprint(flask_smorest.Blueprint):
    """The API's blueprints: request bodies parsed exactly."""

    ARGUMENTS_PARSER = ExactJSONParser()


class IntakeApi(Api):
    def _register_error_handlers(self) -> None:
        # Errors are rendered by intake.web.errors for the whole application (JSON under /api,
        # HTML elsewhere) in the contract's shape; flask-smorest's handler would replace it.
        pass


api = IntakeApi()

API_SETTINGS = {
    "API_TITLE": "intake API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {"description": "Filing GHG inventory reports and environmental declarations to the "
                                "Hanoi Department of Industry and Trade. Authenticate with "
                                "POST /api/v1/tokens, then send `Authorization: Bearer <token>`."},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    },
}


def init_api(app: Flask) -> None:
    # Imported here, not at the top: each of these modules imports `Blueprint` and
    # `current_api_user` from this package, which must be complete first (a real cycle).
    from intake.api import (  # noqa: PLC0415
        attachments,
        corrections,
        exports,
        extensions,
        facilities,
        reports,
        signatures,
        statistics,
        tokens,
    )

    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    api.init_app(app)
    for module in (tokens, facilities, reports, statistics, corrections, attachments, signatures,
                   extensions, exports):
        csrf.exempt(module.blueprint)
        api.register_blueprint(module.blueprint)

    @app.get("/api/v1/docs")
    def api_docs():
        """The OpenAPI description as a readable page, rendered here: no CDN-hosted viewer."""
        return render_template("api/docs.html", spec=api.spec.to_dict())


def current_api_user():
    """The user of the request's bearer token; aborts with 401 without a valid one."""
    # Cached on the request itself, never on `g`: an application context can outlive a request
    # (tests, CLI), and a user must never carry over to the next request.
    cached = request.environ.get("intake.api_user")
    if cached is not None:
        return cached[0]
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    found = user_for_token(db.session, secret.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        abort(401)
    request.environ["intake.api_user"] = found
    return found[0]


def current_api_token():
    current_api_user()
    return request.environ["intake.api_user"][1]


def require_json_body() -> None:
    """POST and PUT bodies must be declared JSON (415 otherwise), not guessed."""
    if request.method in ("POST", "PUT", "PATCH") and not request.is_json:
        abort(415)
