"""Result figures, each defined once: key, labels, unit, display rounding, export header.

A figure is a number the system computes (a year's total tCO2e, a declaration's energy in TOE).
The live calculation panel, the receipt, the copy of record, the dashboard, the statistics
workbook and the annual report all take a figure's words and rounding from here, so none of
them restates a label or a unit. Values stay exact (`Decimal`) everywhere; rounding is for
display only (calculation.md: tonnes to the kilogram, three decimals). Standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from forms.numbers import format_number


@dataclass(frozen=True, slots=True)
class Figure:
    key: str  # the key of the result document (fixed by the contract: never renamed)
    label_vi: str
    label_en: str
    unit: str
    decimals: int = 3  # shown rounded half up to this many places; stored exact

    def label(self, language: str = "vi") -> str:
        return self.label_en if language == "en" else self.label_vi

    def header(self, language: str = "vi") -> str:
        """The column header of an export or a table: "Tổng phát thải (tCO2e)"."""
        return f"{self.label(language)} ({self.unit})" if self.unit else self.label(language)

    def rounded(self, value: Any) -> Decimal | None:
        """The value rounded for display, None when it is not a number."""
        if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
        return number.quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)

    def display(self, value: Any, language: str = "vi") -> str:
        """The value as a person reads it: `5.940,253` (vi), `5,940.253` (en); "" if absent."""
        number = self.rounded(value)
        if number is None:
            return "" if value is None else str(value)
        return format_number(number, language, self.decimals)


def by_key(figures: tuple[Figure, ...]) -> dict[str, Figure]:
    return {f.key: f for f in figures}


# The figures of a GHG inventory year (`result.years[Y]`) and of its lines.
GHG_YEAR_FIGURES = (
    Figure("total_tco2e", "Tổng phát thải", "Total emissions", "tCO2e"),
    Figure("scope1_tco2e", "Phát thải trực tiếp (phạm vi 1)", "Direct emissions (scope 1)", "tCO2e"),
    Figure("scope2_tco2e", "Phát thải gián tiếp (phạm vi 2)", "Indirect emissions (scope 2)",
           "tCO2e"),
    Figure("co2_t", "CO2", "CO2", "t"),
    Figure("ch4_t", "CH4", "CH4", "t", decimals=6),
    Figure("n2o_t", "N2O", "N2O", "t", decimals=6),
    Figure("biogenic_co2_t", "CO2 sinh khối (ghi nhớ)", "Biogenic CO2 (memo)", "t"),
    Figure("energy_tj", "Năng lượng nhiên liệu", "Fuel energy", "TJ"),
    Figure("energy_toe", "Năng lượng nhiên liệu (TOE)", "Fuel energy (TOE)", "TOE", decimals=1),
    Figure("tco2e_per_t_product", "Cường độ phát thải trên tấn sản phẩm", "Emissions per tonne of product",
           "tCO2e/t", decimals=6),
)
GHG_LINE_TCO2E = Figure("tco2e", "Phát thải quy đổi", "Emissions", "tCO2e")
GAS_MASS = Figure("mass_t", "Khối lượng khí", "Mass of gas", "t", decimals=6)
FACILITY_COUNT = Figure("facilities", "Số cơ sở", "Facilities", "", decimals=0)

# The `totals` of an environmental declaration's result document.
DECLARATION_FIGURES = (
    Figure("energy_tj", "Năng lượng nhiên liệu", "Fuel energy", "TJ"),
    Figure("energy_toe", "Tổng năng lượng tiêu thụ quy đổi", "Total energy used", "TOE",
           decimals=1),
    Figure("fuel_energy_toe", "Năng lượng nhiên liệu quy đổi", "Fuel energy", "TOE", decimals=1),
    Figure("electricity_kwh", "Điện tiêu thụ", "Electricity used", "kWh", decimals=0),
    Figure("electricity_mwh", "Điện tiêu thụ", "Electricity used", "MWh"),
    Figure("electricity_toe", "Điện tiêu thụ quy đổi", "Electricity used", "TOE", decimals=1),
    Figure("water_supply_m3", "Nước cấp", "Water supply", "m3", decimals=1),
    Figure("wastewater_m3_per_day", "Nước thải theo ngày", "Wastewater per day", "m3/d", decimals=1),
    Figure("wastewater_m3_per_year", "Nước thải trong năm", "Wastewater in the year", "m3",
           decimals=1),
    Figure("solid_waste_kg", "Chất thải rắn thông thường và sinh hoạt",
           "Ordinary and domestic solid waste", "kg", decimals=1),
    Figure("recycled_kg", "Chất thải được tái chế", "Waste recycled", "kg", decimals=1),
    Figure("hazardous_waste_kg", "Chất thải nguy hại", "Hazardous waste", "kg", decimals=1),
    Figure("single_use_plastic_kg", "Nhựa dùng một lần", "Single-use plastic", "kg", decimals=1),
    Figure("plastic_packaging_kg", "Bao bì nhựa", "Plastic packaging", "kg", decimals=1),
)
