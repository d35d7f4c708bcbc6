"""The outcome of validating a document, common to every form."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.problems import Problem


@dataclass
class Checked:
    """What could be loaded and every problem found."""

    data: dict[str, Any]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def valid(self) -> bool:
        return not self.errors

    def has_error_under(self, path: str) -> bool:
        return any(p.is_error and (p.path == path or p.path.startswith((path + ".", path + "[")))
                   for p in self.problems)
