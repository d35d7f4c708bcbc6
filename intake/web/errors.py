"""Error pages: every failure gets a proper page in the user's language, never a traceback."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from intake.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, "csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _render(error.code or 500, "http", error)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Whatever happened, nothing half-written may be committed by a later request.
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _render(500, "http", InternalServerError())


def _render(status: int, kind: str, error: HTTPException | None = None):
    from intake.web.error_messages import error_messages

    message_en, message_vi = error_messages(status, kind)
    if _wants_json():
        code = "csrf" if kind == "csrf" else (error.name.lower().replace(" ", "_") if error else "error")
        return jsonify({"errors": [{"path": "", "code": code, "message": message_en,
                                    "message_vi": message_vi}]}), status
    return render_template("errors/error.html", status=status, message_en=message_en,
                           message_vi=message_vi), status
