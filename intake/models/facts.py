"""The sector environmental database: one row per fact of an accepted report's accepted
version, written when the report is accepted and rebuilt by `intake statistics rebuild`.

Facility attributes (commune, sector) are copied onto each fact as they were in the accepted
document: statistics of a past year must not change when a facility later moves or is
reclassified.

GHG facts hold gas masses and their CO2e in every GWP set (see `intake.domain.facts`):
statistics add reports in the one set asked for. A new GWP set in the library needs a column
per fact table, a migration, and `intake statistics rebuild`.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base
from intake.models.exact_decimal import ExactDecimal

# Every digit the calculation produced, on SQLite as on PostgreSQL (no fixed scale: a mass of
# CH4 in tonnes easily has more than 10 decimals). Sum with `exact_sum`, never `func.sum`.
Amount = ExactDecimal()


class GhgLineFact(Base):
    __tablename__ = "ghg_line_facts"
    __table_args__ = (
        Index("ix_ghg_line_facts_year_facility", "data_year", "facility_id"),
        Index("ix_ghg_line_facts_year_category", "data_year", "category"),
        Index("ix_ghg_line_facts_year_commune", "data_year", "commune_code"),
        Index("ix_ghg_line_facts_year_vsic", "data_year", "vsic"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    version_number: Mapped[int]
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"))
    data_year: Mapped[int]
    line_id: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40))
    scope: Mapped[int]
    fuel: Mapped[str | None] = mapped_column(String(60))
    commune_code: Mapped[str] = mapped_column(String(5))
    vsic: Mapped[str | None] = mapped_column(String(10))
    # The set the report was filed under; the CO2e of the line in each set follows (in the
    # filed set, the figure as filed).
    gwp_set: Mapped[str] = mapped_column(String(10))
    # NULL in a set where a gas of the line has no GWP (HFO-1234yf has none in AR4 or AR5):
    # never counted as zero; the statistics in that set say what they leave out.
    tco2e_ar4: Mapped[Decimal | None] = mapped_column(Amount)
    tco2e_ar5: Mapped[Decimal | None] = mapped_column(Amount)
    tco2e_ar6: Mapped[Decimal | None] = mapped_column(Amount)
    biogenic_co2_t: Mapped[Decimal] = mapped_column(Amount)
    energy_tj: Mapped[Decimal] = mapped_column(Amount)
    energy_toe: Mapped[Decimal] = mapped_column(Amount)
    electricity_mwh: Mapped[Decimal] = mapped_column(Amount)


class GhgGasFact(Base):
    __tablename__ = "ghg_gas_facts"
    __table_args__ = (Index("ix_ghg_gas_facts_year_gas", "data_year", "gas"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"))
    data_year: Mapped[int]
    line_id: Mapped[str] = mapped_column(String(40))
    gas: Mapped[str] = mapped_column(String(20))
    mass_t: Mapped[Decimal] = mapped_column(Amount)
    # mass_t × the gas's GWP in each set; NULL in a set that gives the gas no GWP
    tco2e_ar4: Mapped[Decimal | None] = mapped_column(Amount)
    tco2e_ar5: Mapped[Decimal | None] = mapped_column(Amount)
    tco2e_ar6: Mapped[Decimal | None] = mapped_column(Amount)


class DeclarationFact(Base):
    """One measure of an accepted environmental declaration (energy, water, wastewater, solid
    waste, hazardous waste by code...)."""

    __tablename__ = "declaration_facts"
    __table_args__ = (Index("ix_declaration_facts_year_measure", "data_year", "measure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"))
    data_year: Mapped[int]
    commune_code: Mapped[str] = mapped_column(String(5))
    vsic: Mapped[str | None] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(60), default="")
    quantity: Mapped[Decimal] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(20))
