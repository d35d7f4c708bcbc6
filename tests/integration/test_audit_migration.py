"""Migration 0003 upgrades a database whose audit entries have no MAC and downgrades cleanly:
the early entries still verify, as the beginning of the chain, and new ones are keyed."""
import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from intake.migrate import alembic_config, current_revision, head_revision, upgrade
from intake.services import audit


def migrate_to(engine, revision):
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if revision == "head":
            command.upgrade(config, "head")
        else:
            command.downgrade(config, revision)


def write_entries(session, count):
    for number in range(count):
        audit.record(session, None, "test.event", details={"n": number})
    session.commit()


def test_down_to_0002_and_up_again_keeps_the_chain_verifiable(session):
    engine = session.get_bind()
    write_entries(session, 3)
    session.close()

    migrate_to(engine, "0002")
    assert current_revision(engine) == "0002"
    assert "mac" not in {column["name"] for column in inspect(engine).get_columns("audit_log")}
    # 0001's guard is untouched by the downgrade.
    with pytest.raises(DBAPIError, match="immutable"):
        with engine.begin() as connection:
            connection.execute(text("UPDATE audit_log SET action = 'forged'"))

    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    check = audit.verify_record(session)
    assert check.intact and check.entries == 3 and check.unkeyed_entries == 3
    write_entries(session, 2)
    check = audit.verify_record(session)
    assert check.intact and check.entries == 5 and check.unkeyed_entries == 3
    session.commit()


def test_an_entry_without_a_mac_after_keyed_ones_is_refused(session):
    write_entries(session, 4)
    ids = session.execute(text("SELECT id FROM audit_log ORDER BY id")).scalars().all()
    session.commit()

    # Early entries without a MAC (as written before 0003) are accepted...
    strip_macs(session, "id <= :id", ids[1])
    check = audit.verify_chain(session)
    assert check.intact and check.unkeyed_entries == 2
    session.commit()
    # ...a later one is not.
    strip_macs(session, "id = :id", ids[3])
    check = audit.verify_chain(session)
    assert check.first_broken_id == ids[3] and "no MAC" in check.reason
    session.commit()


def strip_macs(session, condition, entry_id):
    engine = session.get_bind()
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        else:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable"))
        connection.execute(text(f"UPDATE audit_log SET mac = NULL WHERE {condition}"), {"id": entry_id})
    session.expire_all()
