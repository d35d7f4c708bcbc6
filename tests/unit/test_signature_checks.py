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


def test_a_copy_signed_and_verified_inside_a_running_event_loop(ca):
    """pyHanko's synchronous calls start an event loop of their own: under an async server or
    a browser driver (a loop already running in the thread) they must still sign and verify."""
    import asyncio
    import datetime as dt
    import io
    from concurrent.futures import ThreadPoolExecutor

    from asn1crypto import x509
    from reportlab.pdfgen import canvas

    from intake.domain.signatures import verify_signed_copy

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Bản lưu thử nghiệm")
    page.save()
    record = buffer.getvalue()
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)

    async def inside_a_loop():
        signed = ca.enterprise("0100112437").sign(record)
        return verify_signed_copy(signed, record=record, tax_code="0100112437",
                                  trust_roots=[x509.Certificate.load(ca.certificate.public_bytes(_der()))],
                                  not_before=before, now=dt.datetime.now(dt.timezone.utc))

    # A thread of its own: the browser tests may already run a loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        verified = pool.submit(asyncio.run, inside_a_loop()).result()
    assert verified.tax_code == "0100112437"
