"""Engine set-up shared by the web application and the CLI."""
from __future__ import annotations

import contextvars
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from intake.config import ConfigurationError
from intake.models.exact_decimal import register_sqlite_functions

# The largest value of an id, number or year column on both databases (PostgreSQL `integer`;
# SQLite's are 64-bit, and it cannot even bind a Python int past those): requests are held to it.
DATABASE_INTEGER_MAX = 2**31 - 1
# How long a SQLite connection waits for another worker's write lock before it gives up.
SQLITE_BUSY_TIMEOUT_MS = 15000


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


# Whether the current unit of work will write: set for every request that is not GET/HEAD/OPTIONS
# and for CLI commands, so that they take SQLite's write lock up front; read-only work (pages,
# tests reading the database) runs beside a writer without blocking it.
may_write: contextvars.ContextVar[bool] = contextvars.ContextVar("intake_may_write", default=False)


def install_sqlite_pragmas(engine: Engine) -> None:
    """WAL (readers never block the writer), enforced foreign keys, a busy timeout so that
    several gunicorn workers wait for each other instead of failing, and write transactions
    that take SQLite's write lock when they begin.

    Why the last: with SQLite's default deferred transactions, a request that reads and then
    writes (nearly all of ours: check, then change) may find, at its first write, that another
    worker committed since its read began; SQLite then refuses at once ("database is locked",
    SQLITE_BUSY_SNAPSHOT) instead of waiting. `BEGIN IMMEDIATE` takes the write lock first, so
    writers queue up behind each other (busy_timeout) and always see the latest data; readers
    are never blocked in WAL mode. Read-only work keeps the driver's default, in which a SELECT
    opens no transaction and so always sees the latest committed data.

    Also registers `exact_sum`, SQLite's exact sum of decimals (intake.models.exact_decimal).
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        register_sqlite_functions(dbapi_connection)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        if may_write.get() and not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def writes_late(view):  # type: ignore[no-untyped-def]
    """Mark a view that reads and computes first (password checks, calculations) and asks for
    the write lock itself, through `begin_writing`, only when it is ready to write: on SQLite
    the write lock is held for milliseconds instead of for the whole request."""
    view.writes_late = True
    return view


def begin_writing(session) -> None:  # type: ignore[no-untyped-def]
    """From here on the unit of work writes.

    SQLite: unless this transaction already wrote (and so holds the write lock), forget what
    was read and begin a transaction that holds the write lock, so that what is read from here
    on is the latest and stays so until commit. Callers re-load and re-check what they read
    before (revision, status). PostgreSQL: nothing to do (SELECT ... FOR UPDATE locks rows).
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.connection().connection.dbapi_connection.in_transaction:
        return
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_writing with unflushed changes: call it before the first write")
    session.rollback()
    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
