"""The submission receipt (biên nhận nộp báo cáo): what a filer gets when a version is frozen.

The receipt carries the national header with its receipt number (`official.receipt_number`) and
names the exact version it acknowledges by its SHA-256, printed in full on a line of its own, so
that anyone holding the receipt can check a copy of the report against it; its QR code opens the
portal's public page that confirms the version was filed. It also prints the sequence and chain
hash of the submission's audit log entry: every receipt an enterprise keeps is an anchor of the
audit log outside the database (`intake audit verify`).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from exporters.pdf.layout import (
    FONT,
    FONT_MONO,
    FRAME_WIDTH,
    GRID_COLOUR,
    ISSUING_AUTHORITY_EN,
    ISSUING_AUTHORITY_VI,
    RunningText,
    Styles,
    bilingual,
    build_pdf,
    grid_table,
    key_value_table,
    register_fonts,
    text,
)
from exporters.pdf.official import (
    FORM_PREFIXES,
    beside_qr,
    content_width,
    in_hanoi_time,
    national_header,
    receipt_number,
    url_paragraph,
)
from forms.figures import GHG_YEAR_FIGURES, by_key

__all__ = ["ReceiptData", "ghg_receipt_totals", "hanoi_timestamp", "receipt_pdf"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# A total row: (label in Vietnamese, label in English, value as it is to be printed, unit).
TotalRow = tuple[str, str, str, str]


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on a receipt, as plain values (the caller reads them from the
    database). `form` is the form's key (`ghg-inventory`, `env-declaration`). `submitted_at` is
    Hanoi time; an aware datetime in another zone is converted, a naive one is taken as Hanoi
    time. `totals` values are printed as given (see `ghg_receipt_totals`). `verification_url`
    is what the QR code encodes (`official.verification_url`). `audit_sequence` and
    `chain_hash` name the submission's audit log entry (left out when None / ""). Raises
    ValueError if `sha256` (or a given `chain_hash`) is not 64 lowercase hex digits, or if the
    form has no receipt number prefix."""

    form: str
    report_id: int
    version_number: int
    facility_name: str
    facility_address: str
    commune_name: str
    tax_code: str
    form_title_vi: str
    form_title_en: str
    period_name: str
    data_years: list[int]
    submitted_at: datetime
    submitter_name: str
    submitter_email: str
    totals: list[TotalRow]
    form_version: str
    # The environmental declaration has no GWP set or factor library: "" leaves the row out.
    gwp_set: str
    factor_library_version: str
    sha256: str
    verification_url: str
    audit_sequence: int | None = None
    chain_hash: str = ""
    issuing_authority_vi: str = ISSUING_AUTHORITY_VI
    issuing_authority_en: str = ISSUING_AUTHORITY_EN
    notes: list[str] = field(default_factory=list)  # printed at the end, one paragraph each

    def __post_init__(self):
        if not _SHA256.match(self.sha256):
            raise ValueError("sha256 must be 64 lowercase hexadecimal digits")
        if self.chain_hash and not _SHA256.match(self.chain_hash):
            raise ValueError("chain_hash must be 64 lowercase hexadecimal digits")
        if self.form not in FORM_PREFIXES:
            raise ValueError(f"no receipt number for form {self.form!r}")

    @property
    def receipt_number(self) -> str:
        """`GHG-2026-000123-01`: see `official.receipt_number` for the scheme."""
        return receipt_number(self.form, self.submitted_at, self.report_id, self.version_number)


SHA256_EXPLANATION_VI = (
    "Mã SHA-256 xác định duy nhất phiên bản báo cáo đã nộp: mọi thay đổi dù chỉ một ký tự trong "
    "báo cáo đều cho ra một mã khác. Đối chiếu mã này với mã của bản báo cáo lưu tại Sở Công "
    "Thương để xác nhận đó đúng là phiên bản đã nộp."
)
SHA256_EXPLANATION_EN = (
    "The SHA-256 identifies exactly this submitted version: changing even one character of the "
    "report gives a different code. Compare it with the code of the copy held by the Department "
    "to confirm that copy is the version submitted."
)


def receipt_pdf(receipt: ReceiptData) -> bytes:
    """The receipt as PDF bytes (A4, Vietnamese first, English below)."""
    register_fonts()  # before the first Paragraph, which looks its font family up
    story: list[Flowable] = [
        national_header(receipt.issuing_authority_vi, number=receipt.receipt_number,
                        moment=receipt.submitted_at),
        Spacer(1, 2 * mm),
        Paragraph("BIÊN NHẬN NỘP BÁO CÁO", Styles.title),
        Paragraph("Submission receipt", Styles.title_en),
        Paragraph(text(receipt.form_title_vi), Styles.subtitle),
    ]
    if receipt.form_title_en:
        story.append(Paragraph(text(receipt.form_title_en), Styles.title_en))
    story += [Spacer(1, 2 * mm), *_facility_block(receipt), *_submission_block(receipt)]
    if receipt.totals:
        story += _totals_block(receipt.totals)
    story += _version_block(receipt)
    for note in receipt.notes:
        story.append(Paragraph(text(note), Styles.note))
    running = RunningText(
        header_left=f"{receipt.issuing_authority_vi} · {receipt.issuing_authority_en}",
        header_right=f"Biên nhận số {receipt.receipt_number}",
        footer_left=f"SHA-256 {receipt.sha256[:16]}…",
    )
    return build_pdf(story, running, title=f"Biên nhận nộp báo cáo số {receipt.receipt_number}",
                     subject=receipt.form_title_vi, created_at=in_hanoi_time(receipt.submitted_at))


def hanoi_timestamp(moment: datetime) -> str:
    """dd/mm/yyyy HH:MM:SS (giờ Hà Nội, UTC+7); a naive datetime is taken as Hanoi time."""
    return f"{in_hanoi_time(moment):%d/%m/%Y %H:%M:%S} (giờ Hà Nội, UTC+7)"


# Section titles closer to their tables than in the copy of record: one page holds it all.
_SECTION = ParagraphStyle("receipt_section", parent=Styles.section, spaceBefore=6)
_FINE = ParagraphStyle("receipt_fine", parent=Styles.note, fontSize=8, leading=10)


def _heading(vi: str, en: str) -> Paragraph:
    return Paragraph(f"{text(vi)} <font name='{FONT}' size='9' color='#55606b'>/ {text(en)}"
                     "</font>", _SECTION)


def _row(vi: str, en: str, value: str) -> tuple[Flowable, Flowable]:
    return bilingual(vi, en, inline=True), Paragraph(text(value) if value else "—", Styles.cell)


def _table(rows: list[tuple[Flowable, Flowable]], width: float = FRAME_WIDTH) -> Flowable:
    # Wide enough for "Mã số thuế doanh nghiệp / Enterprise tax code" on one line; rows kept
    # tight so that the receipt, QR code included, stays on one page.
    return key_value_table(rows, label_width=78 * mm, width=width, padding=2)


def _facility_block(receipt: ReceiptData) -> list[Flowable]:
    return [_heading("Cơ sở báo cáo", "Reporting facility"), _table([
        _row("Tên cơ sở", "Facility name", receipt.facility_name),
        _row("Địa chỉ", "Address", receipt.facility_address),
        _row("Phường, xã", "Ward/commune", receipt.commune_name),
        _row("Mã số thuế doanh nghiệp", "Enterprise tax code", receipt.tax_code),
    ])]


def _submission_block(receipt: ReceiptData) -> list[Flowable]:
    years = ", ".join(str(year) for year in receipt.data_years)
    return [_heading("Thông tin nộp", "Submission"), _table([
        _row("Số biên nhận", "Receipt number", receipt.receipt_number),
        _row("Kỳ báo cáo", "Reporting period", receipt.period_name),
        _row("Năm số liệu", "Data years", years),
        _row("Số báo cáo, phiên bản", "Report id, version",
             f"{receipt.report_id}, phiên bản {receipt.version_number}"),
        _row("Thời điểm nộp", "Submitted at", hanoi_timestamp(receipt.submitted_at)),
        _row("Người nộp", "Submitted by",
             f"{receipt.submitter_name} <{receipt.submitter_email}>"),
    ])]


def _totals_block(totals: list[TotalRow]) -> list[Flowable]:
    header = [bilingual("Chỉ tiêu", "Item", Styles.header_cell, inline=True),
              bilingual("Giá trị", "Value", Styles.header_cell_number, inline=True),
              bilingual("Đơn vị", "Unit", Styles.header_cell, inline=True)]
    rows = [[bilingual(vi, en, Styles.cell, inline=True),
             Paragraph(text(value), Styles.cell_number), Paragraph(text(unit), Styles.cell)]
            for vi, en, value, unit in totals]
    return [_heading("Kết quả chính", "Key figures"),
            grid_table(header, rows, [FRAME_WIDTH - 60 * mm, 36 * mm, 24 * mm], padding=1.5)]


def _version_block(receipt: ReceiptData) -> list[Flowable]:
    """What identifies the version, its SHA-256 and, beside them, the QR code of the page that
    confirms it was filed; then the verification address as text and what the SHA-256 is."""
    rows = [_row("Phiên bản biểu mẫu", "Form version", receipt.form_version)]
    if receipt.gwp_set:
        rows.append(_row("Bộ hệ số GWP", "GWP set", receipt.gwp_set))
    if receipt.factor_library_version:
        rows.append(_row("Phiên bản thư viện hệ số", "Factor library version",
                         receipt.factor_library_version))
    width = content_width()
    return [_heading("Định danh phiên bản", "Version identity"),
            beside_qr(receipt.verification_url, [
                _table(rows, width),
                Spacer(1, 2.5 * mm),
                Paragraph("<b>Mã SHA-256 của phiên bản đã nộp</b> / SHA-256 of the submitted "
                          "version", Styles.body),
                Spacer(1, 1.5 * mm), _sha256_box(receipt.sha256, width)]),
            Spacer(1, 2 * mm),
            url_paragraph(receipt.verification_url, FRAME_WIDTH,
                          "<font name='DejaVuSans' size='8' color='#55606b'><b>Kiểm tra phiên "
                          "bản đã nộp</b>: quét mã QR hoặc mở địa chỉ / Verify the submitted "
                          "version: scan the QR code or open</font>"),
            Spacer(1, 1.5 * mm),
            Paragraph(text(SHA256_EXPLANATION_VI), _FINE),
            Paragraph(text(SHA256_EXPLANATION_EN), _FINE),
            *_audit_block(receipt)]


def _audit_block(receipt: ReceiptData) -> list[Flowable]:
    """The submission's audit log entry. Compact, without an explanation, so that the receipt
    keeps to one page: the chain hash depends on every earlier entry of the log, so a log
    altered, truncated or added to before this entry no longer matches it."""
    if receipt.audit_sequence is None or not receipt.chain_hash:
        return []
    # 64 Courier characters at 8.5 pt are 326 pt wide: with a 54 mm label column the chain
    # hash stays on one line, whole when copied or extracted, like the SHA-256.
    mono = ParagraphStyle("chain_hash", fontName=FONT_MONO, fontSize=8.5, leading=10.5)
    table = key_value_table([
        (bilingual("Số thứ tự nhật ký kiểm toán", "Audit log sequence", inline=True),
         Paragraph(str(receipt.audit_sequence), Styles.cell)),
        (bilingual("Mã băm chuỗi", "Chain hash", inline=True), Paragraph(receipt.chain_hash, mono)),
    ], label_width=54 * mm, padding=2)
    return [Spacer(1, 2 * mm), table]


def _sha256_box(sha256: str, width: float) -> Table:
    # 64 Courier characters at 9.6 pt are 369 pt wide, inside the 379 pt beside the QR code:
    # the hash stays on one line, so copying or extracting the text gives it in one piece.
    style = ParagraphStyle("sha256", fontName=FONT_MONO, fontSize=9.6, leading=12)
    box = Table([[Paragraph(sha256, style)]], colWidths=[width], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, GRID_COLOUR),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return box


def ghg_receipt_totals(result: Mapping) -> list[TotalRow]:
    """The receipt's key figures from a GHG result document: total, scope 1 and scope 2 per
    data year, labels, units and rounding from the figures' one definition."""
    figures = by_key(GHG_YEAR_FIGURES)
    rows: list[TotalRow] = []
    for year, values in sorted((result.get("years") or {}).items()):
        for key in ("total_tco2e", "scope1_tco2e", "scope2_tco2e"):
            if values.get(key) is None:
                continue
            f = figures[key]
            rows.append((f"{f.label_vi} năm {year}", f"{f.label_en}, {year}",
                         f.display(values[key], "vi"), f.unit))
    return rows
