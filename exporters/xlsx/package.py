"""Checking an uploaded .xlsx package before anything parses it (docs/xlsx.md, "Limits").

An .xlsx file is a zip of XML parts. Before the workbook is opened:

- the file is at most `MAX_FILE_BYTES`;
- it is a zip with at most `MAX_ENTRIES` parts, unpacking to at most `MAX_UNPACKED_BYTES`, no
  part compressed more than `MAX_RATIO` times (a zip bomb inflates a few kilobytes to
  gigabytes). The sizes are measured by unpacking with a running cap, not taken from the zip
  directory, which an attacker writes;
- a macro-enabled workbook (`xl/vbaProject.bin`, or a macroEnabled content type) is refused,
  whatever its file name says.

Only the few small parts listed in `_KEPT_PARTS` are kept; sheets are streamed from the zip
when read (`sheet_scan.py`). XML read here and there (the workbook's sheet list, sheets, shared
strings) goes through defusedxml: no entity expansion, no external entities.

A part is found the way python-calamine finds it, so that the part checked is the part calamine
then reads: a sheet's relationship target taken as calamine takes it (no `..` resolved), the
shared strings at their fixed place, names compared without regard to ASCII case and with a
backslash read as a slash. Two parts whose names are equal so compared are refused (the Open
Packaging Conventions forbid them; calamine would read one, the checks might see the other).
"""
from __future__ import annotations

import io
import string
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from defusedxml import ElementTree as SafeET

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 10_000
# Sheet XML of ordinary workbooks compresses 10–30 times; 200 leaves room for very repetitive
# sheets while a zip bomb is compressed thousands of times.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024  # small parts may compress hard (blank sheets) and do no harm

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CHUNK = 1024 * 1024


class WorkbookRefused(Exception):
    """The upload is not read. `code` is a rule code (xlsx_unreadable, xlsx_macro,
    xlsx_too_large); `reason_en` / `reason_vi` say why; `cell` (`Nguồn thải!A1025`) where, when
    one cell or row is the reason."""

    def __init__(self, code: str, reason_en: str = "", reason_vi: str = "",
                 cell: str | None = None):
        super().__init__(reason_en or code)
        self.code = code
        self.reason_en = reason_en
        self.reason_vi = reason_vi
        self.cell = cell


_CONTENT_TYPES, _WORKBOOK = "[Content_Types].xml", "xl/workbook.xml"
_WORKBOOK_RELS, SHARED_STRINGS = "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"
# Parts kept in memory once checked; every other part (the sheets) is streamed from the zip when
# read, so a large sheet is never held whole by us.
_KEPT_PARTS = (_CONTENT_TYPES, _WORKBOOK, _WORKBOOK_RELS)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _part_key(name: str) -> str:
    """A part name as calamine compares it: ASCII case ignored, a backslash read as a slash."""
    return name.replace("\\", "/").translate(_ASCII_LOWER)


@dataclass
class Package:
    """A checked .xlsx file: its parts (by `_part_key`), a few small ones kept, the others
    streamed."""

    archive: zipfile.ZipFile
    entries: dict[str, str]  # part key -> the name in the zip
    kept: dict[str, bytes]  # by the names of `_KEPT_PARTS`

    def open(self, part: str) -> IO[bytes] | None:
        """A stream of a part's bytes, None if the package has no such part."""
        name = self.entries.get(_part_key(part))
        return self.archive.open(name) if name is not None else None

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> part name (`xl/worksheets/sheet3.xml`), in workbook order. Raises
        WorkbookRefused."""
        try:
            book = SafeET.fromstring(self.kept[_WORKBOOK])
            rels = SafeET.fromstring(self.kept[_WORKBOOK_RELS])
        except (KeyError, SafeET.ParseError, ValueError) as error:
            raise WorkbookRefused("xlsx_unreadable", "the workbook structure is damaged",
                                  "cấu trúc tệp bị hỏng") from error
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
        out: dict[str, str] = {}
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            if target:
                # As calamine resolves it: `../x` is looked up as `xl/../x`, not as `x`.
                out[sheet.get("name", "")] = target[1:] if target.startswith("/") else \
                    f"xl/{target}"
        return out


def open_package(data: bytes) -> Package:
    """The checked parts of an uploaded workbook. Raises WorkbookRefused."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRefused("xlsx_too_large", f"the file is over {MAX_FILE_BYTES >> 20} MB",
                              f"tệp lớn hơn {MAX_FILE_BYTES >> 20} MB")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise WorkbookRefused("xlsx_unreadable",
                              "it is an old Excel 97–2003 (.xls) or encrypted file; save it as "
                              ".xlsx", "đây là tệp Excel 97–2003 (.xls) hoặc tệp có mật khẩu; "
                              "hãy lưu dưới dạng .xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise WorkbookRefused("xlsx_unreadable", "it is not an .xlsx file",
                              "đây không phải tệp .xlsx") from error
    if len(infos) > MAX_ENTRIES:
        raise WorkbookRefused("xlsx_too_large", "it has too many parts",
                              "tệp có quá nhiều thành phần")
    names = {info.filename.lower() for info in infos}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise WorkbookRefused("xlsx_macro")
    entries: dict[str, str] = {}
    kept: dict[str, bytes] = {}
    kept_keys = {_part_key(part): part for part in _KEPT_PARTS}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        key = _part_key(info.filename)
        if key in entries:
            raise WorkbookRefused("xlsx_unreadable", "two of its parts have the same name",
                                  "hai thành phần của tệp trùng tên")
        entries[key] = info.filename
        keep = key in kept_keys
        content, size = _unpack(archive, info, MAX_UNPACKED_BYTES - total, keep=keep)
        total += size
        if keep:
            kept[kept_keys[key]] = content
    if b"macroenabled" in kept.get(_CONTENT_TYPES, b"").lower():
        raise WorkbookRefused("xlsx_macro")
    if _WORKBOOK not in kept:
        raise WorkbookRefused("xlsx_unreadable", "it is a zip file but not an Excel workbook",
                              "đây là tệp nén nhưng không phải bảng tính Excel")
    return Package(archive, entries, kept)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, *,
            keep: bool) -> tuple[bytes, int]:
    """(the part's bytes if `keep`, else b"", its unpacked size), unpacked under the caps."""
    too_large = WorkbookRefused("xlsx_too_large",
                                f"it unpacks to more than {MAX_UNPACKED_BYTES >> 20} MB or is "
                                "compressed suspiciously hard (a zip bomb?)",
                                f"tệp giải nén lớn hơn {MAX_UNPACKED_BYTES >> 20} MB hoặc bị "
                                "nén bất thường")
    limit = min(budget, max(RATIO_FLOOR_BYTES, info.compress_size * MAX_RATIO))
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise too_large
                if keep:
                    chunks.append(chunk)
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError,
            RuntimeError, zlib.error) as error:  # damaged, encrypted or an unknown compression method
        raise WorkbookRefused("xlsx_unreadable", "the file is damaged",
                              "tệp bị hỏng") from error
    return b"".join(chunks), size
