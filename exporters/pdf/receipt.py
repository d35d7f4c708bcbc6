"""The submission receipt (biên nhận nộp báo cáo): what a filer gets when a version is frozen.

The receipt names the exact version it acknowledges by its SHA-256, printed in full on a line of
its own, so that anyone holding the receipt can check a copy of the report against it. It also
prints the sequence and chain hash of the submission's audit log entry: every receipt an
enterprise keeps is an anchor of the audit log outside the database (`intake audit verify`).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from exporters.pdf.layout import (
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
    section_heading,
    text,
)
from forms.figures import GHG_YEAR_FIGURES, by_key

# Vietnam keeps UTC+7 all year (no daylight saving time), so a fixed offset is exact.
HANOI_TIME = timezone(timedelta(hours=7))

_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# A total row: (label in Vietnamese, label in English, value as it is to be printed, unit).
TotalRow = tuple[str, str, str, str]


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on a receipt, as plain values (the caller reads them from the
    database). `submitted_at` is Hanoi time; an aware datetime in another zone is converted,
    a naive one is taken as Hanoi time. `totals` values are printed as given (see
    `ghg_receipt_totals`). `audit_sequence` and `chain_hash` name the submission's audit log
    entry (left out when None / ""). Raises ValueError if `sha256` (or a given `chain_hash`) is
    not 64 lowercase hex digits."""

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
        Paragraph(text(receipt.issuing_authority_vi.upper()), Styles.authority),
        Paragraph(text(receipt.issuing_authority_en), Styles.authority_en),
        Spacer(1, 3 * mm),
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
        header_left=f"{receipt.issuing_authority_vi} · Biên nhận nộp báo cáo",
        header_right=f"Báo cáo số {receipt.report_id} · phiên bản {receipt.version_number}",
        footer_left=f"SHA-256 {receipt.sha256[:16]}…",
    )
    return build_pdf(story, running, title=f"Biên nhận nộp báo cáo số {receipt.report_id}",
                     subject=receipt.form_title_vi)


def hanoi_timestamp(moment: datetime) -> str:
    """dd/mm/yyyy HH:MM:SS (giờ Hà Nội, UTC+7)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(HANOI_TIME)
    return f"{moment:%d/%m/%Y %H:%M:%S} (giờ Hà Nội, UTC+7)"


def _row(vi: str, en: str, value: str) -> tuple[Flowable, Flowable]:
    return bilingual(vi, en, inline=True), Paragraph(text(value) if value else "—", Styles.cell)


def _table(rows: list[tuple[Flowable, Flowable]]) -> Flowable:
    # Wide enough for "Mã số thuế doanh nghiệp / Enterprise tax code" on one line.
    return key_value_table(rows, label_width=78 * mm)


def _facility_block(receipt: ReceiptData) -> list[Flowable]:
    return [*section_heading("Cơ sở báo cáo", "Reporting facility", inline=True), _table([
        _row("Tên cơ sở", "Facility name", receipt.facility_name),
        _row("Địa chỉ", "Address", receipt.facility_address),
        _row("Phường, xã", "Ward/commune", receipt.commune_name),
        _row("Mã số thuế doanh nghiệp", "Enterprise tax code", receipt.tax_code),
    ])]


def _submission_block(receipt: ReceiptData) -> list[Flowable]:
    years = ", ".join(str(year) for year in receipt.data_years)
    return [*section_heading("Thông tin nộp", "Submission", inline=True), _table([
        _row("Kỳ báo cáo", "Reporting period", receipt.period_name),
        _row("Năm số liệu", "Data years", years),
        _row("Số báo cáo", "Report id", str(receipt.report_id)),
        _row("Phiên bản", "Version", str(receipt.version_number)),
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
    return [*section_heading("Kết quả chính", "Key figures", inline=True),
            grid_table(header, rows, [FRAME_WIDTH - 60 * mm, 36 * mm, 24 * mm])]


def _version_block(receipt: ReceiptData) -> list[Flowable]:
    rows = [_row("Phiên bản biểu mẫu", "Form version", receipt.form_version)]
    if receipt.gwp_set:
        rows.append(_row("Bộ hệ số GWP", "GWP set", receipt.gwp_set))
    if receipt.factor_library_version:
        rows.append(_row("Phiên bản thư viện hệ số", "Factor library version",
                         receipt.factor_library_version))
    return [*section_heading("Định danh phiên bản", "Version identity", inline=True),
            _table(rows),
            Spacer(1, 3 * mm),
            Paragraph("<b>Mã SHA-256 của phiên bản đã nộp</b> / SHA-256 of the submitted version",
                      Styles.body),
            Spacer(1, 1.5 * mm), _sha256_box(receipt.sha256), Spacer(1, 2 * mm),
            Paragraph(text(SHA256_EXPLANATION_VI), Styles.body),
            Paragraph(text(SHA256_EXPLANATION_EN), Styles.note),
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
    ], label_width=54 * mm)
    return [Spacer(1, 2 * mm), table]


def _sha256_box(sha256: str) -> Table:
    # 64 Courier characters at 10.5 pt are 403 pt wide, well inside the 493 pt frame: the hash
    # stays on one line, so copying or extracting the text gives it in one piece.
    style = ParagraphStyle("sha256", fontName=FONT_MONO, fontSize=10.5, leading=13)
    box = Table([[Paragraph(sha256, style)]], colWidths=[FRAME_WIDTH], hAlign="LEFT")
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
