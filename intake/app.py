"""The application factory: configuration, database, accounts, language, pages, API, errors."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from intake import unit_of_work
from intake.api import init_api
from intake.config import build_config, instance_path_from_env
from intake.database import check_database_url, install_sqlite_pragmas, may_write
from intake.extensions import babel, csrf, db, login_manager
from intake.services.audit import use_secret_key
from intake.web import (
    admin,
    analytics,
    auth,
    bulk_import,
    excel,
    facilities,
    filing,
    home,
    language,
    notifications,
    onboarding,
    register,
    review,
    threads,
    verify,
)
from intake.web import corrections as web_corrections
from intake.web import evidence as web_evidence
from intake.web import extensions as web_extensions
from intake.web import signatures as web_signatures
from intake.web import team as web_team
from intake.web.auth import load_user_from_session, unauthorized
from intake.web.errors import register_error_pages
from intake.web.json_provider import DecimalJSONProvider
from intake.web.language import select_locale
from intake.web.presentation import register_template_helpers
from intake.web.request_limits import init_request_limits
from intake.web.security_headers import add_security_headers


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, database, accounts, language, pages, errors.

    `config` overrides the environment (tests pass a database URL and an instance path).
    Raises `intake.config.ConfigurationError` when a setting is unusable.
    """
    config = dict(config or {})
    instance_path = Path(config.pop("INSTANCE_PATH", None) or instance_path_from_env())
    instance_path.mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, instance_path=str(instance_path), instance_relative_config=True)
    init_request_limits(app)  # before any route: ids past the database's integers are 404s

    app.json = DecimalJSONProvider(app)
    _configure(app, instance_path, config)
    _init_database(app)
    _init_accounts(app)
    _init_language(app)
    _register_blueprints(app)
    _register_health_check(app)
    _init_api(app)
    _register_error_pages(app)
    _register_security_headers(app)
    return app

def _configure(app: Flask, instance_path: Path, overrides: dict[str, Any]) -> None:
    app.config.update(build_config(instance_path, overrides))
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        # Behind a TLS proxy every request comes from the proxy's address: without this, one
        # address is everyone's and throttling by address would lock everyone out together.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]

def _init_database(app: Flask) -> None:
    check_database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    db.init_app(app)

    unit_of_work.init_app(app)
    with app.app_context():
        install_sqlite_pragmas(db.engine)
        # The audit log's MACs are keyed from the secret key (intake.services.audit).
        use_secret_key(db.engine, app.config["SECRET_KEY"])

    @app.before_request
    def _declare_write_intent() -> None:
        g.may_write_token = may_write.set(
            request.method not in ("GET", "HEAD", "OPTIONS") and not _writes_late(app))

    @app.teardown_request
    def _forget_write_intent(_error: BaseException | None) -> None:
        # The request may run in the caller's context (test client, thread pools): undo it.
        token = g.pop("may_write_token", None)
        if token is not None:
            may_write.reset(token)

def _writes_late(app: Flask) -> bool:
    """Whether the view of this request takes the write lock itself (intake.database.writes_late)."""

    view = app.view_functions.get(request.endpoint or "")
    view_class = getattr(view, "view_class", None)
    handler = getattr(view_class, request.method.lower(), None) if view_class else view
    return bool(getattr(handler, "writes_late", False))


def _init_accounts(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user_from_session)
    login_manager.unauthorized_handler(unauthorized)

def _init_language(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

def _register_blueprints(app: Flask) -> None:
    register_template_helpers(app)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(home.blueprint)
    app.register_blueprint(language.blueprint)
    app.register_blueprint(register.blueprint)
    app.register_blueprint(filing.blueprint)
    app.register_blueprint(facilities.blueprint)
    app.register_blueprint(review.blueprint)
    app.register_blueprint(threads.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(excel.blueprint)
    app.register_blueprint(bulk_import.blueprint)
    app.register_blueprint(onboarding.blueprint)
    app.register_blueprint(analytics.blueprint)
    app.register_blueprint(verify.blueprint)
    app.register_blueprint(notifications.blueprint)
    app.register_blueprint(web_extensions.blueprint)
    app.register_blueprint(web_corrections.blueprint)
    app.register_blueprint(web_evidence.blueprint)
    app.register_blueprint(web_team.blueprint)
    app.register_blueprint(web_signatures.blueprint)

def _register_health_check(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        """For load balancers and for the benchmarks' baseline: no database, no session."""
        return {"status": "ok"}


def _init_api(app: Flask) -> None:
    init_api(app)

def _register_error_pages(app: Flask) -> None:
    register_error_pages(app)

def _register_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
