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


def test_duplicate_reports_are_set_aside_by_the_unique_index_migration(empty_database_url):
    """A database filled while the API allowed several reports per facility, form and period:
    the upgrade keeps the earliest as the report, sets the others aside and names them."""
    from alembic import command

    from intake.migrate import alembic_config

    engine = create_engine(empty_database_url)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO communes (code, name, kind, source) "
                                "VALUES ('00493', 'Thiên Lộc', 'xa', 'test')"))
        connection.execute(text("INSERT INTO enterprises (tax_code, name, address, created_at_utc) "
                                "VALUES ('0100112437', 'Công ty', '', CURRENT_TIMESTAMP)"))
        enterprise = connection.execute(text("SELECT id FROM enterprises")).scalar()
        connection.execute(text("INSERT INTO facilities (name, address, commune_code, activity, enterprise_id, "
                                "created_at_utc) VALUES ('Nhà máy', '', '00493', '', :e, CURRENT_TIMESTAMP)"),
                           {"e": enterprise})
        facility = connection.execute(text("SELECT id FROM facilities")).scalar()
        for _ in range(3):
            connection.execute(text(
                "INSERT INTO reports (facility_id, form, form_version, status, document, result, revision, "
                "created_at_utc, updated_at_utc) VALUES (:f, 'ghg-inventory', '2026.1', 'draft', '{}', '{}', 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"f": facility})
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, superseded_by_id FROM reports ORDER BY id")).all()
    keeper = rows[0][0]
    assert [superseded for _, superseded in rows] == [None, keeper, keeper]
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO reports (facility_id, form, form_version, status, document, result, revision, "
                "created_at_utc, updated_at_utc) VALUES (:f, 'ghg-inventory', '2026.1', 'draft', '{}', '{}', 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"f": facility})
    engine.dispose()
