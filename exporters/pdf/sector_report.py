"""The PDF sector report: the statistics workbook's summary and breakdowns, with charts, in
Vietnamese, for the Department's report to the city and the Ministry. Figures are printed from
their Decimals; the charts alone draw with floats. The report states its GWP set."""
from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from exporters.numbers import format_vn_number
from exporters.pdf.layout import (
    FONT,
    FRAME_WIDTH,
    ISSUING_AUTHORITY_VI,
    RunningText,
    Styles,
    build_pdf,
    grid_table,
    key_value_table,
    register_fonts,
    text,
)
from exporters.statistics_workbook import WHOLE, Breakdown, StatisticsData

TOP_ROWS = 15


def _number(value: object, decimals: int = 3) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_vn_number(value, 0)  # counts of facilities and reports
    if isinstance(value, (float, Decimal)):
        return format_vn_number(value, decimals)
    return str(value)


def _chart(breakdown: Breakdown) -> Drawing | None:
    rows = [r for r in breakdown.rows[:10] if r.get(breakdown.value_columns[0][1])]
    if not rows:
        return None
    key = breakdown.value_columns[0][1]
    label_key = breakdown.key_columns[0][1]
    height = 24 + 16 * len(rows)
    drawing = Drawing(FRAME_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 10, FRAME_WIDTH - 190, height - 20
    # Largest at the top: reportlab draws the first category at the bottom. Floats for drawing
    # only: the figures printed in the tables come from the Decimals.
    chart.data = [[float(r[key]) for r in reversed(rows)]]
    chart.categoryAxis.categoryNames = [str(r.get(label_key) or "—")[:34] for r in reversed(rows)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda value: format_vn_number(Decimal(str(value)), 0)
    chart.bars[0].fillColor = colors.HexColor("#a3141b")
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def sector_report_pdf(data: StatisticsData) -> bytes:
    register_fonts()
    story: list = [
        Paragraph(text(ISSUING_AUTHORITY_VI.upper()), Styles.authority),
        Paragraph(text(f"BÁO CÁO THỐNG KÊ PHÁT THẢI KHÍ NHÀ KÍNH NGÀNH CÔNG THƯƠNG NĂM {data.year}"),
                  Styles.title),
        Paragraph(text("Số liệu từ các báo cáo kiểm kê đã được Sở Công Thương chấp nhận; mọi báo cáo "
                       f"quy đổi CO2e theo bộ hệ số GWP IPCC {data.gwp_set}"), Styles.subtitle),
        Spacer(1, 4 * mm),
        Paragraph(text("I. Tổng hợp"), Styles.section),
        key_value_table([(Paragraph(text(label), Styles.cell_label),
                          Paragraph(text(f"{_number(value)} {unit}".strip()), Styles.cell))
                         for label, value, unit in data.summary]),
    ]
    for number, breakdown in enumerate(data.breakdowns, start=2):
        roman = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][min(number, 10)]
        story.append(Paragraph(text(f"{roman}. {breakdown.title}"), Styles.section))
        chart = _chart(breakdown)
        if chart is not None:
            story.append(chart)
        headers = [h for h, _ in breakdown.key_columns] + [h for h, _, _ in breakdown.value_columns]
        rows = [[Paragraph(text(row.get(k) if row.get(k) is not None else "—"), Styles.cell)
                 for _, k in breakdown.key_columns]
                + [Paragraph(text(_number(row.get(k), 0 if f == WHOLE else 3)), Styles.cell_number)
                   for _, k, f in breakdown.value_columns]
                for row in breakdown.rows[:TOP_ROWS]]
        if not rows:
            story.append(Paragraph(text("Không có số liệu."), Styles.note))
            continue
        first = FRAME_WIDTH * 0.38
        rest = (FRAME_WIDTH - first) / max(len(headers) - 1, 1)
        story.append(grid_table([Paragraph(text(h), Styles.header_cell) for h in headers], rows,
                                [first] + [rest] * (len(headers) - 1)))
        if len(breakdown.rows) > TOP_ROWS:
            story.append(Paragraph(text(f"Chỉ nêu {TOP_ROWS} dòng lớn nhất trên {len(breakdown.rows)}; "
                                        "xem đầy đủ trong tệp Excel."), Styles.note))
    story.append(Paragraph(text("Giải thích số liệu"), Styles.section))
    for term, definition, unit in data.dictionary:
        story.append(Paragraph(f"<b>{text(term)}</b>: {text(definition)}", Styles.note))
    running = RunningText(header_left=ISSUING_AUTHORITY_VI,
                          header_right=f"Thống kê phát thải khí nhà kính năm {data.year} (GWP {data.gwp_set})",
                          footer_left="Cổng tiếp nhận báo cáo môi trường ngành Công Thương")
    return build_pdf(story, running, title=f"Thống kê phát thải KNK {data.year}",
                     subject="Báo cáo thống kê ngành Công Thương")
