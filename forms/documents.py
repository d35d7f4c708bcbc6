"""The one shape of a document: each value as its field type loads it, exact and canonical.

Whatever channel carried a document (a JSON number or a decimal string from the API, text typed
in Vietnamese or English in the web form, an Excel cell), `normalized` gives the document that is
stored, hashed, frozen and re-read: every value that fits its field is the field type's
canonical value (an exact `Decimal` with no trailing zeros for a quantity, an `int` for a count,
ISO text for a date), so two spellings of the same content are the same document and canonical
JSON gives them one SHA-256. A value that does not fit is kept exactly as it came: a draft keeps
what the filer typed, validation refuses it with its own message, the form echoes it back.
Keys the form does not define are kept as they are (validation names them). Standard library only.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.definition import Field, FormDefinition, Group, Table
from forms.types import value_type


def normalized(form: FormDefinition, document: Any) -> Any:
    """A new document in the stored shape; `document` itself is not changed. Never raises on
    bad input: anything that is not an object is returned as it is."""
    if not isinstance(document, Mapping):
        return document
    return _object(form, document)


def _object(container: FormDefinition | Group | Table, data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        node = container.child(key)
        if isinstance(node, Field):
            out[key] = value if value is None else value_type(node).canonical(value)
        elif isinstance(node, Group) and isinstance(value, Mapping):
            out[key] = _object(node, value)
        elif isinstance(node, Table) and isinstance(value, list):
            out[key] = [_object(node, row) if isinstance(row, Mapping) else row for row in value]
        else:
            out[key] = value
    return out
