""""Check your answers": the whole document in readable form before certifying.

What the copy of record prints (exporters/pdf/report.py walks the same definition): every
section of the form with its fields by label and their values in the reader's language and
notation, each table of rows as a table, and the explanations of warnings, each section with a
link back to its step of the form.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from forms.definition import (
    Field,
    FieldType,
    FormDefinition,
    Group,
    Section,
    Table,
    direct_children,
)
from forms.labels import label_path
from forms.types import ChoiceType, MultiChoiceType, value_type

EMPTY = "—"


def _e(value: Any) -> str:
    return str(escape(value))


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


class AnswersHtml:
    """The answers of `document` under `definition`, linked to `edit_url`#section-<key>."""

    def __init__(self, definition: FormDefinition, document: Any, *, language: str, edit_url: str):
        self.definition = definition
        self.document = document if isinstance(document, Mapping) else {}
        self.language = "en" if language == "en" else "vi"
        self.edit_url = edit_url
        self._change = _e(_("Change"))
        self._within = ""  # the data year a table is in ("Năm 2024 › "), to name its region

    def _label(self, node) -> str:
        return _e(node.label_en if self.language == "en" else node.label_vi)

    def value(self, f: Field, value: Any) -> str:
        """A value as the reader reads it: a choice by its label, a number in their notation
        with its unit, yes or no."""
        if _blank(value):
            return EMPTY
        kind = value_type(f)
        if isinstance(kind, MultiChoiceType) and isinstance(value, list):
            return ", ".join(kind.label(v, self.language) for v in value)
        if isinstance(kind, ChoiceType):
            return kind.label(value, self.language)
        if f.type is FieldType.BOOLEAN and isinstance(value, bool):
            return _("Yes") if value else _("No")
        text = kind.display(value, self.language)
        return f"{text} {f.unit}" if f.unit and f.type is FieldType.DECIMAL else text

    def render(self) -> Markup:
        parts = []
        for section in self.definition.children:
            if not isinstance(section, Section) or _all_computed(section.children):
                continue
            parts.append(self._section(section.key, self._label(section),
                                       "".join(self._nodes(section.children, self.document, 3))))
        parts.append(self._acknowledgements())
        return Markup("".join(parts))

    def _section(self, key: str, title: str, body: str) -> str:
        return (f'<section class="answers-section" aria-labelledby="answers-{key}">'
                f'<div class="answers-head"><h3 id="answers-{key}">{title}</h3>'
                f'<a href="{_e(self.edit_url)}#section-{key}">{self._change}'
                f'<span class="visually-hidden"> {title}</span></a></div>{body}</section>')

    def _nodes(self, nodes, obj: Any, level: int) -> Iterable[str]:
        obj = obj if isinstance(obj, Mapping) else {}
        pending: list[str] = []
        for node in direct_children(nodes):
            if getattr(node, "computed", False) or node.key == "acknowledgements":
                continue
            if isinstance(node, Field):
                pending.append(f"<dt>{self._label(node)}</dt>"
                               f"<dd>{_e(self.value(node, obj.get(node.key)))}</dd>")
                continue
            if pending:
                yield f'<dl class="answers-list">{"".join(pending)}</dl>'
                pending = []
            heading = f"h{min(level + 1, 6)}"
            if isinstance(node, Group):
                yield f"<{heading}>{self._label(node)}</{heading}>"
                yield from self._nodes(node.children, obj.get(node.key), level + 1)
            elif isinstance(node, Table):
                yield from self._table(node, obj.get(node.key), level)
        if pending:
            yield f'<dl class="answers-list">{"".join(pending)}</dl>'

    def _table(self, table: Table, rows: Any, level: int) -> Iterable[str]:
        rows = [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []
        heading = f"h{min(level + 1, 6)}"
        if not rows:
            yield f"<{heading}>{self._label(table)}</{heading}><p>{_e(_('None.'))}</p>"
            return
        if table.nested:  # a data year: its fields, then its sources
            key_field = next((f for f in direct_children(table.children)
                              if isinstance(f, Field) and f.key == table.row_key), None)
            for number, row in enumerate(rows, start=1):
                shown = self.value(key_field, row.get(table.row_key)) if key_field else str(number)
                name = key_field if key_field is not None else table
                yield f"<{heading}>{self._label(name)} {_e(shown)}</{heading}>"
                self._within = f"{self._label(name)} {_e(shown)} › "
                yield from self._nodes(table.children, row, level + 1)
            self._within = ""
            return
        fields = [f for f in direct_children(table.children) if isinstance(f, Field)
                  and not f.computed and any(not _blank(r.get(f.key)) for r in rows)]
        head = "".join(f'<th scope="col">{self._label(f)}</th>' for f in fields)
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(self.value(f, row.get(f.key)))}</td>" for f in fields)
            + "</tr>" for row in rows)
        # A table wider than a phone scrolls in its box: a region with a name, reachable by keyboard.
        yield (f'<div class="table-scroll" role="region" tabindex="0" '
               f'aria-label="{self._within}{self._label(table)}">'
               f'<table class="table answers-table">'
               f'<caption>{self._label(table)} ({len(rows)})</caption><thead><tr>{head}</tr>'
               f'</thead><tbody>{body}</tbody></table></div>')

    def _acknowledgements(self) -> str:
        rows = self.document.get("acknowledgements")
        rows = [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []
        title = _e(_("Explanations of warnings"))
        if not rows:
            body = f"<p>{_e(_('No warnings explained.'))}</p>"
        else:
            body = '<dl class="answers-list">' + "".join(
                f"<dt>{_e(label_path(self.definition, str(r.get('path') or ''), self.document, self.language) or _('document'))}</dt>"
                f"<dd>{_e(r.get('reason') or EMPTY)}</dd>" for r in rows) + "</dl>"
        return self._section("acknowledgements", title, body)


def _all_computed(nodes) -> bool:
    children = list(direct_children(nodes))
    return bool(children) and all(getattr(c, "computed", False) for c in children)
