"""Template helpers: labels of enums and dates in the user's language and time zone."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from exporters.numbers import to_decimal
from forms.definition import Field, Group, Section, Table
from forms.figures import (
    DECLARATION_FIGURES,
    GHG_LINE_TCO2E,
    GHG_YEAR_FIGURES,
    Figure,
    by_key,
)
from forms.labels import label_path, message_parts
from forms.library import load_communes
from forms.numbers import format_number
from forms.registry import form_definition
from forms.types import ChoiceType, MultiChoiceType, value_type
from intake.domain.compliance import HANOI
from intake.domain.roles import Role, can_manage_register
from intake.domain.workflow import Action, FormKind, RecordedEvent, ReportStatus
from intake.web.document_form import input_id, row_count, sections
from intake.web.form_messages import register_form_messages

FORM_LABELS = {
    FormKind.GHG_INVENTORY: _l("GHG inventory report"),
    FormKind.ENV_DECLARATION: _l("Environmental declaration"),
}

STATUS_LABELS = {
    ReportStatus.DRAFT: _l("Draft"),
    ReportStatus.SUBMITTED: _l("Submitted"),
    ReportStatus.UNDER_REVIEW: _l("Under review"),
    ReportStatus.RETURNED: _l("Returned for correction"),
    ReportStatus.ACCEPTED: _l("Accepted"),
}


def current_locale() -> str:
    return str(get_locale() or "vi")


def role_label(role: Role) -> str:
    return role.label_en if current_locale() == "en" else role.label_vi


def vn_date(value: dt.date | None) -> str:
    """Dates as people write them here: 31/03/2027."""
    return value.strftime("%d/%m/%Y") if value else ""


def vn_number(value, decimals: int = 3) -> str:
    """A figure in the reader's notation: 31.150,36 in Vietnamese, 31,150.36 in English.
    Rounded half up for display only (calculation.md: 3 decimals for tonnes), as people round
    and as the PDFs do: 5940.2525 t shows as 5.940,253."""
    if value is None or value == "":
        return ""
    try:
        number = to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except (TypeError, ValueError, InvalidOperation):
        return str(value)
    return format_number(number, current_locale())


def ghg_figures(*keys: str) -> list[Figure]:
    """The figures of a GHG year, by key, in the order asked."""
    return [_GHG_FIGURES[key] for key in keys]


_GHG_FIGURES = by_key(GHG_YEAR_FIGURES)


def field_value(definition, path: str, value) -> str:
    """A document value at `path` as its field type shows it in the reader's language (a
    number in the reader's notation, a choice by its label); "—" when absent."""
    if value is None:
        return "—"
    node = definition.node_at(path)
    if not isinstance(node, Field):
        return str(value)
    kind = value_type(node)
    if isinstance(kind, ChoiceType) and not isinstance(kind, MultiChoiceType):
        return kind.label(value, current_locale())
    return kind.display(value, current_locale())


def vn_datetime(value: dt.datetime | None) -> str:
    """A UTC timestamp shown in Hanoi time."""
    return value.astimezone(HANOI).strftime("%d/%m/%Y %H:%M") if value else ""


def label(node) -> str:
    """A form node's label in the current language."""
    return node.label_en if current_locale() == "en" else node.label_vi


def help_text(node) -> str:
    return (node.help_en if current_locale() == "en" else node.help_vi) or ""


def node_kind(node) -> str:
    for kind, cls in (("field", Field), ("group", Group), ("table", Table), ("section", Section)):
        if isinstance(node, cls):
            return kind
    raise TypeError(node)


def problem_message(problem: dict) -> str:
    """A problem's whole message, its place first ("Năm 2024 › Nguồn LH-01 › …: …")."""
    return problem.get("message") if current_locale() == "en" else problem.get("message_vi") or problem.get("message")


def problem_label(problem: dict) -> str:
    """Where a problem sits, in the form's words (the link to the field); "Document" for one
    about the whole document."""
    return message_parts(problem, current_locale())[0] or str(_l("Document"))


def problem_text(problem: dict) -> str:
    """A problem's message without its place (shown after `problem_label`, or beside the field)."""
    return message_parts(problem, current_locale())[1]


def place_label(form_key, path: str | None, document=None) -> str:
    """A document path named in the form's words ("Năm 2024 › Nguồn LH-01 › Khối lượng riêng");
    "Whole report" for none. `form_key` is a form's key or FormKind."""
    if not path:
        return str(_l("Whole report"))
    key = getattr(form_key, "value", form_key)
    try:
        definition = form_definition(key)
    except KeyError:
        return str(_l("Whole report"))
    return label_path(definition, path, document, current_locale()) or str(_l("Whole report"))


# What happened to a report, in words (the history page, the review workspace). An action the
# table does not know reads "Change", never its key.
# Keyed by every kind of `workflow.EVENT_KINDS` (tests/web/test_event_labels.py).
EVENT_LABELS = {
    RecordedEvent.CREATE.value: _l("Draft created"),
    RecordedEvent.IMPORT.value: _l("Imported"),
    RecordedEvent.CERTIFICATION_REQUESTED.value: _l("A certifier asked to submit"),
    RecordedEvent.ATTACHMENT_ADDED.value: _l("Evidence attached"),
    RecordedEvent.ATTACHMENT_REMOVED.value: _l("Evidence removed"),
    Action.SUBMIT.value: _l("Submitted"),
    Action.START_REVIEW.value: _l("Review started"),
    Action.RETURN.value: _l("Returned for correction"),
    Action.ACCEPT.value: _l("Accepted"),
    Action.AMEND.value: _l("Correction opened"),
}


def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(getattr(action, "value", action), _l("Change")))


# The Excel dry run's verdict on the template (exporters.xlsx.ReadResult.template_status).
TEMPLATE_STATUS_LABELS = {
    "current": _l("the current template"),
    "modified": _l("the current template, with its structure changed"),
    "unmarked": _l("not downloaded from the portal, recognised by its sheets"),
    "old": _l("an outdated template"),
    "unknown": _l("not a template of the portal"),
    "unreadable": _l("unreadable"),
}


def template_status_label(status: str) -> str:
    return str(TEMPLATE_STATUS_LABELS.get(status, TEMPLATE_STATUS_LABELS["unknown"]))


def form_key_label(key) -> str:
    """A form's name from its key ("ghg-inventory" -> "GHG inventory report")."""
    try:
        return str(FORM_LABELS[FormKind(getattr(key, "value", key))])
    except ValueError:
        return "?"


def trace_text(line: dict) -> str:
    if current_locale() == "en":
        return line.get("trace") or ""
    return line.get("trace_vi") or line.get("trace") or ""


def commune_choices() -> list[tuple[str, str]]:
    """Hanoi's 126 wards and communes, by name, for pickers."""
    return sorted(((c.code, c.name) for c in load_communes().values()), key=lambda pair: pair[1])


def commune_codes() -> frozenset[str]:
    return frozenset(load_communes())


def row_count_from(values: dict, table_path: str) -> int:
    """How many rows a flattened document has under `table_path`."""
    prefix = table_path + "["
    indices = {int(key[len(prefix):].split("]", 1)[0]) for key in values
               if key.startswith(prefix) and key[len(prefix):].split("]", 1)[0].isdigit()}
    return max(indices) + 1 if indices else 0


def register_template_helpers(app: Flask) -> None:
    register_form_messages(app)  # WTForms' own messages from the portal's catalogue
    app.jinja_env.globals.update(label=label, help_text=help_text, node_kind=node_kind,
                                 input_id=input_id, problem_message=problem_message,
                                 problem_label=problem_label, problem_text=problem_text,
                                 place_label=place_label, event_label=event_label,
                                 template_status_label=template_status_label,
                                 form_key_label=form_key_label,
                                 trace_text=trace_text, row_count=row_count, sections=sections,
                                 commune_choices=commune_choices, commune_codes=commune_codes,
                                 row_count_from=row_count_from, field_value=field_value,
                                 ghg_figures=ghg_figures, line_figure=GHG_LINE_TCO2E,
                                 declaration_figures=DECLARATION_FIGURES)
    app.jinja_env.filters.update(vn_number=vn_number)
    app.jinja_env.globals.update(
        current_locale=current_locale,
        can_manage_register=can_manage_register,
        role_label=role_label,
        form_label=lambda form: FORM_LABELS[form],
        status_label=lambda status: STATUS_LABELS[status],
    )
    app.jinja_env.filters.update(vn_date=vn_date, vn_datetime=vn_datetime)
