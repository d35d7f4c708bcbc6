"""The record proves itself: `intake audit verify`, run as the real command on a copy of the
database, finds each forgery a person with SQL access (but not the secret key) can make; and
the database itself refuses the REPLACE that would rewrite a filed version."""
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from intake.models import AuditEntry, Facility, User
from intake.services import audit
from intake.services import reports as filing
from tests.conftest import TEST_PASSWORD, run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "api"
SECRET_KEY = "test-secret-key"  # the key of tests/conftest.py's application


def worked_example(name: str) -> dict:
    document = json.loads((DATA / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    document["facility"].update(tax_code="0100112437", name=name, commune_code="00127", vsic="1702")
    return document


@pytest.fixture
def filed(session, make_user):
    """Two reports submitted by their enterprise through the filing services."""
    user_id, _ = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    report_ids = []
    for number in (1, 2):
        name = f"Nhà máy Dệt Hà Nội số {number}"
        facility = Facility(name=name, commune_code="00127", vsic="1702", enterprise_id=user.enterprise_id)
        session.add(facility)
        session.flush()
        report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id,
                                      document=worked_example(name))
        filing.submit_report(session, user, report.id, certify=True, password=TEST_PASSWORD,
                             hash_profile="test")
        report_ids.append(report.id)
    session.commit()
    return report_ids


@pytest.fixture
def cli_env(database_url, tmp_path):
    return {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path / "cli"),
            "INTAKE_SECRET_KEY": SECRET_KEY}


def verify(env, *args):
    result = run_cli("audit", "verify", *args, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def assert_broken(result, *fragments):
    assert result.returncode == 1, (result.stdout, result.stderr)
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("audit log BROKEN at "), line
    for fragment in fragments:
        assert fragment in line, line


def as_attacker(session, *statements, tables=("audit_log", "report_versions")):
    """SQL as a person with write access to the database would run it: the immutability
    triggers switched off first (anyone with write access can)."""
    engine = session.get_bind()
    with engine.begin() as connection:
        for table in tables:
            if engine.dialect.name == "sqlite":
                triggers = connection.execute(text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                    {"t": table}).scalars().all()
                for trigger in triggers:
                    connection.execute(text(f'DROP TRIGGER "{trigger}"'))
            else:
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        for statement, parameters in statements:
            connection.execute(text(statement), parameters)
    session.expire_all()


def chain(session):
    entries = session.query(AuditEntry).order_by(AuditEntry.id).all()
    session.commit()
    return entries


def rehash_from(session, first_id, change):
    """Rewrite the entry `first_id` with `change(fields)` and recompute every later hash and
    link, as anyone who has read this code can."""
    statements = []
    previous = None
    for entry in chain(session):
        if entry.id < first_id:
            continue
        fields = audit._hashed_fields(entry)
        if entry.id == first_id:
            change(fields)
            statements.append(("UPDATE audit_log SET action = :a WHERE id = :id",
                               {"a": fields["action"], "id": entry.id}))
        previous_hash = entry.previous_hash if previous is None else previous
        new_hash = audit._entry_hash(previous_hash, fields)
        statements.append(("UPDATE audit_log SET previous_hash = :p, entry_hash = :h WHERE id = :id",
                           {"p": previous_hash, "h": new_hash, "id": entry.id}))
        previous = new_hash
    return statements


def test_an_untouched_database_verifies_clean(session, filed, cli_env):
    result = verify(cli_env)
    assert result.returncode == 0, result.stderr
    assert "audit log intact: " in result.stdout and "2 submitted versions" in result.stdout
    assert "MAC" not in result.stdout  # every entry has one


def test_a_document_changed_with_its_sha256_recomputed_is_found(session, filed, cli_env):
    import hashlib

    version = session.execute(text("SELECT id, canonical_json FROM report_versions "
                                   "WHERE report_id = :r"), {"r": filed[1]}).one()
    session.commit()
    forged = version.canonical_json.replace("Nhà máy Dệt Hà Nội số 2", "Nhà máy khác")
    assert forged != version.canonical_json
    as_attacker(session, ("UPDATE report_versions SET canonical_json = :c, sha256 = :s WHERE id = :id",
                          {"c": forged, "s": hashlib.sha256(forged.encode()).hexdigest(), "id": version.id}))
    assert_broken(verify(cli_env), f"report {filed[1]} version 1",
                  "differs from the one its submission's audit entry")


def test_a_document_changed_alone_does_not_match_its_sha256(session, filed, cli_env):
    as_attacker(session, ("UPDATE report_versions SET canonical_json = replace(canonical_json, "
                          "'Nhà máy Dệt', 'Nhà máy Dêt') WHERE report_id = :r", {"r": filed[0]}))
    assert_broken(verify(cli_env), f"report {filed[0]} version 1",
                  "stored document does not match its SHA-256")


def test_a_version_removed_or_without_its_submission_entry_is_found(session, filed, cli_env):
    as_attacker(session, ("DELETE FROM report_versions WHERE report_id = :r", {"r": filed[0]}))
    assert_broken(verify(cli_env), f"report {filed[0]} version 1, which is missing")


def test_the_last_entries_deleted_behind_a_checkpoint_are_found(session, filed, cli_env, tmp_path):
    for number in range(3):
        audit.record(session, None, "test.event", details={"n": number})
    session.commit()
    checkpoint_file = tmp_path / "checkpoint.json"
    written = run_cli("audit", "checkpoint", "-o", str(checkpoint_file), env=cli_env)
    assert written.returncode == 0, written.stderr
    held = json.loads(checkpoint_file.read_text())
    entries = chain(session)
    assert (held["sequence"], held["hash"], held["entries"]) == (entries[-1].id, entries[-1].entry_hash, len(entries))
    assert verify(cli_env, "--checkpoint", str(checkpoint_file)).returncode == 0

    as_attacker(session, ("DELETE FROM audit_log WHERE id > :id", {"id": entries[-3].id}))
    # What is left is a consistent chain: only the anchor outside the database can tell.
    assert verify(cli_env).returncode == 0
    assert_broken(verify(cli_env, "--checkpoint", str(checkpoint_file)),
                  f"checkpoint entry {held['sequence']}", "truncated")


def test_an_entry_appended_with_a_recomputed_hash_is_found(session, filed, cli_env):
    last = chain(session)[-1]
    forged = AuditEntry(id=last.id + 1, at_utc=last.at_utc, actor_id=None, actor_email="",
                        action="report.accept", object_type="report", object_id=str(filed[0]),
                        details={}, previous_hash=last.entry_hash)
    forged.entry_hash = audit._entry_hash(forged.previous_hash, audit._hashed_fields(forged))
    session.add(forged)
    session.commit()  # an INSERT: no trigger needs switching off
    assert_broken(verify(cli_env), f"entry {forged.id}", "no MAC")


def test_an_entry_appended_with_a_made_up_mac_is_found(session, filed, cli_env):
    last = chain(session)[-1]
    forged = AuditEntry(id=last.id + 1, at_utc=last.at_utc, actor_id=None, actor_email="",
                        action="report.accept", object_type="report", object_id=str(filed[0]),
                        details={}, previous_hash=last.entry_hash)
    forged.entry_hash = audit._entry_hash(forged.previous_hash, audit._hashed_fields(forged))
    forged.mac = audit._entry_mac(b"a guessed key", forged.id, forged.entry_hash)
    session.add(forged)
    session.commit()
    assert_broken(verify(cli_env), f"entry {forged.id}", "MAC does not hold")


def test_an_entry_rewritten_with_every_later_hash_recomputed_is_found(session, filed, cli_env):
    entries = chain(session)
    target = next(entry for entry in entries if entry.action == "report.submit")
    statements = rehash_from(session, target.id, lambda fields: fields.update(action="report.withdrawn"))
    as_attacker(session, *statements)
    assert_broken(verify(cli_env), f"entry {target.id}", "MAC does not hold")


def test_a_chain_rewritten_without_its_macs_is_found_behind_a_checkpoint(session, filed, cli_env, tmp_path):
    """Stripping every MAC makes the rewritten chain look like one written before entries had
    MACs; the checkpoint, which recorded the head's hash and MAC, still finds it."""
    checkpoint_file = tmp_path / "checkpoint.json"
    assert run_cli("audit", "checkpoint", "-o", str(checkpoint_file), env=cli_env).returncode == 0
    first = chain(session)[0]
    statements = rehash_from(session, first.id, lambda fields: fields.update(action="forged"))
    as_attacker(session, ("UPDATE audit_log SET mac = NULL", {}), *statements)
    assert_broken(verify(cli_env, "--checkpoint", str(checkpoint_file)), "rewritten")


def test_entries_under_another_secret_key_do_not_verify(session, filed, cli_env):
    result = verify({**cli_env, "INTAKE_SECRET_KEY": "another-key"})
    assert_broken(result, "MAC does not hold")


@pytest.mark.parametrize("statement", ["INSERT OR REPLACE", "REPLACE"])
def test_sqlite_refuses_replace_of_a_filed_version(session, filed, backend, statement):
    if backend != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    engine = session.get_bind()
    row = session.execute(text("SELECT * FROM report_versions WHERE report_id = :r"), {"r": filed[0]}).mappings().one()
    session.commit()
    forged = dict(row, canonical_json="{}")
    columns = ", ".join(forged)
    values = ", ".join(f":{name}" for name in forged)
    with pytest.raises(DBAPIError, match="immutable"):
        with engine.begin() as connection:
            connection.execute(text(f"{statement} INTO report_versions ({columns}) VALUES ({values})"), forged)
    # Not the row id alone: the same report and number under a new id too.
    with pytest.raises(DBAPIError, match="immutable"):
        with engine.begin() as connection:
            del forged["id"]
            columns = ", ".join(forged)
            values = ", ".join(f":{name}" for name in forged)
            connection.execute(text(f"{statement} INTO report_versions ({columns}) VALUES ({values})"), forged)


@pytest.mark.parametrize("statement", ["INSERT OR REPLACE", "REPLACE"])
def test_sqlite_refuses_replace_of_an_audit_entry(session, filed, backend, statement):
    if backend != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    engine = session.get_bind()
    rows = session.execute(text("SELECT * FROM audit_log ORDER BY id")).mappings().all()
    session.commit()
    # The same id; and a new id on the same link (previous_hash), which REPLACE would also free.
    for forged in (dict(rows[1], action="forged"), dict(rows[1], id=rows[-1]["id"] + 1, entry_hash="f" * 64)):
        columns = ", ".join(forged)
        values = ", ".join(f":{name}" for name in forged)
        with pytest.raises(DBAPIError, match="immutable"):
            with engine.begin() as connection:
                connection.execute(text(f"{statement} INTO audit_log ({columns}) VALUES ({values})"), forged)
    assert verify_in_process(session).intact


def test_postgresql_refuses_truncate(session, filed, backend):
    if backend != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    for table in ("audit_log", "report_versions"):
        with pytest.raises(DBAPIError, match="immutable"):
            with session.get_bind().begin() as connection:
                connection.execute(text(f"TRUNCATE {table} CASCADE"))


def verify_in_process(session):
    check = audit.verify_record(session)
    session.commit()
    return check


def test_a_receipt_prints_its_submissions_audit_entry(session, filed):
    from intake.models import Report
    from intake.services.documents_pdf import receipt_pdf_bytes
    from tests.unit.exporters.pdf_text import pdf_text

    report = session.get(Report, filed[1])
    version = report.versions[-1]
    entry = audit.submission_entry(session, report.id, version.number)
    assert entry.details == {"version": 1, "sha256": version.sha256, "attachments": []}
    text_of_receipt = pdf_text(receipt_pdf_bytes(report, version, base_url="https://portal.example"))
    assert "Số thứ tự nhật ký kiểm toán" in text_of_receipt and "Audit log sequence" in text_of_receipt
    assert "Mã băm chuỗi" in text_of_receipt and "Chain hash" in text_of_receipt
    assert entry.entry_hash in text_of_receipt.split("\n")
    session.commit()


@pytest.mark.parametrize("content, fragment", [
    (None, "cannot read the checkpoint"),
    ("{not json", "not JSON"),
    ('{"sequence": 3}', "not an audit checkpoint"),
    ('{"format": "intake-audit-checkpoint/1", "sequence": "3", "hash": "x", "entries": 1}',
     "whole numbers"),
    ('{"format": "intake-audit-checkpoint/1", "sequence": 3, "hash": "x", "entries": 1}',
     "64 hexadecimal digits"),
])
def test_an_unusable_checkpoint_file_is_a_one_line_error(cli_env, tmp_path, content, fragment):
    path = tmp_path / "checkpoint.json"
    if content is not None:
        path.write_text(content)
    result = verify(cli_env, "--checkpoint", str(path))
    assert result.returncode == 2
    assert fragment in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_the_checkpoint_of_an_empty_log_holds(cli_env, tmp_path):
    path = tmp_path / "checkpoint.json"
    assert run_cli("audit", "checkpoint", "-o", str(path), env=cli_env).returncode == 0
    assert json.loads(path.read_text())["sequence"] == 0
    assert verify(cli_env, "--checkpoint", str(path)).returncode == 0


def test_amounts_in_details_keep_the_chain_exact(session, cli_env):
    """Decimals in details are hashed as the database gives them back."""
    audit.record(session, None, "test.amount", details={"tco2e": Decimal("0.1")})
    session.commit()
    assert verify(cli_env).returncode == 0
