"""The sector statistics workbook: summary, breakdowns, facilities, compliance and a data
dictionary; Vietnamese headers, number formats, frozen headers, filters, native charts.

Every figure is written as a value (never a formula), so pandas and any other reader see the
numbers without recalculating; a figure that an IEEE double (what Excel stores) cannot hold
exactly is written as its decimal text, so that no digit is lost (the rule of
`exporters.xlsx.cells` for templates); text is guarded against formula injection; sheets are
written in streaming (write-only) mode so that memory stays flat whatever the number of
facilities. The workbook states the GWP set its tCO2e are expressed in.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from exporters.spreadsheet_safety import safe_cell
from forms.types import excel_number

TONNES = "#,##0.000"
WHOLE = "#,##0"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="A3141B")
TITLE_FONT = Font(bold=True, size=14)
RIGHT = Alignment(horizontal="right")


# The figures of a GHG grouping (header, key, number format).
GHG_VALUE_COLUMNS = (
    ("Tổng phát thải (tCO2e)", "total_tco2e", TONNES),
    ("Năng lượng (TJ)", "energy_tj", TONNES),
    ("Năng lượng (TOE)", "energy_toe", TONNES),
    ("Số cơ sở", "facilities", WHOLE),
)


@dataclass(frozen=True)
class Breakdown:
    """One grouping: its sheet title, key columns (header, key) and the rows (dicts)."""

    sheet: str
    title: str
    key_columns: Sequence[tuple[str, str]]
    rows: Sequence[dict[str, Any]]
    value_columns: Sequence[tuple[str, str, str]] = GHG_VALUE_COLUMNS
    chart: str | None = "bar"  # "bar", "pie" or None


@dataclass(frozen=True)
class StatisticsData:
    year: int
    summary: Sequence[tuple[str, Any, str]]  # (label, value, unit)
    breakdowns: Sequence[Breakdown]
    compliance_columns: Sequence[str] = ()
    compliance_rows: Iterable[Sequence[Any]] = ()
    dictionary: Sequence[tuple[str, str, str]] = field(default_factory=tuple)  # (term, definition, unit)
    gwp_set: str = "AR5"  # the set every tCO2e of the workbook is expressed in
    title: str = ""  # of the summary sheet; the statistics workbook's own when empty


def _number(value: Any) -> Any:
    """A Decimal as the cell value that keeps its digits (`forms.types.excel_number`)."""
    return excel_number(value) if isinstance(value, Decimal) else value


def _value_cell(sheet, value: Any, number_format: str):
    number = _number(value)
    if isinstance(number, str) and isinstance(value, Decimal):  # exact text, shown as a figure
        return safe_cell(sheet, number, alignment=RIGHT)
    return safe_cell(sheet, number, number_format=number_format)


def _header(sheet, labels: Sequence[str]) -> list:
    return [safe_cell(sheet, label, font=HEADER_FONT, fill=HEADER_FILL,
                      alignment=Alignment(wrap_text=True, vertical="top")) for label in labels]


def _widths(sheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _summary_sheet(workbook: Workbook, data: StatisticsData) -> None:
    sheet = workbook.create_sheet("Tổng hợp")
    _widths(sheet, (48, 22, 12))
    sheet.freeze_panes = "A3"
    title = data.title or f"Thống kê phát thải khí nhà kính ngành Công Thương Hà Nội năm {data.year}"
    sheet.append([safe_cell(sheet, f"{title} (quy đổi CO2e theo GWP IPCC {data.gwp_set})", font=TITLE_FONT)])
    sheet.append(_header(sheet, ("Chỉ tiêu", "Giá trị", "Đơn vị")))
    for label, value, unit in data.summary:
        number_format = TONNES if isinstance(value, (Decimal, float)) else WHOLE
        sheet.append([safe_cell(sheet, label), _value_cell(sheet, value, number_format), safe_cell(sheet, unit)])


def _breakdown_sheet(workbook: Workbook, breakdown: Breakdown) -> None:
    sheet = workbook.create_sheet(breakdown.sheet[:31])
    keys = [header for header, _key in breakdown.key_columns]
    values = [header for header, _key, _format in breakdown.value_columns]
    _widths(sheet, [40 if i == 0 else 22 for i in range(len(keys))] + [20] * len(values))
    sheet.freeze_panes = "A3"
    sheet.append([safe_cell(sheet, breakdown.title, font=TITLE_FONT)])
    sheet.append(_header(sheet, keys + values))
    for row in breakdown.rows:
        sheet.append([safe_cell(sheet, row.get(key)) for _header_label, key in breakdown.key_columns]
                     + [_value_cell(sheet, row.get(key), number_format)
                        for _header_label, key, number_format in breakdown.value_columns])
    count = len(breakdown.rows)
    last_column = get_column_letter(len(keys) + len(values))
    sheet.auto_filter.ref = f"A2:{last_column}{2 + max(count, 1)}"
    if breakdown.chart and count:
        shown = min(count, 15)
        chart = PieChart() if breakdown.chart == "pie" else BarChart()
        if isinstance(chart, BarChart):
            chart.type = "bar"
            chart.y_axis.title = "tCO2e"
        chart.title = breakdown.title
        chart.add_data(Reference(sheet, min_col=len(keys) + 1, min_row=2, max_row=2 + shown),
                       titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=2 + shown))
        chart.height, chart.width = 9, 16
        sheet.add_chart(chart, f"{get_column_letter(len(keys) + len(values) + 2)}3")


def _compliance_sheet(workbook: Workbook, data: StatisticsData) -> None:
    sheet = workbook.create_sheet("Tuân thủ")
    _widths(sheet, [6, 45, 22, 30, 20, 18, 10][:max(len(data.compliance_columns), 1)])
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, data.compliance_columns))
    count = 0
    for row in data.compliance_rows:
        count += 1
        sheet.append([safe_cell(sheet, _number(value)) for value in row])
    if data.compliance_columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(data.compliance_columns))}{1 + max(count, 1)}"


def _dictionary_sheet(workbook: Workbook, data: StatisticsData) -> None:
    sheet = workbook.create_sheet("Giải thích số liệu")
    _widths(sheet, (28, 90, 14))
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, ("Thuật ngữ", "Định nghĩa, nguồn", "Đơn vị")))
    for term, definition, unit in data.dictionary:
        sheet.append([safe_cell(sheet, term, font=Font(bold=True)),
                      safe_cell(sheet, definition, alignment=Alignment(wrap_text=True, vertical="top")),
                      safe_cell(sheet, unit)])


def write_statistics_workbook(data: StatisticsData) -> bytes:
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, data)
    for breakdown in data.breakdowns:
        _breakdown_sheet(workbook, breakdown)
    _compliance_sheet(workbook, data)
    _dictionary_sheet(workbook, data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
