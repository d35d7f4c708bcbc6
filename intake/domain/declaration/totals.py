"""The figures the sector database keeps for a declaration: energy in TJ and TOE, water,
wastewater, solid and hazardous waste, plastics. Decimal throughout, unrounded.

Energy of a fuel (calculation.md, "Energy in TOE"): TJ from its mass and the library's net
calorific value (or an energy unit given directly, or a volume with the stated density); TOE
from the MOIT conversion table (letter 3505/BCT-KHCN, Circular 02/2014/TT-BCT) where it has a
row for the fuel and unit, else from TJ at 1 TOE = 41.868 GJ. Electricity converts with the
table's row (0.0001543 TOE/kWh) and is counted in `energy_toe`, never in `energy_tj` (the heat
content of fuels burnt, as in the GHG result).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from forms.declaration import DECLARATION_FORM
from forms.labels import choice_label, field_name_params
from forms.library import FactorLibrary, load_library
from forms.problems import Problem
from forms.rules import problem
from forms.units import Dimension, UnitError, convert, unit
from forms.vocabulary import CONVERSION_KEYS
from intake.domain.energy import toe_conversion
from schemas.declaration import discharged_m3_per_year, plain, yearly_wastewater_m3

ZERO = Decimal(0)
GJ_PER_TOE = Decimal("41.868")
KG_PER_T = Decimal(1000)

# The result document's `totals` keys (docs/declaration.md); a key is never renamed.
TOTAL_KEYS = (
    "energy_tj", "energy_toe", "fuel_energy_toe", "total_energy_toe", "electricity_kwh", "electricity_mwh",
    "electricity_toe", "water_supply_m3", "wastewater_m3_per_day", "wastewater_m3_per_year",
    "solid_waste_kg", "recycled_kg", "hazardous_waste_kg", "single_use_plastic_kg",
    "plastic_packaging_kg",
)


@dataclass(frozen=True, slots=True)
class FuelEnergy:
    """The energy of one fuel row; None where the unit gives no way to know it."""

    tonnes: Decimal | None
    tj: Decimal | None
    toe: Decimal | None


def fuel_tonnes(quantity: Decimal, unit_key: str, density_kg_per_l: Decimal | None = None,
                density_kg_per_m3: Decimal | None = None) -> Decimal | None:
    """The mass in t of a quantity of fuel in a mass unit, or in a volume unit with its
    density (per litre, or per m3 for a gas); None otherwise. Raises nothing."""
    try:
        dimension = unit(unit_key).dimension
    except UnitError:
        return None
    if dimension is Dimension.MASS:
        return convert(quantity, unit_key, "t")
    if dimension is Dimension.VOLUME and density_kg_per_m3:
        return convert(quantity, unit_key, "m3") * density_kg_per_m3 / KG_PER_T
    if dimension is Dimension.VOLUME and density_kg_per_l:
        return convert(quantity, unit_key, "L") * density_kg_per_l / KG_PER_T
    return None


def fuel_energy(fuel: str, quantity: Decimal, unit_key: str, *,
                density_kg_per_l: Decimal | None = None, density_kg_per_m3: Decimal | None = None,
                ncv_tj_per_gg: Decimal | None = None, ncv_tj_per_unit: Decimal | None = None,
                library: FactorLibrary | None = None) -> FuelEnergy:
    """Mass (t), energy (TJ) and TOE of a quantity of fuel, converted as a GHG inventory line
    is (`intake.domain.ghg.calculate`): an energy unit as it is; a volume by its heating value
    per unit or its density; a mass by the stated NCV, else the library's. TOE by the MOIT
    table's row of the fuel in a unit of the same kind (`energy.toe_conversion`), else from TJ.
    Raises nothing: what cannot be known is None."""
    library = library or load_library()
    try:
        dimension = unit(unit_key).dimension
    except UnitError:
        return FuelEnergy(None, None, None)
    tonnes = fuel_tonnes(quantity, unit_key, density_kg_per_l, density_kg_per_m3)
    tj: Decimal | None = None
    if dimension is Dimension.ENERGY:
        tj = convert(quantity, unit_key, "TJ")
    elif dimension is Dimension.VOLUME and ncv_tj_per_unit is not None:
        tj = quantity * ncv_tj_per_unit
    elif tonnes is not None:
        ncv = ncv_tj_per_gg
        if ncv is None:
            try:
                ncv = library.fuel_factor(fuel, "ncv").value
            except KeyError:  # no library NCV (industrial wastes): the row must state one
                ncv = None
        tj = tonnes / KG_PER_T * ncv if ncv is not None else None  # Gg × TJ/Gg
    toe: Decimal | None = None
    if (row := toe_conversion(library, fuel, dimension)) is not None:
        toe = convert(quantity, unit_key, row.unit) * row.toe_per_unit
    elif tj is not None:
        toe = tj * 1000 / GJ_PER_TOE
    return FuelEnergy(tonnes, tj, toe)


def row_energy(row: Mapping[str, Any], quantity: Decimal, library: FactorLibrary | None = None,
               number: Callable[[Any], Decimal | None] | None = None) -> FuelEnergy:
    """`fuel_energy` of a fuel row (of a declaration or an inventory) with its conversion
    fields, each read by `number` (default: a loaded Decimal, anything else absent)."""
    number = number or (lambda value: value if isinstance(value, Decimal) else None)
    return fuel_energy(row["fuel"], quantity, row["unit"], library=library,
                       **{key: number(row.get(key)) for key in CONVERSION_KEYS})


def _fuel_rows(data: Mapping[str, Any]) -> Iterator[tuple[int, Mapping[str, Any], Decimal]]:
    energy = data.get("energy")
    fuels = energy.get("fuels") if isinstance(energy, Mapping) else None
    for index, row in enumerate(fuels if isinstance(fuels, list) else []):
        if isinstance(row, Mapping) and isinstance(row.get("quantity"), Decimal) \
                and isinstance(row.get("fuel"), str) and isinstance(row.get("unit"), str):
            yield index, row, row["quantity"]


def unconverted_fuels(data: Mapping[str, Any]) -> Iterator[Problem]:
    """A warning for each fuel row whose energy cannot be known, so that a total left short
    is never silent."""
    library = load_library()
    for index, row, quantity in _fuel_rows(data):
        energy = row_energy(row, quantity, library)
        if quantity and (energy.tj is None or energy.toe is None):
            what_en, what_vi = ("TJ", "TJ") if energy.tj is None else ("TOE", "TOE")
            yield problem("fuel_energy_not_converted", f"energy.fuels[{index}].quantity",
                          quantity=plain(quantity), unit=row["unit"], fuel=row["fuel"],
                          fuel_en=choice_label(_FUEL, row["fuel"], "en"),
                          fuel_vi=choice_label(_FUEL, row["fuel"], "vi"),
                          what_en=what_en, what_vi=what_vi, **_DENSITY)


_FUEL = DECLARATION_FORM.node_at("energy.fuels.fuel")
_DENSITY = field_name_params([DECLARATION_FORM.node_at(f"energy.fuels.{key}") for key in
                              ("density_kg_per_l", "density_kg_per_m3", "ncv_tj_per_unit", "ncv_tj_per_gg")],
                             "density")


def totals(data: Mapping[str, Any]) -> dict[str, Decimal]:
    """The `totals` of the result document from loaded data (values that failed validation
    are absent from it, so they count for nothing)."""
    library = load_library()
    energy_tj = fuel_toe = ZERO
    for _, row, quantity in _fuel_rows(data):
        energy = row_energy(row, quantity, library)
        energy_tj += energy.tj or ZERO
        fuel_toe += energy.toe or ZERO
    electricity = _amount(data, "energy", "electricity_kwh")
    electricity_toe = electricity * library.toe[("electricity", "kWh")].toe_per_unit
    streams = data.get("wastewater") if isinstance(data.get("wastewater"), list) else []
    streams = [s for s in streams if isinstance(s, Mapping)]
    return {
        "energy_tj": energy_tj,
        "energy_toe": fuel_toe + electricity_toe,
        # The same two TOE figures under the same keys as a GHG inventory year's: fuels alone,
        # and fuels with electricity (`energy_toe` keeps its contract meaning in each form).
        "fuel_energy_toe": fuel_toe,
        "total_energy_toe": fuel_toe + electricity_toe,
        "electricity_kwh": electricity,
        "electricity_mwh": convert(electricity, "kWh", "MWh"),
        "electricity_toe": electricity_toe,
        "water_supply_m3": _amount(data, "water", "supply_m3"),
        # Every stream, stormwater included: what leaves the site.
        "wastewater_m3_per_day": sum((s["volume_m3_per_day"] for s in streams
                                      if isinstance(s.get("volume_m3_per_day"), Decimal)),
                                     start=ZERO),
        "wastewater_m3_per_year": sum((v for v in map(yearly_wastewater_m3, streams)
                                       if v is not None), start=ZERO),
        "solid_waste_kg": _amount(data, "solid_waste", "ordinary_industrial_kg")
        + _amount(data, "solid_waste", "domestic_kg"),
        "recycled_kg": _amount(data, "solid_waste", "recycled_kg"),
        "hazardous_waste_kg": hazardous_waste_kg(data),
        "single_use_plastic_kg": _amount(data, "plastics", "single_use_plastic_kg"),
        "plastic_packaging_kg": _amount(data, "plastics", "plastic_packaging_kg"),
    }


def hazardous_waste_kg(data: Mapping[str, Any]) -> Decimal:
    rows = data.get("hazardous_waste") if isinstance(data.get("hazardous_waste"), list) else []
    return sum((r["quantity_kg"] for r in rows
                if isinstance(r, Mapping) and isinstance(r.get("quantity_kg"), Decimal)),
               start=ZERO)


def _amount(data: Mapping[str, Any], group: str, key: str) -> Decimal:
    block = data.get(group)
    value = block.get(key) if isinstance(block, Mapping) else None
    return value if isinstance(value, Decimal) else ZERO


__all__ = ["FuelEnergy", "TOTAL_KEYS", "discharged_m3_per_year", "fuel_energy", "fuel_tonnes",
           "hazardous_waste_kg", "row_energy", "totals", "unconverted_fuels", "yearly_wastewater_m3"]
