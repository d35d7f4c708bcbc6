"""Engine set-up shared by the web application and the CLI."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from intake.config import ConfigurationError


def check_database_url(url: str) -> None:
    """Refuse an unusable `INTAKE_DATABASE_URL` with a message that says what to fix.

    Raises ConfigurationError.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(f"INTAKE_DATABASE_URL is not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigurationError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).expanduser().resolve().parent
        if not folder.is_dir():
            raise ConfigurationError(
                f"the folder of the SQLite database does not exist: {folder} "
                "(create it or change INTAKE_DATABASE_URL)"
            )


def install_sqlite_pragmas(engine: Engine) -> None:
    """WAL (readers never block the writer), enforced foreign keys, and a busy timeout so that
    several gunicorn workers wait for each other instead of failing."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
