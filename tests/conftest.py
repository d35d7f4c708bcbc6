"""Shared fixtures.

Integration and web tests run once on SQLite and once on PostgreSQL (when
`INTAKE_TEST_POSTGRESQL_URL` names a server; under `CI=true` it must). Each test gets its own
database cloned from a template that was migrated with the real Alembic migrations and seeded
with the reference data once per run: real isolation, real commits, and fast.
"""
from __future__ import annotations

import gc
import itertools
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRESQL_URL = os.environ.get("INTAKE_TEST_POSTGRESQL_URL", "")
TEST_PASSWORD = "mat-khau-thu-nghiem-2026"
DATA = Path(__file__).resolve().parent / "data"


def require_or_skip(reason: str) -> None:
    """In CI a missing PostgreSQL or browser is a failure, not a skip: otherwise a green run
    could hide that half the suite never ran."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


# --- databases -----------------------------------------------------------------------------

def _build_schema_and_reference_data(url: str) -> None:
    from intake import create_app
    from intake.extensions import db
    from intake.migrate import upgrade
    from intake.services.seeding import seed_reference_data

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "template",
                      "INSTANCE_PATH": str(Path(os.environ.get("TMPDIR", "/tmp")))})
    with app.app_context():
        upgrade(db.engine)
        seed_reference_data(db.session)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not POSTGRESQL_URL:
        require_or_skip("INTAKE_TEST_POSTGRESQL_URL is not set (no PostgreSQL server)")
    return request.param


@pytest.fixture(scope="session")
def database_template(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        _build_schema_and_reference_data(f"sqlite:///{path}")
        yield str(path)
        return
    name = f"intake_template_{os.getpid()}"
    admin = create_engine(POSTGRESQL_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    _build_schema_and_reference_data(make_url(POSTGRESQL_URL).set(database=name).render_as_string(False))
    yield name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_clone_numbers = itertools.count()


@contextmanager
def copy_of_template(backend: str, template: str, directory: Path, prefix: str = "intake_test") -> Iterator[str]:
    """The URL of a copy of the migrated, seeded template, dropped on the way out: per test
    (`database_url`) or per module (tests/web/shared_world.py)."""
    if backend == "sqlite":
        path = directory / "intake.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    name = f"{prefix}_{os.getpid()}_{next(_clone_numbers)}"
    admin = create_engine(POSTGRESQL_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield make_url(POSTGRESQL_URL).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_url(backend: str, database_template: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database for one test: the template, copied."""
    with copy_of_template(backend, database_template, tmp_path) as url:
        yield url


def app_config(database_url: str, instance_path: Path, **overrides: object) -> dict:
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(instance_path),
        "PASSWORD_HASH_PROFILE": "test",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "TESTING": True,
    }
    config.update(overrides)
    return config


@pytest.fixture
def app(backend: str, database_url: str, tmp_path: Path):
    from intake import create_app
    from intake.extensions import db

    application = create_app(app_config(database_url, tmp_path / "instance"))
    yield application
    # A session a test dropped without closing still holds its connection: collected now, it
    # goes back to the pool, which `dispose` closes (collected later, it would be a psycopg
    # connection deleted while open, reported in whichever test happens to run then). Only
    # psycopg reports it, and a full collection costs a few tenths of a second a test.
    if backend == "postgresql":
        gc.collect()
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def session(app):
    """A database session on the application's engine, outside any application context: a
    context held open by a test would be reused by every request of the test client, and
    per-request state (the logged-in user on `g`) would leak from one request to the next."""
    from sqlalchemy.orm import Session

    from intake.extensions import db

    with app.app_context():
        engine = db.engine
    with Session(engine) as database_session:
        yield database_session


@pytest.fixture
def client(app):
    return app.test_client()


# --- people --------------------------------------------------------------------------------

DEMO_TAX_CODES = ("0100112437", "0100109106", "0300588569")


@pytest.fixture
def make_user(app):
    """Create a user through the real account service: make_user("reviewer") or
    make_user("enterprise", tax_code="0100109106")."""
    from intake.domain.roles import Role
    from intake.extensions import db
    from intake.services.accounts import create_user

    numbers = itertools.count(1)

    def make(role: str, *, email: str | None = None, tax_code: str | None = None,
             password: str = TEST_PASSWORD):
        if role == "enterprise" and tax_code is None:
            tax_code = DEMO_TAX_CODES[0]
        with app.app_context():
            user = create_user(db.session, email=email or f"{role}{next(numbers)}@example.vn",
                               role=Role(role), password=password, tax_code=tax_code,
                               hash_profile="test")
            db.session.commit()
            user_id, user_email = user.id, user.email
        return user_id, user_email

    return make


@pytest.fixture
def submitted_report(session, make_user):
    """Enterprise 0100112437's worked example, submitted (its version 1) and not yet reviewed:
    {"id": the report's id, "filer": the filer's e-mail}."""
    from intake.models import Facility, User
    from intake.services import reports as filing

    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Dệt Lĩnh Nam", commune_code="00283", enterprise_id=user.enterprise_id)
    session.add(facility)
    session.flush()
    document = json.loads((DATA / "api" / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=document)
    filing.submit_report(session, user, report.id, certify=True, password=TEST_PASSWORD, hash_profile="test")
    session.commit()
    return {"id": report.id, "filer": email}


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def log_in(client, email: str, password: str = TEST_PASSWORD):
    """Log in through the real login form, CSRF token included."""
    page = client.get("/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token_from(page.get_data(as_text=True))})


@pytest.fixture
def empty_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, for the CLI's first `db upgrade`."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"intake_empty_{os.getpid()}_{next(_clone_numbers)}"
    admin = create_engine(POSTGRESQL_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRESQL_URL).set(database=name).render_as_string(False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            cwd: Path | None = None):
    """Run the real `intake` command in a child process."""
    import subprocess
    import sys

    full_env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    full_env["INTAKE_PASSWORD_HASH_PROFILE"] = "test"
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "intake", *args], capture_output=True, text=True,
                          env=full_env, input=input, cwd=cwd, timeout=120)


def run_queued_jobs(app) -> int:
    """Run in this process every task waiting in the queue, as `intake worker` would; the
    number run. (The worker itself, as a process, is tested in tests/integration/test_worker.py.)"""
    from intake.jobs import queue

    ran = 0
    with app.app_context():
        while (task := queue.dequeue()) is not None:
            queue.execute(task)
            ran += 1
    return ran
