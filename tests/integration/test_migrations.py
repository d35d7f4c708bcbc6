"""The Alembic migrations are the schema: they match the models, run twice harmlessly, and make
the database itself refuse to alter what was filed."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from intake.migrate import current_revision, head_revision, upgrade
from intake.models import Base


def test_migrations_produce_exactly_the_models_schema(session):
    with session.get_bind().connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrade_is_idempotent(session):
    engine = session.get_bind()
    assert current_revision(engine) == head_revision(engine)
    before, after = upgrade(engine)
    assert before == after == head_revision(engine)


def test_every_table_exists(session):
    tables = set(inspect(session.get_bind()).get_table_names())
    assert {"communes", "enterprises", "facilities", "users", "obligations", "reporting_periods",
            "reports", "report_versions", "report_events", "audit_log"} <= tables


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET action = 'forged'",
    "DELETE FROM audit_log",
])
def test_the_database_refuses_to_alter_audit_entries(session, make_user, statement):
    make_user("reviewer")  # writes an audit entry
    engine = session.get_bind()
    with pytest.raises(DBAPIError, match="immutable"):
        with engine.begin() as connection:
            connection.execute(text(statement))


def test_connections_enforce_integrity_and_speak_utf8(session):
    engine = session.get_bind()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        else:
            assert connection.execute(text("SHOW server_encoding")).scalar() == "UTF8"


def test_a_facility_outside_the_126_communes_is_refused(session):
    from sqlalchemy.exc import IntegrityError

    from intake.models import Facility

    session.add(Facility(name="Nhà máy ngoài Hà Nội", commune_code="99999"))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_an_enterprise_with_a_bad_tax_code_cannot_even_be_built():
    from intake.models import Enterprise

    with pytest.raises(ValueError, match="invalid tax code"):
        Enterprise(tax_code="0100112438", name="Công ty sai mã")
