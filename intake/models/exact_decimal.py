"""Exact decimals in the database, on SQLite as on PostgreSQL, and their exact sum.

PostgreSQL has an exact, unbounded `NUMERIC`, and its `sum()` over it is exact. SQLite has no
decimal type: a `NUMERIC` column converts `12345678.1234567891` to a REAL (a binary float,
about 15 significant digits) and its `SUM()` is a float sum. So on SQLite an `ExactDecimal` is
stored as its canonical decimal text (a TEXT column, which SQLite never converts), and sums go
through `exact_sum`, a Python aggregate adding `Decimal`s without rounding, registered on every
SQLite connection (`register_sqlite_functions`, called from `intake.database`). Queries write
`exact_sum(column)` whatever the database; it compiles to `sum()` on PostgreSQL.

On SQLite, SQL sees the text: never ORDER BY or compare these columns in SQL; sort in Python.
"""
from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from sqlalchemy import Numeric, Text, TypeDecorator
from sqlalchemy.dialects.postgresql import NUMERIC
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from intake.domain.facts import EXACT

SQLITE_EXACT_SUM = "exact_sum"


def canonical_text(value: Decimal) -> str:
    """Fixed-point text with every digit and no superfluous zero: 43.000 -> "43"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def exact(value: Any) -> Decimal:
    """`value` (Decimal, int or decimal text) as a finite Decimal. Raises TypeError for a float
    (its digits are already lost) or a bool, ValueError for text that is not a finite number."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"not an exact decimal: {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            raise ValueError(f"not a decimal number: {value!r}") from None
    else:
        raise TypeError(f"not an exact decimal: {value!r}")
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


class ExactDecimal(TypeDecorator):
    """A decimal kept with all its digits: unbounded NUMERIC on PostgreSQL, canonical text on
    SQLite. Binding a float raises TypeError (see `exact`)."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(NUMERIC(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        number = exact(value)
        return canonical_text(number) if dialect.name == "sqlite" else number

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return exact(value)


class exact_sum(FunctionElement):  # noqa: N801 (an SQL function, named like `func.sum`)
    """The exact sum of an ExactDecimal column (None over no rows)."""

    name = "exact_sum"
    type = ExactDecimal()
    inherit_cache = True


@compiles(exact_sum)
def _sum(element: exact_sum, compiler: Any, **kw: Any) -> str:
    return f"sum({compiler.process(element.clauses, **kw)})"


@compiles(exact_sum, "sqlite")
def _sqlite_sum(element: exact_sum, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_EXACT_SUM}({compiler.process(element.clauses, **kw)})"


class _ExactSum:
    """SQLite aggregate: the exact sum of the TEXT the column stores (SQLite turns any number
    bound to a TEXT column into text).

    SQLite calls `step` once per row, so `step` is the list's own `append` (no Python frame per
    row, about twice as fast); the values are converted and added in `finalize`, in EXACT,
    which traps any rounding. Memory: the texts of one group at a time (SQLite finalizes each
    group before the next), about 60 bytes a row.
    """

    __slots__ = ("values", "step")

    def __init__(self) -> None:
        self.values: list[str | None] = []
        self.step = self.values.append

    def finalize(self) -> str | None:
        values = self.values
        if None in values:
            values = [value for value in values if value is not None]
        if not values:
            return None
        with localcontext(EXACT):
            return canonical_text(sum(map(Decimal, values), Decimal(0)))


def register_sqlite_functions(dbapi_connection: Any) -> None:
    """Make `exact_sum` available on a new sqlite3 connection."""
    dbapi_connection.create_aggregate(SQLITE_EXACT_SUM, 1, _ExactSum)
