"""The pure parts of verifying a signed copy of record (intake.domain.signatures)."""
import pytest

from intake.domain.signatures import (
    NotACertificateAuthority,
    ca_certificate,
    has_non_repudiation,
    names_tax_code,
    tax_codes_named,
)
from tests.signing_ca import TestCA, leaf_pem


@pytest.fixture(scope="module")
def ca():
    return TestCA()


def test_the_tax_code_is_read_from_uid_as_vietnamese_cas_write_it():
    assert tax_codes_named(["MST:0100112437"]) == {"0100112437"}
    assert tax_codes_named(["mst: 0100112437-001", "CMND:012345678"]) == {"0100112437-001"}
    assert tax_codes_named(["0100112437", "MST:", ""]) == set()


def test_a_certificate_names_its_enterprise_and_its_use(ca):
    from asn1crypto import x509

    good = x509.Certificate.load(ca.enterprise("0100112437").certificate.public_bytes(_der()))
    assert names_tax_code(good, "0100112437") and not names_tax_code(good, "0100109106")
    assert has_non_repudiation(good)
    weak = x509.Certificate.load(ca.enterprise("0100112437", non_repudiation=False).certificate.public_bytes(_der()))
    assert not has_non_repudiation(weak)
    other_uid = x509.Certificate.load(ca.enterprise("0100112437", uid="CCCD:001").certificate.public_bytes(_der()))
    assert not names_tax_code(other_uid, "0100112437")


def test_only_a_ca_certificate_enters_the_trust_store(ca):
    assert ca_certificate(ca.pem).ca
    for refused in (leaf_pem(ca.enterprise("0100112437")), b"", b"garbage", ca.pem + ca.pem):
        with pytest.raises(NotACertificateAuthority) as raised:
            ca_certificate(refused)
        assert raised.value.message_vi


def _der():
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER
