"""The full copy of record of a report, laid out like its paper form.

Built by walking the form definition (`forms/`): every section of the form in order with its
title, every group as a label/value table, every table of rows as a grid (split across pages,
header row repeated), every computed table from the result document. Labels, units and the
Vietnamese labels of choices all come from the definition, so the same code prints the GHG
inventory (Form 06, Appendix II, Decree 06/2022/NĐ-CP) and the environmental declaration.

The enterprise issues the report, so it heads the national header (`official.national_header`);
a submitted version also carries its receipt number and the QR code of its verification page.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from exporters.pdf import results
from exporters.pdf.evidence import evidence_section
from exporters.pdf.layout import (
    FONT_MONO,
    FRAME_WIDTH,
    ISSUING_AUTHORITY_EN,
    ISSUING_AUTHORITY_VI,
    Cell,
    RunningText,
    Styles,
    bilingual,
    build_pdf,
    grid_table,
    key_value_table,
    register_fonts,
    section_heading,
    text,
)
from exporters.pdf.official import (
    FORM_PREFIXES,
    in_hanoi_time,
    national_header,
    receipt_number,
    verification_block,
)
from exporters.pdf.receipt import hanoi_timestamp
from exporters.pdf.values import EMPTY, display_value, is_blank
from forms.definition import (
    Field,
    FieldType,
    FormDefinition,
    Group,
    Node,
    Section,
    Table,
    direct_children,
)
from forms.labels import (
    WHOLE_DOCUMENT_EN,
    WHOLE_DOCUMENT_VI,
    label_path,
    labelled_problem,
    message_parts,
)

# A table with more filled columns than this prints its secondary fields in one "details"
# column: a Form 06 source line has some thirty possible fields, A4 holds about six columns.
MAX_GRID_COLUMNS = 6

# Document-level choices that the calculation fills in when the filer leaves them to their
# default: the copy of record prints the value actually used (the result's), as the receipt does.
APPLIED_DEFAULTS = ("gwp_set", "factor_library_version")


@dataclass(frozen=True)
class ReportPdfData:
    """A report version to print. `document` and `result` are the stored JSON documents
    (the result as the contract's result document, or None when not calculated); `status_vi`
    and `status_en` are the status as shown to users; `sha256` and `submitted_at` (Hanoi time,
    or aware) are given for submitted versions, with `verification_url` (what the QR code
    encodes, `official.verification_url`). `enterprise_name` heads the national header (the
    facility's name when not given)."""

    form: FormDefinition
    document: Mapping[str, Any]
    result: Mapping[str, Any] | None
    facility_name: str
    version_number: int
    status_vi: str
    status_en: str = ""
    report_id: int | None = None
    sha256: str | None = None
    submitted_at: datetime | None = None
    issuing_authority_vi: str = ISSUING_AUTHORITY_VI
    issuing_authority_en: str = ISSUING_AUTHORITY_EN
    enterprise_name: str = ""
    verification_url: str | None = None
    # The Department's comments released on this version when it was returned, each a mapping
    # with `path`, `message`, `status_vi`, `status_en`, `released_at` (aware datetime) and
    # `replies` ([{"who_vi", "who_en", "message", "at"}]); see `_review_threads`.
    review_threads: Sequence[Mapping[str, Any]] = ()
    # A correction of an accepted version (Circular 38 Art. 22): the number of the version it
    # corrects and the certifier's reason; None for a version that corrects nothing.
    corrects_version: int | None = None
    correction_reason: str = ""
    # The evidence this version was certified with, each a mapping with `name`, `size`, `path`,
    # `sha256` (and `description`); see `exporters.pdf.evidence`.
    attachments: Sequence[Mapping[str, Any]] = ()

    @property
    def receipt_number(self) -> str | None:
        """The number of the receipt of this version (`official.receipt_number`), when
        submitted."""
        if self.report_id is None or self.submitted_at is None or not self.sha256 \
                or self.form.key not in FORM_PREFIXES:
            return None
        return receipt_number(self.form.key, self.submitted_at, self.report_id,
                              self.version_number)


def report_pdf(data: ReportPdfData) -> bytes:
    """The copy of record as PDF bytes (A4, "Trang x/y" on every page), dated by its
    submission (a version not submitted: by the time of printing)."""
    register_fonts()  # before the first Paragraph, which looks its font family up
    form = data.form
    document = _as_applied(data.document if isinstance(data.document, Mapping) else {},
                           data.result)
    story: list[Flowable] = [*_title(data), _record_table(data, document)]
    if data.sha256 and data.verification_url:
        story += [Spacer(1, 3 * mm), verification_block(data.verification_url)]
    if data.sha256 is None:
        story.append(Paragraph(
            "Bản in của phiên bản chưa nộp: chưa có mã SHA-256 và chưa có giá trị như báo cáo "
            "đã nộp. / Print of a version not yet submitted: it has no SHA-256 and does not "
            "stand for a submitted report.", Styles.note))
    walker = _Walker(form, data.result)
    for child in form.children:
        if isinstance(child, Section):
            story += section_heading(child.label_vi, child.label_en)
            story += walker.children(child.children, document, lone_heading=False)
        elif not isinstance(child, Field):  # top-level fields are in the record table
            story += section_heading(child.label_vi, child.label_en)
            story += walker.children((child,), document, lone_heading=False)
    story += _problems(form, data.result, document)
    story += _review_threads(form, data.review_threads, data.document)
    story += evidence_section(form, data.attachments, data.document)
    story += results.traces_annex(data.result)
    created = in_hanoi_time(data.submitted_at) if data.submitted_at is not None else \
        datetime.now(timezone.utc)
    return build_pdf(story, _running_text(data), title=f"{form.label_vi}: {data.facility_name}",
                     subject=form.legal_basis_vi or form.label_vi, created_at=created)


def _as_applied(document: Mapping[str, Any], result: Mapping | None) -> Mapping[str, Any]:
    """The document with the GWP set and factor library version the calculation used where the
    filer left them blank (the defaults it applied), so that "—" never hides what was used."""
    used = {key: (result or {}).get(key) for key in APPLIED_DEFAULTS}
    missing = {key: value for key, value in used.items()
               if not is_blank(value) and is_blank(document.get(key))}
    return {**document, **missing} if missing else document


def _title(data: ReportPdfData) -> list[Flowable]:
    form = data.form
    story: list[Flowable] = [
        national_header(data.enterprise_name or data.facility_name, moment=data.submitted_at),
        Spacer(1, 3 * mm),
        Paragraph(text(form.label_vi.upper()), Styles.title),
        Paragraph(text(form.label_en), Styles.title_en),
    ]
    if form.legal_basis_vi:
        story.append(Paragraph(text(form.legal_basis_vi), Styles.subtitle))
    if form.legal_basis_en:
        story.append(Paragraph(text(form.legal_basis_en), Styles.title_en))
    story += [Spacer(1, 1.5 * mm),
              Paragraph(f"Kính gửi: {text(data.issuing_authority_vi.upper())} "
                        f"<font size='8.5' color='#55606b'>/ To: "
                        f"{text(data.issuing_authority_en)}</font>", Styles.subtitle),
              Spacer(1, 2 * mm)]
    return story


def _record_table(data: ReportPdfData, document: Mapping) -> Flowable:
    """Which report and version this is, and the form's own top-level fields (form, version)."""
    rows = [_pair("Cơ sở", "Facility", data.facility_name)]
    if data.report_id is not None:
        rows.append(_pair("Số báo cáo", "Report id", str(data.report_id)))
    if data.receipt_number:
        rows.append(_pair("Số biên nhận", "Receipt number", data.receipt_number))
    rows.append(_pair("Phiên bản", "Version", str(data.version_number)))
    if data.corrects_version is not None:
        rows.append(_pair("Đính chính phiên bản", "Corrects version", str(data.corrects_version)))
        rows.append(_pair("Lý do đính chính", "Reason for the correction", data.correction_reason))
    status = f"{data.status_vi} / {data.status_en}" if data.status_en else data.status_vi
    rows.append(_pair("Trạng thái", "Status", status))
    if data.submitted_at is not None:
        rows.append(_pair("Thời điểm nộp", "Submitted at", hanoi_timestamp(data.submitted_at)))
    for child in data.form.children:
        if isinstance(child, Field):
            rows.append(_field_row(child, document.get(child.key)))
    if data.sha256:
        # 64 Courier characters at 7.8 pt (300 pt) fit the value column on one line, so the
        # hash is extracted or copied in one piece.
        mono = ParagraphStyle("sha256", fontName=FONT_MONO, fontSize=7.8, leading=10.5)
        rows.append((bilingual("Mã SHA-256", "SHA-256", inline=True), Paragraph(data.sha256, mono)))
    return key_value_table(rows, label_width=58 * mm)


def _pair(vi: str, en: str, value: str) -> tuple[Flowable, Flowable]:
    return bilingual(vi, en, inline=True), Cell(value or EMPTY, Styles.cell)


def _field_row(f: Field, value: Any) -> tuple[Flowable, Flowable]:
    return bilingual(f.label_vi, f.label_en), Cell(display_value(f, value, with_unit=True),
                                                   Styles.cell)


class _Walker:
    """Turns the nodes of a form definition and the matching part of a document into
    flowables."""

    def __init__(self, form: FormDefinition, result: Mapping | None):
        self.form = form
        self.result = result

    def children(self, nodes: Sequence[Node], obj: Any, *, lone_heading: bool = True,
                 row_label: str = "") -> list[Flowable]:
        """Consecutive fields become one label/value table; groups, tables and sections
        follow in form order. A lone group or table under a section repeats the section's
        title, so its own heading is left out unless `lone_heading`."""
        obj = obj if isinstance(obj, Mapping) else {}
        story: list[Flowable] = []
        pending: list[tuple[Flowable, Flowable]] = []
        show_heading = lone_heading or len(nodes) > 1

        def flush():
            if pending:
                story.append(key_value_table(list(pending)))
                pending.clear()

        for node in nodes:
            if isinstance(node, Field):
                if not node.computed:
                    pending.append(_field_row(node, obj.get(node.key)))
                continue
            flush()
            if isinstance(node, Section):
                story.append(Paragraph(f"{text(node.label_vi)} / {text(node.label_en)}",
                                       Styles.heading))
                story += self.children(node.children, obj)
            elif isinstance(node, Group):
                if show_heading:
                    story.append(_heading(node.label_vi, node.label_en, row_label))
                story += self.children(node.children, obj.get(node.key))
            elif isinstance(node, Table):
                if show_heading or node.computed:
                    story.append(_heading(node.label_vi, node.label_en, row_label))
                story += self.table(node, obj.get(node.key))
        flush()
        return story

    def table(self, table: Table, rows: Any) -> list[Flowable]:
        if table.computed:
            return results.computed_table(self.form, table, self.result)
        rows = [row for row in rows if isinstance(row, Mapping)] if isinstance(rows, list) \
            else []
        if not rows:
            return [Paragraph("Không có. / None.", Styles.note)]
        nested = any(isinstance(c, (Table, Group)) for c in direct_children(table.children))
        if nested:
            return self._rows_one_by_one(table, rows)
        return [_grid(table, rows)]

    def _rows_one_by_one(self, table: Table, rows: list[Mapping]) -> list[Flowable]:
        """Rows that hold groups or tables of their own (a data year holding its sources):
        each row gets a heading ("Năm số liệu 2025"), its fields, then its nested tables."""
        key_field = _field(table, table.row_key)
        story: list[Flowable] = []
        for number, row in enumerate(rows, start=1):
            key = row.get(table.row_key) if table.row_key else None
            shown = display_value(key_field, key) if key_field and not is_blank(key) else \
                str(number)
            label = key_field or table
            story.append(Paragraph(f"{text(label.label_vi)} {text(shown)} / "
                                   f"{text(label.label_en)} {text(shown)}", Styles.section))
            # The row key is already in the heading; other fields are shown only when given.
            fields = [f for f in direct_children(table.children) if isinstance(f, Field)
                      and f.key != table.row_key and not f.computed
                      and not is_blank(row.get(f.key))]
            if fields:
                story.append(key_value_table([_field_row(f, row.get(f.key)) for f in fields]))
            others = [c for c in direct_children(table.children) if not isinstance(c, Field)]
            story += self.children(others, row, row_label=shown)
        return story


def _heading(vi: str, en: str, row_label: str) -> Paragraph:
    suffix = f" — {text(row_label)}" if row_label else ""
    return Paragraph(f"{text(vi)}{suffix} <font size='8.5' color='#55606b'>/ {text(en)}"
                     f"{suffix}</font>", Styles.heading)


def _field(table: Table, key: str | None) -> Field | None:
    return next((f for f in direct_children(table.children)
                 if isinstance(f, Field) and f.key == key), None) if key else None


# Relative column widths by kind of value (text needs the most room).
_WEIGHTS = {FieldType.TEXT: 3.0, FieldType.CHOICE: 2.4, FieldType.MULTI_CHOICE: 2.4,
            FieldType.DECIMAL: 1.9, FieldType.INTEGER: 1.2, FieldType.BOOLEAN: 1.2,
            FieldType.DATE: 1.6}


def _grid(table: Table, rows: list[Mapping]) -> Flowable:
    """One row per item. With many filled fields, the row key, the discriminator and the
    fields every row requires keep their columns and the rest go into a details column."""
    fields = [f for f in direct_children(table.children)
              if isinstance(f, Field) and not f.computed
              and any(not is_blank(row.get(f.key)) for row in rows)]
    if len(fields) <= MAX_GRID_COLUMNS:
        columns: list[Field | None] = list(fields)
    else:
        own = {table.row_key, table.discriminator, table.unit_field}
        primary = [f for f in fields if f.key in own
                   or (f.required and f.key not in table.variant_keys)]
        leading = [f for f in primary if f.type not in (FieldType.DECIMAL, FieldType.INTEGER)
                   and f.key != table.unit_field]
        columns = [*leading, None, *[f for f in primary if f not in leading]]
    details = [f for f in fields if f not in columns]
    widths = _widths(table, columns)
    header = [_column_header(f) for f in columns]
    body = [[_cell(table, f, row, details) for f in columns] for row in rows]
    return grid_table(header, body, widths)


def _widths(table: Table, columns: Sequence[Field | None]) -> list[float]:
    def weight(f: Field | None) -> float:
        if f is None:
            return 6.0  # the details column takes what the others leave
        if f.key == table.unit_field or f.key == table.row_key:
            return 1.1
        return _WEIGHTS.get(f.type, 2.0)

    weights = [weight(f) for f in columns]
    return [FRAME_WIDTH * w / sum(weights) for w in weights]


def _column_header(f: Field | None) -> Paragraph:
    if f is None:
        return bilingual("Thông tin chi tiết", "Details", Styles.header_cell)
    unit = results.unit_suffix(f)
    style = Styles.header_cell_number if f.type is FieldType.DECIMAL else Styles.header_cell
    return bilingual(f"{f.label_vi}{unit}", f"{f.label_en}{unit}", style)


def _cell(table: Table, f: Field | None, row: Mapping,
          details: Sequence[Field]) -> Paragraph | Cell:
    if f is None:
        parts = [f"<b>{text(d.label_vi)}</b>: "
                 f"{text(display_value(d, row.get(d.key), with_unit=True))}"
                 for d in details if not is_blank(row.get(d.key))]
        return Paragraph("<br/>".join(parts) or EMPTY, Styles.cell)
    return Cell(display_value(f, row.get(f.key)), _cell_style(table, f))


def _cell_style(table: Table, f: Field) -> ParagraphStyle:
    """Numbers right-aligned; numbers, dates and the row's code (its id) never cut inside."""
    if f.type is FieldType.DECIMAL:
        return Styles.cell_number
    if f.type in (FieldType.INTEGER, FieldType.DATE) or f.key == table.row_key:
        return Styles.cell_code
    return Styles.cell


def _problems(form: FormDefinition, result: Mapping | None,
              document: Mapping | None = None) -> list[Flowable]:
    """The errors and warnings of the last check, each at the field it concerns, named by its
    label path ("Năm 2024 › Nguồn LH-01 › Khối lượng riêng"), never by its document path."""
    problems = [(kind, p) for kind, key in (("Lỗi / Error", "errors"),
                                            ("Cảnh báo / Warning", "warnings"))
                for p in (result or {}).get(key) or [] if isinstance(p, Mapping)]
    if not problems:
        return []
    header = [bilingual("Loại", "Kind", Styles.header_cell),
              bilingual("Vị trí", "Where", Styles.header_cell),
              bilingual("Nội dung", "Message", Styles.header_cell)]
    rows = []
    for kind, problem in problems:
        labelled = labelled_problem(problem, form, document)
        where, message = message_parts(labelled, "vi")
        where = where or f"{WHOLE_DOCUMENT_VI} / {WHOLE_DOCUMENT_EN}"
        message = message or str(problem.get("message") or "")
        rows.append([Cell(kind, Styles.cell), Cell(where, Styles.cell),
                     Cell(message, Styles.cell)])
    return [*section_heading("Kết quả kiểm tra số liệu", "Validation findings"),
            grid_table(header, rows, [24 * mm, 55 * mm, FRAME_WIDTH - 79 * mm])]


def _review_threads(form: FormDefinition, threads: Sequence[Mapping[str, Any]],
                    document: Mapping | None) -> list[Flowable]:
    """The comments the Department returned this version with, each at its field (label
    path), with the answers given and its state: the record of a returned version."""
    if not threads:
        return []
    header = [bilingual("Vị trí", "Where", Styles.header_cell),
              bilingual("Nhận xét và trả lời", "Comment and replies", Styles.header_cell),
              bilingual("Trạng thái", "State", Styles.header_cell)]
    rows = []
    for thread in threads:
        # The place as the caller resolved it (a comment follows its row by key), else its path.
        where = thread.get("place_vi") or label_path(form, str(thread.get("path") or ""), document,
                                                     "vi") or WHOLE_DOCUMENT_VI
        where_en = thread.get("place_en") or label_path(form, str(thread.get("path") or ""), document,
                                                        "en") or WHOLE_DOCUMENT_EN
        lines = [f"{text(thread.get('message'))} <font size='7.5' color='#55606b'>"
                 f"({hanoi_timestamp(thread['released_at']) if thread.get('released_at') else ''})</font>"]
        lines += [f"– <i>{text(reply.get('who_vi'))} / {text(reply.get('who_en'))}</i>: "
                  f"{text(reply.get('message'))}" for reply in thread.get("replies") or ()]
        rows.append([Paragraph(f"{text(where)}<br/><font size='7.5' color='#55606b'>{text(where_en)}</font>",
                               Styles.cell),
                     Paragraph("<br/>".join(lines), Styles.cell),
                     Paragraph(f"{text(thread.get('status_vi'))} / {text(thread.get('status_en'))}",
                               Styles.cell)])
    return [*section_heading("Nhận xét của Sở khi trả lại báo cáo",
                             "Comments of the Department on return"),
            grid_table(header, rows, [50 * mm, FRAME_WIDTH - 82 * mm, 32 * mm])]


def _running_text(data: ReportPdfData) -> RunningText:
    record = f"Phiên bản {data.version_number} · {data.status_vi}"
    if data.report_id is not None:
        record = f"Báo cáo số {data.report_id} · {record}"
    if data.sha256:
        record += f" · SHA-256 {data.sha256[:16]}…"
    return RunningText(header_left=f"{data.issuing_authority_vi} · {data.form.label_vi}",
                       header_right=data.facility_name, footer_left=record)
