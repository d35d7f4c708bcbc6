"""A workbook within every size limit but holding far more than a form can is refused early,
naming the limit: rows of a table sheet (from the form definition), sheets, the grid values may
occupy, text per cell and in all, merged areas. The sheet XML is streamed and the reading stops
at the first row over the limit."""
from __future__ import annotations

import io
import zipfile

import pytest
import python_calamine
from openpyxl import Workbook

from exporters.xlsx import annotate_workbook, limits, read_workbook, template_layout, write_template
from exporters.xlsx import reader as reader_module
from exporters.xlsx.package import WorkbookRefused, open_package
from forms.ghg import GHG_FORM, SOURCES, YEARS
from tests.unit.xlsx.conftest import SOURCES_SHEET, with_source_rows

SOURCE_LIMIT = limits.table_row_limit(template_layout(GHG_FORM).table_sheet("years[*].sources").entry)


def refusal(data: bytes) -> dict:
    read = read_workbook(data)
    assert not read.readable and read.document is None, read.errors[:2]
    assert len(read.errors) == 1
    return read.errors[0]


def test_the_row_limit_is_the_forms():
    # 500 source lines for each of at most two data years.
    assert SOURCE_LIMIT == SOURCES.max_rows * YEARS.max_rows == 1000


def test_an_over_limit_sheet_is_refused_naming_the_sheet_and_the_limit(worked_workbook):
    error = refusal(with_source_rows(worked_workbook, 3000))
    assert error["code"] == "xlsx_too_large" and error["severity"] == "error"
    assert "“Nguồn thải” has more than 1,000 rows; the limit is 1,000" in error["message"]
    assert "trang tính “Nguồn thải” có hơn 1.000 dòng; giới hạn là 1.000" in error["message_vi"]
    assert error["cell"].startswith(f"{SOURCES_SHEET}!A")


def test_the_sheet_is_streamed_and_left_at_the_first_rows_over_the_limit(worked_workbook):
    # Past row 3,000 the sheet XML is broken: a reader going that far would call it damaged.
    damaged = with_source_rows(worked_workbook, 3000, tail='<row r="9000"><c r="A9000"><v>1')
    assert refusal(damaged)["code"] == "xlsx_too_large"


def test_rows_are_converted_up_to_the_limit_plus_one_and_no_further(worked_workbook, monkeypatch):
    converted = []
    original = reader_module._Reading._record

    def counting(name, *args):
        if name == SOURCES_SHEET:
            converted.append(args[0])
        return original(name, *args)

    monkeypatch.setattr(reader_module._Reading, "_record", staticmethod(counting))
    # Ten rows over: within the scan's allowance for heading rows, so the reader's own count
    # refuses it, at the first row over the limit.
    error = refusal(with_source_rows(worked_workbook, SOURCE_LIMIT + 10))
    assert "the limit is 1,000" in error["message"]
    assert len(converted) == SOURCE_LIMIT + 1
    converted.clear()
    refusal(with_source_rows(worked_workbook, 5000))
    assert converted == []  # refused by the scan before calamine read the sheet


def test_a_sheet_at_the_limit_is_read(worked_workbook):
    read = read_workbook(with_source_rows(worked_workbook, SOURCE_LIMIT))
    assert read.readable and not read.errors
    assert len(read.document["years"][0]["sources"]) == SOURCE_LIMIT


def test_a_template_of_500_sources_is_accepted(worked_document):
    from intake.services.xlsx_intake import check_workbook
    first = worked_document["years"][0]["sources"][0]
    worked_document["years"][0]["sources"] = [dict(first, id=f"S{i}") for i in range(500)]
    outcome = check_workbook(write_template(GHG_FORM, worked_document))
    assert outcome["readable"] and not outcome["errors"], outcome["errors"][:2]
    assert len(outcome["document"]["years"][0]["sources"]) == 500


def workbook(fill) -> bytes:
    book = Workbook()
    fill(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_too_many_sheets():
    def fill(book):
        for i in range(limits.MAX_SHEETS):
            book.create_sheet(f"S{i}")
    error = refusal(workbook(fill))
    assert f"the limit is {limits.MAX_SHEETS}" in error["message"]
    assert f"giới hạn là {limits.MAX_SHEETS}" in error["message_vi"]


@pytest.mark.parametrize("cell", ["CW5", f"A{limits.MAX_ROW_NUMBER + 1}"])
def test_values_outside_the_grid_read_are_refused_naming_the_cell(cell):
    def fill(book):
        book.active.title = "intake_template"
        book.active["A1"], book.active["B1"] = "form", "ghg-inventory"
        book.active[cell] = 1
    error = refusal(workbook(fill))
    assert error["cell"] == f"intake_template!{cell}" and cell in error["message_vi"]


def rewritten(data: bytes, changes: dict) -> bytes:
    """The package with parts changed: {name: function of its text (None if new)}."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in changes:
                content = changes.pop(info.filename)(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
        for name, change in changes.items():
            target.writestr(name, change(None).encode("utf-8"))
    return out.getvalue()


def meta_sheet_with(cells: str) -> bytes:
    """A one-sheet workbook (the meta sheet's name) whose sheet data is `cells` (raw XML)."""
    def fill(book):
        book.active.title = "intake_template"
        book.active["A1"] = "form"
    return rewritten(workbook(fill), {"xl/worksheets/sheet1.xml": lambda text: text.replace(
        "</sheetData>", cells + "</sheetData>")})


def test_a_cell_longer_than_excel_allows_is_refused_naming_it():
    # openpyxl (like Excel) cuts text at 32,767 characters: the file is written by hand.
    long_text = "x" * (limits.MAX_CELL_CHARS + 1)
    error = refusal(meta_sheet_with(
        f'<row r="2"><c r="B2" t="inlineStr"><is><t>{long_text}</t></is></c></row>'))
    assert error["cell"] == "intake_template!B2" and "32,767" in error["message"]


# calamine reads the shared strings from their fixed place, related to the workbook or not, and
# finds a part whatever the ASCII case of its name.
@pytest.mark.parametrize("part, related", [("xl/sharedStrings.xml", True),
                                           ("xl/sharedStrings.xml", False),
                                           ("xl/SharedStrings.xml", True)])
def test_one_long_shared_string_repeated_is_counted_every_time(monkeypatch, part, related):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 100_000)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, 42))
    relationship = ('<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    if related else "")
    data = rewritten(meta_sheet_with(cells), {
        part: lambda _: f'<sst xmlns="{main}"><si><t>{"y" * 3000}</t></si></sst>',
        "xl/_rels/workbook.xml.rels": lambda text: text.replace(
            "</Relationships>", relationship + "</Relationships>"),
        "[Content_Types].xml": lambda text: text.replace("</Types>", (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))})
    assert "100,000 characters" in refusal(data)["message"]
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 200_000)  # 40 copies of 3,000: within
    assert read_workbook(data).readable


def test_merged_areas_are_bounded():
    def fill(book):
        book.active.title = "intake_template"
        for row in range(1, limits.MAX_MERGED_RANGES + 2):
            book.active.cell(row=row, column=1, value=row)
            book.active.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    assert "merged" in refusal(workbook(fill))["message"]


def test_parsing_is_bounded_even_for_blank_cells(worked_workbook, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ELEMENTS", 20_000)
    blanks = "".join(f'<row r="{r}"><c r="A{r}" s="1"/><c r="B{r}" s="1"/></row>'
                     for r in range(20, 9000))
    error = refusal(with_source_rows(worked_workbook, 1, tail=blanks))
    assert "20,000 cells and other entries" in error["message"]


def test_merged_values_fill_their_area_when_rows_are_read_one_at_a_time():
    def fill(book):
        sheet = book.active
        sheet["C3"], sheet["D5"] = "x", 2
        sheet.merge_cells("C3:D4")
    data = workbook(fill)
    import python_calamine
    book = reader_module._Book(data, reader_module.open_package(data))
    rows = list(book.rows("Sheet"))
    whole = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) \
        .get_sheet_by_name("Sheet").to_python(skip_empty_area=False)
    assert len(rows) == len(whole) and all(len(r) == len(w) for r, w in zip(rows, whole))
    assert rows[2][2:] == ["x", "x"] and rows[3][2:] == ["x", "x"] and rows[4][3] == 2


def test_the_annotation_refuses_what_the_reader_refuses():
    def fill(book):
        book.active["CW5"] = 1
    with pytest.raises(WorkbookRefused) as refused:
        annotate_workbook(workbook(fill), [])
    assert refused.value.code == "xlsx_too_large"


def repacked(data: bytes, *, names: dict[str, str] | None = None,
             targets: dict[str, str] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The package with parts renamed in the zip ({old: new}), relationship targets changed
    ({old: new}) and parts added."""
    names, targets = names or {}, targets or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                text = content.decode("utf-8")
                for old, new in targets.items():
                    text = text.replace(f'Target="{old}"', f'Target="{new}"')
                content = text.encode("utf-8")
            target.writestr(names.get(info.filename, info.filename), content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def source_part(data: bytes) -> str:
    return open_package(data).sheet_parts()[SOURCES_SHEET]


@pytest.mark.parametrize("variant", ["target in capitals", "part named with backslashes",
                                     "target through .."])
def test_the_sheet_checked_is_the_sheet_calamine_reads(worked_workbook, variant, monkeypatch):
    converted = []
    original = reader_module._Reading._record
    monkeypatch.setattr(reader_module._Reading, "_record", staticmethod(
        lambda name, *args: (name != SOURCES_SHEET or converted.append(args[0]))
        and original(name, *args)))
    data = with_source_rows(worked_workbook, 3000)
    part = source_part(data)  # xl/worksheets/sheetN.xml, the target /xl/worksheets/sheetN.xml
    if variant == "target in capitals":
        data = repacked(data, targets={f"/{part}": f"/{part.upper()}"})
    elif variant == "part named with backslashes":
        data = repacked(data, names={part: part.replace("/", "\\")})
    else:  # calamine looks `../big.xml` up as `xl/../big.xml`; a small sheet waits at big.xml
        small = zipfile.ZipFile(io.BytesIO(worked_workbook)).read(part)
        data = repacked(data, names={part: "xl/../big.xml"}, targets={f"/{part}": "../big.xml"},
                        extra={"big.xml": small})
    whole = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) \
        .get_sheet_by_name(SOURCES_SHEET).to_python()
    assert len(whole) > 3000  # what calamine would read, unchecked
    error = refusal(data)
    assert "“Nguồn thải” has more than 1,000 rows; the limit is 1,000" in error["message"]
    assert converted == []  # refused by the scan, before calamine read the sheet


def test_two_parts_named_alike_are_refused(worked_workbook):
    # Equal but for their case: calamine would read one, a check might see the other.
    part = source_part(worked_workbook)
    error = refusal(repacked(worked_workbook, extra={part.upper(): b"<worksheet/>"}))
    assert error["code"] == "xlsx_unreadable" and "same name" in error["message"]


def test_the_annotation_refuses_a_sheet_openpyxl_would_not_find(worked_workbook):
    part = source_part(worked_workbook)
    data = repacked(worked_workbook, targets={f"/{part}": f"/{part.upper()}"})
    assert read_workbook(data).readable  # calamine finds it
    with pytest.raises(WorkbookRefused) as refused:
        annotate_workbook(data, [])
    assert refused.value.code == "xlsx_unreadable"
