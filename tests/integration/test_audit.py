"""The audit log is a hash chain: any altered or removed entry is found."""
import pytest
from sqlalchemy import text

from intake.services import audit


def write_entries(session, count=5):
    for number in range(count):
        audit.record(session, None, "test.event", object_type="thing", object_id=number,
                     details={"n": number, "ghi_chú": "Hà Nội"})
    session.commit()


def without_immutability(session, statement):
    """Tampering as a database administrator would: switch the guard off, change the row."""
    engine = session.get_bind()
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
            connection.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable"))
        connection.execute(text(statement))


def test_an_untouched_chain_verifies(session):
    write_entries(session)
    check = audit.verify_chain(session)
    assert check.intact and check.entries == 5


def test_an_altered_entry_is_reported(session):
    write_entries(session)
    third = session.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2")).scalar()
    session.commit()
    without_immutability(session, f"UPDATE audit_log SET action = 'forged' WHERE id = {third}")
    session.expire_all()
    check = audit.verify_chain(session)
    assert check.first_broken_id == third and "altered" in check.reason


def test_a_removed_entry_is_reported(session):
    write_entries(session)
    ids = [row[0] for row in session.execute(text("SELECT id FROM audit_log ORDER BY id"))]
    session.commit()
    without_immutability(session, f"DELETE FROM audit_log WHERE id = {ids[1]}")
    session.expire_all()
    check = audit.verify_chain(session)
    assert check.first_broken_id == ids[2] and "link" in check.reason


def test_the_orm_refuses_to_change_an_entry(session):
    from intake.models import AuditEntry, ImmutableRowError

    write_entries(session, 1)
    entry = session.query(AuditEntry).first()
    entry.action = "forged"
    with pytest.raises(ImmutableRowError):
        session.flush()
    session.rollback()
