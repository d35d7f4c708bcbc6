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
from datetime import datetime, timedelta, timezone
from importlib import resources
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.paragraph import split, strip
from reportlab.rl_config import _FUZZ

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
# Hex digits are ASCII, which the standard Courier covers; fixed width keeps a SHA-256 legible.
FONT_MONO = "Courier"

ISSUING_AUTHORITY_VI = "Sở Công Thương Hà Nội"
ISSUING_AUTHORITY_EN = "Hanoi Department of Industry and Trade"

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X

GRID_COLOUR = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4ebf2")
MUTED = colors.HexColor("#55606b")

_fonts_lock = threading.Lock()


class _SubsetFont(TTFont):
    """DejaVu Sans as reportlab embeds it, with a quicker way from text to the bytes of the
    font subset (`splitString`, which reportlab runs character by character for every string it
    draws: a tenth of a 500-line report's build time). Once every character of a string has its
    code in the document's first subset, the string is translated in one step; any other string
    (a character seen for the first time, a no-break space, a second subset) takes reportlab's
    own way, which assigns the codes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Per document: (number of codes assigned, characters of subset 0, translation table).
        self._first_subsets: WeakKeyDictionary = WeakKeyDictionary()

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 (reportlab's name)
        state = self.state.get(doc)
        if state is None or not isinstance(text, str) or not text:
            return super().splitString(text, doc, encoding)
        known = self._first_subsets.get(doc)
        if known is None or known[0] != len(state.assignments):
            first = {code: n for code, n in state.assignments.items() if n < 256}
            known = self._first_subsets[doc] = (len(state.assignments),
                                                frozenset(map(chr, first)), first)
        if known[1].issuperset(text):
            return [(0, text.translate(known[2]).encode("latin-1"))]
        return super().splitString(text, doc, encoding)


def register_fonts() -> None:
    """Registers DejaVu Sans (regular, bold) with reportlab once per process."""
    with _fonts_lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        fonts = resources.files("exporters") / "fonts"
        for name, filename in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
            with resources.as_file(fonts / filename) as path:
                pdfmetrics.registerFont(_SubsetFont(name, str(path)))
        # So that <b> inside a Paragraph picks the bold face rather than a Latin-1 font.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                      boldItalic=FONT_BOLD)


def style(name: str, **kwargs) -> ParagraphStyle:
    """A paragraph style in DejaVu Sans 9 pt unless `kwargs` say otherwise."""
    base = {"fontName": FONT, "fontSize": 9, "leading": 11.5}
    return ParagraphStyle(name, **{**base, **kwargs})


class Styles:
    """The paragraph styles of the portal's documents."""

    title = style("title", fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER,
                  spaceBefore=6)
    title_en = style("title_en", fontSize=10.5, leading=13, alignment=TA_CENTER,
                     textColor=MUTED, spaceAfter=4)
    subtitle = style("subtitle", fontSize=9.5, leading=12.5, alignment=TA_CENTER)
    section = style("section", fontName=FONT_BOLD, fontSize=11.5, leading=14.5,
                    spaceBefore=10, spaceAfter=2, keepWithNext=True)
    section_en = style("section_en", fontSize=9, leading=11, textColor=MUTED, spaceAfter=4,
                       keepWithNext=True)
    heading = style("heading", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6,
                    spaceAfter=3, keepWithNext=True)
    body = style("body")
    note = style("note", fontSize=8.5, leading=11, textColor=MUTED)
    cell = style("cell", fontSize=8.5, leading=10.5)
    cell_label = style("cell_label", fontName=FONT_BOLD, fontSize=8.5, leading=10.5)
    cell_en = style("cell_en", fontSize=7.5, leading=9, textColor=MUTED)
    # A number or a code is never cut inside (reportlab otherwise splits a word that does not
    # fit, printing "34.612,73" above "6"): `grid_table` widens its column instead.
    cell_number = style("cell_number", fontSize=8.5, leading=10.5, alignment=TA_RIGHT,
                        splitLongWords=0)
    cell_code = style("cell_code", fontSize=8.5, leading=10.5, splitLongWords=0)
    header_cell = style("header_cell", fontName=FONT_BOLD, fontSize=8, leading=10)
    header_cell_number = style("header_cell_number", fontName=FONT_BOLD, fontSize=8,
                               leading=10, alignment=TA_RIGHT, splitLongWords=0)
    trace = style("trace", fontSize=7.5, leading=9.5)


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
                    label_width: float = 62 * mm, width: float = FRAME_WIDTH,
                    padding: float = 3) -> Table:
    """A two-column table of label and value, as on the paper forms, `width` points wide with
    `padding` above and below each row's text."""
    table = Table([list(row) for row in rows], colWidths=[label_width, width - label_width],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f4f6f8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]))
    return table


# Left plus right padding of a grid cell (`grid_table`).
_GRID_PADDING = 6


class _WrappedOnce(Paragraph):
    """A cell paragraph that breaks its lines once per width. A table that spans pages is
    split at each page, and each remaining part measures every row again: without this a
    500-line grid breaks the lines of its cells some thirty times over (issue 14)."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            self.width = availWidth
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size


def _plain_style(style: ParagraphStyle) -> bool:
    """Whether a Paragraph in `style` lays plain text out by its simple rule (one font, words
    put on a line while they fit, no indent, bullet, border, hyphenation or underline), the
    rule that `Cell` follows."""
    known = _PLAIN_STYLES.get(style)
    if known is None:
        known = _PLAIN_STYLES[style] = (
            style.alignment in _LINE_OFFSETS and not style.leftIndent
            and not style.rightIndent and not style.firstLineIndent
            and not getattr(style, "bulletText", None) and not style.backColor
            and not style.borderWidth and not style.endDots and not style.hyphenationLang
            and not style.embeddedHyphenation and not style.uriWasteReduce
            and not style.wordWrap and not style.shaping and not style.textTransform
            and not getattr(style, "underline", 0) and not getattr(style, "strike", 0)
            and getattr(style, "autoLeading", None) in (None, "", "off"))
    return known


_PLAIN_STYLES: dict[ParagraphStyle, bool] = {}
# Characters after which a Paragraph no longer holds one fragment of text: a line break, a soft
# hyphen, and what `text` escapes (reportlab's parser cuts the text at each entity).
_PARAGRAPH_ONLY = ("\n", "\xad", "&", "<", ">")
# Where a line starts, from the room it leaves (`extra`), by alignment (as reportlab draws it).
_LINE_OFFSETS = {TA_LEFT: lambda extra: 0.0, TA_RIGHT: lambda extra: extra,
                 TA_CENTER: lambda extra: 0.5 * extra}


def _word_widths(font: str, size: float) -> dict[str, float]:
    """The cache of word widths in one font and size, emptied when it grows large (a server
    prints many reports; numbers seldom repeat)."""
    widths = _WORD_WIDTHS.setdefault((font, size), {})
    if len(widths) > _WORD_WIDTHS_LIMIT:
        widths.clear()
    return widths


_WORD_WIDTHS_LIMIT = 50_000


def _measured(word: str, style: ParagraphStyle, widths: dict[str, float]) -> float:
    """`word`'s width in `style`, from `widths` (its `_word_widths` cache) or measured once."""
    width = widths.get(word)
    if width is None:
        width = widths[word] = pdfmetrics.stringWidth(word, style.fontName, style.fontSize)
    return width


class Cell(Flowable):
    """Plain text (no markup) in one paragraph style: what `Paragraph(text(value), style)`
    prints, broken into the same lines and drawn at the same places, without parsing markup
    or building reportlab's fragments. A 500-line report has some six thousand such cells
    (numbers, codes, labels of choices), whose paragraphs took a third of its build time
    (issue 14: the copy of record under 2 s).

    Anything outside that simple case is handed to the Paragraph itself: a line break, a soft
    hyphen or a character `text` escapes in the value, a style `_plain_style` does not follow,
    a word wider than the column that the style lets be cut (`splitLongWords`), or a split
    across pages."""

    def __init__(self, value: object, style: ParagraphStyle):
        super().__init__()
        self.value = str(value)
        self.style = style
        self._words = split(strip(self.value))
        self._paragraph: Paragraph | None = None
        # (width, lines as (room left, words), height) of the last wrap.
        self._broken: tuple[float, list[tuple[float, list[str]]], float] | None = None
        if not _plain_style(style) or any(c in self.value for c in _PARAGRAPH_ONLY):
            self._as_paragraph()

    def _as_paragraph(self) -> Paragraph:
        if self._paragraph is None:
            self._paragraph = _WrappedOnce(text(self.value), self.style)
        return self._paragraph

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        if self._paragraph is None:
            if availWidth < _FUZZ:  # no room at all, as a Paragraph answers
                return 0, 0x7FFFFFFF
            if self._broken is None or self._broken[0] != availWidth:
                lines = self._break(availWidth)
                if lines is not None:
                    self._broken = (availWidth, lines, len(lines) * self.style.leading)
        if self._paragraph is not None:
            size = self._paragraph.wrap(availWidth, availHeight)
            self.width, self.height = size
            return size
        self.width, self.height = availWidth, self._broken[2]
        return self.width, self.height

    def _break(self, width: float) -> list[tuple[float, list[str]]] | None:
        """reportlab's rule for one fragment of text (`Paragraph.breakLines`): a word goes on
        the line while the line, its spaces shrunk by `spaceShrinkage` at most, fits; a word
        alone on a line stays there. None when a word has to be cut (the Paragraph does it)."""
        style = self.style
        widths = _word_widths(style.fontName, style.fontSize)
        space = _measured(" ", style, widths)
        shrink = style.spaceShrinkage * space
        lines: list[tuple[float, list[str]]] = []
        line: list[str] = []
        used = -space
        for word in self._words:
            size = widths.get(word) or _measured(word, style, widths)
            longer = used + space + size
            limit = width + shrink * len(line)
            if longer > limit and size > width and style.splitLongWords:
                self._as_paragraph()
                return None
            if longer <= limit or not line:
                line.append(word)
                used = longer
            else:
                lines.append((width - used, line))
                line, used = [word], size
        if line:
            lines.append((width - used, line))
        return lines

    def minWidth(self):  # noqa: N802 (reportlab's name)
        if self._paragraph is not None:
            return self._paragraph.minWidth()
        widths = _word_widths(self.style.fontName, self.style.fontSize)
        return max((_measured(word, self.style, widths) for word in self._words), default=0)

    def split(self, availWidth, availHeight):  # noqa: N803
        return self._as_paragraph().split(availWidth, availHeight)

    def draw(self):
        if self._paragraph is not None:
            self._paragraph._drawOn(self.canv)  # already placed: what drawOn does after that
            return
        lines = self._broken[1] if self._broken else []
        if not lines:
            return
        style, canvas = self.style, self.canv
        offset = _LINE_OFFSETS[style.alignment]
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        # paraFontSizeHeightOffset: the first baseline one font size below the top.
        text_object = canvas.beginText(0, self.height - style.fontSize)
        text_object.setFont(style.fontName, style.fontSize, style.leading)
        for extra, words in lines:
            line = " ".join(words)
            spaces = len(words) - 1 + line.count("\xa0")
            if extra > -1e-8 or spaces <= 0:
                x = offset(extra)
                _move(text_object, x)
                text_object.textLine(line)
            else:  # spaces shrunk to fit (reportlab's spaceShrinkage), the line from its left
                x = 0.0
                text_object.setWordSpace(extra / spaces)
                text_object.textLine(line)
                text_object.setWordSpace(0)
            _move(text_object, -x)
        canvas.drawText(text_object)
        canvas.restoreState()


def _move(text_object, dx: float) -> None:
    if dx > 1e-6 or dx < -1e-6:
        text_object.setXPos(dx)


class PlainText(Flowable):
    """Plain text (no markup) in one font and size, broken at spaces and line breaks as a
    Paragraph breaks it, at a small part of its cost: the calculation annex of a 500-line
    report is some half a million characters, whose words repeat (units, factor sources), so
    each word is measured once (issue 14: the copy of record under 2 s)."""

    def __init__(self, value: str, style: ParagraphStyle, *, lines: list[str] | None = None):
        super().__init__()
        self.value = value
        self.style = style
        self._lines = lines
        self._broken_for: float | None = None if lines is None else -1.0

    def _break(self, width: float) -> list[str]:
        widths = _word_widths(self.style.fontName, self.style.fontSize)
        space = _measured(" ", self.style, widths)
        lines: list[str] = []
        for paragraph in self.value.split("\n"):
            current: list[str] = []
            used = 0.0
            for word in paragraph.split(" "):
                size = _measured(word, self.style, widths)
                while size > width and len(word) > 1:  # a word wider than the line is cut
                    cut = next(n for n in range(len(word) - 1, 0, -1)
                               if _measured(word[:n], self.style, widths) <= width or n == 1)
                    if current:
                        lines.append(" ".join(current))
                        current, used = [], 0.0
                    lines.append(word[:cut])
                    word = word[cut:]
                    size = _measured(word, self.style, widths)
                if current and used + space + size > width:
                    lines.append(" ".join(current))
                    current, used = [word], size
                else:
                    used += (space if current else 0.0) + size
                    current.append(word)
            lines.append(" ".join(current))
        return lines

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        if self._lines is None or (self._broken_for not in (-1.0, availWidth)):
            self._lines = self._break(availWidth)
            self._broken_for = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        self.wrap(availWidth, availHeight)
        lines = self._lines or []
        fits = int(availHeight // self.style.leading)
        if fits <= 0:
            return []
        if fits >= len(lines):
            return [self]
        return [PlainText(self.value, self.style, lines=lines[:fits]),
                PlainText(self.value, self.style, lines=lines[fits:])]

    def draw(self):
        lines = self._lines or []
        text_object = self.canv.beginText(0, self.height - self.style.fontSize)
        text_object.setFont(self.style.fontName, self.style.fontSize, self.style.leading)
        text_object.setFillColor(self.style.textColor)
        for line in lines:
            text_object.textLine(line)
        self.canv.drawText(text_object)


# Widths of words by font and size, for PlainText (a handful of fonts: bounded).
_WORD_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def grid_table(header: Sequence[Flowable], rows: Sequence[Sequence[Flowable]],
               widths: Sequence[float], *, padding: float = 2.5) -> Table:
    """A table with a shaded header row that is repeated on every page the table spans, with
    `padding` above and below each row's text. `widths` are adjusted so that no number or code
    has to be cut (`fit_widths`)."""
    body = [list(header), *[list(r) for r in rows]]
    for row in body:
        for cell in row:
            if type(cell) is Paragraph:
                cell.__class__ = _WrappedOnce
    table = Table(body, colWidths=fit_widths(widths, body, _GRID_PADDING), repeatRows=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOUR),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), _GRID_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), _GRID_PADDING / 2),
    ]))
    return table


def _word_width(cell: object, *, breakable: bool) -> float:
    """The width of the longest word of a cell: of any paragraph if `breakable`, otherwise only
    of one whose words may not be cut (numbers, codes)."""
    if isinstance(cell, (Paragraph, Cell)) and (breakable or not cell.style.splitLongWords):
        return cell.minWidth()
    return 0.0


def fit_widths(widths: Sequence[float], rows: Sequence[Sequence[object]],
               padding: float) -> list[float]:
    """`widths` changed as little as possible so that every word fits its cell: a column
    narrower than its longest word takes the room it lacks from the columns that have room to
    spare, in proportion to that room. The words that count are those of numbers and codes in
    every row and, room permitting, every word of the first (header) row; the words of the text
    of the body rows are left to wrap (reportlab cuts a word longer than its column only in
    text), which also keeps a table of hundreds of rows quick to lay out."""
    columns = range(len(widths))
    header, body = (rows[0], rows[1:]) if rows else ((), ())
    hard = [max((_word_width(row[i], breakable=False) for row in body if i < len(row)),
                default=0.0) for i in columns]
    soft = [max(hard[i], _word_width(header[i], breakable=True) if i < len(header) else 0.0)
            for i in columns]
    total = sum(widths)
    need = [w + padding for w in soft]
    if sum(need) > total:
        need = [max(h, _word_width(header[i], breakable=False) if i < len(header) else 0.0)
                + padding for i, h in enumerate(hard)]
    deficit = sum(max(n - w, 0.0) for w, n in zip(widths, need))
    if deficit <= 0:
        return list(widths)
    spare = [max(w - n, 0.0) for w, n in zip(widths, need)]
    if sum(spare) < deficit:
        # Too many columns for the page: every column in proportion to what it needs.
        return [n * total / sum(need) for n in need]
    share = deficit / sum(spare)
    return [n if w < n else w - s * share for w, n, s in zip(widths, need, spare)]


@dataclass(frozen=True)
class RunningText:
    """The header and footer lines printed on every page."""

    header_left: str
    header_right: str
    footer_left: str


def pdf_date(moment: datetime) -> str:
    """A PDF date string (ISO 32000-1, 7.9.4) of an aware or naive (taken as UTC) datetime."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{minutes:02d}'"


# Saving a document cuts the subset of each TrueType font it used out of the one font file
# reportlab reads for every document in the process, moving a shared read position: two threads
# saving at once (a threaded server, the export pool) read each other's glyphs and fail.
_FONT_SUBSETTING = threading.Lock()


def _numbered_canvas(running: RunningText, created: str) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each can say "Trang x/y", and dates
    the document `created` (a PDF date string)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            # Invariant mode would date every document 1 January 2000: the date is the
            # caller's, the rest (document id included) stays invariant.
            self.setDateFormatter(lambda *_: created)

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_running_text(self, running, number, total)
                super().showPage()
            with _FONT_SUBSETTING:
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


def build_pdf(story: list[Flowable], running: RunningText, *, title: str, subject: str,
              created_at: datetime) -> bytes:
    """The PDF bytes of `story` on A4 pages with the running header and footer, dated
    `created_at` in its metadata (creation and modification date; a naive datetime is UTC).

    Nothing else varies (no clock read, no random document id), so the same input always gives
    the same bytes: a receipt, dated by its submission, downloaded twice is the same file.
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
    document.build(story, canvasmaker=_numbered_canvas(running, pdf_date(created_at)))
    return buffer.getvalue()
