"""The quick ways of the copy of record (issue 14: a 500-line report under 2 s) print exactly
what reportlab's own would: `Cell` what a Paragraph of the escaped text prints, `_SubsetFont`
the bytes reportlab's TTFont gives."""
from __future__ import annotations

import io
from importlib import resources

import pytest
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from exporters.pdf.layout import Cell, Styles, _SubsetFont, fit_widths, register_fonts, text

VALUES = [
    "Đốt nhiên liệu tĩnh", "34.612,736", "—", "", "   ", "S001", "A & B <C> \"D\"",
    "Lò  hơi số 1   phân xưởng nhuộm và in hoa văn trên vải dệt kim cao cấp xuất khẩu",
    "Tênrấtdàikhôngcódấucáchnàocảđểkiểmtraviệccắttừquádài_purchased_electricity",
    "a\xa0b\xa0c  d\u2009e", "dòng một\ndòng hai", "mềm\xadmại", "\tTab\tở giữa ",
    "1.234.567.890,123 tCO2e / năm",
]
STYLES = [Styles.cell, Styles.cell_number, Styles.cell_code, Styles.heading, Styles.cell_label]
WIDTHS = [18.0, 40.0, 75.5, 160.0]


def _pdf(make) -> bytes:
    register_fonts()
    rows = [[make(value, style) for style in STYLES] for value in VALUES]
    tables = [Table([row[:] for row in rows], colWidths=[width] * len(STYLES))
              for width in WIDTHS if width >= 40]  # a long word cut at 18 pt is pages tall
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=1).build(tables)
    return buffer.getvalue()


def test_a_cell_prints_the_bytes_its_paragraph_prints():
    paragraphs = _pdf(lambda value, style: Paragraph(text(value), style))
    cells = _pdf(Cell)
    assert paragraphs.startswith(b"%PDF-") and len(paragraphs) > 5000
    assert cells == paragraphs


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("width", WIDTHS)
def test_a_cell_breaks_and_measures_as_its_paragraph(value, width):
    register_fonts()
    for style in STYLES:
        cell, paragraph = Cell(value, style), Paragraph(text(value), style)
        assert cell.wrap(width, 1000) == paragraph.wrap(width, 1000)
        assert cell.minWidth() == pytest.approx(paragraph.minWidth())
        # So a column of numbers widens alike (`fit_widths` reads the longest unbreakable word).
        assert fit_widths([width], [[cell], [cell]], 6) == fit_widths([width], [[paragraph],
                                                                               [paragraph]], 6)


def test_the_subset_font_gives_reportlabs_bytes():
    path = resources.files("exporters") / "fonts" / "DejaVuSans.ttf"
    with resources.as_file(path) as file:
        plain, quick = TTFont("PlainDejaVu", str(file)), _SubsetFont("QuickDejaVu", str(file))
    # Enough different letters to open a second subset (more than 256 codes), nbsp and repeats.
    many = "".join(chr(c) for c in range(0x1EA0, 0x1EFA)) + "".join(
        chr(c) for c in range(0x0100, 0x017F)) + "".join(chr(c) for c in range(0x0391, 0x03CA))
    texts = ["Đốt nhiên liệu", "Đốt nhiên liệu", "", "0,000", "a\xa0b", many, "Đốt nhiên liệu",
             many[::-1], "ỹ Ω ā", "plain ASCII 123"]
    plain_doc, quick_doc = PDFDocument(), PDFDocument()
    for value in texts:
        assert quick.splitString(value, quick_doc) == plain.splitString(value, plain_doc), value
    assert len(quick.state[quick_doc].subsets) > 1
