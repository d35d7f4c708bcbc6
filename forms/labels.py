"""Where a value sits, in the words of the form: "Năm 2024 › Nguồn LH-01 › Khối lượng riêng".

A document path (`years[0].sources[2].density_kg_per_l`) is the machine's name of a place; a
person needs the labels of the form definition, and each row named by what identifies it (the
table's `row_key`: the year, the source id), else by its number. Every channel that tells a
person about a place (web messages, the review comments, the diff, the Excel annotations and
the PDF) calls `label_path`; the machine `path` stays beside it for programs.

    label_path(GHG_FORM, "years[0].sources[2].quantity", document, "vi")
    -> "Năm 2024 › Nguồn LH-03 › Số liệu hoạt động"
    label_path(GHG_FORM, "acknowledgements[0].reason") -> "Giải trình cảnh báo › Dòng 1 › Lý do"

Standard library only.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.definition import FormDefinition, Group, Node, Table, is_index, path_parts

SEPARATOR = " › "
_ROW = {"vi": "Dòng", "en": "Row"}


def label_parts(form: FormDefinition, path: str, document: Mapping[str, Any] | None = None,
                language: str = "vi") -> list[str]:
    """The labels of each step of `path` that the form defines; a key the form does not know
    ends the walk (what was named so far is kept)."""
    return _words(_steps(form, path, document), language == "en")


def label_path(form: FormDefinition | None, path: str, document: Mapping[str, Any] | None = None,
               language: str = "vi") -> str:
    """The place `path` names, as labels joined by " › "; "" when the form knows none of it
    (the caller then speaks of the whole document)."""
    if form is None or not path:
        return ""
    return SEPARATOR.join(label_parts(form, path, document, language))


def label_paths(form: FormDefinition | None, path: str,
                document: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """`label_path` in Vietnamese and in English, from one walk of the form."""
    if form is None or not path:
        return "", ""
    steps = _steps(form, path, document)
    return SEPARATOR.join(_words(steps, False)), SEPARATOR.join(_words(steps, True))


# What a path that names no part of the form stands for: the whole document.
WHOLE_DOCUMENT_VI, WHOLE_DOCUMENT_EN = "Toàn bộ báo cáo", "Whole report"


def place_names(form: FormDefinition | None, path: str,
                document: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """`label_paths`, or the whole document's names where the path names no part of it."""
    place_vi, place_en = label_paths(form, path, document)
    return place_vi or WHOLE_DOCUMENT_VI, place_en or WHOLE_DOCUMENT_EN


# One step of a path: a node of the form (`part` None), or a row of `node`, a table, at
# index `part` ("*" in a template) with the document's row when it has one.
_Step = tuple[Node, Any, "str | None"]


def _steps(form: FormDefinition, path: str, document: Mapping[str, Any] | None) -> list[_Step]:
    container: FormDefinition | Group | Table | None = form
    value: Any = document
    table: Table | None = None
    steps: list[_Step] = []
    for part in path_parts(path):
        if is_index(part):
            if table is None:
                break
            if steps[-1][0] is table and steps[-1][2] is None and table.row_name_vi:
                steps.pop()  # the table's own label: "Nguồn LH-01" says it already
            row = value[int(part)] if part.isdecimal() and _has_index(value, int(part)) else None
            steps.append((table, row, part))
            value = row
            continue
        node = container.child(part) if container is not None else None
        if node is None:
            break
        steps.append((node, None, None))
        value = value.get(part) if isinstance(value, Mapping) else None
        table = node if isinstance(node, Table) else None
        container = node if isinstance(node, (Group, Table)) else None
    return steps


def _words(steps: list[_Step], english: bool) -> list[str]:
    return [(node.label_en if english else node.label_vi) if part is None
            else _row_label(node, row, part, english) for node, row, part in steps]


def _has_index(rows: Any, index: int) -> bool:
    return isinstance(rows, list) and 0 <= index < len(rows)


def _row_label(table: Table, row: Any, part: str, english: bool) -> str:
    name = (table.row_name_en if english else table.row_name_vi) or _ROW["en" if english else "vi"]
    key_value = row.get(table.row_key) if table.row_key and isinstance(row, Mapping) else None
    if key_value not in (None, "") and not isinstance(key_value, (dict, list)):
        return f"{name} {str(key_value)[:40]}"
    if part.isdecimal():
        return f"{name} {int(part) + 1}"
    return name


# --- names of fields and choices inside messages ---------------------------------------------

def field_name(field: Any, language: str = "vi") -> str:
    """A field as a message names it: its label, with its unit when it has one
    ("Khối lượng riêng (kg/L)"), so that two densities are told apart."""
    label = field.label_en if language == "en" else field.label_vi
    return f"{label} ({field.unit})" if getattr(field, "unit", None) else label


def field_names(fields: Any, language: str = "vi") -> str:
    """Several fields, each quoted: “Khối lượng riêng (kg/L)”, “Nhiệt trị theo đơn vị (TJ/unit)”."""
    return ", ".join(f"“{field_name(f, language)}”" for f in fields)


def field_name_params(fields: Any, prefix: str = "fields") -> dict[str, str]:
    """`{prefix}_en` and `{prefix}_vi` of `field_names`, for a rule's message template."""
    fields = tuple(fields)
    return {f"{prefix}_en": field_names(fields, "en"), f"{prefix}_vi": field_names(fields, "vi")}


def choice_label(field: Any, value: Any, language: str = "vi") -> str:
    """The label of a coded value of `field` (the code itself when the field does not know it)."""
    choice = field.choice(value) if isinstance(value, str) and getattr(field, "choices", None) else None
    if choice is None:
        return "" if value is None else str(value)
    return choice.label_en if language == "en" else choice.label_vi


def choice_labels(field: Any, values: Any, language: str = "vi") -> str:
    """Coded values by their labels, joined by ", "."""
    return ", ".join(choice_label(field, value, language) for value in values)


# --- problems named by their place -----------------------------------------------------------

def labelled_problem(problem: Mapping[str, Any], form: FormDefinition | None,
                     document: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A problem dict (`Problem.as_dict()`) that a person reads: `label_vi` and `label` name its
    place ("Năm 2024 › Nguồn LH-01 › Khối lượng riêng"), and `message_vi` / `message` start with
    it. `path` and `code` stay as they are, for programs. A dict already labelled is returned as
    is; a document-level problem (no label) keeps its messages."""
    out = dict(problem)
    if "label_vi" in out:
        return out
    document = document if isinstance(document, Mapping) else None
    vi, en = label_paths(form, str(out.get("path") or ""), document)
    out["label_vi"], out["label"] = vi, en
    if vi and out.get("message_vi"):
        out["message_vi"] = f"{vi}: {out['message_vi']}"
    if en and out.get("message"):
        out["message"] = f"{en}: {out['message']}"
    return out


def labelled_problems(problems: Any, form: FormDefinition | None,
                      document: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """`labelled_problem` of each problem (a `Problem` or its dict)."""
    return [labelled_problem(p if isinstance(p, Mapping) else p.as_dict(), form, document)
            for p in problems]


def message_parts(problem: Mapping[str, Any], language: str = "vi") -> tuple[str, str]:
    """(label path, the rest of the message) of a labelled problem, for a page that links the
    label to the field; ("", message) when it names no place."""
    english = language == "en"
    message = (problem.get("message") if english else problem.get("message_vi")
               or problem.get("message")) or ""
    label = (problem.get("label") if english else problem.get("label_vi")) or ""
    if label and message.startswith(label + ": "):
        return label, message[len(label) + 2:]
    return label, message
