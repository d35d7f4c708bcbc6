"""What the PDF tests share: the names with diacritics they look for, and pypdf's text."""
from __future__ import annotations

import io

from pypdf import PdfReader

FACILITY_NAME = "Công ty Cổ phần Dệt Công nghiệp Hà Nội"
COMMUNE_NAME = "Phường Vĩnh Tuy"
GHG_TITLE_VI = ("Báo cáo kết quả kiểm kê khí nhà kính cấp cơ sở "
                "(Mẫu 06, Phụ lục II, Nghị định 06/2022/NĐ-CP)")


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, as pypdf extracts it."""
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def qr_codes(pdf: bytes) -> list[str]:
    """What every QR code drawn in the PDF's images says, read as a phone would (zxing-cpp)."""
    import zxingcpp

    return [code.text for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images
            for code in zxingcpp.read_barcodes(image.image)
            if code.format == zxingcpp.BarcodeFormat.QRCode]


def creation_date(pdf: bytes):
    """The creation date of the PDF's metadata, as an aware datetime."""
    return PdfReader(io.BytesIO(pdf)).metadata.creation_date
