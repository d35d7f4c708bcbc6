"""What makes a printed document official here: the national header, the receipt number and the
QR code that leads back to the portal's record of the version.

The header follows the layout of Vietnamese administrative documents (Decree 30/2020/NĐ-CP,
Appendix I): the issuing body on the left, in capitals, with the document number below it; the
national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on the right, the motto "Độc lập - Tự do -
Hạnh phúc" underlined below it, then the place and date.
"""
from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import segno
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from exporters.pdf.layout import FONT_BOLD, FONT_MONO, FRAME_WIDTH, MUTED, Styles, style, text

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE = "Hà Nội"

# Vietnam keeps UTC+7 all year (no daylight saving time), so a fixed offset is exact.
HANOI_TIME = timezone(timedelta(hours=7))

# The prefix of a receipt number per form (ASCII, so that it can be typed and spoken).
FORM_PREFIXES = {"ghg-inventory": "GHG", "env-declaration": "ENV"}

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def in_hanoi_time(moment: datetime) -> datetime:
    """`moment` in Hanoi time; a naive datetime is taken as Hanoi time already."""
    return moment.astimezone(HANOI_TIME) if moment.tzinfo is not None else \
        moment.replace(tzinfo=HANOI_TIME)


def receipt_number(form: str, submitted_at: datetime, report_id: int, version_number: int) -> str:
    """The number of the receipt of one submitted version, e.g. `GHG-2026-000123-01`.

    Scheme: `<form>-<year>-<report>-<version>`, where `<form>` is GHG (GHG inventory) or ENV
    (environmental declaration), `<year>` the year of submission in Hanoi time (a register of
    incoming documents is numbered by the year it receives them), `<report>` the report's id on
    six digits and `<version>` the version number on two digits (more digits when they run
    out). Every part is stored with the version and never changes, so the number is the same
    each time the receipt is printed, needs no column of its own, and is unique because a report
    has one version of each number. Raises ValueError for an unknown form.
    """
    prefix = FORM_PREFIXES.get(form)
    if prefix is None:
        raise ValueError(f"no receipt number prefix for form {form!r}")
    year = in_hanoi_time(submitted_at).year
    return f"{prefix}-{year}-{report_id:06d}-{version_number:02d}"


def verification_url(base_url: str, sha256: str) -> str:
    """The public page that confirms a version with this SHA-256 was filed
    (`intake.web.verify`). Raises ValueError if `sha256` is not 64 lowercase hex digits."""
    if not _SHA256.match(sha256):
        raise ValueError("sha256 must be 64 lowercase hexadecimal digits")
    return f"{base_url.rstrip('/')}/verify/{sha256}"


def place_and_date(moment: datetime | None) -> str:
    """"Hà Nội, ngày 05 tháng 02 năm 2026" (Hanoi time). As Decree 30/2020 asks, a day below
    10 and the months January and February take a leading zero. Without a date (a draft), the
    line is left for the date to be written in."""
    if moment is None:
        return f"{PLACE}, ngày … tháng … năm …"
    moment = in_hanoi_time(moment)
    month = f"{moment.month:02d}" if moment.month < 3 else str(moment.month)
    return f"{PLACE}, ngày {moment.day:02d} tháng {month} năm {moment.year}"


_issuer = style("issuer", fontName=FONT_BOLD, fontSize=10, leading=13, alignment=TA_CENTER)
_issuer_parent = style("issuer_parent", fontSize=10, leading=13, alignment=TA_CENTER)
_number = style("document_number", fontSize=9.5, leading=13, alignment=TA_CENTER, spaceBefore=3)
_national = style("national", fontName=FONT_BOLD, fontSize=10, leading=13, alignment=TA_CENTER)
_motto = style("motto", fontName=FONT_BOLD, fontSize=10.5, leading=14, alignment=TA_CENTER)
_date = style("place_date", fontSize=9.5, leading=13, alignment=TA_CENTER, spaceBefore=3)

# Wide enough for the national name in bold 10 pt on one line (about 230 pt).
_RIGHT_WIDTH = 92 * mm


def national_header(issuer: str, *, parent: str = "", number: str = "",
                    moment: datetime | None = None) -> Table:
    """The two-column national header. `issuer` is printed in capitals (wrapping at words when
    long, an enterprise's name for instance), `parent` above it (the issuer's governing body, if
    any), `number` below it as "Số: …"; `moment` gives the place-and-date line."""
    left: list[Flowable] = []
    if parent:
        left.append(Paragraph(text(parent.upper()), _issuer_parent))
    left.append(Paragraph(f"<u>{text(issuer.upper())}</u>", _issuer))
    if number:
        left.append(Paragraph(f"Số: {text(number)}", _number))
    right = [Paragraph(NATIONAL_NAME, _national),
             Paragraph(f"<u>{NATIONAL_MOTTO}</u>", _motto),
             Paragraph(text(place_and_date(moment)), _date)]
    table = Table([[left, right]], colWidths=[FRAME_WIDTH - _RIGHT_WIDTH, _RIGHT_WIDTH],
                  hAlign="CENTER")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


# 27 mm holds the 41 modules of a verification URL's code at 0.5 mm each, larger than the
# 0.33 mm phone cameras read from paper at arm's length.
QR_SIZE = 27 * mm
# Pixels per QR module in the embedded image: whole pixels per module keep the edges sharp
# at any print size (PDF viewers do not smooth images unless asked to).
QR_PIXELS_PER_MODULE = 8
# The quiet zone of four modules that ISO/IEC 18004 requires around the symbol.
QR_QUIET_ZONE = 4


def qr_symbol(data: str) -> segno.QRCode:
    """The QR code of `data` (error correction level M: a smudged print still scans)."""
    return segno.make(data, error="m", micro=False)


def qr_png(data: str) -> bytes:
    """The QR code of `data` as a black-and-white PNG with its quiet zone."""
    buffer = io.BytesIO()
    qr_symbol(data).save(buffer, kind="png", scale=QR_PIXELS_PER_MODULE, border=QR_QUIET_ZONE)
    return buffer.getvalue()


def qr_image(data: str, size: float = QR_SIZE) -> Image:
    """The QR code of `data` as a flowable `size` points wide and high."""
    return Image(io.BytesIO(qr_png(data)), width=size, height=size)


_QR_CAPTION = style("qr_caption", fontSize=7, leading=8.5, alignment=TA_CENTER, textColor=MUTED)
_URL = style("verify_url", fontName=FONT_MONO, fontSize=7.6, leading=9.5, splitLongWords=0)


def url_paragraph(url: str, width: float, prefix: str = "") -> Paragraph:
    """`url` in a fixed-width face after `prefix` (markup), on one line when it fits `width`,
    else broken after "/verify/" so that the SHA-256 part stays whole."""
    shown = text(url)
    if pdfmetrics.stringWidth(url, FONT_MONO, _URL.fontSize) > width and "/verify/" in url:
        shown = shown.replace("/verify/", "/verify/<br/>", 1)
    return Paragraph(f"{prefix}<br/>{shown}" if prefix else shown, _URL)


def beside_qr(url: str, content: Sequence[Flowable], *, qr_size: float = QR_SIZE) -> Table:
    """`content` with the QR code of the verification `url` to its right, captioned; `content`
    has `content_width(qr_size)` points."""
    qr = [qr_image(url, qr_size),
          Paragraph("Quét để kiểm tra<br/>Scan to verify", _QR_CAPTION)]
    table = Table([[list(content), qr]], colWidths=[content_width(qr_size), FRAME_WIDTH -
                                                   content_width(qr_size)], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def content_width(qr_size: float = QR_SIZE) -> float:
    """The width left beside a QR code of `qr_size` and its gutter (`beside_qr`)."""
    return FRAME_WIDTH - qr_size - 5 * mm


def verification_block(url: str, explanation: Sequence[Flowable] = (), *,
                       qr_size: float = QR_SIZE) -> Table:
    """A titled block: the verification URL as text (for one who cannot scan) and any
    `explanation`, with the QR code of the URL to the right."""
    width = content_width(qr_size)
    return beside_qr(url, [
        Paragraph("<b>Kiểm tra phiên bản đã nộp</b> / Verify the submitted version", Styles.body),
        Spacer(1, 1 * mm),
        url_paragraph(url, width, "<font name='DejaVuSans' size='8' color='#55606b'>Quét mã QR "
                                  "hoặc mở địa chỉ / Scan the QR code or open:</font>"),
        *explanation], qr_size=qr_size)


__all__ = ["NATIONAL_MOTTO", "NATIONAL_NAME", "beside_qr", "content_width", "national_header",
           "place_and_date", "qr_image", "qr_png", "qr_symbol", "receipt_number", "url_paragraph",
           "verification_block", "verification_url"]
