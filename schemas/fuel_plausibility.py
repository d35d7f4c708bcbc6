"""Plausibility of the conversion values stated on a fuel row given by volume: its density and
its heating value per unit. Shared by the GHG inventory's combustion lines and the
declaration's `energy.fuels` rows, which take the same fuel keys, units and conversion fields.

A gas weighs about a kilogram per cubic metre, a liquid nearly a tonne; a heating value per m3
is megajoules for a gas and tens of gigajoules for a liquid. A value typed in the wrong unit
(a liquid's density on a gas, kg/L for kg/m3, MJ as TJ) is off by 10³ or 10⁶ and would pass
silently into the totals (issue 11). Outside what any substance can be at the line's unit, the
value is an error; where a reading exists (compressed or liquefied gas) a warning.

    list(fuel_row_problems(row, "years[0].sources[2]", lib, fields))
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from forms.definition import Field
from forms.library import FactorLibrary
from forms.problems import Problem, join_path
from forms.rules import problem
from forms.units import UNITS, Dimension, convert

# Densities of a gas at normal conditions (0 °C, 101.325 kPa; ideal gas, M / 22.414 L/mol):
# hydrogen 0.090 kg/m3, methane 0.717, natural gas about 0.7-0.9, biogas (60 % CH4) about 1.2,
# propane 2.0, n-butane 2.7. Outside 0.08-3 kg/m3 no fuel gas reads at normal conditions.
GAS_KG_PER_M3 = (Decimal("0.08"), Decimal("3"))
# Liquid and solid fuels, in kg/L (= t/m3): gasoline 0.74, diesel 0.82-0.86, fuel oil
# 0.95-0.99, LPG liquid 0.51-0.58, coal in bulk 0.7-0.9, wood 0.3-0.9.
CONDENSED_KG_PER_L = (Decimal("0.3"), Decimal("1.5"))
CONDENSED_KG_PER_M3 = (CONDENSED_KG_PER_L[0] * 1000, CONDENSED_KG_PER_L[1] * 1000)

# Fuels that are gases at ambient conditions and metered as gas. The library groups natural
# gas as "gaseous" but biogas with biomass; the other gases of IPCC 2006 Vol. 2 Table 1.2 are
# named for library versions that list them.
GASEOUS_FUELS = frozenset({
    "natural_gas", "biogas", "landfill_gas", "sludge_gas", "refinery_gas", "ethane",
    "gas_works_gas", "coke_oven_gas", "blast_furnace_gas", "oxygen_steel_furnace_gas",
})
# Gases sold liquefied under pressure: metered as vapour (m3) or as liquid (L, t).
LIQUEFIED_GASES = frozenset({"lpg", "natural_gas_liquids"})

# Typical densities (kg/m3) from which a heating value per unit is expected: the library's NCV
# (TJ/Gg) × density. Only the order of magnitude matters (the check allows √1000 either way).
TYPICAL_GAS_KG_PER_M3 = {
    "natural_gas": Decimal("0.75"),  # 0.7-0.9 kg/Nm3: with 48 TJ/Gg, 36 MJ/Nm3 (methane 35.8)
    "lpg": Decimal("2.3"),  # vapour: propane 2.0, butane 2.7 kg/Nm3
}
DEFAULT_GAS_KG_PER_M3 = Decimal("0.8")
TYPICAL_CONDENSED_KG_PER_M3 = {
    "motor_gasoline": Decimal(740), "other_kerosene": Decimal(800), "diesel_oil": Decimal(845),
    "residual_fuel_oil": Decimal(950), "crude_oil": Decimal(850), "lubricants": Decimal(900),
    "lpg": Decimal(540), "wood": Decimal(500),
}
DEFAULT_CONDENSED_KG_PER_M3 = Decimal(850)  # liquids 0.7-1.0 t/m3, coal in bulk 0.7-0.9

# What a fuel can hold per m3, in TJ: at least 1 MJ (blast-furnace gas, the leanest fuel gas,
# has about 3 MJ/Nm3: 2.47 TJ/Gg × 1.3 kg/m3); at most 200 MJ per Nm3 of gas (butane, the
# richest, about 120 MJ/Nm3: 45.7 TJ/Gg × 2.7 kg/m3) and 50 GJ per m3 of any fuel (residual
# fuel oil, the densest in energy, about 39 GJ/m3: 40.4 TJ/Gg × 0.97 t/m3).
HEATING_VALUE_TJ_PER_M3_MIN = Decimal("0.000001")
HEATING_VALUE_TJ_PER_NM3_MAX = Decimal("0.0002")
HEATING_VALUE_TJ_PER_M3_MAX = Decimal("0.05")
# A heating value more than √1000 times from the expected one is nearer a factor 10³ (MJ, GJ,
# TJ confused) than a natural variation (GCV vs NCV, lean or rich gas, a density guessed).
HEATING_VALUE_RATIO = Decimal("31.6")

GG_PER_KG = Decimal("0.000001")
MJ_PER_TJ = Decimal(1000000)
DENSITY_KEYS = ("density_kg_per_m3", "density_kg_per_l")
NORMAL_VOLUME = "Nm3"


def is_gaseous(fuel: str, lib: FactorLibrary) -> bool:
    """A fuel that is a gas at ambient conditions (natural gas, biogas...)."""
    known = lib.fuels.get(fuel)
    return fuel in GASEOUS_FUELS or (known is not None and known.group == "gaseous")


def fuel_row_problems(row: Mapping[str, Any], path: str, lib: FactorLibrary,
                      fields: Mapping[str, Field]) -> Iterator[Problem]:
    """Warnings and errors for the density and heating value of a loaded fuel row (`fuel`,
    `unit` and any of `density_kg_per_l`, `density_kg_per_m3`, `ncv_tj_per_unit`) at `path`.
    Says nothing unless the row is a known fuel in a volume unit. Raises nothing."""
    fuel, unit_key = row.get("fuel"), row.get("unit")
    if not isinstance(fuel, str) or fuel not in lib.fuels or not isinstance(unit_key, str) \
            or unit_key not in UNITS or UNITS[unit_key].dimension is not Dimension.VOLUME:
        return
    for key in DENSITY_KEYS:
        value = row.get(key)
        if isinstance(value, Decimal) and value.is_finite() and value >= 0 and key in fields:
            yield from _density(fuel, unit_key, key, value, path, lib, fields[key])
    value = row.get("ncv_tj_per_unit")
    if isinstance(value, Decimal) and value.is_finite() and value >= 0 \
            and "ncv_tj_per_unit" in fields:
        yield from _heating_value(fuel, unit_key, value, path, lib, fields["ncv_tj_per_unit"])


def _density(fuel: str, unit_key: str, key: str, value: Decimal, path: str,
             lib: FactorLibrary, f: Field) -> Iterator[Problem]:
    kg_per_m3 = value if key == "density_kg_per_m3" else value * 1000
    gas_low, gas_high = GAS_KG_PER_M3
    as_gas = gas_low <= kg_per_m3 <= gas_high
    name = lib.fuels[fuel]
    params = dict(label_en=f.label_en, label_vi=f.label_vi, value=plain(value), unit=f.unit,
                  kg_per_m3=significant(kg_per_m3), fuel_en=in_sentence(name.name_en),
                  fuel_vi=in_sentence(name.name_vi), low=plain(gas_low), high=plain(gas_high),
                  key=key)
    if unit_key == NORMAL_VOLUME:
        # A normal cubic metre is a volume of gas by definition: no reading of a density
        # outside the range of gases makes sense.
        if not as_gas:
            yield problem("gas_density_impossible", join_path(path, key), **params)
        return
    if is_gaseous(fuel, lib):
        if not as_gas:
            yield problem("gas_density_implausible", join_path(path, key), **params)
        return
    low, high = CONDENSED_KG_PER_M3
    if low <= kg_per_m3 <= high or (fuel in LIQUEFIED_GASES and as_gas):
        return
    # The plausible range in the field's own unit (kg/m3, or kg/L = t/m3).
    scale = Decimal(1) if key == "density_kg_per_m3" else Decimal("0.001")
    expected = f"{plain(low * scale)}–{plain(high * scale)}"
    if fuel in LIQUEFIED_GASES:  # as vapour or as liquid
        expected = f"{plain(gas_low * scale)}–{plain(gas_high * scale)}, {expected}"
    yield problem("implausible_factor", join_path(path, key), key=key, label_en=f.label_en,
                  label_vi=f.label_vi, value=plain(value), unit=f.unit, expected=expected)


def _states(fuel: str, unit_key: str, lib: FactorLibrary) -> tuple[Decimal, ...]:
    """Typical densities (kg/m3) of the states the fuel can be metered in at this unit."""
    gas = TYPICAL_GAS_KG_PER_M3.get(fuel, DEFAULT_GAS_KG_PER_M3)
    if unit_key == NORMAL_VOLUME or is_gaseous(fuel, lib):
        return (gas,)
    condensed = TYPICAL_CONDENSED_KG_PER_M3.get(fuel, DEFAULT_CONDENSED_KG_PER_M3)
    return (gas, condensed) if fuel in LIQUEFIED_GASES else (condensed,)


def _heating_value(fuel: str, unit_key: str, value: Decimal, path: str, lib: FactorLibrary,
                   f: Field) -> Iterator[Problem]:
    m3_per_unit = convert(Decimal(1), unit_key, "m3")
    try:
        ncv = lib.fuel_factor(fuel, "ncv").value
    except KeyError:
        return
    # Expected TJ per unit = NCV (TJ/Gg) × density (kg/m3) × Gg/kg × m3 per unit; the nearest
    # of the fuel's states (LPG as vapour or liquid) is the one compared.
    candidates = [(ncv * density * GG_PER_KG * m3_per_unit, density)
                  for density in _states(fuel, unit_key, lib)]
    expected, density = min(candidates, key=lambda c: _distance(value, c[0]))
    name = lib.fuels[fuel]
    high = HEATING_VALUE_TJ_PER_NM3_MAX if unit_key == NORMAL_VOLUME \
        else HEATING_VALUE_TJ_PER_M3_MAX
    low, high = HEATING_VALUE_TJ_PER_M3_MIN * m3_per_unit, high * m3_per_unit
    params = dict(label_en=f.label_en, label_vi=f.label_vi, value=plain(value), unit=unit_key,
                  expected=significant(expected), expected_mj=significant(expected * MJ_PER_TJ),
                  ncv=plain(ncv), density=plain(density), fuel_en=in_sentence(name.name_en),
                  fuel_vi=in_sentence(name.name_vi), key="ncv_tj_per_unit")
    target = join_path(path, "ncv_tj_per_unit")
    if not low <= value <= high:
        yield problem("heating_value_impossible", target, low=plain(low), high=plain(high),
                      **params)
    elif _distance(value, expected) > HEATING_VALUE_RATIO:
        yield problem("heating_value_implausible", target, ratio=times(value / expected),
                      **params)


def _distance(value: Decimal, expected: Decimal) -> Decimal:
    """How many times apart two positive values are (≥ 1); infinite when one is zero."""
    if value <= 0 or expected <= 0:
        return Decimal("Infinity")
    ratio = value / expected
    return ratio if ratio >= 1 else 1 / ratio


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def times(ratio: Decimal) -> str:
    """A ratio for a message: '10⁶' or '10⁻³' when it is near a power of 1000, otherwise two
    significant digits ('40', '0.05')."""
    log = ratio.log10()
    k = int((log / 3).to_integral_value(ROUND_HALF_EVEN))
    if k and abs(log - 3 * k) <= Decimal("0.5"):
        return "10" + str(3 * k).translate(_SUPERSCRIPT)
    return significant(ratio, 2)


def significant(value: Decimal, digits: int = 3) -> str:
    """`value` rounded to `digits` significant digits, in plain digits (0.0000384, 193000)."""
    if not value:
        return "0"
    exponent = value.adjusted() - digits + 1
    return plain(value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN))


def in_sentence(name: str) -> str:
    """A fuel's name inside a sentence: 'Natural gas' -> 'natural gas', 'Dầu DO' -> 'dầu DO',
    'LPG' unchanged."""
    if len(name) > 1 and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def plain(value: Decimal) -> str:
    """A Decimal in plain digits, without exponent or trailing zeros (720, 0.00072)."""
    if not value:
        return "0"
    return format(value.normalize(), "f")
