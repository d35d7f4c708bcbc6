"""The sector environmental database: one row per fact of an accepted report's accepted
version, written when the report is accepted and rebuilt by `intake statistics rebuild`.

Facility attributes (commune, sector) are copied onto each fact as they were in the accepted
document: statistics of a past year must not change when a facility later moves or is
reclassified.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base

# Exact decimals: 20 digits before the point cover any facility; 10 after keep every digit
# the calculation produces at the scale of tonnes.
Amount = Numeric(30, 10, asdecimal=True)


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
    tco2e: Mapped[Decimal] = mapped_column(Amount)
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
    tco2e: Mapped[Decimal] = mapped_column(Amount)


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
