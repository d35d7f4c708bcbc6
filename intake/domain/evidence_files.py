"""Evidence files: what an upload is, told by its content, never by its name.

An invoice, a meter log, a laboratory certificate or a verification statement is accepted as
PDF, PNG, JPEG or an Excel workbook (XLSX). The bytes decide: a program renamed `hoa-don.pdf`,
an archive, a Word document, an empty file are each refused with a message that says what the
file is. An XLSX is a ZIP archive; it is accepted only when it is an Office Open XML
spreadsheet (it holds `[Content_Types].xml` and `xl/workbook.xml`), found by reading the ZIP's
directory without extracting anything (a "ZIP bomb" is never inflated).

Also: reading an upload stream without ever holding more than the limit plus one byte, the name
of a file as it may be shown (no folder part, no control character), and whether a document
path names a part of the report the evidence can be about.

Plain Python: no Flask, no database.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from typing import Any, BinaryIO

import filetype

from forms.definition import Field, FormDefinition, Table, is_index, path_parts

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ACCEPTED_TYPES: dict[str, tuple[str, str]] = {
    # media type: (what a person calls it, the file name extension a download gets)
    PDF: ("PDF", ".pdf"),
    PNG: ("PNG", ".png"),
    JPEG: ("JPEG", ".jpg"),
    XLSX: ("Excel (XLSX)", ".xlsx"),
}

# The default limit of one file (the `MAX_ATTACHMENT_BYTES` setting): a scanned invoice or
# a year of meter readings as a workbook fits with room to spare.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# What a request carrying one file may hold beyond the file: the multipart framing, the path
# and the description.
FORM_OVERHEAD_BYTES = 64 * 1024
NAME_MAX_LENGTH = 255
DESCRIPTION_MAX_LENGTH = 2000
PATH_MAX_LENGTH = 300
# What the XLSX check reads of `[Content_Types].xml`: a real one is a few kilobytes.
_CONTENT_TYPES_READ = 256 * 1024
_CHUNK = 64 * 1024


class EvidenceRefused(ValueError):
    """An upload that is not accepted. `code` says why (`file_empty`, `file_too_large`,
    `file_type_not_accepted`, `file_is_archive`, `invalid_path`, `description_too_long`);
    `message` (English) and `message_vi` say it to a person."""

    def __init__(self, code: str, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_vi = message_vi


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} B"


def too_large(limit: int) -> EvidenceRefused:
    return EvidenceRefused(
        "file_too_large",
        f"The file is larger than {_megabytes(limit)}, the most one attachment may be. "
        "Split it, or scan it at a lower resolution.",
        f"Tệp lớn hơn {_megabytes(limit)}, dung lượng tối đa của một tệp đính kèm. "
        "Vui lòng tách tệp hoặc quét với độ phân giải thấp hơn.")


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """The whole stream, read in chunks and never more than `limit` + 1 bytes of it.

    Raises EvidenceRefused (`file_too_large`) as soon as the stream holds more than `limit`."""
    buffer = io.BytesIO()
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - buffer.tell()))
        if not chunk:
            break
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise too_large(limit)
    return buffer.getvalue()


def _not_accepted(what_vi: str, what_en: str) -> EvidenceRefused:
    return EvidenceRefused(
        "file_type_not_accepted",
        f"This file is {what_en}, whatever its name says. Attach a PDF, PNG, JPEG or Excel "
        "(.xlsx) file.",
        f"Tệp này là {what_vi}, dù tên tệp ghi gì. Vui lòng đính kèm tệp PDF, PNG, JPEG hoặc "
        "Excel (.xlsx).")


def _archive(what_vi: str, what_en: str) -> EvidenceRefused:
    return EvidenceRefused(
        "file_is_archive",
        f"This file is an archive ({what_en}). Archives are not accepted: attach each document "
        "itself, as PDF, PNG, JPEG or Excel (.xlsx).",
        f"Tệp này là tệp nén ({what_vi}). Không chấp nhận tệp nén: vui lòng đính kèm từng tài "
        "liệu dưới dạng PDF, PNG, JPEG hoặc Excel (.xlsx).")


# Recognised by their first bytes, each with what a person is told it is (vi, en).
_PROGRAMS = (
    (b"\x7fELF", ("một chương trình (tệp thực thi ELF)", "a program (an ELF executable)")),
    (b"MZ", ("một chương trình (tệp thực thi Windows)", "a program (a Windows executable)")),
    (b"#!", ("một tập lệnh (script)", "a script")),
    (b"\xca\xfe\xba\xbe", ("một chương trình (Mach-O/Java)", "a program (Mach-O or Java class)")),
    (b"\xcf\xfa\xed\xfe", ("một chương trình (Mach-O)", "a program (Mach-O)")),
)
_ARCHIVES = {
    "gz": ("gzip", "gzip"), "bz2": ("bzip2", "bzip2"), "xz": ("xz", "xz"), "7z": ("7-Zip", "7-Zip"),
    "rar": ("RAR", "RAR"), "tar": ("tar", "tar"), "zst": ("Zstandard", "Zstandard"),
    "cab": ("CAB", "CAB"), "ar": ("ar", "ar"), "lz": ("lzip", "lzip"), "Z": ("compress", "compress"),
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def media_type_of(data: bytes) -> str:
    """The accepted media type of `data` (one of ACCEPTED_TYPES), told by its content.

    Raises EvidenceRefused: `file_empty`, `file_is_archive` (a ZIP that is no spreadsheet, or
    another archive), `file_type_not_accepted` (naming what the file is when it is known)."""
    if not data:
        raise EvidenceRefused("file_empty", "The file is empty (0 bytes).", "Tệp rỗng (0 byte).")
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _office_zip(data)
    for magic, (what_vi, what_en) in _PROGRAMS:
        if data.startswith(magic):
            raise _not_accepted(what_vi, what_en)
    if data.startswith(_OLE):
        raise _not_accepted("một tệp Office cũ (.xls, .doc, .ppt)", "an old Office file (.xls, .doc, .ppt)")
    guessed = filetype.guess(data[:8192])
    if guessed is not None and guessed.extension in _ARCHIVES:
        raise _archive(*_ARCHIVES[guessed.extension])
    if guessed is not None:
        kind = f"{guessed.mime} (.{guessed.extension})"
        raise _not_accepted(f"tệp {kind}", f"a {kind} file")
    if _looks_like_text(data[:8192]):
        raise _not_accepted("một tệp văn bản thuần", "plain text")
    raise _not_accepted("một tệp không nhận dạng được", "of a kind that could not be recognised")


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


def _office_zip(data: bytes) -> str:
    """XLSX when the ZIP is an Office Open XML spreadsheet; otherwise say what it is. Only the
    ZIP's directory is read, and at most _CONTENT_TYPES_READ bytes of one small member."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise _archive("ZIP", "ZIP")
            if "xl/workbook.xml" in names:
                if "xl/vbaProject.bin" in names:
                    raise _not_accepted("một sổ tính Excel có macro (.xlsm)",
                                        "an Excel workbook with macros (.xlsm)")
                with archive.open("[Content_Types].xml") as member:
                    content_types = member.read(_CONTENT_TYPES_READ)
                if b"spreadsheetml" not in content_types and b"ms-excel" not in content_types:
                    raise _archive("ZIP", "ZIP")
                return XLSX
            if "word/document.xml" in names:
                raise _not_accepted("một văn bản Word (.docx)", "a Word document (.docx)")
            if "ppt/presentation.xml" in names:
                raise _not_accepted("một bản trình chiếu PowerPoint (.pptx)",
                                    "a PowerPoint presentation (.pptx)")
            raise _archive("ZIP", "ZIP")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
            OSError, EOFError, ValueError) as broken:
        if isinstance(broken, EvidenceRefused):
            raise
        raise _archive("ZIP hỏng hoặc không đọc được", "a damaged or unreadable ZIP") from None


def display_name(filename: Any) -> str:
    """The uploaded file's name as it may be shown and stored: its last path part (a browser
    may send `C:\\Users\\...\\hoa-don.pdf`, a script `../../etc/passwd`), without control
    characters, NFC-normalised, at most NAME_MAX_LENGTH characters; "tep-dinh-kem" when nothing
    is left."""
    name = unicodedata.normalize("NFC", str(filename or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        name = name[:NAME_MAX_LENGTH - len(keep) - 1].rstrip() + ("." + keep if keep else "")
    return name or "tep-dinh-kem"


def download_name(name: str, media_type: str) -> str:
    """The name a download is saved under: the shown name, its extension made that of the
    content (a PDF uploaded as `bang-ke.exe` is saved as `bang-ke.exe.pdf`)."""
    extension = ACCEPTED_TYPES.get(media_type, ("", ""))[1]
    if not extension or name.lower().endswith(extension) or \
            (media_type == JPEG and name.lower().endswith(".jpeg")):
        return name
    return name + extension


def type_label(media_type: str) -> str:
    return ACCEPTED_TYPES.get(media_type, (media_type, ""))[0]


def clean_description(description: Any) -> str:
    """The description as stored. Raises EvidenceRefused (`description_too_long`)."""
    text = "".join(ch for ch in str(description or "")
                   if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
    if len(text) > DESCRIPTION_MAX_LENGTH:
        raise EvidenceRefused(
            "description_too_long",
            f"The description is longer than {DESCRIPTION_MAX_LENGTH} characters.",
            f"Mô tả dài hơn {DESCRIPTION_MAX_LENGTH} ký tự.")
    return text


_CANONICAL_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[\d{1,6}\])*(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d{1,6}\])*)*")


def _bad_path(path: str) -> EvidenceRefused:
    return EvidenceRefused(
        "invalid_path",
        f"'{path}' names no part of this report: choose the whole report or one of its lines.",
        f"'{path}' không chỉ tới phần nào của báo cáo này: vui lòng chọn toàn bộ báo cáo hoặc một "
        "dòng của báo cáo.")


def check_place(form: FormDefinition, document: Mapping[str, Any], path: Any) -> str:
    """`path` if it names a part of `document` that evidence can be about: "" (the whole
    report), a table's row that the document has (`years[0].sources[2]`), a table, or a field
    of the form in a row the document has (`years[0].sources[2].quantity`), never a computed
    result.

    Raises EvidenceRefused (`invalid_path`)."""
    if path is None:
        return ""
    if not isinstance(path, str):
        raise _bad_path(str(path)[:PATH_MAX_LENGTH])
    path = path.strip()
    if not path:
        return ""
    if len(path) > PATH_MAX_LENGTH or not _CANONICAL_PATH.fullmatch(path):
        raise _bad_path(path[:PATH_MAX_LENGTH])
    node = form.node_at(path)
    if node is None or getattr(node, "computed", False) or node.key == "acknowledgements":
        raise _bad_path(path)
    value: Any = document
    parts = path_parts(path)
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if is_index(part):
            if not isinstance(value, list) or int(part) >= len(value):
                raise _bad_path(path)
            value = value[int(part)]
        elif isinstance(value, Mapping):
            if part not in value and not (last and isinstance(node, Field)):
                raise _bad_path(path)
            value = value.get(part)
        else:
            raise _bad_path(path)
    if not isinstance(node, (Field, Table)) and not isinstance(value, Mapping):
        raise _bad_path(path)
    return path
