"""Loading the national list of hazardous-waste codes (Circular 02/2022/TT-BTNMT, Annex III).

The Department loads the list it holds, a CSV of `code,name_vi` (UTF-8, a header row; a code
as NN NN NN), with `intake reference hazardous-waste FILE.csv --source TEXT`. A load replaces
the list whole and is audited. From then on a declaration's hazardous-waste code that is not on
the list is an error; before, codes are checked for their form only, and each declaration's
result says which (`hazardous_waste_codes_checked`).
"""
from __future__ import annotations

import csv
import io
import re

from sqlalchemy import delete
from sqlalchemy.orm import Session

from intake.models import HazardousWasteCode, User
from intake.services import audit

CODE = re.compile(r"^\d{2} \d{2} \d{2}$")
LARGEST_FILE = 2 * 1024 * 1024  # the whole Annex is a few hundred rows


class WasteListRefused(ValueError):
    """The file is not a list of codes: the message names the line."""


def read_codes(data: bytes) -> list[tuple[str, str]]:
    """(code, Vietnamese name) of each row. Raises WasteListRefused naming the first bad line."""
    if len(data) > LARGEST_FILE:
        raise WasteListRefused(f"the file is larger than {LARGEST_FILE // 1024 // 1024} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WasteListRefused("the file is not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"code", "name_vi"} <= {f.strip() for f in reader.fieldnames}:
        raise WasteListRefused("the first line must name the columns code,name_vi")
    rows: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        if None in row:  # DictReader's key for values beyond the header's columns
            raise WasteListRefused(f"line {number} has more values than columns: put a name that "
                                   "contains a comma in double quotes")
        code = " ".join((row.get("code") or "").split())
        name = (row.get("name_vi") or "").strip()
        if not CODE.match(code):
            raise WasteListRefused(f"line {number}: {code!r} is not a code of the form NN NN NN")
        if not name:
            raise WasteListRefused(f"line {number}: code {code} has no name")
        if code in rows:
            raise WasteListRefused(f"line {number}: code {code} is listed twice")
        rows[code] = name
    if not rows:
        raise WasteListRefused("the file lists no code")
    return list(rows.items())


def load_codes(session: Session, actor: User | None, data: bytes, *, source: str) -> int:
    """Replace the list with the file's codes; the number loaded. Raises WasteListRefused."""
    source = source.strip()
    if not source:
        raise WasteListRefused("say where the list comes from (--source)")
    rows = read_codes(data)
    session.execute(delete(HazardousWasteCode))
    session.add_all(HazardousWasteCode(code=code, name_vi=name, source=source) for code, name in rows)
    session.flush()
    audit.record(session, actor, "reference.hazardous_waste_codes", object_type="reference",
                 object_id="hazardous_waste_codes", details={"codes": len(rows), "source": source})
    return len(rows)
