"""The calculation of Circular 38/2023/TT-BCT (Art. 16–19, Appendix II) on IPCC 2006.

For each source line and gas: emission = activity data × emission factor; CO2e = Σ emission ×
GWP of the report's set. Decimal from input to output, never rounded here (display rounds).
Each line keeps the chain of multiplications it was computed with (`Step`s), from which
`trace.py` writes the human-readable trace.

Input is a *validated* line (`schemas.ghg`): a line with errors must not reach this module.
"""
from __future__ import annotations

import decimal
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from forms import ghg
from forms.library import FactorLibrary
from forms.units import Dimension, convert, unit
from intake.domain.energy import toe_conversion
from intake.domain.ghg import factors
from intake.domain.ghg.factors import Factor

# Far more digits than any input has: products and the TOE division stay exact in practice.
PRECISION = 50
CONTEXT = decimal.Context(prec=PRECISION, rounding=decimal.ROUND_HALF_EVEN,
                          traps=[decimal.InvalidOperation, decimal.DivisionByZero,
                                 decimal.Overflow])
KG_PER_T = Decimal(1000)
GJ_PER_TOE = Decimal("41.868")  # calculation.md: 1 TOE = 41.868 GJ (IEA definition)
ONE = Decimal(1)


# Term, Step and GasEmission are NamedTuples rather than frozen dataclasses: a line creates
# a few dozen of them, and a frozen dataclass's __init__ (object.__setattr__ per field) costs
# several times a tuple's. They stay immutable and hashable.
class Term(NamedTuple):
    value: Decimal
    unit: str
    factor: Factor | None = None  # the cited value, when the term is a factor


class Step(NamedTuple):
    """`terms` multiplied give `result` in `unit`; `kind` names what was computed.

    `terms[0]` is the only term that depends on the line's quantity; the other terms depend
    only on the line's other values, its year, the GWP set and the library (`trace.py` caches
    their text per line signature and relies on this).
    """

    kind: str  # mass, energy, electricity, toe, a gas ("CO2"), or "co2e:<gas>"
    terms: tuple[Term, ...]
    result: Decimal
    unit: str
    memo: bool = False  # biogenic CO2: reported, not added to any total


class GasEmission(NamedTuple):
    gas: str
    mass_t: Decimal
    gwp: Factor
    tco2e: Decimal
    biogenic: bool = False  # biogenic CO2: a memo item outside every total


# Constant terms, one object each (computed in CONTEXT, as they were per line).
T_PER_KG = CONTEXT.divide(ONE, KG_PER_T)  # 0.001, exactly
TERM_T_PER_KG = Term(T_PER_KG, "t/kg")
TERM_GJ_PER_TJ = Term(KG_PER_T, "GJ/TJ")
TERM_TOE_PER_GJ = Term(CONTEXT.divide(ONE, GJ_PER_TOE), "TOE/GJ")


@dataclass
class LineResult:
    year: int
    index: int  # position of the line in its year
    id: str
    category: str
    scope: int
    line: Mapping[str, Any]
    steps: list[Step] = field(default_factory=list)
    emissions: list[GasEmission] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    energy_tj: Decimal | None = None
    energy_toe: Decimal | None = None
    electricity_mwh: Decimal | None = None
    electricity_toe: Decimal | None = None
    # Everything but the quantity (and id, description, data source) that the calculation
    # and its trace depend on; None when the line's values are not hashable. See `_signature`.
    signature: tuple | None = None

    @property
    def tco2e(self) -> Decimal:
        return sum((e.tco2e for e in self.emissions if not e.biogenic), Decimal(0))

    def gas_t(self, gas: str) -> Decimal:
        return sum((e.mass_t for e in self.emissions if e.gas == gas and not e.biogenic),
                   Decimal(0))

    @property
    def biogenic_co2_t(self) -> Decimal:
        return sum((e.mass_t for e in self.emissions if e.biogenic), Decimal(0))

    @property
    def provisional(self) -> bool:
        return any(f.provisional for f in self.factors)


def calculate_line(line: Mapping[str, Any], *, year: int, index: int, gwp_set: str,
                   lib: FactorLibrary) -> LineResult:
    """Emissions of one validated source line. Raises factors.FactorUnavailable when the
    library lacks a factor validation should have required."""
    variant = ghg.SOURCES.variant(line["category"])
    assert variant is not None, "validated line"
    result = LineResult(year=year, index=index, id=line["id"], category=variant.value,
                        scope=variant.attributes["scope"], line=line,
                        signature=_signature(line, year, gwp_set, lib))
    with decimal.localcontext(CONTEXT):
        _CALCULATORS[variant.value](result, line, gwp_set, lib)
    return result


# Keys that change neither the steps nor the constant terms of a line's calculation: the
# quantity (the one variable), and texts that never enter the calculation or its trace.
_NOT_IN_SIGNATURE = frozenset({"id", "quantity", "description", "data_source"})


def _signature(line: Mapping[str, Any], year: int, gwp_set: str,
               lib: FactorLibrary) -> tuple | None:
    """The line's inputs except its quantity: lines with equal signatures have the same
    steps and the same constant terms. Decimals are keyed by their text so that 0.75 and
    0.750 (equal, differently written) stay apart."""
    items = tuple((k, str(v) if isinstance(v, Decimal) else v) for k, v in line.items()
                  if k not in _NOT_IN_SIGNATURE)
    key = (items, year, gwp_set, lib)
    try:
        hash(key)
    except TypeError:
        return None
    return key


# --- combustion -----------------------------------------------------------------------------

def _combustion(result: LineResult, line: Mapping[str, Any], gwp_set: str,
                lib: FactorLibrary) -> None:
    mobile = result.category == "mobile_combustion"
    fuel = lib.fuels[line["fuel"]]
    energy = _fuel_energy(result, line, lib)
    result.energy_tj = energy
    for gas in ("co2", "ch4", "n2o"):
        ef = factors.combustion_factor(line, gas, lib, mobile)
        result.factors.append(ef)
        mass = energy * ef.value / KG_PER_T
        name = gas.upper()
        # IPCC 2006 Vol. 2, 1.2: CO2 from biomass is reported as a memo item, not in totals;
        # its CH4 and N2O are counted.
        biogenic = gas == "co2" and fuel.biogenic
        result.steps.append(Step(name, (Term(energy, "TJ"), Term(ef.value, ef.unit, ef),
                                        TERM_T_PER_KG), mass, "t", biogenic))
        _emit(result, name, mass, gwp_set, lib, biogenic=biogenic)
    result.energy_toe = _fuel_toe(result, line, energy, lib)


def _fuel_energy(result: LineResult, line: Mapping[str, Any], lib: FactorLibrary) -> Decimal:
    quantity, unit_key = line["quantity"], line["unit"]
    q = Term(quantity, unit_key)
    dimension = unit(unit_key).dimension
    if dimension is Dimension.ENERGY:
        energy = convert(quantity, unit_key, "TJ")
        if unit_key != "TJ":
            result.steps.append(Step("energy", (q, Term(convert(ONE, unit_key, "TJ"),
                                                         f"TJ/{unit_key}")), energy, "TJ"))
        return energy
    if dimension is Dimension.VOLUME:
        per_unit = line.get("ncv_tj_per_unit")
        if per_unit is not None:
            stated = Factor("ncv", per_unit, f"TJ/{unit_key}", factors.FACILITY,
                            line.get("ef_source") or "")
            result.factors.append(stated)
            energy = quantity * per_unit
            result.steps.append(Step("energy", (q, Term(per_unit, stated.unit, stated)),
                                     energy, "TJ"))
            return energy
        mass_t = _volume_to_mass(result, line, lib)
        mass_term, mass_unit_to_gg = Term(mass_t, "t"), Decimal("0.001")
    else:
        mass_term, mass_unit_to_gg = q, convert(ONE, unit_key, "t") / KG_PER_T
    ncv = factors.ncv(line, lib)
    result.factors.append(ncv)
    energy = mass_term.value * mass_unit_to_gg * ncv.value
    result.steps.append(Step("energy", (mass_term, Term(mass_unit_to_gg, f"Gg/{mass_term.unit}"),
                                        Term(ncv.value, ncv.unit, ncv)), energy, "TJ"))
    return energy


def _volume_to_mass(result: LineResult, line: Mapping[str, Any], lib: FactorLibrary) -> Decimal:
    quantity, unit_key = line["quantity"], line["unit"]
    if line.get("density_kg_per_m3") is not None:
        per, density = "m3", Factor("density", line["density_kg_per_m3"], "kg/m3",
                                    factors.FACILITY, line.get("ef_source") or "")
    elif line.get("density_kg_per_l") is not None:
        per, density = "L", Factor("density", line["density_kg_per_l"], "kg/L",
                                   factors.FACILITY, line.get("ef_source") or "")
    else:  # validation allowed this only where the library cites a density (with a warning)
        cited = lib.densities[line["fuel"]]
        per, density = "L", Factor("density", cited.kg_per_l, "kg/L", "library",
                                   cited.source.cite(), source_vi=cited.source.cite("vi"))
    result.factors.append(density)
    to_per = convert(ONE, unit_key, per)
    mass_t = quantity * to_per * density.value / KG_PER_T
    terms = [Term(quantity, unit_key)]
    if to_per != 1:
        terms.append(Term(to_per, f"{per}/{unit_key}"))
    terms += [Term(density.value, density.unit, density), TERM_T_PER_KG]
    result.steps.append(Step("mass", tuple(terms), mass_t, "t"))
    return mass_t


def _fuel_toe(result: LineResult, line: Mapping[str, Any], energy: Decimal,
              lib: FactorLibrary) -> Decimal:
    """TOE by the MOIT table where it has the fuel in a unit of the line's dimension,
    otherwise from the energy with 1 TOE = 41.868 GJ (calculation.md, "Energy in TOE")."""
    found = _toe_row(lib, line["fuel"], unit(line["unit"]).dimension)
    if found is not None:
        toe_unit, cited, cited_term = found
        amount = convert(line["quantity"], line["unit"], toe_unit)
        toe = amount * cited.value
        result.factors.append(cited)
        result.steps.append(Step("toe", (Term(amount, toe_unit), cited_term), toe, "TOE"))
        return toe
    toe = energy * KG_PER_T / GJ_PER_TOE
    result.steps.append(Step("toe", (Term(energy, "TJ"), TERM_GJ_PER_TJ, TERM_TOE_PER_GJ),
                             toe, "TOE"))
    return toe


@functools.lru_cache(maxsize=1024)
def _toe_row(lib: FactorLibrary, fuel: str, dimension: Dimension
             ) -> tuple[str, Factor, Term] | None:
    """(unit, cited factor, its term) of the first MOIT TOE row of `fuel` in a unit of
    `dimension` (the library's order), or None."""
    row = toe_conversion(lib, fuel, dimension)
    if row is None:
        return None
    cited = Factor("toe", row.toe_per_unit, f"TOE/{row.unit}", "national", row.source.cite(),
                   source_vi=row.source.cite("vi"))
    return row.unit, cited, Term(row.toe_per_unit, cited.unit, cited)


# --- gases released, processes, waste ---------------------------------------------------------

def _released(result: LineResult, line: Mapping[str, Any], gwp_set: str,
              lib: FactorLibrary) -> None:
    """Fugitive and refrigerant lines: the activity is the mass of gas itself (Circular 38,
    method 2.1 for refrigerants: the mass charged during the year)."""
    mass = _mass_t(result, line)
    _emit(result, line["gas"], mass, gwp_set, lib)


def _per_tonne(result: LineResult, line: Mapping[str, Any], gwp_set: str,
               lib: FactorLibrary) -> None:
    """Industrial process, waste, purchased steam: t of activity × t of gas per t."""
    mass = _mass_t(result, line)
    ef = factors.per_tonne_factor(line, lib)
    result.factors.append(ef)
    gas = factors.process_gas(line, lib)
    terms = [Term(mass, "t"), Term(ef.value, f"t {gas}/t", ef)]
    emitted = mass * ef.value
    correction = factors.process_correction(line, lib)
    if correction is not None:  # clinker: × the cement kiln dust correction
        result.factors.append(correction)
        terms.append(Term(correction.value, "CKD", correction))
        emitted = emitted * correction.value
    result.steps.append(Step(gas, tuple(terms), emitted, "t"))
    _emit(result, gas, emitted, gwp_set, lib)


def _mass_t(result: LineResult, line: Mapping[str, Any]) -> Decimal:
    quantity, unit_key = line["quantity"], line["unit"]
    mass = convert(quantity, unit_key, "t")
    if unit_key != "t":
        result.steps.append(Step("mass", (Term(quantity, unit_key),
                                          Term(convert(ONE, unit_key, "t"), f"t/{unit_key}")),
                                 mass, "t"))
    return mass


# --- electricity ------------------------------------------------------------------------------

def _electricity(result: LineResult, line: Mapping[str, Any], gwp_set: str,
                 lib: FactorLibrary) -> None:
    quantity, unit_key = line["quantity"], line["unit"]
    mwh = convert(quantity, unit_key, "MWh")
    result.electricity_mwh = mwh
    if unit_key != "MWh":
        result.steps.append(Step("electricity", (Term(quantity, unit_key),
                                                 Term(convert(ONE, unit_key, "MWh"),
                                                      f"MWh/{unit_key}")), mwh, "MWh"))
    ef = factors.electricity_factor(line, result.year, lib)
    result.factors.append(ef)
    co2 = mwh * ef.value
    result.steps.append(Step("CO2", (Term(mwh, "MWh"), Term(ef.value, ef.unit, ef)), co2, "t"))
    _emit(result, "CO2", co2, gwp_set, lib)
    row = lib.toe.get(("electricity", "kWh"))
    if row is not None:
        result.electricity_toe = convert(mwh, "MWh", "kWh") * row.toe_per_unit


# --- common -----------------------------------------------------------------------------------

def _emit(result: LineResult, gas: str, mass_t: Decimal, gwp_set: str, lib: FactorLibrary,
          *, biogenic: bool = False) -> None:
    """Record `mass_t` of `gas` (a blend is split into its components) with its CO2e."""
    for share in factors.gas_shares(gas, gwp_set, lib):
        gwp = share.gwp
        component = mass_t * share.mass_fraction
        if share.mass_fraction != 1:
            result.steps.append(Step(share.gas, (Term(mass_t, f"t {gas}"),
                                                 Term(share.mass_fraction, f"t {share.gas}/t")),
                                     component, "t"))
        tco2e = component * gwp.value
        result.steps.append(Step(f"co2e:{share.gas}", (Term(component, f"t {share.gas}"),
                                                       Term(gwp.value, gwp.unit, gwp)),
                                 tco2e, "tCO2e", biogenic))
        result.factors.append(gwp)
        result.emissions.append(GasEmission(share.gas, component, gwp, tco2e, biogenic))


_CALCULATORS = {
    "stationary_combustion": _combustion,
    "mobile_combustion": _combustion,
    "industrial_process": _per_tonne,
    "waste": _per_tonne,
    "purchased_steam": _per_tonne,
    "fugitive": _released,
    "refrigerant": _released,
    "purchased_electricity": _electricity,
}
assert set(_CALCULATORS) == {v.value for v in ghg.CATEGORIES}, "a category without calculator"
