"""Merge proposed Vietnamese translations into the catalogue.

Several people add strings at once; each proposes translations in its own file,
`pending/<topic>.json` ({"English msgid": "Vietnamese"}), instead of editing the same .po file.
`make translations` extracts, updates the .po, fills empty entries from every pending file, and
compiles. Entries already translated in the .po are never overwritten.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).parent
PO_FILE = HERE / "vi" / "LC_MESSAGES" / "messages.po"


def main() -> int:
    proposals: dict[str, str] = {}
    for pending in sorted((HERE / "pending").glob("*.json")):
        proposals.update(json.loads(pending.read_text(encoding="utf-8")))
    with open(PO_FILE, "rb") as handle:
        catalog = read_po(handle, locale="vi")
    missing = []
    for message in catalog:
        if not message.id or message.string:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in proposals:
            message.string = proposals[key]
        else:
            missing.append(key)
    with open(PO_FILE, "wb") as handle:
        write_po(handle, catalog, width=100)
    for key in missing:
        print(f"untranslated: {key}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
