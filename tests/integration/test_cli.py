"""The `intake` command as an operator runs it: a real child process, real databases."""
import json
import sqlite3

import pytest

from tests.conftest import TEST_PASSWORD, run_cli


def test_upgrade_and_seed_an_empty_database_then_seed_again(empty_database_url, tmp_path):
    env = {"INTAKE_DATABASE_URL": empty_database_url, "INTAKE_INSTANCE_PATH": str(tmp_path / "i")}
    first = run_cli("db", "upgrade", env=env)
    assert first.returncode == 0, first.stderr
    assert "upgraded" in first.stdout
    assert run_cli("db", "upgrade", env=env).stdout.startswith("database schema is up to date")
    seeded = run_cli("seed", env=env)
    assert seeded.returncode == 0, seeded.stderr
    assert "communes: 126 added, 126 in the database" in seeded.stdout
    assert "GHG register (Decision 42/2026): 71 added, 71" in seeded.stdout
    again = run_cli("seed", "--demo", env=env)
    assert again.returncode == 0, again.stderr
    assert "communes: 0 added, 126 in the database" in again.stdout
    assert "demo users: 6 added" in again.stdout  # the four roles, a preparer, a consultant
    # The secret key was generated once into the instance folder, never hard-coded.
    assert len((tmp_path / "i" / "secret_key").read_text()) >= 40


def test_seed_before_upgrade_is_a_clear_error(empty_database_url, tmp_path):
    result = run_cli("seed", env={"INTAKE_DATABASE_URL": empty_database_url,
                                  "INTAKE_INSTANCE_PATH": str(tmp_path)})
    assert result.returncode != 0
    assert "intake db upgrade" in result.stderr and "Traceback" not in result.stderr


def test_user_create_for_an_enterprise(database_url, tmp_path):
    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path)}
    result = run_cli("user", "create", "CanBo@CongTy.vn", "--role", "enterprise",
                     "--tax-code", "0100109106", "--password-stdin", env=env,
                     input=TEST_PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "canbo@congty.vn" in result.stdout and "0100109106" in result.stdout
    duplicate = run_cli("user", "create", "canbo@congty.vn", "--role", "reviewer",
                        "--password-stdin", env=env, input=TEST_PASSWORD + "\n")
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr


@pytest.mark.parametrize("args, fragment", [
    (["--role", "enterprise", "--tax-code", "0100109107"], "Mã số thuế"),
    (["--role", "enterprise", "--tax-code", "ABC"], "Mã số thuế"),
    (["--role", "enterprise"], "mã số thuế"),
    (["--role", "reviewer", "--tax-code", "0100109106"], "doanh nghiệp"),
])
def test_user_create_refuses_bad_input_in_both_languages(database_url, tmp_path, args, fragment):
    result = run_cli("user", "create", "x@congty.vn", *args, "--password-stdin",
                     env={"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path)},
                     input=TEST_PASSWORD + "\n")
    assert result.returncode == 1
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_user_create_refuses_a_short_password(database_url, tmp_path):
    result = run_cli("user", "create", "x@congty.vn", "--role", "analyst", "--password-stdin",
                     env={"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path)},
                     input="short\n")
    assert result.returncode == 1 and "10" in result.stderr


def test_unknown_role_is_a_usage_error(tmp_path):
    result = run_cli("user", "create", "x@congty.vn", "--role", "boss",
                     env={"INTAKE_INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_missing_database_directory_is_reported(tmp_path):
    result = run_cli("db", "upgrade", env={
        "INTAKE_DATABASE_URL": f"sqlite:///{tmp_path}/no/such/folder/intake.sqlite3",
        "INTAKE_INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_postgresql_is_reported(tmp_path):
    result = run_cli("db", "upgrade", env={
        "INTAKE_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
        "INTAKE_INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "cannot use the database" in result.stderr and "Traceback" not in result.stderr


def test_unsupported_database_url_is_reported(tmp_path):
    result = run_cli("db", "upgrade", env={"INTAKE_DATABASE_URL": "mysql://x@y/z",
                                           "INTAKE_INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 1 and "unsupported database" in result.stderr


def test_a_failed_seed_leaves_nothing_half_written(tmp_path):
    """A broken commune reference mid-seed rolls the whole seed back."""
    database = tmp_path / "intake.sqlite3"
    env = {"INTAKE_DATABASE_URL": f"sqlite:///{database}", "INTAKE_INSTANCE_PATH": str(tmp_path)}
    assert run_cli("db", "upgrade", env=env).returncode == 0
    with sqlite3.connect(database) as connection:
        # Make the register's insert fail after the communes were added in the same run.
        connection.execute("CREATE TRIGGER break_register BEFORE INSERT ON obligations "
                           "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END")
    result = run_cli("seed", env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM communes").fetchone()[0] == 0
        assert connection.execute("SELECT count(*) FROM facilities").fetchone()[0] == 0


def test_audit_verify_reports_the_first_broken_link(tmp_path):
    database = tmp_path / "intake.sqlite3"
    env = {"INTAKE_DATABASE_URL": f"sqlite:///{database}", "INTAKE_INSTANCE_PATH": str(tmp_path)}
    assert run_cli("db", "upgrade", env=env).returncode == 0
    assert run_cli("seed", "--demo", env=env).returncode == 0
    intact = run_cli("audit", "verify", env=env)
    assert intact.returncode == 0 and "audit log intact" in intact.stdout
    with sqlite3.connect(database) as connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET details = '{}' WHERE id = 2")
    broken = run_cli("audit", "verify", env=env)
    assert broken.returncode == 1 and "BROKEN at entry 2" in broken.stderr


def test_xlsx_read_of_an_over_limit_workbook_exits_2_naming_the_limit(tmp_path):
    from exporters.xlsx import write_template
    from forms.ghg import GHG_FORM
    from tests.unit.xlsx.conftest import load_json, with_source_rows

    workbook = tmp_path / "lon.xlsx"
    workbook.write_bytes(with_source_rows(
        write_template(GHG_FORM, load_json("ghg/ghg-worked-examples.json")), 3000))
    result = run_cli("xlsx", "read", str(workbook), env={"INTAKE_INSTANCE_PATH": str(tmp_path)})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    printed = json.loads(result.stdout)
    assert printed["document"] is None
    [error] = printed["errors"]
    assert error["code"] == "xlsx_too_large" and error["cell"].startswith("Nguồn thải!A")
    assert "the sheet “Nguồn thải” has more than 1,000 rows; the limit is 1,000" in error["message"]
    assert "giới hạn là 1.000" in error["message_vi"]
    assert "giới hạn là 1.000" in result.stderr or "the limit is 1,000" in result.stderr
