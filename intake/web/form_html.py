"""The guided form's inputs as HTML, rendered from the form definition.

Every input is named by its document path (`years[0].sources[1].quantity`) and identified by
`document_form.input_id` of it, so that problems, links and review comments find their field by
the path alone. What keeps a 500-line inventory light (issue 14):

- a row of a discriminated table shows only the fields of its category (`Table.applies`), plus
  any other field that holds a value, so that the page posts back exactly the document it shows;
- a table's help (of the table, of each category and of each field) is written once per table,
  and each input points at its entry with `aria-describedby`;
- each table carries one `<template>` per category, rendered once, from which the script takes
  a row's fields when its category changes, and one for a new row;
- the rows of a long table are collapsed behind a summary line (id, category, quantity, unit);
  a row with a problem, and every row of a short table, is open. `<details>` needs no script.

Rendered in Python, not with a Jinja macro per input: such a report has some 7,000 inputs, and
a macro call each costs more than the whole page may take (300 ms).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from forms.definition import (
    DEFAULT_MAX_LENGTH,
    Field,
    FieldType,
    FormDefinition,
    Group,
    Section,
    Table,
    Variant,
    direct_children,
)
from forms.labels import label_path
from forms.types import ChoiceType, value_type
from intake.web.document_form import input_id, row_count

# A table with more rows than this shows them collapsed, except those with a problem.
OPEN_ROWS = 5
# Tables the form shows elsewhere (the explanations of warnings have a step of their own).
NOT_IN_FORM = frozenset({"acknowledgements"})
_ROW_PREFIX = re.compile(r"\[\d+\]")


def placeholder(depth: int) -> str:
    """What stands for the row index in a template of a table nested `depth` tables deep; each
    depth its own, so that adding a year does not number the sources of its template."""
    return f"__INDEX__{depth}"


def _e(value: Any) -> str:
    return str(escape(value))


class FormHtml:
    """One page's form: `values` are the input texts by path (`document_form.flatten`),
    `problems_by_id` the errors and warnings by input id (each with `severity`, `message`,
    `message_vi`), `document` the stored document (for row counts)."""

    def __init__(self, definition: FormDefinition, *, values: Mapping[str, str],
                 problems_by_id: Mapping[str, list[dict]], document: Any, language: str,
                 message: Callable[[dict], str], communes: Iterable[tuple[str, str]] = (),
                 notes_by_id: Mapping[str, str] | None = None, open_rows: Iterable[str] = ()):
        self.definition = definition
        # HTML shown under a field's messages, by input id (the reviewer's comments there).
        self.notes_by_id = notes_by_id or {}
        # Rows (by path) shown open whatever their table's length: the one just added or asked
        # for with "change this row".
        self.open_rows = frozenset(open_rows)
        self.values = values
        self.problems_by_id = problems_by_id
        self.document = document
        self.en = language == "en"
        self.message = message
        self.communes = tuple(communes)
        self._options: dict[tuple[int, tuple[str, ...]], tuple[str, frozenset[str]]] = {}
        self._rows_with_problems, self._rows_to_open = self._problem_rows()
        self._tables: dict[int, tuple[list[Field], list[Field], frozenset[str]]] = {}
        # Looked up once a page, not once a row (each look-up asks Babel for the locale).
        self._texts = {key: _e(text) for key, text in (
            ("Remove this row", _("Remove this row")), ("row", _("row")),
            ("needs attention", _("needs attention")), ("Change this row", _("Change this row")),
            ("Add a row", _("Add a row")), ("Yes", _("Yes")), ("No", _("No")),
            ("Help with these fields", _("Help with these fields")))}
        self._number_hint = _e(_("Numbers: 1,234.5 (English notation); check the figure read in "
                                 "the calculation panel."))

    # --- labels ------------------------------------------------------------------------

    def _label(self, node) -> str:
        return _e(node.label_en if self.en else node.label_vi)

    def _help(self, node) -> str:
        return _e((node.help_en if self.en else node.help_vi) or "")

    # --- nodes ---------------------------------------------------------------------------

    def section(self, section: Section) -> Markup:
        """The inputs of one step of the form."""
        return Markup("".join(self._children(section.children, "", None, None, 0)))

    def _children(self, nodes, prefix: str, table: Table | None, variant: Variant | None,
                  depth: int, help_id: str = "") -> Iterable[str]:
        for node in nodes:
            if isinstance(node, Section):
                yield from self._children(node.children, prefix, table, variant, depth, help_id)
            elif getattr(node, "computed", False):
                continue
            elif isinstance(node, Field):
                path = prefix + node.key
                if table is None or table.applies(node.key, variant) or path in self.values:
                    yield self.field(node, path, table, variant, help_id)
            elif isinstance(node, Group):
                help_text = self._help(node)
                yield (f'<fieldset class="group"><legend>{self._label(node)}</legend>'
                       + (f'<p class="hint">{help_text}</p>' if help_text else ""))
                yield from self._children(node.children, f"{prefix}{node.key}.", None, None, depth)
                yield "</fieldset>"
            elif isinstance(node, Table) and node.key not in NOT_IN_FORM:
                yield self.rows(node, prefix + node.key, depth)

    # --- one field -----------------------------------------------------------------------

    def field(self, node: Field, path: str, table: Table | None = None,
              variant: Variant | None = None, help_id: str = "", value: str | None = None) -> str:
        """A label, its messages and its input. In a table, the help is the table's (`help_id`
        is the prefix of the ids of its entries); elsewhere it is printed with the field."""
        fid = input_id(path)
        if value is None:
            value = self.values.get(path, "")
        problems = self.problems_by_id.get(fid, ())
        described: list[str] = []
        hint = ""
        is_number = node.type is FieldType.DECIMAL
        if table is not None:
            if node.help_vi or node.help_en:
                described.append(f"{help_id}-{node.key}")
            if is_number:
                described.append(f"{help_id}-number")
        else:
            help_text = self._help(node)
            if help_text or is_number:
                described.append(f"{fid}-hint")
                number = f' <span class="number-hint">{self._number_hint}</span>' if is_number \
                    else ""
                hint = f'<p class="hint" id="{fid}-hint">{help_text}{number}</p>'
        messages, ids = self._messages(fid)
        described += ids
        css = "field"
        has_error = any(p.get("severity") == "error" for p in problems)
        if has_error:
            css += " field-error"
        elif problems:
            css += " field-warning"
        extra = ""
        if table is not None and table.discriminator == node.key:
            extra = " data-discriminator"
        elif table is not None and node.key in self._summary_keys_of(table):
            extra = " data-summary"
        note = self.notes_by_id.get(fid, "")
        required = table.is_required(node, variant) if table is not None else node.required
        unit = f' <span class="unit">({_e(node.unit)})</span>' if node.unit else ""
        star = ' <span class="required" aria-hidden="true">*</span>' if required else ""
        attributes = f' aria-describedby="{" ".join(described)}"' if described else ""
        if has_error:  # a warning asks for a look or an explanation; the value may stand
            attributes += ' aria-invalid="true"'
        control = self._control(node, path, fid, value, attributes, table, variant)
        return (f'<div class="{css}"{extra}><label for="{fid}">{self._label(node)}{unit}{star}'
                f'</label>{hint}{messages}{note}{control}</div>')

    def _messages(self, fid: str) -> tuple[str, list[str]]:
        """The errors, then the warnings, at the element `fid` (a field, a row, a table), and
        their ids for the `aria-describedby` of what they describe."""
        parts, ids = [], []
        for number, problem in enumerate(self.problems_by_id.get(fid, ())):
            kind = "error-message" if problem.get("severity") == "error" else "warning-message"
            ids.append(f"{fid}-m{number}")
            parts.append(f'<p class="{kind}" id="{fid}-m{number}" data-problem-for="{fid}">'
                         f'{_e(self.message(problem))}</p>')
        return "".join(parts), ids

    def _control(self, node: Field, path: str, fid: str, value: str, attributes: str,
                 table: Table | None, variant: Variant | None) -> str:
        name = _e(path)
        kind = node.type
        if "hanoi_commune" in node.checks:
            options = "".join(f'<option value="{_e(code)}"{" selected" if code == value else ""}>'
                              f'{_e(name_)} ({_e(code)})</option>' for code, name_ in self.communes)
            if value and value not in {code for code, _name in self.communes}:
                options += f'<option value="{_e(value)}" selected>{_e(value)}</option>'
            return (f'<select id="{fid}" name="{name}"{attributes}><option value="">—</option>'
                    f'{options}</select>')
        if kind is FieldType.CHOICE:
            units = variant.units if variant is not None and table is not None \
                and table.unit_field == node.key else ()
            unit_mark = " data-unit-field" if table is not None and table.unit_field == node.key \
                else ""
            return (f'<select id="{fid}" name="{name}"{attributes}{unit_mark}>'
                    f'{self._choice_options(node, units, value)}</select>')
        if kind is FieldType.MULTI_CHOICE:
            chosen = set(value.split(",")) if value else set()
            boxes = "".join(
                f'<label class="choice"><input type="checkbox" name="{name}" '
                f'value="{_e(c.value)}"{" checked" if c.value in chosen else ""}> '
                f'{_e(c.label_en if self.en else c.label_vi)}</label>' for c in node.choices)
            legend = f'<legend class="visually-hidden">{self._label(node)}</legend>'
            return f'<fieldset class="choices" id="{fid}"{attributes}>{legend}{boxes}</fieldset>'
        if kind is FieldType.BOOLEAN:
            return (f'<select id="{fid}" name="{name}"{attributes}><option value="">—</option>'
                    f'<option value="true"{" selected" if value == "true" else ""}>{self._texts["Yes"]}'
                    f'</option><option value="false"{" selected" if value == "false" else ""}>'
                    f'{self._texts["No"]}</option></select>')
        if kind is FieldType.DATE:
            return f'<input type="date" id="{fid}" name="{name}" value="{_e(value)}"{attributes}>'
        limit = node.length_limit
        # A text allowed more than a line's worth (its type's default bound) is a paragraph.
        if kind is FieldType.TEXT and limit is not None and limit > DEFAULT_MAX_LENGTH[kind]:
            return (f'<textarea id="{fid}" name="{name}" rows="3" maxlength="{limit}"'
                    f'{attributes}>{_e(value)}</textarea>')
        number = ' inputmode="decimal" class="number"' if kind in (FieldType.DECIMAL,
                                                                   FieldType.INTEGER) else ""
        length = f' maxlength="{limit}"' if limit else ""
        return (f'<input type="text" id="{fid}" name="{name}" value="{_e(value)}"{number}'
                f'{length}{attributes}>')

    def _choice_options(self, node: Field, units: tuple[str, ...], value: str) -> str:
        """The options of a closed list (a row's units restricted to its category's), built
        once per list and page; the chosen one marked."""
        key = (id(node), units)
        if key not in self._options:
            choices = [c for c in node.choices if not units or c.value in units]
            html = '<option value="">—</option>' + "".join(
                f'<option value="{_e(c.value)}">{_e(c.label_en if self.en else c.label_vi)}'
                f'</option>' for c in choices)
            self._options[key] = (html, frozenset(c.value for c in choices))
        html, values = self._options[key]
        if not value:
            return html
        if value in values:
            plain = f'<option value="{_e(value)}">'
            return html.replace(plain, plain[:-1] + " selected>", 1)
        shown = value_type(node).label(value, "en" if self.en else "vi") \
            if isinstance(value_type(node), ChoiceType) else value
        return f'{html}<option value="{_e(value)}" selected>{_e(shown)}</option>'

    # --- tables --------------------------------------------------------------------------

    def rows(self, table: Table, path: str, depth: int = 0, *, count: int | None = None) -> str:
        """A table block: its title, help once, its rows, its templates, "add a row"."""
        bid = input_id(path)
        help_id = f"{bid}-help"
        count = row_count(self.document, path) if count is None else count
        discriminator = f' data-discriminator="{table.discriminator}"' if table.discriminator \
            else ""
        messages, ids = self._messages(bid)
        described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
        # A table inside a row (each data year's sources) is named with its row, or every
        # year's region would bear the same name (axe: landmark-unique).
        name = (f' aria-label="{_e(label_path(self.definition, path, self.document, "en" if self.en else "vi"))}"'
                if depth else f' aria-labelledby="{bid}-title"')
        parts = [f'<section class="table-block" id="{bid}"{name}'
                 f'{described} data-table="{_e(path)}" data-next-index="{count}" '
                 f'data-placeholder="{placeholder(depth)}"{discriminator}>'
                 f'<h3 id="{bid}-title">{self._label(table)}</h3>']
        help_text = self._help(table)
        if help_text:
            parts.append(f'<p class="hint">{help_text}</p>')
        parts.append(self._table_help(table, help_id))
        parts.append(messages)
        collapse = count > OPEN_ROWS and not table.nested
        parts.append('<div class="rows">')
        parts += [self.row(table, path, index, depth, help_id, collapse=collapse)
                  for index in range(count)]
        parts.append("</div>")
        room = not table.max_rows or count < table.max_rows
        parts.append(self._templates(table, path, depth, help_id, new_row=room))
        if room:
            parts.append(f'<button type="submit" class="secondary" name="_add_row" value="{_e(path)}"'
                         f' data-add-row>{self._texts["Add a row"]}: {self._label(table)}</button>')
        parts.append("</section>")
        return "".join(parts)

    def row(self, table: Table, path: str, index: int | str, depth: int, help_id: str, *,
            collapse: bool = False, blank: bool = False) -> str:
        """One row. A row of a long table that needs no attention is collapsed: its summary
        line, its values as hidden inputs (posted back as they are) and a button that opens
        it for editing (the script opens it in place, from the table's template)."""
        row_path = f"{path}[{index}]"
        rid = input_id(row_path)
        variant = None
        if not blank and table.discriminator:
            variant = table.variant(self.values.get(f"{row_path}.{table.discriminator}"))
        remove = (f'<button type="submit" class="link-button remove-row" name="_remove_row" '
                  f'value="{_e(row_path)}" data-remove-row>{self._texts["Remove this row"]}</button>')
        number = str(index + 1) if isinstance(index, int) else ""
        # A problem of the row itself (a year without sources, a provisional grid factor).
        messages, ids = ("", []) if blank else self._messages(rid)
        described = f' aria-describedby="{" ".join(ids)}"' if ids else ""
        if table.nested:
            fields = "".join(self._children(table.children, row_path + ".", table, variant,
                                            depth + 1, help_id))
            return (f'<fieldset class="row" id="{rid}" data-row{described}><legend>'
                    f'{self._label(table)} — {self._texts["row"]} <span data-row-number>{number}'
                    f'</span></legend>{messages}{fields}{remove}</fieldset>')
        flag = ""
        if rid in self._rows_with_problems:
            flag = f' <span class="tag warn">{self._texts["needs attention"]}</span>'
        collapsed = collapse and not blank and rid not in self._rows_to_open \
            and row_path not in self.open_rows and self._has_values(table, row_path)
        if collapsed:
            body = (f'{messages}<div class="row-fields" data-row-fields data-collapsed>'
                    f'{self._hidden_values(table, row_path)}</div>'
                    f'<button type="submit" class="link-button" name="_open_row" '
                    f'value="{_e(row_path)}" data-open-row>{self._texts["Change this row"]}</button>')
        else:
            fields = "".join(self._children(table.children, row_path + ".", table, variant,
                                            depth + 1, help_id))
            body = (f'{messages}<div class="row-fields" role="group" aria-labelledby="{rid}-s"'
                    f'{described} data-row-fields>{fields}</div>')
        summary = "" if blank else self._summary(table, row_path, variant)
        return (f'<details class="row" id="{rid}" data-row{"" if collapsed else " open"}>'
                f'<summary id="{rid}-s"><span data-row-number>{number}</span>. '
                f'<span data-row-summary>{summary}</span>{flag}</summary>{body}{remove}</details>')

    def _has_values(self, table: Table, row_path: str) -> bool:
        return any(f"{row_path}.{f.key}" in self.values for f in self._table_facts(table)[0])

    def _hidden_values(self, table: Table, row_path: str) -> str:
        """A collapsed row's values, as the inputs of its fields would post them."""
        parts = []
        for f in self._table_facts(table)[0]:
            path = f"{row_path}.{f.key}"
            text = self.values.get(path)
            if text is None:
                continue
            texts = text.split(",") if f.type is FieldType.MULTI_CHOICE else (text,)
            parts += [f'<input type="hidden" name="{_e(path)}" value="{_e(t)}">' for t in texts]
        return "".join(parts)

    def _table_facts(self, table: Table) -> tuple[list[Field], list[Field], frozenset[str]]:
        """A leaf table's fields, its summary fields and their keys, worked out once a page."""
        facts = self._tables.get(id(table))
        if facts is None:
            summary = _summary_fields(table)
            facts = self._tables[id(table)] = (_leaf_fields(table), summary,
                                               frozenset(f.key for f in summary))
        return facts

    def _summary_keys_of(self, table: Table) -> frozenset[str]:
        return self._table_facts(table)[2]

    def _summary(self, table: Table, row_path: str, variant: Variant | None) -> str:
        """The summary line of a collapsed row: its key, category, quantity and unit."""
        parts = []
        for f in self._table_facts(table)[1]:
            text = self.values.get(f"{row_path}.{f.key}", "")
            if not text:
                continue
            if f.key == table.discriminator and variant is not None:
                text = variant.label_en if self.en else variant.label_vi
            elif f.type is FieldType.CHOICE:
                text = value_type(f).label(text, "en" if self.en else "vi")
            parts.append(_e(text))
        joined = " · ".join(parts[:2])
        rest = " ".join(parts[2:])
        return f"{joined} · {rest}" if joined and rest else joined or rest

    def _table_help(self, table: Table, help_id: str) -> str:
        """Help of the categories and of each field of a table, once."""
        entries = []
        for variant in table.variants:
            text = self._help(variant)
            if text:
                entries.append(f"<dt>{self._label(variant)}</dt><dd>{text}</dd>")
        numbers = False
        for f in direct_children(table.children):
            if not isinstance(f, Field) or f.computed:
                continue
            numbers = numbers or f.type is FieldType.DECIMAL
            text = self._help(f)
            if text:
                entries.append(f'<dt>{self._label(f)}</dt><dd id="{help_id}-{f.key}">{text}</dd>')
        if not entries and not numbers:
            return ""
        number = f'<p id="{help_id}-number">{self._number_hint}</p>' if numbers else ""
        return (f'<details class="table-help"><summary>{self._texts["Help with these fields"]}</summary>'
                f'<dl>{"".join(entries)}</dl>{number}</details>')

    def _templates(self, table: Table, path: str, depth: int, help_id: str, *,
                   new_row: bool) -> str:
        """A new row (while the table has room for one), and the fields of a row of each
        category (of any row, for a table with no categories), rendered once per table: the script opens a collapsed row and changes a
        row's category from them."""
        index = placeholder(depth)
        parts = [f'<template data-row-template>'
                 f'{self.row(table, path, index, depth, help_id, blank=True)}</template>'
                 ] if new_row else []
        if not table.nested:
            kept = self.values
            self.values = {}
            try:
                for variant in (None, *table.variants):
                    fields = "".join(self._children(table.children, f"{path}[{index}].", table,
                                                    variant, depth + 1, help_id))
                    key = variant.value if variant is not None else ""
                    parts.append(f'<template data-variant="{_e(key)}">{fields}</template>')
            finally:
                self.values = kept
        return "".join(parts)

    def _problem_rows(self) -> tuple[frozenset[str], frozenset[str]]:
        """The input ids of the rows that hold a problem (`years[0]`, `years[0].sources[3]`),
        and of those that must be open: an error, or a problem at one of their fields."""
        flagged, to_open = set(), set()
        for problems in self.problems_by_id.values():
            for problem in problems:
                path = str(problem.get("path") or "")
                for match in _ROW_PREFIX.finditer(path):
                    rid = input_id(path[:match.end()])
                    flagged.add(rid)
                    if problem.get("severity") == "error" or match.end() < len(path):
                        to_open.add(rid)
        return frozenset(flagged), frozenset(to_open)


def _leaf_fields(table: Table) -> list[Field]:
    return [f for f in direct_children(table.children) if isinstance(f, Field) and not f.computed]


def _summary_fields(table: Table) -> list[Field]:
    """What a collapsed row shows: its key, its category and the fields every row requires
    (a source line: id, category, quantity, unit)."""
    fields = [f for f in direct_children(table.children) if isinstance(f, Field)]
    chosen = [f for f in fields if f.key in (table.row_key, table.discriminator)]
    chosen += [f for f in fields if f not in chosen and f.required
               and f.key not in table.variant_keys]
    return chosen[:4]

