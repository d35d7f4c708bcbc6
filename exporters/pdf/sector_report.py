"""The PDF sector report: the statistics workbook's summary and breakdowns, with charts, in
Vietnamese, for the Department's report to the city and the Ministry. Figures are printed from
their Decimals; the charts alone draw with floats. The report states its GWP set.

A reader of the Department's report sees names, never the portal's keys: a category or a fuel
is printed as its label from the form definition and the factor library, and a column holding
only such keys (or a database id) is left out. Numbers are never cut across lines (their
columns are widened to fit, `layout.fit_widths`).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from exporters.charts import shorten
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
from exporters.pdf.official import in_hanoi_time, national_header
from exporters.statistics_workbook import WHOLE, Breakdown, StatisticsData
from forms.ghg import CATEGORIES
from forms.library import load_library

TOP_ROWS = 15

def _category_name(key: object) -> str:
    return next((v.label_vi for v in CATEGORIES if v.value == key), str(key))


def _fuel_name(key: object) -> str:
    fuel = load_library().fuels.get(str(key))
    return fuel.name_vi if fuel else str(key)


# A key column of the portal's own keys and how to print one as a name. When the breakdown
# has the name already (`category_name` beside `category`), the key column is left out.
CODE_LABELS: dict[str, Callable[[object], str]] = {"category": _category_name, "fuel": _fuel_name}
# A database id means nothing on paper: the name and the tax code identify a facility.
HIDDEN_KEYS = frozenset({"facility_id"})

# A key column: (header, key, how a value is printed).
KeyColumn = tuple[str, str, Callable[[object], str]]


def figure_text(value: object, decimals: int = 3) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_vn_number(value, 0)  # counts of facilities and reports
    if isinstance(value, (float, Decimal)):
        return format_vn_number(value, decimals)
    return str(value)


def _plain(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def key_columns(breakdown: Breakdown) -> list[KeyColumn]:
    """The key columns a reader sees: keys turned into names, ids and duplicates left out."""
    keys = {key for _, key in breakdown.key_columns}
    columns: list[KeyColumn] = []
    for header, key in breakdown.key_columns:
        if key in HIDDEN_KEYS or (key in CODE_LABELS and f"{key}_name" in keys):
            continue
        columns.append((header, key, _named(CODE_LABELS[key]) if key in CODE_LABELS else _plain))
    return columns


def _named(label: Callable[[object], str]) -> Callable[[object], str]:
    return lambda value: _plain(value) if value is None or value == "" else label(value)


def breakdown_chart(breakdown: Breakdown) -> Drawing | None:
    rows = [r for r in breakdown.rows[:10] if r.get(breakdown.value_columns[0][1])]
    if not rows:
        return None
    key = breakdown.value_columns[0][1]
    _, label_key, shown = key_columns(breakdown)[0]
    height = 24 + 16 * len(rows)
    drawing = Drawing(FRAME_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 10, FRAME_WIDTH - 190, height - 20
    # Largest at the top: reportlab draws the first category at the bottom. Floats for drawing
    # only: the figures printed in the tables come from the Decimals.
    chart.data = [[float(r[key]) for r in reversed(rows)]]
    chart.categoryAxis.categoryNames = [shorten(shown(r.get(label_key)), 34)
                                        for r in reversed(rows)]
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


def sector_report_pdf(data: StatisticsData, *, generated_at: datetime | None = None) -> bytes:
    """The sector report as PDF bytes, dated `generated_at` (now when not given; naive is Hanoi
    time) in its header and metadata."""
    register_fonts()
    generated_at = in_hanoi_time(generated_at or datetime.now(timezone.utc))
    story: list = [
        national_header(ISSUING_AUTHORITY_VI, moment=generated_at),
        Spacer(1, 4 * mm),
        Paragraph(text(f"BÁO CÁO THỐNG KÊ PHÁT THẢI KHÍ NHÀ KÍNH NGÀNH CÔNG THƯƠNG NĂM {data.year}"),
                  Styles.title),
        Paragraph(text("Số liệu từ các báo cáo kiểm kê đã được Sở Công Thương chấp nhận; mọi báo cáo "
                       f"quy đổi CO2e theo bộ hệ số GWP IPCC {data.gwp_set}"), Styles.subtitle),
        Spacer(1, 4 * mm),
        Paragraph(text("I. Tổng hợp"), Styles.section),
        key_value_table([(Paragraph(text(label), Styles.cell_label),
                          Paragraph(text(f"{figure_text(value)} {unit}".strip()), Styles.cell))
                         for label, value, unit in data.summary]),
    ]
    for number, breakdown in enumerate(data.breakdowns, start=2):
        roman = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][min(number, 10)]
        story.append(Paragraph(text(f"{roman}. {breakdown.title}"), Styles.section))
        chart = breakdown_chart(breakdown)
        if chart is not None:
            story.append(chart)
        story += breakdown_table(breakdown)
    story.append(Paragraph(text("Giải thích số liệu"), Styles.section))
    for term, definition, unit in data.dictionary:
        story.append(Paragraph(f"<b>{text(term)}</b>: {text(definition)}", Styles.note))
    running = RunningText(header_left=ISSUING_AUTHORITY_VI,
                          header_right=f"Thống kê phát thải khí nhà kính năm {data.year} (GWP {data.gwp_set})",
                          footer_left="Cổng tiếp nhận báo cáo môi trường ngành Công Thương")
    return build_pdf(story, running, title=f"Thống kê phát thải KNK {data.year}",
                     subject="Báo cáo thống kê ngành Công Thương", created_at=generated_at)


def _key_style(key: str) -> ParagraphStyle:
    """Names wrap between words; codes (tax code, VSIC, commune code, gas) are never cut."""
    return Styles.cell if key.endswith("_name") or key in CODE_LABELS else Styles.cell_code


def breakdown_table(breakdown: Breakdown) -> list:
    keys = key_columns(breakdown)
    headers = [h for h, _, _ in keys] + [h for h, _, _ in breakdown.value_columns]
    rows = [[Paragraph(text(shown(row.get(k))), _key_style(k)) for _, k, shown in keys]
            + [Paragraph(text(figure_text(row.get(k), 0 if f == WHOLE else 3)), Styles.cell_number)
               for _, k, f in breakdown.value_columns]
            for row in breakdown.rows[:TOP_ROWS]]
    if not rows:
        return [Paragraph(text("Không có số liệu."), Styles.note)]
    first = FRAME_WIDTH * 0.38
    rest = (FRAME_WIDTH - first) / max(len(headers) - 1, 1)
    header_cells = [Paragraph(text(h), Styles.header_cell) for h, _, _ in keys] + \
        [Paragraph(text(h), Styles.header_cell_number) for h, _, _ in breakdown.value_columns]
    story: list = [grid_table(header_cells, rows, [first] + [rest] * (len(headers) - 1))]
    if len(breakdown.rows) > TOP_ROWS:
        story.append(Paragraph(text(f"Chỉ nêu {TOP_ROWS} dòng lớn nhất trên {len(breakdown.rows)}; "
                                    "xem đầy đủ trong tệp Excel."), Styles.note))
    return story
