"""The annual report as an official document (Decree 30/2020/NĐ-CP, Appendix I): the national
header under the city's People's Committee, the number and date, "Kính gửi" the city and the
Ministry, the numbered parts, then "Nơi nhận" and the signature block.

Figures are printed from their Decimals; charts alone draw with floats. Lists of facilities are
printed whole (the Department signs for them); breakdowns their largest rows, the workbook has
every row.
"""
from __future__ import annotations

from datetime import datetime, timezone

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from exporters.annual_report import (
    ADDRESSEES,
    DOCUMENT_NUMBER,
    GOVERNING_BODY,
    ISSUER,
    RECIPIENTS,
    SIGNATORY_TITLE,
    AnnualReport,
    Change,
    ComplianceLine,
)
from exporters.numbers import format_vn_number
from exporters.pdf.layout import (
    FONT_BOLD,
    FRAME_WIDTH,
    ISSUING_AUTHORITY_VI,
    RunningText,
    Styles,
    build_pdf,
    grid_table,
    key_value_table,
    register_fonts,
    style,
    text,
)
from exporters.pdf.official import in_hanoi_time, national_header
from exporters.pdf.sector_report import breakdown_chart, breakdown_table, figure_text

_body = style("annual_body", fontSize=10, leading=14, firstLineIndent=8 * mm, spaceAfter=3)
_to = style("annual_to", fontSize=10.5, leading=14, alignment=TA_CENTER, spaceBefore=4, spaceAfter=4)
_recipients = style("annual_recipients", fontSize=8.5, leading=11)
_sign = style("annual_sign", fontName=FONT_BOLD, fontSize=10.5, leading=14, alignment=TA_CENTER)
_sign_note = style("annual_sign_note", fontSize=8.5, leading=11, alignment=TA_CENTER)


def _pct(value) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{format_vn_number(value, 1)} %"


def _changes_table(changes: list[Change], year: int) -> Table:
    header = [Paragraph(text(h), Styles.header_cell) for h in ("Chỉ tiêu", "Đơn vị")] + \
        [Paragraph(text(h), Styles.header_cell_number) for h in (f"Năm {year}", f"Năm {year - 1}", "Thay đổi")]
    rows = [[Paragraph(text(c.label), Styles.cell), Paragraph(text(c.unit), Styles.cell_code),
             Paragraph(text(figure_text(c.now)), Styles.cell_number),
             Paragraph(text("—" if c.before is None else figure_text(c.before)), Styles.cell_number),
             Paragraph(text(_pct(c.change_pct)), Styles.cell_number)] for c in changes]
    width = FRAME_WIDTH * 0.36
    return grid_table(header, rows, [width, FRAME_WIDTH * 0.1] + [(FRAME_WIDTH - width - FRAME_WIDTH * 0.1) / 3] * 3)


def _compliance_counts(report: AnnualReport) -> list:
    if not report.compliance:
        return [Paragraph(text(f"Chưa có kỳ báo cáo nào cho số liệu năm {report.year}."), Styles.note)]
    headers = ("Loại báo cáo", "Kỳ báo cáo", "Hạn nộp", "Phải nộp", "Đúng hạn", "Nộp muộn", "Quá hạn chưa nộp",
               "Chưa đến hạn")
    header = [Paragraph(text(h), Styles.header_cell if n < 3 else Styles.header_cell_number)
              for n, h in enumerate(headers)]
    rows = [[Paragraph(text(c.form), Styles.cell), Paragraph(text(c.period), Styles.cell),
             Paragraph(c.due_on.strftime("%d/%m/%Y"), Styles.cell_code),
             *(Paragraph(format_vn_number(n, 0), Styles.cell_number)
               for n in (c.obliged, c.on_time, c.late, c.missing, c.in_progress))] for c in report.compliance]
    first = FRAME_WIDTH * 0.2
    return [grid_table(header, rows, [first, first, FRAME_WIDTH * 0.12] + [(FRAME_WIDTH - 2 * first - FRAME_WIDTH * 0.12) / 5] * 5)]


def _facility_list(title: str, lines: list[ComplianceLine], *, with_date: bool) -> list:
    story: list = [Paragraph(text(f"{title} ({len(lines)} lượt)"), Styles.heading)]
    if not lines:
        return story + [Paragraph(text("Không có."), Styles.note)]
    headers = ["STT", "Tên cơ sở", "Phường, xã", "Loại báo cáo", "Nộp lần đầu" if with_date else "Tình trạng"]
    header = [Paragraph(text(h), Styles.header_cell) for h in headers]
    rows = [[Paragraph(str(number), Styles.cell_number), Paragraph(text(line.facility), Styles.cell),
             Paragraph(text(line.commune), Styles.cell), Paragraph(text(line.form), Styles.cell),
             Paragraph(text(line.first_submitted if with_date else line.state), Styles.cell_code if with_date else Styles.cell)]
            for number, line in enumerate(lines, start=1)]
    return story + [grid_table(header, rows, [FRAME_WIDTH * w for w in (0.06, 0.36, 0.16, 0.23, 0.19)])]


def _signature_block() -> Table:
    left = [Paragraph("<b><i>Nơi nhận:</i></b>", _recipients),
            *(Paragraph(text(f"- {name};" if n < len(RECIPIENTS) - 1 else f"- {name}."), _recipients)
              for n, name in enumerate(RECIPIENTS))]
    right = [Paragraph(SIGNATORY_TITLE, _sign), Paragraph(text("(Ký, ghi rõ họ tên và đóng dấu)"), _sign_note),
             Spacer(1, 24 * mm)]
    table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.5, FRAME_WIDTH * 0.5])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def annual_report_pdf(report: AnnualReport, *, generated_at: datetime | None = None) -> bytes:
    """The annual report as PDF bytes, dated `generated_at` (now when not given)."""
    register_fonts()
    generated_at = in_hanoi_time(generated_at or datetime.now(timezone.utc))
    year = report.year
    filed = [line for line in report.lines if line.filed and not line.late]
    late = [line for line in report.lines if line.filed and line.late]
    missing = [line for line in report.lines if not line.filed]
    story: list = [
        national_header(ISSUER, parent=GOVERNING_BODY, number=DOCUMENT_NUMBER, moment=generated_at),
        Spacer(1, 6 * mm),
        Paragraph("BÁO CÁO", Styles.title),
        Paragraph(text(f"Kết quả kiểm kê khí nhà kính và khai báo dữ liệu môi trường ngành Công Thương "
                       f"trên địa bàn thành phố Hà Nội năm {year}"), Styles.subtitle),
        Paragraph(text("Kính gửi: ") + "<br/>".join(text(f"- {name};" if n < len(ADDRESSEES) - 1 else f"- {name}.")
                                                   for n, name in enumerate(ADDRESSEES)), _to),
        Paragraph(text(
            "Thực hiện Kế hoạch bảo vệ môi trường ngành Công Thương năm 2026 (mục IV.1 d–g), Nghị định "
            "06/2022/NĐ-CP (sửa đổi bởi Nghị định 119/2025/NĐ-CP) và Thông tư 42/2020/TT-BCT, Sở Công "
            f"Thương báo cáo kết quả tiếp nhận báo cáo kiểm kê khí nhà kính và khai báo dữ liệu môi trường "
            f"của các cơ sở ngành Công Thương, số liệu năm {year}, như sau:"), _body),
        Paragraph(text("I. TÌNH HÌNH THỰC HIỆN"), Styles.section),
        Paragraph(text("1. Số cơ sở phải nộp và đã nộp theo từng kỳ báo cáo"), Styles.heading),
        *_compliance_counts(report),
        Paragraph(text("2. Danh sách cơ sở"), Styles.heading),
        *_facility_list("a) Đã nộp đúng hạn", filed, with_date=True),
        *_facility_list("b) Nộp muộn", late, with_date=True),
        *_facility_list("c) Chưa nộp", missing, with_date=False),
        Paragraph(text("II. KẾT QUẢ KIỂM KÊ KHÍ NHÀ KÍNH"), Styles.section),
        Paragraph(text(f"Số liệu từ các báo cáo đã được Sở chấp nhận; mọi báo cáo quy đổi CO2e theo bộ hệ số "
                       f"GWP IPCC {report.gwp_set}."), Styles.note),
        Paragraph(text("1. Tổng hợp"), Styles.heading),
        key_value_table([(Paragraph(text(label), Styles.cell_label),
                          Paragraph(text(f"{figure_text(value)} {unit}".strip()), Styles.cell))
                         for label, value, unit in report.ghg_summary]),
        Paragraph(text(f"2. So với năm {year - 1}"), Styles.heading),
        _changes_table(list(report.ghg_changes), year),
        Paragraph(text(f"3. {report.top_emitters.title}"), Styles.heading),
        *breakdown_table(report.top_emitters),
    ]
    for number, breakdown in enumerate(report.ghg_breakdowns, start=4):
        story.append(Paragraph(text(f"{number}. {breakdown.title}"), Styles.heading))
        chart = breakdown_chart(breakdown)
        if chart is not None:
            story.append(chart)
        story += breakdown_table(breakdown)
    story += [
        Paragraph(text("III. KẾT QUẢ KHAI BÁO DỮ LIỆU MÔI TRƯỜNG"), Styles.section),
        Paragraph(text("Số liệu từ các bản khai báo đã được Sở chấp nhận (Thông tư 42/2020/TT-BCT)."), Styles.note),
        Paragraph(text(f"1. Tổng hợp và so với năm {year - 1}"), Styles.heading),
        _changes_table(list(report.declaration_changes), year),
    ]
    for number, breakdown in enumerate(report.declaration_breakdowns, start=2):
        story.append(Paragraph(text(f"{number}. {breakdown.title}"), Styles.heading))
        story += breakdown_table(breakdown)
    story += [
        Paragraph(text("IV. PHƯƠNG PHÁP VÀ NGUỒN SỐ LIỆU"), Styles.section),
        key_value_table([(Paragraph(text(what), Styles.cell_label), Paragraph(text(which), Styles.cell))
                         for what, which in report.method]),
        Spacer(1, 2 * mm),
        *(Paragraph(f"<b>{text(term)}</b>: {text(definition)}", Styles.note) for term, definition, _ in report.dictionary),
        Spacer(1, 4 * mm),
        Paragraph(text("Sở Công Thương trân trọng báo cáo Ủy ban nhân dân thành phố và Bộ Công Thương./."), _body),
        Spacer(1, 4 * mm),
        KeepTogether([_signature_block()]),
    ]
    running = RunningText(header_left=ISSUING_AUTHORITY_VI, header_right=f"Báo cáo năm {year}",
                          footer_left="Cổng tiếp nhận báo cáo môi trường ngành Công Thương")
    return build_pdf(story, running, title=report.title, subject="Báo cáo của Sở Công Thương Hà Nội",
                     created_at=generated_at)


__all__ = ["annual_report_pdf"]
