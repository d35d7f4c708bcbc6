"""What every PDF of the portal shares: fonts, paragraph styles, A4 pages with a running header
and a "Trang x/y" footer, and the step from a list of flowables to PDF bytes.

The standard PDF fonts (Helvetica, Times) cannot show Vietnamese letters such as Ơ, Ư, ạ or ộ,
so all text is set in DejaVu Sans, embedded from `exporters/fonts/` (licence beside it).
"""
from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
# Hex digits are ASCII, which the standard Courier covers; fixed width keeps a SHA-256 legible.
FONT_MONO = "Courier"

ISSUING_AUTHORITY_VI = "Sở Công Thương Hà Nội"
ISSUING_AUTHORITY_EN = "Hanoi Department of Industry and Trade"

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

GRID_COLOUR = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4ebf2")
MUTED = colors.HexColor("#55606b")

_fonts_lock = threading.Lock()


def register_fonts() -> None:
    """Registers DejaVu Sans (regular, bold) with reportlab once per process."""
    with _fonts_lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        fonts = resources.files("exporters") / "fonts"
        for name, filename in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
            with resources.as_file(fonts / filename) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        # So that <b> inside a Paragraph picks the bold face rather than a Latin-1 font.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                      boldItalic=FONT_BOLD)


def _style(name: str, **kwargs) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 9, "leading": 11.5}
    return ParagraphStyle(name, **{**base, **kwargs})


class Styles:
    """The paragraph styles of the portal's documents."""

    authority = _style("authority", fontName=FONT_BOLD, fontSize=10, leading=13)
    authority_en = _style("authority_en", fontSize=8.5, textColor=MUTED)
    title = _style("title", fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER,
                   spaceBefore=6)
    title_en = _style("title_en", fontSize=10.5, leading=13, alignment=TA_CENTER,
                      textColor=MUTED, spaceAfter=4)
    subtitle = _style("subtitle", fontSize=9.5, leading=12.5, alignment=TA_CENTER)
    section = _style("section", fontName=FONT_BOLD, fontSize=11.5, leading=14.5,
                     spaceBefore=10, spaceAfter=2, keepWithNext=True)
    section_en = _style("section_en", fontSize=9, leading=11, textColor=MUTED, spaceAfter=4,
                        keepWithNext=True)
    heading = _style("heading", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6,
                     spaceAfter=3, keepWithNext=True)
    body = _style("body")
    note = _style("note", fontSize=8.5, leading=11, textColor=MUTED)
    cell = _style("cell", fontSize=8.5, leading=10.5)
    cell_label = _style("cell_label", fontName=FONT_BOLD, fontSize=8.5, leading=10.5)
    cell_en = _style("cell_en", fontSize=7.5, leading=9, textColor=MUTED)
    cell_number = _style("cell_number", fontSize=8.5, leading=10.5, alignment=TA_RIGHT)
    header_cell = _style("header_cell", fontName=FONT_BOLD, fontSize=8, leading=10)
    header_cell_number = _style("header_cell_number", fontName=FONT_BOLD, fontSize=8,
                                leading=10, alignment=TA_RIGHT)
    trace = _style("trace", fontSize=7.5, leading=9.5)


def text(value: object) -> str:
    """Paragraph markup for a plain value: '&', '<' and '>' escaped, line breaks kept.

    Everything a filer typed passes through here, so a name such as "A & B <C>" prints as
    written instead of breaking (or injecting into) reportlab's mini-markup.
    """
    return escape(str(value)).replace("\n", "<br/>")


def bilingual(vi: str, en: str, style: ParagraphStyle = Styles.cell_label, *,
              inline: bool = False) -> Paragraph:
    """Vietnamese first, English after it in smaller grey type: below it, or on the same line
    after a slash when `inline` (compact one-page documents)."""
    if not en or en == vi:
        return Paragraph(text(vi), style)
    joint = " / " if inline else "<br/>"
    return Paragraph(f"{text(vi)}{joint}<font size='7.5' color='#55606b' name='{FONT}'>"
                     f"{text(en)}</font>", style)


def section_heading(vi: str, en: str, *, inline: bool = False) -> list[Flowable]:
    """A section title, the English one below it or, when `inline`, after it on one line."""
    if inline:
        return [Paragraph(f"{text(vi)} <font name='{FONT}' size='9' color='#55606b'>/ "
                          f"{text(en)}</font>", Styles.section)]
    return [Paragraph(text(vi), Styles.section), Paragraph(text(en), Styles.section_en)]


def key_value_table(rows: Sequence[tuple[Flowable, Flowable]],
                    label_width: float = 62 * mm) -> Table:
    """A two-column table of label and value, as on the paper forms."""
    table = Table([list(row) for row in rows], colWidths=[label_width, FRAME_WIDTH - label_width],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f4f6f8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def grid_table(header: Sequence[Flowable], rows: Sequence[Sequence[Flowable]],
               widths: Sequence[float]) -> Table:
    """A table with a shaded header row that is repeated on every page the table spans."""
    table = Table([list(header), *[list(r) for r in rows]], colWidths=list(widths),
                  repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


@dataclass(frozen=True)
class RunningText:
    """The header and footer lines printed on every page."""

    header_left: str
    header_right: str
    footer_left: str


def _numbered_canvas(running: RunningText) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say "Trang x/y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_running_text(self, running, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_running_text(canvas: Canvas, running: RunningText, number: int, total: int) -> None:
    width, height = PAGE_SIZE
    # The frame pads its content by 6 pt: the running text lines up with the text, not the
    # frame's edge.
    left, right = MARGIN_X + 6, width - MARGIN_X - 6
    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setStrokeColor(GRID_COLOUR)
    canvas.setLineWidth(0.5)
    top = height - 13 * mm
    canvas.setFont(FONT, 7.5)
    canvas.drawString(left, top, running.header_left)
    canvas.drawRightString(right, top, running.header_right)
    canvas.line(left, top - 2 * mm, right, top - 2 * mm)
    bottom = 11 * mm
    canvas.line(left, bottom + 4 * mm, right, bottom + 4 * mm)
    canvas.drawString(left, bottom, running.footer_left)
    canvas.setFont(FONT_BOLD, 8)
    canvas.drawRightString(right, bottom, f"Trang {number}/{total}")
    canvas.restoreState()


def fit(value: str, font: str, size: float, width: float) -> str:
    """`value` cut with an ellipsis so that it fits `width` points (running header lines)."""
    if pdfmetrics.stringWidth(value, font, size) <= width:
        return value
    while value and pdfmetrics.stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value + "…"


def build_pdf(story: list[Flowable], running: RunningText, *, title: str, subject: str) -> bytes:
    """The PDF bytes of `story` on A4 pages with the running header and footer.

    The output is invariant (no creation time or random document id inside), so the same
    input always gives the same bytes: a receipt downloaded twice is the same file.
    """
    register_fonts()
    half = FRAME_WIDTH / 2 - 4 * mm
    running = RunningText(fit(running.header_left, FONT, 7.5, half),
                          fit(running.header_right, FONT, 7.5, half),
                          fit(running.footer_left, FONT, 7.5, FRAME_WIDTH - 25 * mm))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, subject=subject,
        author=ISSUING_AUTHORITY_VI, creator="intake", lang="vi-VN", invariant=1,
    )
    document.build(story, canvasmaker=_numbered_canvas(running))
    return buffer.getvalue()
