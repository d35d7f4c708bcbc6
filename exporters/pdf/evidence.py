"""The evidence a version was certified with, as the copy of record lists it: each file's name,
size, the part of the report it evidences and its SHA-256, so that a file produced later can be
checked against the record (issue 15)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from exporters.pdf.layout import (
    FONT_MONO,
    FRAME_WIDTH,
    Styles,
    bilingual,
    grid_table,
    section_heading,
    text,
)
from forms.definition import FormDefinition
from forms.labels import place_names


def size_text(size: int) -> str:
    """Bytes, exactly, and rounded for a reader: "1 234 567 byte (1,2 MB)"."""
    exact = f"{size:,}".replace(",", " ")
    if size >= 1024 * 1024:
        return f"{exact} byte ({size / (1024 * 1024):.1f} MB)".replace(".", ",")
    if size >= 1024:
        return f"{exact} byte ({size / 1024:.0f} KB)"
    return f"{exact} byte"


def evidence_section(form: FormDefinition, attachments: Sequence[Mapping[str, Any]],
                     document: Mapping | None) -> list[Flowable]:
    """Each attachment a mapping with `name`, `size`, `path`, `sha256` and optionally
    `media_type` and `description`; nothing when there is none."""
    if not attachments:
        return []
    header = [bilingual("Tệp", "File", Styles.header_cell),
              bilingual("Chứng minh cho", "Evidences", Styles.header_cell),
              bilingual("Dung lượng", "Size", Styles.header_cell),
              bilingual("SHA-256", "SHA-256", Styles.header_cell)]
    rows = []
    for item in attachments:
        place_vi, place_en = place_names(form, str(item.get("path") or ""), document)
        where = f"{text(place_vi)}<br/><font size='7.5' color='#55606b'>{text(place_en)}</font>"
        name = text(item.get("name") or "")
        if item.get("description"):
            name += f"<br/><font size='7.5' color='#55606b'>{text(item['description'])}</font>"
        digest = str(item.get("sha256") or "")
        # The digest split in two lines of 32, so that it is printed whole and copied exactly.
        rows.append([Paragraph(name, Styles.cell), Paragraph(where, Styles.cell),
                     Paragraph(text(size_text(int(item.get("size") or 0))), Styles.cell),
                     Paragraph(f"<font name='{FONT_MONO}' size='7'>{digest[:32]}<br/>{digest[32:]}</font>",
                               Styles.cell)])
    return [*section_heading("Tài liệu chứng minh kèm theo phiên bản này",
                             "Evidence certified with this version"),
            grid_table(header, rows, [48 * mm, 50 * mm, 28 * mm, FRAME_WIDTH - 126 * mm])]
