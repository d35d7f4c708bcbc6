"""Error pages: every failure gets a proper answer in the user's language, never a traceback.
Under /api (or when JSON is asked for) the answer is the contract's error document."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, Unauthorized

from intake.api.errors import flatten_messages
from intake.extensions import db
from intake.web.error_messages import error_messages
from intake.web.request_limits import NulCharacter


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        # The CSRF token lives in the session: when the session has expired, a script's save
        # fails its CSRF check first. Say what really happened, so the script keeps the work
        # and asks the person to log in again.
        if _wants_json() and not current_user.is_authenticated:
            return _render(401, "http", Unauthorized())
        return _render(400, "csrf", error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # a handler built the full answer already
            return error.response
        status = error.code or 500
        if status == 415 and not request.path.startswith("/api/"):
            return _render(status, "form_only", error)  # JSON sent to a page
        if isinstance(error, NulCharacter):
            return _render(status, "invalid_character", error)
        return _render(status, "http", error)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Whatever happened, nothing half-written may be committed by a later request.
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _render(500, "http", InternalServerError())


def _problems(status: int, kind: str, error: HTTPException) -> list[dict[str, str]]:
    message_en, message_vi = error_messages(status, kind)
    code = kind if kind in ("csrf", "form_only", "invalid_character") else error.name.lower().replace(" ", "_")
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:
        return [{"path": path, "code": code, "message": text,
                 "message_vi": f"{message_vi} ({path}: {text})" if path else f"{message_vi} ({text})"}
                for path, text in flatten_messages(messages)]
    return [{"path": "", "code": code, "message": message_en, "message_vi": message_vi}]


def _render(status: int, kind: str, error: HTTPException):
    if _wants_json():
        response = jsonify({"errors": _problems(status, kind, error)})
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="intake"'
        return response, status
    message_en, message_vi = error_messages(status, kind)
    return render_template("errors/error.html", status=status, message_en=message_en,
                           message_vi=message_vi), status
