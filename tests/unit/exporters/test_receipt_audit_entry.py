"""Every receipt is an anchor of the audit log: it prints its submission's audit sequence and
chain hash, whole, and still fits one page."""
import hashlib
import re

import pytest

from exporters.pdf import receipt_pdf
from tests.unit.exporters.pdf_text import page_texts

CHAIN_HASH = hashlib.sha256(b"audit entry 1234").hexdigest()


def test_the_receipt_prints_the_audit_sequence_and_chain_hash(make_receipt):
    pages = page_texts(receipt_pdf(make_receipt(audit_sequence=1234, chain_hash=CHAIN_HASH)))
    assert len(pages) == 1
    text = pages[0]
    for label in ("Số thứ tự nhật ký kiểm toán", "Audit log sequence", "Mã băm chuỗi", "Chain hash"):
        assert label in text
    assert re.search(r"(?m)^1234$", text)
    assert re.search(rf"(?m)^{CHAIN_HASH}$", text), "the chain hash must sit whole on its own line"


def test_without_an_audit_entry_the_rows_are_left_out(make_receipt):
    text = "\n".join(page_texts(receipt_pdf(make_receipt())))
    assert "Mã băm chuỗi" not in text and "Audit log sequence" not in text


@pytest.mark.parametrize("bad", ["abc", "A" * 64])
def test_a_chain_hash_must_be_a_full_lowercase_sha256(make_receipt, bad):
    with pytest.raises(ValueError):
        make_receipt(audit_sequence=1, chain_hash=bad)
