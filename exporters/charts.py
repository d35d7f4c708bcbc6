"""Charts as SVG text, drawn on the server: readable at a glance, accessible (title and
description), no script, no external library, and safe under a strict Content-Security-Policy
(presentation attributes only, no style elements)."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from exporters.numbers import format_vn_number

BAR_COLOUR = "#a3141b"
TEXT_COLOUR = "#1b1f24"
GRID_COLOUR = "#c9d1d9"


def shorten(label: str, limit: int) -> str:
    """`label` cut to at most `limit` characters at a word boundary, with an ellipsis when cut
    (a word cut in half misleads: "Nhà máy Giấy Việt H")."""
    if len(label) <= limit:
        return label
    cut = label[:limit - 1]
    if " " in cut.strip():
        cut = cut[:cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;–-") + "…"


def horizontal_bars(chart_id: str, title: str, description: str,
                    rows: Sequence[tuple[str, Decimal | int | float]], unit: str = "tCO2e",
                    width: int = 640, bar_height: int = 22) -> str:
    """One bar per (label, value), largest first as given, values printed Vietnamese-style."""
    rows = list(rows)[:15]
    label_width = 230
    value_width = 120
    plot = width - label_width - value_width
    height = 40 + len(rows) * (bar_height + 8)
    biggest = max((Decimal(str(v)) for _, v in rows), default=Decimal(0)) or Decimal(1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc" '
             f'font-family="DejaVu Sans, sans-serif" font-size="13">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    for index, (label, value) in enumerate(rows):
        y = 30 + index * (bar_height + 8)
        share = Decimal(str(value)) / biggest if biggest else Decimal(0)
        length = max(int(plot * share), 1 if value else 0)
        shown = shorten(label, 32)
        parts.append(f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.0f}" text-anchor="end" '
                     f'fill="{TEXT_COLOUR}">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{BAR_COLOUR}">'
                     f'<title>{escape(label)}: {format_vn_number(value, 3)} {escape(unit)}</title></rect>')
        parts.append(f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.0f}" fill="{TEXT_COLOUR}">'
                     f'{format_vn_number(value, 1)}</text>')
    parts.append(f'<line x1="{label_width}" y1="24" x2="{label_width}" y2="{height - 6}" stroke="{GRID_COLOUR}"/>')
    parts.append("</svg>")
    return "".join(parts)
