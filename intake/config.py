"""Configuration from the environment.

Only three settings are part of the contract (`INTAKE_DATABASE_URL`, `INTAKE_INSTANCE_PATH`,
`INTAKE_SECRET_KEY`); the others have safe defaults and are documented in the README.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from intake.domain import jsonio

SECRET_KEY_FILE = "secret_key"
DEFAULT_SQLITE_FILE = "intake.sqlite3"


class ConfigurationError(RuntimeError):
    """A setting is missing or unusable; the message says which and what to do."""


def instance_path_from_env() -> Path:
    """The instance folder: `INTAKE_INSTANCE_PATH`, else `./instance` (absolute)."""
    raw = os.environ.get("INTAKE_INSTANCE_PATH") or "instance"
    return Path(raw).expanduser().resolve()


def env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def trusted_proxies_from_env() -> int:
    """`INTAKE_TRUSTED_PROXIES`: a whole number of proxies, 0 when unset.

    Raises ConfigurationError."""
    raw = (os.environ.get("INTAKE_TRUSTED_PROXIES") or "0").strip()
    if not raw.isdigit():
        raise ConfigurationError(
            f"INTAKE_TRUSTED_PROXIES must be the number of proxies in front of the portal "
            f"(0, 1, 2...), not {raw!r}")
    return int(raw)


def database_url_from_env(instance_path: Path) -> str:
    return os.environ.get("INTAKE_DATABASE_URL") or f"sqlite:///{instance_path / DEFAULT_SQLITE_FILE}"


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return `INTAKE_SECRET_KEY`, else a key generated once into the instance folder.

    Several gunicorn workers may start together: the file is created with O_EXCL so exactly one
    of them writes it and the others read what it wrote. Never a hard-coded default.
    """
    from_env = os.environ.get("INTAKE_SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / SECRET_KEY_FILE
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = key_file.read_text(encoding="ascii").strip()
        if not key:
            raise ConfigurationError(f"{key_file} is empty; delete it or set INTAKE_SECRET_KEY")
        return key
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def build_config(instance_path: Path, overrides: dict | None = None) -> dict:
    """The application's configuration: the environment, then `overrides` on top.

    A secret key is generated into the instance folder only when neither gives one.
    """
    overrides = overrides or {}
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url_from_env(instance_path),
        # JSON columns keep Decimals exact (documents and results are Decimal throughout).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "json_serializer": jsonio.dumps,
                                      "json_deserializer": jsonio.loads},
        # Session cookies: not readable by scripts, not sent cross-site, and HTTPS-only unless the
        # operator serves plain HTTP on loopback (`make run` sets INTAKE_COOKIE_SECURE=0).
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env_flag("INTAKE_COOKIE_SECURE", True),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": env_flag("INTAKE_COOKIE_SECURE", True),
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        # Uploads (Excel workbooks, JSON documents) are small; anything bigger is refused with 413.
        "MAX_CONTENT_LENGTH": int(os.environ.get("INTAKE_MAX_UPLOAD_BYTES", 16 * 1024 * 1024)),
        # One evidence attachment (PDF, PNG, JPEG, XLSX): its own limit, enforced while the
        # upload is read; the attachment routes take a body this large (intake.api.attachments).
        "MAX_ATTACHMENT_BYTES": int(os.environ.get("INTAKE_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "WTF_CSRF_TIME_LIMIT": None,
        "PASSWORD_HASH_PROFILE": os.environ.get("INTAKE_PASSWORD_HASH_PROFILE", "standard"),
        # Server-side sessions (intake.services.sessions): PERMANENT_SESSION_LIFETIME is the
        # absolute limit after login; a session idle this long ends too.
        "SESSION_IDLE_TIMEOUT_SECONDS": 2 * 3600,
        # Throttling of password guesses (login, re-entry on submit and on password change) and
        # of reset mails, counted in the database so that it holds across workers
        # (intake.services.throttling).
        "LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS": 5,
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": 50,
        "LOGIN_MAX_FAILURES_PER_IP": 30,
        "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
        "RESET_MAILS_PER_ACCOUNT_PER_HOUR": 3,
        "RESET_REQUESTS_PER_ADDRESS_PER_HOUR": 20,
        # How many reverse proxies stand in front of the portal: their X-Forwarded-For, -Proto
        # and -Host are believed (werkzeug ProxyFix), so that throttling sees each client's own
        # address. 0 (the default) believes none: a client could otherwise pick its address.
        "TRUSTED_PROXIES": trusted_proxies_from_env(),
        # Outgoing e-mail (password resets, invitations, reminders). Without a host, messages
        # wait in the outbox.
        "SMTP_HOST": os.environ.get("INTAKE_SMTP_HOST") or None,
        "SMTP_PORT": int(os.environ.get("INTAKE_SMTP_PORT") or 25),
        "SMTP_USER": os.environ.get("INTAKE_SMTP_USER") or None,
        "SMTP_PASSWORD": os.environ.get("INTAKE_SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": env_flag("INTAKE_SMTP_STARTTLS", False),
        "MAIL_FROM": os.environ.get("INTAKE_MAIL_FROM") or None,
        "BASE_URL": (os.environ.get("INTAKE_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        # Signed copies of record (PAdES): the folder of trusted CA roots (`intake trust add`;
        # default <instance>/trust), the largest signed file taken, and whether the Department
        # accepts a report only once its version carries a valid signature.
        "TRUST_STORE_PATH": os.environ.get("INTAKE_TRUST_STORE") or None,
        "SIGNED_COPY_MAX_BYTES": int(os.environ.get("INTAKE_SIGNED_COPY_MAX_BYTES") or 10 * 1024 * 1024),
        "REQUIRE_SIGNATURE_BEFORE_ACCEPTANCE": env_flag("INTAKE_REQUIRE_SIGNATURE", False),
    }
    config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = load_or_create_secret_key(instance_path)
    return config
