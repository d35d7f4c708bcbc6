"""The calculated part of a copy of record, printed from the result document.

A computed table of the form definition (GHG Form 06 section V, "Kết quả theo năm") takes its
rows from `result["years"]`: one column per data year, one row per field of the table. When the
result also lists its `lines` (the contract's per-line results), the emissions by source
category and by line follow, and the calculation trace of every line is printed in an annex so
that each number can be explained (activity × factor × GWP, with the factor's source).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph

from exporters.numbers import TONNE_DECIMALS, to_decimal
from exporters.pdf.layout import (
    FRAME_WIDTH,
    Cell,
    PlainText,
    Styles,
    bilingual,
    grid_table,
    section_heading,
    text,
)
from exporters.pdf.values import EMPTY, choice_label, is_blank, number
from forms.definition import Field, FormDefinition, Table, direct_children

# Keys of a result line (fixed by the interface contract) and the field of the yearly results
# table whose label and unit they share.
LINE_FIGURES = (("tco2e", "total_tco2e"), ("co2_t", "co2_t"), ("ch4_t", "ch4_t"),
                ("n2o_t", "n2o_t"))


def computed_table(form: FormDefinition, table: Table, result: Mapping | None) -> list[Flowable]:
    """The flowables of a computed table: figures per year, then by category and by line."""
    years = _years(result)
    if not years:
        return [Paragraph("Chưa có kết quả tính toán (báo cáo còn lỗi hoặc chưa được tính). / "
                          "No calculated results (the report has errors or was not calculated).",
                          Styles.note)]
    fields = {f.key: f for f in direct_children(table.children) if isinstance(f, Field)}
    figures = [f for key, f in fields.items() if key != table.row_key]
    story = [_by_year(table, figures, years)]
    lines = list((result or {}).get("lines") or [])
    if lines:
        sources = _discriminated_table(form, lines)
        story += _by_category(sources, fields, years, lines)
        story += _by_gas(form, years)
        story += _by_line(sources, fields, lines)
    return story


def traces_annex(result: Mapping | None) -> list[Flowable]:
    """An annex with the calculation trace of every line (Vietnamese trace when given)."""
    lines = [line for line in (result or {}).get("lines") or []
             if line.get("trace_vi") or line.get("trace")]
    if not lines:
        return []
    # The annex is long and read apart from the form: it starts on a page of its own.
    story: list[Flowable] = [PageBreak(), *section_heading(
        "Phụ lục: Diễn giải tính toán từng nguồn", "Annex: calculation trace of each source line")]
    for line in lines:
        story.append(Cell(f"{line.get('year', '')} · {line.get('id', '')}", Styles.heading))
        # Plain text, measured word by word: the annex of a 500-line report is most of its
        # pages, and a Paragraph per trace took most of its build time.
        story.append(PlainText(str(line.get("trace_vi") or line.get("trace")), Styles.trace))
    return story


def _years(result: Mapping | None) -> list[tuple[str, Mapping]]:
    years = (result or {}).get("years") or {}
    return sorted(((str(year), figures) for year, figures in years.items()),
                  key=lambda item: item[0]) if isinstance(years, Mapping) else []


def unit_suffix(f: Field) -> str:
    """The unit in brackets after a label, unless the label already ends with it (TOE)."""
    if not f.unit or f.label_vi.endswith(f"({f.unit})"):
        return ""
    return f" ({f.unit})"


def _header_label(f: Field) -> Paragraph:
    unit = unit_suffix(f)
    return bilingual(f"{f.label_vi}{unit}", f"{f.label_en}{unit}", Styles.cell)


def _figure(value: Any) -> str:
    # Tonnes and tCO2e to the kilogram; TJ and TOE to three decimals as well.
    return EMPTY if is_blank(value) else number(value, TONNE_DECIMALS)


def _year_columns(count: int, first: float) -> list[float]:
    return [first] + [(FRAME_WIDTH - first) / count] * count


def _by_year(table: Table, figures: Sequence[Field], years: list[tuple[str, Mapping]]):
    header = [bilingual(table.label_vi, table.label_en, Styles.header_cell)]
    header += [Paragraph(text(year), Styles.header_cell_number) for year, _ in years]
    rows = [[_header_label(f)] + [Cell(_figure(values.get(f.key)), Styles.cell_number)
                                  for _, values in years]
            for f in figures if any(not is_blank(values.get(f.key)) for _, values in years)]
    return grid_table(header, rows, _year_columns(len(years), 80 * mm))


def _discriminated_table(form: FormDefinition, lines: list[Mapping]) -> Table | None:
    """The input table whose rows the result lines are (the one whose variants name the
    lines' categories), for the labels of ids and categories."""
    categories = {line.get("category") for line in lines}
    for entry in form.tables():
        table = entry.table
        if table.discriminator and categories & {v.value for v in table.variants}:
            return table
    return None


def _row_field(table: Table | None, key: str | None) -> Field | None:
    if table is None or key is None:
        return None
    return next((f for f in direct_children(table.children)
                 if isinstance(f, Field) and f.key == key), None)


def _category_label(sources: Table | None, category: Any) -> tuple[str, str]:
    variant = sources.variant(category) if sources else None
    return (variant.label_vi, variant.label_en) if variant else (str(category), str(category))


def _by_category(sources: Table | None, fields: Mapping[str, Field],
                 years: list[tuple[str, Mapping]], lines: list[Mapping]) -> list[Flowable]:
    totals: dict[tuple[str, Any], Decimal] = defaultdict(Decimal)
    order: list[Any] = []
    for line in lines:
        category = line.get("category")
        if category not in order:
            order.append(category)
        try:
            totals[(str(line.get("year")), category)] += to_decimal(line.get("tco2e"))
        except (TypeError, ValueError):
            continue  # a line without a figure (an error) adds nothing
    if sources is not None:  # form order, not the order lines happen to come in
        rank = {v.value: i for i, v in enumerate(sources.variants)}
        order.sort(key=lambda c: rank.get(c, len(rank)))
    total = fields.get("total_tco2e")
    unit = f" ({total.unit})" if total and total.unit else ""
    discriminator = _row_field(sources, sources.discriminator if sources else None)
    label = (discriminator.label_vi, discriminator.label_en) if discriminator else \
        ("Loại nguồn", "Source category")
    header = [bilingual(f"{label[0]}{unit}", f"{label[1]}{unit}", Styles.header_cell)]
    header += [Paragraph(text(year), Styles.header_cell_number) for year, _ in years]
    rows = []
    for category in order:
        vi, en = _category_label(sources, category)
        cells = [_figure(totals[(year, category)]) if (year, category) in totals else EMPTY
                 for year, _ in years]
        rows.append([bilingual(vi, en, Styles.cell)]
                    + [Cell(cell, Styles.cell_number) for cell in cells])
    if total is not None:
        rows.append([bilingual(total.label_vi, total.label_en, Styles.cell_label)]
                    + [Paragraph(f"<b>{_figure(values.get(total.key))}</b>", Styles.cell_number)
                       for _, values in years])
    return [Paragraph("Phát thải theo loại nguồn / Emissions by source category", Styles.heading),
            grid_table(header, rows, _year_columns(len(years), 80 * mm))]


def _by_gas(form: FormDefinition, years: list[tuple[str, Mapping]]) -> list[Flowable]:
    """Masses of every gas (refrigerants and fugitive gases included) when the result gives
    them (`gases_t`, beyond the contract's CO2, CH4 and N2O)."""
    gases: list[str] = []
    for _, values in years:
        for gas in values.get("gases_t") or {}:
            if gas not in gases:
                gases.append(gas)
    if not gases:
        return []
    gas_field = next((entry.field for entry in form.fields() if entry.field.key == "gas"), None)
    header = [bilingual("Khí (tấn)", "Gas (t)", Styles.header_cell)]
    header += [Paragraph(text(year), Styles.header_cell_number) for year, _ in years]
    rows = []
    for gas in gases:
        label = choice_label(gas_field, gas) if gas_field else gas
        rows.append([Cell(label, Styles.cell)]
                    + [Cell(_figure((values.get("gases_t") or {}).get(gas)), Styles.cell_number)
                       for _, values in years])
    return [Paragraph("Khối lượng phát thải theo khí / Emissions by gas", Styles.heading),
            grid_table(header, rows, _year_columns(len(years), 80 * mm))]


def _by_line(sources: Table | None, fields: Mapping[str, Field],
             lines: list[Mapping]) -> list[Flowable]:
    id_field = _row_field(sources, sources.row_key if sources else None)
    category_field = _row_field(sources, sources.discriminator if sources else None)
    figures = [(key, fields[name]) for key, name in LINE_FIGURES if name in fields]
    header = [bilingual("Năm", "Year", Styles.header_cell),
              bilingual(id_field.label_vi if id_field else "Mã", id_field.label_en
                        if id_field else "Id", Styles.header_cell),
              bilingual(category_field.label_vi if category_field else "Loại",
                        category_field.label_en if category_field else "Category",
                        Styles.header_cell)]
    header += [_figure_header(f) for _, f in figures]
    rows = []
    for line in lines:
        vi, _ = _category_label(sources, line.get("category"))
        rows.append([Cell(line.get("year", ""), Styles.cell_code),
                     Cell(line.get("id", ""), Styles.cell_code), Cell(vi, Styles.cell)]
                    + [Cell(_figure(line.get(key)), Styles.cell_number) for key, _ in figures])
    fixed = 14 * mm + 16 * mm + 42 * mm
    widths = [14 * mm, 16 * mm, 42 * mm] + [(FRAME_WIDTH - fixed) / max(len(figures), 1)] * \
        len(figures)
    return [Paragraph("Kết quả theo từng nguồn / Results by source line", Styles.heading),
            grid_table(header, rows, widths)]


def _figure_header(f: Field) -> Paragraph:
    unit = unit_suffix(f)
    return Paragraph(f"{text(f.label_vi)}{text(unit)}<br/><font size='7' color='#55606b'>"
                     f"{text(f.label_en)}</font>", Styles.header_cell_number)
