"""`intake user create --preparer` through the real command (contract.md): a preparer is an
enterprise user who may not certify; `--preparer` for anyone else is bad input (exit 1)."""
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import TEST_PASSWORD, run_cli


def _user(database_url: str, email: str) -> dict:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT role, can_certify, is_enterprise_admin FROM users WHERE email = :email"),
                {"email": email}).mappings().one()
            return dict(row)
    finally:
        engine.dispose()


def test_a_preparer_and_a_certifier_of_one_enterprise(database_url, tmp_path):
    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path)}
    first = run_cli("user", "create", "giamdoc@congty.vn", "--role", "enterprise",
                    "--tax-code", "0100109106", "--password-stdin", env=env, input=TEST_PASSWORD + "\n")
    assert first.returncode == 0, first.stderr
    preparer = run_cli("user", "create", "NguoiLap@CongTy.vn", "--role", "enterprise",
                       "--tax-code", "0100109106", "--preparer", "--password-stdin", env=env,
                       input=TEST_PASSWORD + "\n")
    assert preparer.returncode == 0, preparer.stderr
    assert "nguoilap@congty.vn" in preparer.stdout and "preparer" in preparer.stdout
    # The first user of an enterprise is its administrator and a certifier; the second a preparer.
    assert _user(database_url, "giamdoc@congty.vn") == {
        "role": "enterprise", "can_certify": True, "is_enterprise_admin": True}
    assert _user(database_url, "nguoilap@congty.vn") == {
        "role": "enterprise", "can_certify": False, "is_enterprise_admin": False}


@pytest.mark.parametrize("role", ["reviewer", "analyst", "admin"])
def test_preparer_is_bad_input_for_department_staff(database_url, tmp_path, role):
    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path)}
    result = run_cli("user", "create", f"{role}@so.vn", "--role", role, "--preparer",
                     "--password-stdin", env=env, input=TEST_PASSWORD + "\n")
    assert result.returncode == 1
    assert "preparer" in result.stderr and "người lập báo cáo" in result.stderr
    assert "Traceback" not in result.stderr
    engine = create_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM users WHERE email = :e"),
                                  {"e": f"{role}@so.vn"}).scalar() == 0
    engine.dispose()
