"""The one error type of the project: a problem found in a document.

Schemas, cross-field rules, the calculation engine and (later) the Excel reader all report
`Problem`s, so the web page, the API (422 JSON) and the Excel dry run show the same thing.
Standard library only.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

PathPart = str | int


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem at `path` (`years[0].sources[1].quantity`; `""` for the whole document).

    `code` is stable and names a rule of the catalogue (`forms.rules`); `message` is English,
    `message_vi` Vietnamese, both already rendered from the rule's templates with `params`.
    An `error` blocks submission; a `warning` must be acknowledged with a reason.
    """

    path: str
    code: str
    message: str
    message_vi: str
    severity: Severity = ERROR
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict[str, Any]:
        """The contract's error shape plus `severity` and the rule parameters."""
        out: dict[str, Any] = {
            "path": self.path,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "message_vi": self.message_vi,
        }
        if self.params:
            out["params"] = {key: _jsonable(value) for key, value in self.params.items()}
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(item) for item in value]
    return str(value)


def format_path(parts: Sequence[PathPart]) -> str:
    """`("years", 0, "sources", 1, "quantity")` -> `years[0].sources[1].quantity`."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(str(part))
    return "".join(out)


def join_path(base: str, *parts: PathPart) -> str:
    """Extend a formatted path: `join_path("years[0]", "sources", 1)` -> `years[0].sources[1]`."""
    tail = format_path(parts)
    if not base:
        return tail
    if not tail:
        return base
    return base + tail if tail.startswith("[") else f"{base}.{tail}"


def split_problems(problems: Iterable[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings), each in the order found."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for problem in problems:
        (errors if problem.is_error else warnings).append(problem)
    return errors, warnings
