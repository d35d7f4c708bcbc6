"""Factors published after reports were filed, and the recalculations they caused.

A grid emission factor published by the Ministry (`intake factors publish-grid`) makes a new
factor-library version: the shipped one with every publication so far (`forms.library.
with_published_grid`). The reports that were calculated with a provisional factor for that year
are calculated again: the filed version is never altered; the new result is a `Recalculation`
beside it, which the sector database counts from then on.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base, JSONDocument, UTCDateTime, utc_now
from intake.models.exact_decimal import ExactDecimal


class GridFactorPublication(Base):
    __tablename__ = "grid_factor_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    tco2_per_mwh: Mapped[Decimal] = mapped_column(ExactDecimal())
    source: Mapped[str] = mapped_column(Text)
    # The library version this publication makes ("2026.1+1"), the base with every publication
    # up to this one.
    library_version: Mapped[str] = mapped_column(String(40), unique=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class Recalculation(Base):
    """A submitted version calculated again with a newer library: the result it has now, and
    which factor it had and has (the trace of both)."""

    __tablename__ = "recalculations"
    __table_args__ = (UniqueConstraint("report_id", "version_number", "publication_id",
                                       name="uq_recalculations_version_publication"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    version_number: Mapped[int]
    publication_id: Mapped[int] = mapped_column(ForeignKey("grid_factor_publications.id"))
    library_version_before: Mapped[str] = mapped_column(String(40))
    library_version_after: Mapped[str] = mapped_column(String(40))
    # {"year", "before": {"factor", "factor_year", "source"}, "after": {...},
    #  "total_before", "total_after"} for each data year recalculated.
    trace: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    result: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    job_id: Mapped[str | None] = mapped_column(String(32))
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class LibraryActivation(Base):
    """An administrator's choice of the library version new calculations use; the latest
    counts. Publishing a grid factor activates the version it makes. Without any row, the
    newest version is used."""

    __tablename__ = "library_activations"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    activated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    activated_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class HazardousWasteCode(Base):
    """The national list of hazardous-waste codes (Circular 02/2022/TT-BTNMT, Annex III), as the
    Department loaded it (`intake reference hazardous-waste`). Empty until then: declarations'
    codes are then checked for their NN NN NN form only, and their result says so."""

    __tablename__ = "hazardous_waste_codes"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_vi: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    loaded_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
