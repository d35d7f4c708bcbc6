"""The document keys of the environmental declaration as Markdown, generated from the form
definition so that `docs/declaration.md` cannot drift from it.

`docs/declaration.md` holds the output of `declaration_keys_markdown()` between the markers
below; a test checks it is up to date (regenerate with `python -m forms.declaration_docs`).
Standard library only.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from forms.declaration import DECLARATION_FORM
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

BEGIN = "<!-- BEGIN GENERATED: declaration keys (python -m forms.declaration_docs) -->"
END = "<!-- END GENERATED -->"
# Choice lists longer than this are named, not spelt out (the fuels: see docs/ghg.md).
MAX_LISTED_CHOICES = 12


def _type(f: Field) -> str:
    kind = f.type.value + (f" ({f.unit})" if f.unit else "")
    if f.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        if len(f.choices) <= MAX_LISTED_CHOICES:
            kind += ": " + ", ".join(f"`{c}`" for c in f.choice_values)
        else:
            kind += f": one of {len(f.choices)} codes"
    if f.minimum is not None or f.maximum is not None:
        kind += f", {f.minimum if f.minimum is not None else '…'}–" \
                f"{f.maximum if f.maximum is not None else '…'}"
    return kind


def _notes(f: Field) -> str:
    notes = [f.help_en.rstrip(".")] if f.help_en else []
    if "non_negative" in f.checks:
        notes.append("not negative")
    notes += [f"check `{c}`" for c in f.checks if c != "non_negative"]
    if f.max_length:
        notes.append(f"at most {f.max_length} characters")
    if f.example:
        notes.append(f"e.g. `{f.example}`")
    return "; ".join(notes)


def declaration_keys_markdown(form: FormDefinition = DECLARATION_FORM) -> str:
    """One table per section of the form: every document key with its path, labels, type,
    unit and checks."""
    out: list[str] = []
    sections = [c for c in form.children if isinstance(c, Section)]
    top_fields = [c for c in form.children if isinstance(c, Field)]
    top_tables = [c for c in form.children if isinstance(c, Table)]
    by_path = {entry.path: entry for entry in form.fields()}
    blocks: list[tuple[str, list[str]]] = [("Document", [f.key for f in top_fields])]
    for section in sections:
        blocks.append((f"{section.label_en} ({section.label_vi})",
                       [p for p, e in by_path.items() if e.section is section]))
    for table in top_tables:
        blocks.append((f"{table.label_en} ({table.label_vi})",
                       [p for p in by_path if p.startswith(f"{table.key}[")]))
    for title, paths in blocks:
        out += [f"### {title}", "", "| key | label (vi) | label (en) | required | type | notes |",
                "|---|---|---|---|---|---|"]
        for path in paths:
            f = by_path[path].field
            out.append(f"| `{path}` | {f.label_vi} | {f.label_en} | "
                       f"{'yes' if f.required else ''} | {_type(f)} | {_notes(f)} |")
        out.append("")
    tables = list(form.tables())
    out += ["Lists (`[*]`: each item is an object with the keys above): "
            + ", ".join(f"`{e.path}`" + (f" (key `{e.table.row_key}` unique)"
                                         if e.table.row_key else "") for e in tables) + ".",
            "", "Groups (objects): " + ", ".join(
                f"`{c.key}`" + (" (required)" if getattr(c, "required", False) else "")
                for c in _groups(form)) + "."]
    return "\n".join(out)


def _groups(form: FormDefinition) -> list[Group]:
    def walk(children: tuple[Node, ...]) -> Iterator[Group]:
        for child in direct_children(children):
            if isinstance(child, Group):
                yield child
                yield from walk(child.children)

    return list(walk(form.children))


def replace_generated(text: str) -> str:
    """`text` with the generated block replaced by the current one."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{declaration_keys_markdown()}\n{END}{tail}"


if __name__ == "__main__":  # pragma: no cover
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/declaration.md")
    path.write_text(replace_generated(path.read_text(encoding="utf-8")), encoding="utf-8")
