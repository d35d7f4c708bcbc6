"""Fixtures for the PDF tests: the worked-example document (a copy kept in tests/data, so the
tests never read the shared specification folder), its result, and receipts."""
from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from exporters.pdf import ReceiptData, ghg_receipt_totals
from tests.unit.exporters.pdf_text import COMMUNE_NAME, FACILITY_NAME, GHG_TITLE_VI

DATA = Path(__file__).resolve().parents[2] / "data" / "exporters"


@pytest.fixture
def worked_document() -> dict:
    """The worked-example GHG document, with a Vietnamese facility name full of diacritics."""
    document = json.loads((DATA / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    document["facility"]["name"] = FACILITY_NAME
    document["facility"]["address"] = f"Số 25 ngõ 93 Lĩnh Nam, {COMMUNE_NAME}, thành phố Hà Nội"
    return document


@pytest.fixture
def worked_result(worked_document) -> dict:
    """The result document of the calculation engine (tests may import intake; exporters
    itself may not)."""
    from intake.domain.ghg import evaluate

    result = evaluate(copy.deepcopy(worked_document))
    assert result["valid"], result["errors"]
    return result


@pytest.fixture
def sha256() -> str:
    return hashlib.sha256(b"intake report version 42/2").hexdigest()


@pytest.fixture
def make_receipt(worked_result, sha256) -> Callable[..., ReceiptData]:
    def make(**changes) -> ReceiptData:
        values = dict(
            form="ghg-inventory", report_id=42, version_number=2, facility_name=FACILITY_NAME,
            facility_address=f"Số 25 ngõ 93 Lĩnh Nam, {COMMUNE_NAME}, thành phố Hà Nội",
            commune_name=COMMUNE_NAME, tax_code="0100112437", form_title_vi=GHG_TITLE_VI,
            form_title_en="Facility greenhouse gas inventory report (Form 06, Appendix II, "
                          "Decree 06/2022/ND-CP)",
            period_name="Kỳ báo cáo 2024 (số liệu 2022–2023)", data_years=[2022, 2023],
            submitted_at=datetime(2024, 3, 15, 14, 5, 9), submitter_name="Nguyễn Thị Hồng Nhung",
            submitter_email="nhung@detcongnghiep.vn", totals=ghg_receipt_totals(worked_result),
            form_version="2026.1", gwp_set="AR5", factor_library_version="2026.1",
            sha256=sha256, verification_url=f"https://baocao.sct.hanoi.gov.vn/verify/{sha256}",
        )
        values.update(changes)
        return ReceiptData(**values)

    return make

