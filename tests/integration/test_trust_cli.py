"""`intake trust add FILE.pem` (contract.md): 0 for a CA's root certificate, 1 for anything
else (a leaf certificate, garbage, not PEM, unreadable); the roots are data files."""
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.signing_ca import TestCA, leaf_pem


@pytest.fixture(scope="module")
def ca():
    return TestCA()


def _add(instance: Path, path: Path):
    return run_cli("trust", "add", str(path), env={"INTAKE_INSTANCE_PATH": str(instance)})


def test_a_ca_root_is_added_once_as_a_data_file(tmp_path, ca):
    root = tmp_path / "root.pem"
    root.write_bytes(ca.pem)
    instance = tmp_path / "instance"
    first = _add(instance, root)
    assert first.returncode == 0, first.stderr
    assert "CA Thử nghiệm Ví dụ" in first.stdout
    assert _add(instance, root).returncode == 0  # the same root again changes nothing
    (stored,) = (instance / "trust").glob("*.pem")
    assert stored.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    listed = run_cli("trust", "list", env={"INTAKE_INSTANCE_PATH": str(instance)})
    assert listed.returncode == 0 and stored.stem in listed.stdout


def test_what_is_not_a_ca_certificate_is_refused_with_exit_1(tmp_path, ca):
    instance = tmp_path / "instance"
    leaf = tmp_path / "leaf.pem"
    leaf.write_bytes(leaf_pem(ca.enterprise("0100112437")))
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"\x00\x01 not a certificate \xff")
    answers = {path.name: _add(instance, path) for path in (leaf, garbage, tmp_path / "missing.pem")}
    for name, answer in answers.items():
        assert answer.returncode == 1, (name, answer.stdout, answer.stderr)
        assert "Traceback" not in answer.stderr and answer.stderr.strip()
    assert "CA=true" in answers["leaf.pem"].stderr
    assert not (instance / "trust").exists() or not list((instance / "trust").glob("*.pem"))
