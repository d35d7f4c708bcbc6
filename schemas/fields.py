"""marshmallow fields whose errors are rule codes (`forms.rules`), not English sentences.

Every error message here is a rule code; `schemas.build.problems_from_messages` turns the
marshmallow error dictionary into `Problem`s with the messages of the catalogue.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields

from forms.library import load_communes
from forms.types import ValueProblem, ValueType
from forms.validators import tax_code_problem

# marshmallow's own messages, replaced by rule codes.
BASE_MESSAGES = {
    "required": "required",
    "null": "required",
    "invalid": "wrong_type",
    "type": "wrong_type",
    "validator_failed": "wrong_type",
    "invalid_utf8": "wrong_type",
    "too_large": "out_of_range",
    "format": "invalid_date",
}


def _messages(**extra: str) -> dict[str, str]:
    return {**BASE_MESSAGES, **extra}


class Typed(fields.Field):
    """A field whose value is read by its field type (`forms.types`): the very rule the web
    form and the Excel reader apply, so a value accepted from one channel is accepted from all.
    """

    def __init__(self, kind: ValueType, **kwargs: Any):
        super().__init__(error_messages=_messages(**self.extra_messages(kwargs)), **kwargs)
        self.kind = kind

    def extra_messages(self, kwargs: dict[str, Any]) -> dict[str, str]:
        return {}

    def _deserialize(self, value: Any, attr, data, **kwargs) -> Any:
        try:
            return self.kind.load(value)
        except ValueProblem as problem:
            raise ValidationError(problem.code) from None


class Text(Typed):
    """A string; surrounding spaces are kept (they are the filer's text). Its type refuses a
    text longer than the field's limit (`Field.length_limit`) as `too_long`."""


class Code(Typed):
    """One value of a closed list (a category, fuel, unit...)."""


class Quantity(Typed):
    """A JSON number or canonical decimal string, kept as an exact Decimal."""

    def __init__(self, kind: ValueType, *, non_negative: bool = False, minimum: Any = None,
                 maximum: Any = None, **kwargs: Any):
        super().__init__(kind, **kwargs)
        self.non_negative = non_negative
        self.minimum = None if minimum is None else Decimal(minimum)
        self.maximum = None if maximum is None else Decimal(maximum)

    def extra_messages(self, kwargs: dict[str, Any]) -> dict[str, str]:
        self.blank_code = "blank_quantity" if kwargs.get("required") else "required"
        return {"null": self.blank_code, "required": self.blank_code}

    def _deserialize(self, value: Any, attr, data, **kwargs) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValidationError(self.blank_code)
        number = super()._deserialize(value, attr, data, **kwargs)
        if self.non_negative and number < 0:
            raise ValidationError("negative")
        if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum):
            raise ValidationError("out_of_range")
        return number


class WholeNumber(Quantity):
    """An integer; a JSON number with no fraction or a string of digits ("2025")."""

    def extra_messages(self, kwargs: dict[str, Any]) -> dict[str, str]:
        self.blank_code = "required"
        return {}


class Flag(Typed):
    """A JSON boolean only: "yes", 1 or "true" are not guessed."""


class IsoDate(Typed):
    """An ISO 8601 date, loaded as a `datetime.date` for the cross-field rules."""

    def _deserialize(self, value: Any, attr, data, **kwargs) -> dt.date:
        try:
            return self.kind.as_date(value)
        except ValueProblem as problem:
            raise ValidationError(problem.code) from None


class RowList(fields.List):
    """A table: like `fields.List`, but a bad row keeps its index.

    marshmallow drops a row that fails without partial data, which would shift the index of
    every later row; the cross-field rules need row *i* of the loaded data to be row *i* of
    the document, so a failed row is kept as its partial data (or `{}`).
    """

    def __init__(self, inner, *, min_rows: int = 0, max_rows: int | None = None, **kwargs):
        super().__init__(inner, error_messages=_messages(), **kwargs)
        self.min_rows, self.max_rows = min_rows, max_rows

    def _deserialize(self, value: Any, attr, data, **kwargs) -> list[Any]:
        if not isinstance(value, list):
            raise ValidationError("wrong_type")
        result: list[Any] = []
        errors: dict[int, Any] = {}
        for index, row in enumerate(value):
            try:
                result.append(self.inner.deserialize(row, **kwargs))
            except ValidationError as error:
                result.append(error.valid_data if isinstance(error.valid_data, dict) else {})
                errors[index] = error.messages
        if len(value) < self.min_rows:
            errors.setdefault("_schema", []).append("too_few_rows")  # type: ignore[index]
        if self.max_rows is not None and len(value) > self.max_rows:
            errors.setdefault("_schema", []).append("too_many_rows")  # type: ignore[index]
        if errors:
            raise ValidationError(errors, valid_data=result)
        return result


def _tax_code(value: str) -> None:
    code = tax_code_problem(value)
    if code is not None:
        raise ValidationError(code)


def _hanoi_commune(value: str) -> None:
    if value not in load_communes():
        raise ValidationError("commune_not_in_hanoi")


_HAZARDOUS_WASTE_CODE = re.compile(r"^\d{2} \d{2} \d{2}$")


def _hazardous_waste_code(value: str) -> None:
    if not _HAZARDOUS_WASTE_CODE.match(value):
        raise ValidationError("hazardous_waste_code")


# Named checks of the form definition (`Field.checks`) that a field can apply on its own.
# `non_negative` is built into Quantity; `year_ended` needs today's date and is a
# cross-field rule (schemas.ghg).
VALUE_CHECKS: dict[str, Callable[[Any], None]] = {
    "tax_code": _tax_code,
    "hanoi_commune": _hanoi_commune,
    "hazardous_waste_code": _hazardous_waste_code,
}
