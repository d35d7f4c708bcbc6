"""What an evidence upload is, told by its content (no database, no web)."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from forms.registry import form_definition
from intake.domain import evidence_files
from intake.domain.evidence_files import (
    JPEG,
    PDF,
    PNG,
    XLSX,
    EvidenceRefused,
    check_place,
    display_name,
    download_name,
    media_type_of,
    read_limited,
)

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json")
                      .read_text(encoding="utf-8"))
GHG = form_definition("ghg-inventory")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _xlsx() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def refusal(data: bytes) -> EvidenceRefused:
    with pytest.raises(EvidenceRefused) as refused:
        media_type_of(data)
    assert refused.value.message and refused.value.message_vi
    return refused.value


def test_accepted_files_are_recognised_by_their_first_bytes():
    assert media_type_of(b"%PDF-1.7\n...") == PDF
    assert media_type_of(b"\x89PNG\r\n\x1a\n\x00\x00") == PNG
    assert media_type_of(b"\xff\xd8\xff\xe0\x00\x10JFIF") == JPEG
    assert media_type_of(_xlsx()) == XLSX


@pytest.mark.parametrize("data, code, words", [
    (b"", "file_empty", "empty"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "file_type_not_accepted", "ELF"),
    (b"MZ\x90\x00" + b"\x00" * 64, "file_type_not_accepted", "Windows"),
    (b"#!/bin/sh\nrm -rf /\n", "file_type_not_accepted", "script"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "file_type_not_accepted", ".xls"),
    (b"GIF89a\x01\x00\x01\x00", "file_type_not_accepted", "image/gif"),
    (b"hello, this is text", "file_type_not_accepted", "plain text"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 64, "file_is_archive", "gzip"),
    (b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64, "file_is_archive", "RAR"),
    (b"PK\x03\x04garbage", "file_is_archive", "ZIP"),
])
def test_what_is_refused_is_named(data, code, words):
    refused = refusal(data)
    assert refused.code == code and words in refused.message


def test_a_zip_is_an_xlsx_only_when_it_is_an_office_spreadsheet():
    assert refusal(_zip({"hoa-don.pdf": b"%PDF-1.4"})).code == "file_is_archive"
    # Named like a workbook, no content types: a plain archive.
    assert refusal(_zip({"xl/workbook.xml": b"<workbook/>"})).code == "file_is_archive"
    docx = refusal(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}))
    assert docx.code == "file_type_not_accepted" and "Word" in docx.message
    macro = refusal(_zip({"[Content_Types].xml": b"spreadsheetml", "xl/workbook.xml": b"<w/>",
                          "xl/vbaProject.bin": b"\x00"}))
    assert "macros" in macro.message


def test_a_zip_bomb_is_never_inflated():
    """A member of a gigabyte of zeros compresses to about a megabyte; only the directory and
    a bounded read of [Content_Types].xml are ever looked at."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("big.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(64):
                member.write(chunk)
    assert refusal(out.getvalue()).code == "file_is_archive"


def test_reading_stops_one_byte_past_the_limit():
    class Counting(io.BytesIO):
        taken = 0

        def read(self, size=-1):
            data = super().read(size)
            self.taken += len(data)
            return data

    assert read_limited(io.BytesIO(b"x" * 100), 100) == b"x" * 100
    stream = Counting(b"x" * 10_000_000)
    with pytest.raises(EvidenceRefused) as refused:
        read_limited(stream, 1000)
    assert refused.value.code == "file_too_large" and stream.taken == 1001


@pytest.mark.parametrize("given, shown", [
    ("hoa-don.pdf", "hoa-don.pdf"),
    ("C:\\Users\\ke-toan\\Hóa đơn.pdf", "Hóa đơn.pdf"),
    ("../../etc/passwd", "passwd"),
    ("bad\x00name\r\n.pdf", "badname.pdf"),
    ("", "tep-dinh-kem"),
    ("...", "tep-dinh-kem"),
])
def test_display_names_have_no_folder_and_no_control_character(given, shown):
    assert display_name(given) == shown


def test_a_long_name_keeps_its_extension():
    name = display_name("a" * 400 + ".xlsx")
    assert len(name) <= evidence_files.NAME_MAX_LENGTH and name.endswith(".xlsx")


def test_a_download_is_named_after_its_content():
    assert download_name("hoa-don.pdf", PDF) == "hoa-don.pdf"
    assert download_name("bang-ke.exe", PDF) == "bang-ke.exe.pdf"
    assert download_name("anh.jpeg", JPEG) == "anh.jpeg"


@pytest.mark.parametrize("path", ["", "years[0]", "years[0].sources[3]", "years[0].sources[0].quantity",
                                  "years[1].sources[0].ncv_tj_per_gg", "facility", "facility.name"])
def test_a_place_the_report_has_is_accepted(path):
    assert check_place(GHG, DOCUMENT, path) == path


@pytest.mark.parametrize("path", ["years[2]", "years[0].sources[4]", "years[0].sources[0].nothing",
                                  "years.sources", "years[0]..sources", "results", "acknowledgements",
                                  "years[0].sources[0].quantity.x", "x" * 301, "years[-1]"])
def test_a_place_the_report_does_not_have_is_refused(path):
    with pytest.raises(EvidenceRefused) as refused:
        check_place(GHG, DOCUMENT, path)
    assert refused.value.code == "invalid_path"
