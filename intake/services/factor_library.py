"""The factor library's database copy, built from the data files in `forms.library`."""
from __future__ import annotations

from collections.abc import Iterator

from intake.models import ReferenceRow


def reference_rows() -> Iterator[ReferenceRow]:
    """One `ReferenceRow` per record of every dataset of the shipped library version."""
    return iter(())
