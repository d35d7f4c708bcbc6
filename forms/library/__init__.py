"""The factor library and reference vocabulary: versioned CSV files in this package.

Each version lives in its own folder (`forms/library/2026.1/`); a folder is never edited once a
report has been calculated with it. Every value carries its source (document, table, row), which
the calculation trace cites. Standard library only; numbers are `Decimal`.

    lib = load_library()                 # the default version, cached
    lib.fuel_factor("diesel_oil", "ch4", "manufacturing").value   # Decimal("3")
    lib.grid_factor(2025)                # (GridFactor of 2023, provisional=True)
    for row in lib.rows(): ...           # generic rows for the database seed
    load_communes()["00493"].name        # "Xã Thiên Lộc"
"""
from __future__ import annotations

import csv
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

LIBRARY_DIR = Path(__file__).resolve().parent
DEFAULT_LIBRARY_VERSION = "2026.2"

GWP_SETS = ("AR4", "AR5", "AR6")
DEFAULT_GWP_SET = "AR5"
COMBUSTION_SECTORS = ("energy", "manufacturing", "commercial")

# Circular 38/2023/TT-BCT, Art. 18: a facility-specific factor (stated on the line, with its
# source) comes first, then the national list (Decision 2626/QĐ-BTNMT), then IPCC 2006 defaults.
# Only the last two can be in the library; the first is an override on the source line.
AUTHORITY_PRIORITY = ("national", "ipcc2006")


class LibraryError(Exception):
    """A library version is missing or one of its files is malformed."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value comes from, precisely enough for a reviewer to look it up."""

    document: str
    table: str
    row: str

    def cite(self, language: str = "en") -> str:
        parts = [self.document]
        if self.table:
            parts.append(self.table)
        if self.row:
            parts.append(f"dòng “{self.row}”" if language == "vi" else f"row “{self.row}”")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Fuel:
    key: str
    name_vi: str
    name_en: str
    group: str  # liquid, solid, gaseous, biomass
    biogenic: bool
    source: Source


@dataclass(frozen=True, slots=True)
class FuelFactor:
    """One value of `fuel-factors.csv`: `parameter` is ncv (TJ/Gg), co2, ch4 or n2o (kg/TJ)."""

    fuel: str
    parameter: str
    sector: str  # "" when the value does not depend on the combustion sector
    value: Decimal
    unit: str
    authority: str
    source: Source


@dataclass(frozen=True, slots=True)
class MobileFactor:
    fuel: str
    vehicle: str
    parameter: str
    value: Decimal
    unit: str
    authority: str
    source: Source


@dataclass(frozen=True, slots=True)
class ProcessFactor:
    """One value of `process-factors.csv`: `parameter` is ef (t of `gas` per t of product) or
    ckd_correction (the cement kiln dust correction of clinker, IPCC 2006 Vol. 3 eq. 2.2)."""

    process: str
    name_vi: str
    name_en: str
    gas: str
    parameter: str
    value: Decimal
    unit: str
    authority: str
    source: Source


@dataclass(frozen=True, slots=True)
class FuelDensity:
    fuel: str
    kg_per_l: Decimal
    source: Source


@dataclass(frozen=True, slots=True)
class Gas:
    key: str
    family: str
    name_vi: str
    name_en: str
    refrigerant_no: str = ""  # ASHRAE 34 number ("R-22"), accepted for the gas
    # Controlled under the Montreal Protocol as ozone-depleting (the HCFCs; Decree 06/2022/NĐ-CP
    # Art. 22 sets their phase-out): flagged in the trace and the statistics.
    ozone_depleting: bool = False


@dataclass(frozen=True, slots=True)
class GwpValue:
    gas: str
    gwp_set: str
    value: Decimal
    source: Source


@dataclass(frozen=True, slots=True)
class BlendComponent:
    gas: str
    mass_fraction: Decimal
    source: Source


@dataclass(frozen=True, slots=True)
class RefrigerantBlend:
    key: str
    components: tuple[BlendComponent, ...]


@dataclass(frozen=True, slots=True)
class GridFactor:
    year: int
    tco2_per_mwh: Decimal
    status: str
    source: Source


@dataclass(frozen=True, slots=True)
class ToeFactor:
    fuel: str
    unit: str
    toe_per_unit: Decimal
    source: Source


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    name: str
    kind: str  # "phuong" (ward) or "xa" (commune)
    source: Source


@dataclass(frozen=True, slots=True)
class ObligedFacility:
    number: str  # the row number (STT) in Decision 42/2026/QĐ-TTg
    name: str
    address: str
    commune_code: str
    commune_name: str
    activity: str
    source: Source


@dataclass(frozen=True, slots=True)
class LibraryRow:
    """A generic row for loading a dataset into the database (`intake seed`)."""

    dataset: str
    row_key: str
    values: Mapping[str, str]
    source: str


@dataclass(frozen=True, eq=False)  # identity equality: hashable, usable as a cache key
class FactorLibrary:
    """One version of the factor library. Build it with `load_library()`."""

    version: str
    fuels: Mapping[str, Fuel]
    fuel_factors: tuple[FuelFactor, ...]
    mobile: tuple[MobileFactor, ...]
    densities: Mapping[str, FuelDensity]
    gases: Mapping[str, Gas]
    gwp: Mapping[tuple[str, str], GwpValue]
    blends: Mapping[str, RefrigerantBlend]
    grid: Mapping[int, GridFactor]
    toe: Mapping[tuple[str, str], ToeFactor]
    _raw: Mapping[str, tuple[dict[str, str], ...]]
    processes: tuple[ProcessFactor, ...] = ()

    # -- selection -----------------------------------------------------------------------

    def fuel_factor(self, fuel: str, parameter: str, sector: str = "") -> FuelFactor:
        """The highest-priority library value (national before IPCC). Raises KeyError."""
        return self._fuel_index[(fuel, parameter, sector)]

    @functools.cached_property
    def _fuel_index(self) -> dict[tuple[str, str, str], FuelFactor]:
        index: dict[tuple[str, str, str], FuelFactor] = {}
        for fuel in self.fuels:
            for parameter in ("ncv", "co2", "ch4", "n2o"):
                for sector in ("", *COMBUSTION_SECTORS):
                    candidates = [f for f in self.fuel_factors
                                  if f.fuel == fuel and f.parameter == parameter
                                  and f.sector in ("", sector)]
                    if candidates:
                        index[(fuel, parameter, sector)] = _best(iter(candidates), ())
        return index

    def process_factor(self, process: str, parameter: str = "ef") -> ProcessFactor:
        """The highest-priority value of an industrial process (national before IPCC). Raises KeyError."""
        return _best((f for f in self.processes if (f.process, f.parameter) == (process, parameter)),
                     (process, parameter))

    def process_default_if_different(self, process: str) -> ProcessFactor | None:
        """The IPCC 2006 default a national process factor differs from, for the trace; else None."""
        chosen = self.process_factor(process)
        ipcc = [f for f in self.processes if (f.process, f.parameter, f.authority) == (process, "ef", "ipcc2006")]
        return ipcc[0] if chosen.authority == "national" and ipcc and ipcc[0].value != chosen.value else None

    @functools.cached_property
    def process_names(self) -> Mapping[str, tuple[str, str, str]]:
        """process -> (Vietnamese name, English name, gas), in the library's order."""
        return {f.process: (f.name_vi, f.name_en, f.gas) for f in self.processes}

    def mobile_vehicles(self, fuel: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.vehicle for f in self.mobile if f.fuel == fuel))

    def mobile_factor(self, fuel: str, parameter: str, vehicle: str) -> MobileFactor:
        """Road-transport factor of a fuel and vehicle type. Raises KeyError."""
        return self._mobile_index[(fuel, parameter, vehicle)]

    @functools.cached_property
    def _mobile_index(self) -> dict[tuple[str, str, str], MobileFactor]:
        keys = {(f.fuel, f.parameter, f.vehicle) for f in self.mobile}
        return {key: _best((f for f in self.mobile
                            if (f.fuel, f.parameter, f.vehicle) == key), key)
                for key in keys}

    def gwp_value(self, gas: str, gwp_set: str) -> GwpValue:
        """GWP-100 of a single gas (not a blend). Raises KeyError."""
        return self.gwp[(gas, gwp_set)]

    def is_known_gas(self, gas: str) -> bool:
        return self.canonical_gas(gas) is not None

    def canonical_gas(self, name: str) -> str | None:
        """The library's key of a gas or blend given by its name or refrigerant number
        ("R-22", "R22" -> "HCFC-22"); None when unknown."""
        if name in self.gases or name in self.blends:
            return name
        return self.gas_aliases.get(name)

    @functools.cached_property
    def gas_aliases(self) -> Mapping[str, str]:
        """Refrigerant numbers, with and without their hyphen, -> the gas they name."""
        aliases: dict[str, str] = {}
        for gas in self.gases.values():
            if gas.refrigerant_no:
                aliases[gas.refrigerant_no] = gas.key
                aliases[gas.refrigerant_no.replace("-", "", 1)] = gas.key
        for blend in self.blends:
            aliases[blend.replace("-", "", 1)] = blend
        return MappingProxyType({alias: key for alias, key in aliases.items() if alias != key})

    def gwp_sets_of(self, gas: str) -> tuple[str, ...]:
        """The GWP sets in which every component of `gas` (a gas or blend key) has a value."""
        parts = [c.gas for c in self.blends[gas].components] if gas in self.blends else [gas]
        return tuple(s for s in GWP_SETS if all((part, s) in self.gwp for part in parts))

    def ozone_depleting(self, gas: str) -> tuple[str, ...]:
        """The ozone-depleting substances `gas` (a gas or blend key) is or contains."""
        parts = [c.gas for c in self.blends[gas].components] if gas in self.blends else [gas]
        return tuple(p for p in parts if p in self.gases and self.gases[p].ozone_depleting)

    def ipcc_default_if_different(self, fuel: str, parameter: str, sector: str = "") -> FuelFactor | None:
        """The IPCC 2006 default that a national value chosen for (fuel, parameter, sector)
        differs from, for the trace to say so; None when the national list is not used or agrees."""
        chosen = self._fuel_index.get((fuel, parameter, sector))
        if chosen is None or chosen.authority != "national":
            return None
        ipcc = [f for f in self.fuel_factors if f.fuel == fuel and f.parameter == parameter
                and f.sector in ("", sector) and f.authority == "ipcc2006"]
        return ipcc[0] if ipcc and ipcc[0].value != chosen.value else None

    def grid_factor(self, year: int) -> tuple[GridFactor, bool] | None:
        """The grid factor of `year` and whether it is provisional.

        The factor of the data year when published; otherwise the latest published factor
        before it, provisional (calculation.md, Electricity). None for a year before the
        first published factor.
        """
        if year in self.grid:
            return self.grid[year], False
        earlier = [y for y in self.grid if y < year]
        if not earlier:
            return None
        return self.grid[max(earlier)], True

    def rows(self) -> Iterator[LibraryRow]:
        """Every row of every dataset, with a stable key and its cited source."""
        for dataset, (file_name, key_columns) in _DATASETS.items():
            for raw in self._raw[file_name]:
                values = {k: v for k, v in raw.items() if k not in _SOURCE_COLUMNS}
                key = "|".join(raw[c] for c in key_columns)
                source = _source(raw).cite() if "document" in raw else ""
                yield LibraryRow(dataset, key, values, source)


def _best(candidates: Iterator, key: tuple[str, ...]):
    ranked = sorted(candidates, key=lambda f: AUTHORITY_PRIORITY.index(f.authority))
    if not ranked:
        raise KeyError(key)
    return ranked[0]


# dataset name -> (file, key columns)
_DATASETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "fuels": ("fuels.csv", ("fuel",)),
    "fuel_factors": ("fuel-factors.csv", ("fuel", "parameter", "sector", "authority")),
    "mobile_factors": ("mobile-factors.csv", ("fuel", "vehicle", "parameter", "authority")),
    "fuel_densities": ("fuel-densities.csv", ("fuel",)),
    "gases": ("gases.csv", ("gas",)),
    "gwp": ("gwp.csv", ("gas", "gwp_set")),
    "refrigerant_blends": ("refrigerant-blends.csv", ("refrigerant", "component")),
    "grid_emission_factors": ("grid-emission-factors.csv", ("year",)),
    "toe_conversion": ("toe-conversion.csv", ("fuel", "unit")),
    "process_factors": ("process-factors.csv", ("process", "parameter", "authority")),
    "communes": ("hanoi-wards-communes-2025.csv", ("code",)),
    "obliged_facilities": ("hanoi-ghg-facilities-qd42-2026.csv", ("stt_qd42",)),
}
_SOURCE_COLUMNS = ("document", "table", "row")
# Files a version may lack (added in a later version): read as empty.
_OPTIONAL_FILES = frozenset({"process-factors.csv"})


def available_versions() -> tuple[str, ...]:
    """Library versions shipped with the package, oldest first."""
    return tuple(sorted(
        (p.name for p in LIBRARY_DIR.iterdir() if p.is_dir() and (p / "fuels.csv").exists()),
        key=lambda v: tuple(int(x) for x in v.split(".")),
    ))


def _read(folder: Path, file_name: str) -> tuple[dict[str, str], ...]:
    path = folder / file_name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return tuple(dict(row) for row in csv.DictReader(handle))
    except OSError as exc:
        raise LibraryError(f"cannot read {path}: {exc}") from exc


def _source(raw: Mapping[str, str]) -> Source:
    return Source(raw["document"], raw["table"], raw["row"])


def _decimal(raw: Mapping[str, str], column: str, file_name: str) -> Decimal:
    try:
        value = Decimal(raw[column])
    except (InvalidOperation, KeyError) as exc:
        raise LibraryError(f"{file_name}: bad {column} in {dict(raw)}") from exc
    if not value.is_finite() or value < 0:
        raise LibraryError(f"{file_name}: {column} must be a finite non-negative number")
    return value


# A library derived from a shipped version by the grid factors published since (`intake factors
# publish-grid`) is named "<base>+<n>": 2026.1+2 is 2026.1 with the first two publications.
DERIVED_SEPARATOR = "+"


def base_version(version: str) -> str:
    """The shipped version a (possibly derived) library version is built on."""
    return version.split(DERIVED_SEPARATOR, 1)[0]


def with_published_grid(base: FactorLibrary, version: str, published: Mapping[int, GridFactor]) -> FactorLibrary:
    """`base` with the grid factors `published` (year -> factor) added, named `version`. A
    published year that the base has already is refused: a published factor is never replaced.
    Raises LibraryError."""
    clash = sorted(set(published) & set(base.grid))
    if clash:
        raise LibraryError(f"the grid factor of {clash[0]} is in library {base.version} already")
    if base_version(version) != base.version:
        raise LibraryError(f"{version!r} is not a version derived from {base.version!r}")
    return replace(base, version=version, grid=MappingProxyType({**base.grid, **published}))


@dataclass(frozen=True, slots=True)
class LibraryChange:
    """One row that differs between two library versions (`diff_libraries`)."""

    dataset: str
    row_key: str
    before: Mapping[str, str] | None  # None: added
    after: Mapping[str, str] | None  # None: removed


def diff_libraries(older: FactorLibrary, newer: FactorLibrary) -> list[LibraryChange]:
    """Every row added, removed or changed from `older` to `newer`, by dataset and key; the grid
    factors compared as the calculation reads them (a derived version's are not in its files)."""
    def rows(library: FactorLibrary) -> dict[tuple[str, str], Mapping[str, str]]:
        found = {(row.dataset, row.row_key): {**row.values, "source": row.source} for row in library.rows()
                 if row.dataset != "grid_emission_factors"}
        for year, factor in library.grid.items():
            found[("grid_emission_factors", str(year))] = {
                "year": str(year), "tco2_per_mwh": str(factor.tco2_per_mwh), "status": factor.status,
                "source": factor.source.cite()}
        return found

    before, after = rows(older), rows(newer)
    return [LibraryChange(dataset, key, before.get((dataset, key)), after.get((dataset, key)))
            for dataset, key in sorted(set(before) | set(after))
            if before.get((dataset, key)) != after.get((dataset, key))]


@functools.cache
def load_library(version: str | None = None) -> FactorLibrary:
    """The factor library of `version` (default: `DEFAULT_LIBRARY_VERSION`), cached.

    Raises LibraryError when the version does not exist or a file is malformed (a blend whose
    fractions do not add up to 1, a GWP of an unknown gas, a non-numeric value...).
    """
    version = version or DEFAULT_LIBRARY_VERSION
    if version not in available_versions():
        raise LibraryError(f"unknown factor library version {version!r}")
    folder = LIBRARY_DIR / version
    raw = {file_name: () if file_name in _OPTIONAL_FILES and not (folder / file_name).exists()
           else _read(folder, file_name) for file_name, _ in _DATASETS.values()}

    fuels = {
        r["fuel"]: Fuel(r["fuel"], r["name_vi"], r["name_en"], r["fuel_group"],
                        r["biogenic"] == "yes", _source(r))
        for r in raw["fuels.csv"]
    }
    fuel_factors = tuple(
        FuelFactor(r["fuel"], r["parameter"], r["sector"],
                   _decimal(r, "value", "fuel-factors.csv"), r["unit"], r["authority"], _source(r))
        for r in raw["fuel-factors.csv"]
    )
    mobile = tuple(
        MobileFactor(r["fuel"], r["vehicle"], r["parameter"],
                     _decimal(r, "value", "mobile-factors.csv"), r["unit"], r["authority"],
                     _source(r))
        for r in raw["mobile-factors.csv"]
    )
    densities = {
        r["fuel"]: FuelDensity(r["fuel"], _decimal(r, "density_kg_per_l", "fuel-densities.csv"),
                               _source(r))
        for r in raw["fuel-densities.csv"]
    }
    gases = {r["gas"]: Gas(r["gas"], r["family"], r["name_vi"], r["name_en"], r.get("refrigerant_no") or "",
                           r.get("ozone_depleting") == "yes")
             for r in raw["gases.csv"]}
    gwp = {
        (r["gas"], r["gwp_set"]): GwpValue(r["gas"], r["gwp_set"],
                                           _decimal(r, "gwp_100", "gwp.csv"), _source(r))
        for r in raw["gwp.csv"]
    }
    components: dict[str, list[BlendComponent]] = {}
    for r in raw["refrigerant-blends.csv"]:
        components.setdefault(r["refrigerant"], []).append(BlendComponent(
            r["component"], _decimal(r, "mass_fraction", "refrigerant-blends.csv"), _source(r)))
    blends = {key: RefrigerantBlend(key, tuple(parts)) for key, parts in components.items()}
    grid = {
        int(r["year"]): GridFactor(int(r["year"]),
                                   _decimal(r, "tco2_per_mwh", "grid-emission-factors.csv"),
                                   r["status"], _source(r))
        for r in raw["grid-emission-factors.csv"]
    }
    toe = {
        (r["fuel"], r["unit"]): ToeFactor(r["fuel"], r["unit"],
                                          _decimal(r, "toe_per_unit", "toe-conversion.csv"),
                                          _source(r))
        for r in raw["toe-conversion.csv"]
    }
    library = FactorLibrary(
        version=version,
        fuels=MappingProxyType(fuels),
        fuel_factors=fuel_factors,
        mobile=mobile,
        densities=MappingProxyType(densities),
        gases=MappingProxyType(gases),
        gwp=MappingProxyType(gwp),
        blends=MappingProxyType(blends),
        grid=MappingProxyType(grid),
        toe=MappingProxyType(toe),
        _raw=MappingProxyType(raw),
        processes=tuple(
            ProcessFactor(r["process"], r["name_vi"], r["name_en"], r["gas"], r["parameter"],
                          _decimal(r, "value", "process-factors.csv"), r["unit"], r["authority"], _source(r))
            for r in raw["process-factors.csv"]),
    )
    _check_consistency(library)
    return library


def _check_consistency(lib: FactorLibrary) -> None:
    """Refuse a library that would give wrong numbers rather than fail at calculation time."""
    _check_fuel_factors(lib)
    _check_processes(lib)
    _check_gwp(lib)
    _check_blends(lib)


def _check_fuel_factors(lib: FactorLibrary) -> None:
    for factor in (*lib.fuel_factors, *lib.mobile):
        if factor.fuel not in lib.fuels:
            raise LibraryError(f"factor of unknown fuel {factor.fuel!r}")
        if factor.authority not in AUTHORITY_PRIORITY:
            raise LibraryError(f"unknown authority {factor.authority!r}")
    for fuel in lib.fuels:
        # A fuel without a library NCV (IPCC gives none for industrial wastes) is burnt with
        # the NCV its line states; validation asks for it.
        lib.fuel_factor(fuel, "co2")
        for sector in COMBUSTION_SECTORS:
            for parameter in ("ch4", "n2o"):
                lib.fuel_factor(fuel, parameter, sector)


def _check_processes(lib: FactorLibrary) -> None:
    for factor in lib.processes:
        if factor.authority not in AUTHORITY_PRIORITY or factor.gas not in lib.gases:
            raise LibraryError(f"process factor of {factor.process}: unknown authority or gas")


def _check_gwp(lib: FactorLibrary) -> None:
    for gas, gwp_set in lib.gwp:
        if gas not in lib.gases or gwp_set not in GWP_SETS:
            raise LibraryError(f"GWP of unknown gas or set: {gas} {gwp_set}")
    # A gas may lack a set's GWP (IPCC gives HFO-1234yf none in AR4 or AR5): a calculation in
    # that set is refused with the gas and the set named, never counted as zero.
    for alias, gas in lib.gas_aliases.items():
        if alias in lib.gases or alias in lib.blends:
            raise LibraryError(f"refrigerant number {alias} of {gas} is also a gas or a blend")


def _check_blends(lib: FactorLibrary) -> None:
    for blend in lib.blends.values():
        if blend.key in lib.gases:
            raise LibraryError(f"refrigerant {blend.key} is also a gas")
        if sum(c.mass_fraction for c in blend.components) != 1:
            raise LibraryError(f"mass fractions of {blend.key} do not add up to 1")
        for component in blend.components:
            if component.gas not in lib.gases:
                raise LibraryError(f"{blend.key}: unknown component {component.gas}")


@functools.cache
def load_communes(version: str | None = None) -> Mapping[str, Commune]:
    """Hanoi's wards and communes by official code (126 since 1 July 2025). Raises LibraryError."""
    lib = load_library(version)
    return MappingProxyType({
        r["code"]: Commune(r["code"], r["name"], r["type"], _source(r))
        for r in lib._raw["hanoi-wards-communes-2025.csv"]
    })


@functools.cache
def load_obliged_facilities(version: str | None = None) -> tuple[ObligedFacility, ...]:
    """The Hanoi Industry and Trade facilities listed by Decision 42/2026/QĐ-TTg."""
    lib = load_library(version)
    return tuple(
        ObligedFacility(r["stt_qd42"], r["ten_co_so"], r["dia_chi"], r["ma_phuong_xa"],
                        r["phuong_xa"], r["nganh_nghe"], _source(r))
        for r in lib._raw["hanoi-ghg-facilities-qd42-2026.csv"]
    )


@dataclass(frozen=True, slots=True)
class DeclarantSector:
    """A sector of Circular 42/2020/TT-BCT Annex I whose facilities must declare, with its
    threshold as the annex words it ("" when the known text gives none)."""

    key: str
    name_vi: str
    threshold_vi: str
    note: str


# Annex I lists 16 sectors; the text known to the portal quotes 8 of them.
ANNEX_I_SECTORS = 16


@functools.cache
def load_declarant_sectors() -> tuple[DeclarantSector, ...]:
    """The sectors of Circular 42/2020 Annex I known to the latest library that has them
    (partial: `ANNEX_I_SECTORS` minus these are missing)."""
    for version in reversed(available_versions()):
        path = LIBRARY_DIR / version / "circular42-declarant-sectors.csv"
        if path.exists():
            return tuple(DeclarantSector(r["key"], r["sector_vi"], r["threshold_vi"], r["note"])
                         for r in _read(LIBRARY_DIR / version, path.name))
    return ()
