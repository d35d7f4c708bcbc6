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


def test_every_entry_carries_a_mac_over_its_sequence_and_hash(session):
    from intake.models import AuditEntry

    write_entries(session, 2)
    entries = session.query(AuditEntry).order_by(AuditEntry.id).all()
    assert all(len(entry.mac) == 64 for entry in entries)
    assert len({entry.mac for entry in entries}) == 2
    session.commit()


def test_a_renumbered_entry_is_reported(session):
    """The id is the sequence receipts and checkpoints name: the MAC covers it too."""
    write_entries(session, 3)
    last = session.execute(text("SELECT max(id) FROM audit_log")).scalar()
    session.commit()
    without_immutability(session, f"UPDATE audit_log SET id = {last + 10} WHERE id = {last}")
    session.expire_all()
    check = audit.verify_chain(session)
    assert check.first_broken_id == last + 10 and "MAC" in check.reason


def test_a_session_on_an_engine_the_app_did_not_key_cannot_write_the_log(database_url):
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    engine = create_engine(database_url)
    try:
        with Session(engine) as other, pytest.raises(audit.AuditKeyMissing):
            audit.record(other, None, "test.event")
    finally:
        engine.dispose()


def test_a_checkpoint_survives_its_own_json(session):
    write_entries(session, 2)
    held = audit.checkpoint(session)
    assert audit.Checkpoint.from_json(held.to_json()) == held
    assert held.entries == 2 and audit.verify_record(session, held).intact
    session.commit()
