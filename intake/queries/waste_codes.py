"""The national hazardous-waste list as loaded (`intake.services.waste_codes`)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import HazardousWasteCode


def hazardous_waste_codes(session: Session) -> frozenset[str] | None:
    """Every code of the loaded list; None when the Department has not loaded one."""
    codes = frozenset(session.scalars(select(HazardousWasteCode.code)))
    return codes or None
