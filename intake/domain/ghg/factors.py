"""Choosing the factors of a source line, in the priority of Circular 38/2023/TT-BCT, Art. 18.

A value stated on the line with its source (facility-specific) comes first, then the national
list (Decision 2626/QĐ-BTNMT), then the IPCC 2006 default; the library already orders its own
values (national before IPCC). Each chosen value carries its origin and source for the trace.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from forms.library import FactorLibrary, GwpValue, Source

FACILITY = "facility"


class FactorUnavailable(LookupError):
    """No factor for the line: validation should have refused it first (a programming error
    or an inconsistent library)."""


@dataclass(frozen=True, slots=True)
class Factor:
    """A value used in a calculation, with where it comes from."""

    parameter: str  # ncv, co2, ch4, n2o, grid, electricity, per_tonne, density, gwp...
    value: Decimal
    unit: str
    origin: str  # facility, national, ipcc2006, or the library dataset (grid, gwp, blend)
    source: str
    provisional: bool = False
    source_vi: str = ""  # the source in a Vietnamese reader's words, when it differs

    def as_dict(self) -> dict[str, Any]:
        out = {"parameter": self.parameter, "value": self.value, "unit": self.unit,
               "origin": self.origin, "source": self.source}
        if self.provisional:
            out["provisional"] = True
        return out


def _stated(line: Mapping[str, Any], key: str, parameter: str, unit: str) -> Factor | None:
    value = line.get(key)
    if value is None:
        return None
    return Factor(parameter, value, unit, FACILITY, line.get("ef_source") or "")


def ncv(line: Mapping[str, Any], lib: FactorLibrary) -> Factor:
    """Net calorific value, TJ/Gg: the line's `ncv_tj_per_gg`, else the library's."""
    stated = _stated(line, "ncv_tj_per_gg", "ncv", "TJ/Gg")
    if stated:
        return stated
    return _library_fuel_factor(lib, line["fuel"], "ncv", "")


def combustion_factor(line: Mapping[str, Any], gas: str, lib: FactorLibrary,
                      mobile: bool) -> Factor:
    """kg of `gas` (co2, ch4, n2o) per TJ: the line's override, else stationary factors by fuel
    and combustion sector (IPCC 2006 Vol. 2 Tables 1.4, 2.2–2.4), or road-transport factors
    by fuel and vehicle (Tables 3.2.1, 3.2.2) for mobile combustion."""
    stated = _stated(line, f"ef_{gas}_kg_per_tj", gas, "kg/TJ")
    if stated:
        return stated
    fuel = line["fuel"]
    if mobile:
        return _library_mobile_factor(lib, fuel, gas, line.get("vehicle") or "")
    return _library_fuel_factor(lib, fuel, gas, line.get("sector") or "")


@functools.lru_cache(maxsize=1024)
def _library_mobile_factor(lib: FactorLibrary, fuel: str, gas: str, vehicle: str) -> Factor:
    vehicle = vehicle or default_vehicle(fuel, lib)
    try:
        found = lib.mobile_factor(fuel, gas, vehicle)
    except KeyError as exc:
        raise FactorUnavailable(f"no mobile {gas} factor for {fuel}/{vehicle}") from exc
    return Factor(gas, found.value, found.unit, found.authority, found.source.cite(),
                  source_vi=found.source.cite("vi"))


def default_vehicle(fuel: str, lib: FactorLibrary) -> str:
    vehicles = lib.mobile_vehicles(fuel)
    if not vehicles:
        raise FactorUnavailable(f"no mobile factors for {fuel}")
    return vehicles[0]


@functools.lru_cache(maxsize=1024)
def _library_fuel_factor(lib: FactorLibrary, fuel: str, parameter: str, sector: str) -> Factor:
    try:
        found = lib.fuel_factor(fuel, parameter, sector)
    except KeyError as exc:
        raise FactorUnavailable(f"no {parameter} factor for {fuel} ({sector})") from exc
    source, source_vi = _with_default(found.source, lib.ipcc_default_if_different(fuel, parameter, sector))
    return Factor(parameter, found.value, found.unit, found.authority, source, source_vi=source_vi)


def _with_default(source: Source, default: Any) -> tuple[str, str]:
    """A national value's citation, and (Circular 38 Art. 18: the national value wins) the IPCC
    default it replaced when they differ; English and Vietnamese."""
    en, vi = source.cite(), source.cite("vi")
    if default is not None:
        en += f"; IPCC 2006 default {default.value} {default.unit} ({default.source.cite()}) not used"
        # Vietnamese notation: a decimal comma (the defaults are below a thousand: no grouping).
        vi += (f"; không dùng giá trị mặc định IPCC 2006 {format(default.value, 'f').replace('.', ',')} {default.unit} "
               f"({default.source.cite('vi')})")
    return en, vi


def electricity_factor(line: Mapping[str, Any], year: int, lib: FactorLibrary) -> Factor:
    """tCO2/MWh: the stated factor (supplier's, or a grid override), else the national grid
    factor of the data year, else the latest published one, provisionally."""
    stated = _stated(line, "ef_tco2_per_mwh", "electricity", "tCO2/MWh")
    if stated:
        return stated
    return _grid_factor(lib, year)


@functools.lru_cache(maxsize=256)
def _grid_factor(lib: FactorLibrary, year: int) -> Factor:
    found = lib.grid_factor(year)
    if found is None:
        raise FactorUnavailable(f"no grid emission factor for {year}")
    grid, provisional = found
    return Factor("grid", grid.tco2_per_mwh, "tCO2/MWh", "national", grid.source.cite(),
                  provisional=provisional, source_vi=grid.source.cite("vi"))


def per_tonne_factor(line: Mapping[str, Any], lib: FactorLibrary | None = None) -> Factor:
    """t of gas per t of activity: stated on the line (process, waste, steam), else for an
    industrial process the national list's factor of its `process_type`."""
    stated = _stated(line, "ef_tco2_per_t", "per_tonne", "t/t")
    if stated is not None:
        return stated
    if lib is not None and line.get("process_type"):
        return _process_factor(lib, line["process_type"], "ef")
    raise FactorUnavailable("no ef_tco2_per_t on the line")


def process_correction(line: Mapping[str, Any], lib: FactorLibrary) -> Factor | None:
    """The cement kiln dust correction of a clinker line taking the library's factor (IPCC
    2006 Vol. 3 eq. 2.2, Decision 2626 Part II), None for another line."""
    if line.get("ef_tco2_per_t") is not None or not line.get("process_type"):
        return None
    try:
        return _process_factor(lib, line["process_type"], "ckd_correction")
    except FactorUnavailable:
        return None


@functools.lru_cache(maxsize=256)
def _process_factor(lib: FactorLibrary, process: str, parameter: str) -> Factor:
    try:
        found = lib.process_factor(process, parameter)
    except KeyError as exc:
        raise FactorUnavailable(f"no {parameter} for process {process}") from exc
    source, source_vi = _with_default(found.source, lib.process_default_if_different(process)
                                      if parameter == "ef" else None)
    return Factor(parameter if parameter != "ef" else "per_tonne", found.value, found.unit, found.authority, source,
                  source_vi=source_vi)


def process_gas(line: Mapping[str, Any], lib: FactorLibrary) -> str:
    """The gas a per-tonne line emits: the line's, else its process type's, else CO2."""
    if line.get("gas"):
        return line["gas"]
    names = lib.process_names.get(line.get("process_type") or "")
    return names[2] if names is not None and line.get("ef_tco2_per_t") is None else "CO2"


@dataclass(frozen=True, slots=True)
class GasShare:
    """A component of what is emitted: the whole gas, or one component of a blend."""

    gas: str
    mass_fraction: Decimal
    gwp: Factor


@functools.lru_cache(maxsize=1024)
def gas_shares(gas: str, gwp_set: str, lib: FactorLibrary) -> tuple[GasShare, ...]:
    """The gases a released mass consists of, with their GWP in `gwp_set`.

    A refrigerant blend is split by its mass composition (ASHRAE 34), so its GWP is the
    mass-weighted sum of its components' GWPs and each component is reported as that gas.
    """
    gas = lib.canonical_gas(gas) or gas  # a refrigerant number names its gas
    parts = ([(c.gas, c.mass_fraction) for c in lib.blends[gas].components]
             if gas in lib.blends else [(gas, Decimal(1))])
    try:
        return tuple(GasShare(name, fraction, _gwp_factor(lib.gwp_value(name, gwp_set),
                                                          bool(lib.ozone_depleting(name))))
                     for name, fraction in parts)
    except KeyError as exc:
        raise FactorUnavailable(f"no {gwp_set} GWP for {gas}") from exc


# The origin of the GWP of an ozone-depleting substance: the trace says what it is.
OZONE_DEPLETING = "gwp_ozone_depleting"


def _gwp_factor(gwp: GwpValue, ozone_depleting: bool = False) -> Factor:
    return Factor("gwp", gwp.value, f"GWP {gwp.gwp_set}", OZONE_DEPLETING if ozone_depleting else "gwp",
                  gwp.source.cite(), source_vi=gwp.source.cite("vi"))
