"""The national grid factors a calculation may use: shipped with the library, or published since."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.library import load_library
from intake.models import BackgroundJob, GridFactorPublication


@dataclass(frozen=True)
class GridFactorRow:
    year: int
    tco2_per_mwh: Decimal
    source: str
    library_version: str
    published_here: bool  # published on the portal after filing, not shipped with the library


def grid_factors(session: Session) -> list[GridFactorRow]:
    """Every year's factor, latest year first."""
    library = load_library()
    rows = [GridFactorRow(year, factor.tco2_per_mwh, factor.source.cite(), library.version, False)
            for year, factor in library.grid.items()]
    rows += [GridFactorRow(p.year, p.tco2_per_mwh, p.source, p.library_version, True)
             for p in session.scalars(select(GridFactorPublication))]
    return sorted(rows, key=lambda row: row.year, reverse=True)


def recalculation_jobs(session: Session, limit: int = 20) -> list[BackgroundJob]:
    return list(session.scalars(select(BackgroundJob).where(BackgroundJob.kind == "recalculation")
                                .order_by(BackgroundJob.created_at_utc.desc()).limit(limit)))
