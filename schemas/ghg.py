"""Validation of a GHG inventory document: the schema built from `forms.ghg`, then the
cross-field rules of the catalogue (`forms.rules`).

    checked = validate_ghg_document(document, today=date(2026, 3, 1))
    checked.problems        # every error and warning, in one pass
    checked.data            # loaded values (Decimals), rows at their document index
    checked.line_is_clean(0, 1)

Never raises on bad input.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from forms import ghg
from forms.definition import FieldType, Variant
from forms.labels import choice_labels, field_name_params
from forms.library import DEFAULT_GWP_SET, FactorLibrary, LibraryError, load_library
from forms.numbers import suspect_grouping
from forms.problems import Problem, join_path
from forms.rules import problem
from forms.units import UNITS, Dimension, convert
from schemas.build import load_document
from schemas.checked import Checked
from schemas.fuel_plausibility import fuel_row_problems, plain
from schemas.plausibility import output_above_capacity

DIMENSION_VI = {
    Dimension.MASS: "khối lượng",
    Dimension.ENERGY: "năng lượng",
    Dimension.VOLUME: "thể tích",
    Dimension.ELECTRICITY: "điện năng",
}

# Plausible ranges of values stated on a line; outside them a warning asks to check the unit
# (calculation.md, "Unit traps": a factor in kg/MWh entered as kg/kWh, kg entered as t...).
ELECTRICITY_EF_RANGE = (Decimal("0.01"), Decimal("1.5"))  # tCO2/MWh; grid 2014-2023: 0.66-0.92
# Densities and heating values per unit of fuels: schemas/fuel_plausibility.py.
EF_PER_T_MAX = Decimal("5")  # t gas per t: clinker 0.52, lime 0.75, steam 0.1-0.4
# CO2 of an industrial process comes from carbonates or carbon, whose stoichiometry gives
# tenths of a tonne per tonne (IPCC 2006 Vol. 3: clinker 0.52, lime 0.75, soda-lime glass 0.2;
# ceramics with 1 % carbonate about 0.004): below 0.001 a factor per tonne was divided by 1000
# (the quantity in kg, the factor made "per kg"). Other gases' factors are legitimately tiny
# (N2O of nitric acid 0.002-0.009 t/t, CF4 of aluminium 0.00004 t/t), so only CO2 is checked.
PROCESS_CO2_PER_T_MIN = Decimal("0.001")
# A typed grid factor matches a published one when that one, rounded to the typed decimals
# (at least two), gives it: 0.72 and 0.722 are the 2021 factor 0.7221 (`_same_factor`).
GRID_MATCH_MIN_DECIMALS = 2
# Ratio to the library value beyond which a facility-specific value is questioned.
LIBRARY_RATIO = {"ncv_tj_per_gg": Decimal(3), "ef_co2_kg_per_tj": Decimal(3),
                 "ef_ch4_kg_per_tj": Decimal(30), "ef_n2o_kg_per_tj": Decimal(30)}
LIBRARY_PARAMETER = {"ncv_tj_per_gg": "ncv", "ef_co2_kg_per_tj": "co2",
                     "ef_ch4_kg_per_tj": "ch4", "ef_n2o_kg_per_tj": "n2o"}
# A quantity that more than doubles or halves between the two data years is pointed out.
LARGE_CHANGE_RATIO = Decimal(2)

LINE_FACTOR_KEYS = ("ef_tco2_per_t", "ef_tco2_per_mwh")
SOURCE_FIELDS = {f.key: f for f in ghg.SOURCE_FIELDS}
DECIMAL_KEYS = frozenset(f.key for f in ghg.SOURCE_FIELDS if f.type is FieldType.DECIMAL)


@dataclass
class CheckedDocument(Checked):
    """The outcome of validating a GHG inventory: also the factor library and GWP set used."""

    library: FactorLibrary
    gwp_set: str | None

    def line_is_clean(self, year_index: int, line_index: int) -> bool:
        return not self.has_error_under(f"years[{year_index}].sources[{line_index}]")


def validate_ghg_document(document: Any, *, today: dt.date | None = None,
                          library: FactorLibrary | None = None) -> CheckedDocument:
    """Validate a GHG inventory document. `today` decides which data years have ended;
    `library`, when given, is the library to calculate with instead of the document's version
    (that version with the grid factors published since, `forms.library.with_published_grid`)."""
    today = today or dt.date.today()
    data, problems = load_document(ghg.GHG_FORM, document)
    problems = [_specific(p, document) for p in problems]
    library = library or _library(data, problems)
    gwp_set = data.get("gwp_set") or (None if _raw(document, "gwp_set") else DEFAULT_GWP_SET)
    if isinstance(document, Mapping):
        problems.extend(_cross_field(document, data, library, today, gwp_set or DEFAULT_GWP_SET))
    return CheckedDocument(data, problems, library, gwp_set)


def _specific(p: Problem, document: Any) -> Problem:
    """The form's own codes for a wrong `form` or `form_version` (clearer than a choice)."""
    if p.code == "unknown_choice" and p.path == "form":
        return problem("wrong_form", "form", value=_raw(document, "form"),
                       expected=ghg.FORM_KEY, expected_en=ghg.GHG_FORM.label_en,
                       expected_vi=ghg.GHG_FORM.label_vi)
    if p.code == "unknown_choice" and p.path == "form_version":
        return problem("unknown_form_version", "form_version",
                       value=_raw(document, "form_version"), choices=", ".join(ghg.FORM_VERSIONS))
    return p


def _raw(document: Any, key: str) -> Any:
    return document.get(key) if isinstance(document, Mapping) else None


def _library(data: Mapping[str, Any], problems: list[Problem]) -> FactorLibrary:
    try:
        return load_library(data.get("factor_library_version") or ghg.LIBRARY_VERSION)
    except LibraryError:  # the version is checked against the choices already
        return load_library(ghg.LIBRARY_VERSION)


def _cross_field(document: Mapping[str, Any], data: Mapping[str, Any], lib: FactorLibrary,
                 today: dt.date, gwp_set: str) -> Iterator[Problem]:
    raw_years = document.get("years")
    if not isinstance(raw_years, list):
        return
    years = data.get("years") if isinstance(data.get("years"), list) else []
    seen_years: dict[int, int] = {}
    for i, raw_year in enumerate(raw_years):
        if not isinstance(raw_year, Mapping):
            continue
        year_data = years[i] if i < len(years) and isinstance(years[i], dict) else {}
        year = year_data.get("year")
        year_path = f"years[{i}]"
        if isinstance(year, int):
            if year >= today.year:
                yield problem("year_not_ended", f"{year_path}.year", year=year, value=year)
            if year in seen_years:
                yield problem("duplicate_key", f"{year_path}.year", value=year,
                              label_en="Data years", label_vi="Năm số liệu")
            seen_years[year] = i
        raw_lines = raw_year.get("sources")
        if not isinstance(raw_lines, list):
            continue
        if not raw_lines and isinstance(year, int):
            yield problem("empty_year", year_path, year=year)
        lines = year_data.get("sources") if isinstance(year_data.get("sources"), list) else []
        seen_ids: set[str] = set()
        for j, raw_line in enumerate(raw_lines):
            if not isinstance(raw_line, Mapping):
                continue
            line = lines[j] if j < len(lines) and isinstance(lines[j], dict) else {}
            path = f"{year_path}.sources[{j}]"
            line_id = line.get("id")
            if isinstance(line_id, str):
                if line_id in seen_ids:
                    yield problem("duplicate_key", f"{path}.id", value=line_id,
                                  label_en="Emission sources", label_vi="Nguồn phát thải")
                seen_ids.add(line_id)
            yield from _check_line(raw_line, line, path, year, lib, gwp_set)
    yield from _year_over_year(document, years)
    yield from output_above_capacity(data.get("production"), "production", "product")


# Ways of stating how much a volume of fuel weighs or holds.
_VOLUME_WAYS = ("density_kg_per_l", "density_kg_per_m3", "ncv_tj_per_unit")


def _names(keys, prefix: str = "fields") -> dict[str, str]:
    """The labels of source-line fields for a message (`fields_en`, `fields_vi`)."""
    return field_name_params((SOURCE_FIELDS[k] for k in keys), prefix)


_SOURCE = field_name_params([SOURCE_FIELDS["ef_source"]], "source")


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _check_line(raw: Mapping[str, Any], line: Mapping[str, Any], path: str, year: Any,
                lib: FactorLibrary, gwp_set: str) -> Iterator[Problem]:
    for key, value in raw.items():
        if key in DECIMAL_KEYS and isinstance(value, (str, Decimal)):
            suspect = suspect_grouping(value)
            if suspect is not None:
                yield problem("thousands_separator_suspected", join_path(path, key),
                              value=value, read_as=suspect[0], alternative=suspect[1])
    variant = ghg.SOURCES.variant(line.get("category"))
    if variant is None:
        return  # no or unknown category: already an error, nothing more can be said
    not_applying = _not_applying(variant)
    for key, value in raw.items():
        if key in not_applying and _present(value):
            yield problem("field_not_used", join_path(path, key), key=key,
                          variant=variant.value, variant_en=variant.label_en,
                          variant_vi=variant.label_vi, label_en=SOURCE_FIELDS[key].label_en,
                          label_vi=SOURCE_FIELDS[key].label_vi)
    for key in variant.required:
        if not _present(raw.get(key)):
            f = SOURCE_FIELDS[key]
            code = "blank_quantity" if f.type is FieldType.DECIMAL else "required"
            yield problem(code, join_path(path, key), label_en=f.label_en, label_vi=f.label_vi)
    unit_key = line.get("unit")
    if unit_key is not None and unit_key not in variant.units:
        u = UNITS[unit_key]
        yield problem("unit_wrong_dimension", join_path(path, "unit"), unit=unit_key,
                      dimension=u.dimension.value, dimension_vi=DIMENSION_VI[u.dimension],
                      category_en=variant.label_en, category_vi=variant.label_vi.lower(),
                      units=", ".join(variant.units), value=unit_key)
        unit_key = None
    found = list(_check_library_has(line, path, lib, gwp_set))
    yield from found
    if found:
        return  # the line cannot be calculated with this library: nothing more to say
    if variant.attributes.get("combustion"):
        yield from _check_combustion(line, path, variant, unit_key, lib)
    elif variant.value == "purchased_electricity":
        yield from _check_electricity(line, path, year, lib)
    elif variant.value == "refrigerant":
        yield from _check_refrigerant(line, path)
    else:
        if variant.value == "industrial_process":
            yield from _check_process(line, path, lib)
        yield from _check_line_factor(line, path)


def _check_library_has(line: Mapping[str, Any], path: str, lib: FactorLibrary,
                       gwp_set: str) -> Iterator[Problem]:
    """The line's fuel and gas are in the report's library version, and the gas has a GWP in
    the report's set (every component of a blend)."""
    fuel, gas = line.get("fuel"), line.get("gas")
    for key, value, known in (("fuel", fuel, fuel in lib.fuels), ("gas", gas, lib.is_known_gas(gas or ""))):
        if isinstance(value, str) and not known:
            f = SOURCE_FIELDS[key]
            yield problem("not_in_library", join_path(path, key), value=value, version=lib.version,
                          newest=ghg.LIBRARY_VERSION, label_en=f.label_en.lower(), label_vi=f.label_vi.lower())
    if isinstance(gas, str) and lib.is_known_gas(gas):
        key = lib.canonical_gas(gas)
        sets = lib.gwp_sets_of(key)
        if gwp_set not in sets:
            parts = [c.gas for c in lib.blends[key].components] if key in lib.blends else [key]
            missing = ", ".join(p for p in parts if (p, gwp_set) not in lib.gwp)
            gases = SOURCE_FIELDS["gas"]
            yield problem("gwp_not_in_set", join_path(path, "gas"), gas=key, gwp_set=gwp_set, missing=missing,
                          gas_en=choice_labels(gases, [key], "en"), gas_vi=choice_labels(gases, [key], "vi"),
                          sets_en=", ".join(sets) or "none", sets_vi=", ".join(sets) or "không có")
    if isinstance(fuel, str) and fuel in lib.fuels and line.get("ncv_tj_per_gg") is None \
            and line.get("ncv_tj_per_unit") is None and line.get("unit") in UNITS \
            and UNITS[line["unit"]].dimension is not Dimension.ENERGY:
        try:
            lib.fuel_factor(fuel, "ncv")
        except KeyError:
            fuels = SOURCE_FIELDS["fuel"]
            yield problem("ncv_required", join_path(path, "ncv_tj_per_gg"), fuel=fuel,
                          fuel_en=choice_labels(fuels, [fuel], "en"), fuel_vi=choice_labels(fuels, [fuel], "vi"),
                          **_names(["ncv_tj_per_gg"], "ncv"))


_NOT_APPLYING: dict[str, frozenset[str]] = {}


def _not_applying(variant: Variant) -> frozenset[str]:
    """The source-line fields that `ghg.SOURCES.applies` refuses for a variant of
    `ghg.SOURCES`, found once per variant."""
    keys = _NOT_APPLYING.get(variant.value)
    if keys is None:
        keys = _NOT_APPLYING[variant.value] = frozenset(
            k for k in SOURCE_FIELDS if not ghg.SOURCES.applies(k, variant))
    return keys


def _check_combustion(line: Mapping[str, Any], path: str, variant: Variant,
                      unit_key: str | None, lib: FactorLibrary) -> Iterator[Problem]:
    fuel = line.get("fuel")
    if variant.value == "mobile_combustion" and fuel is not None:
        vehicles = lib.mobile_vehicles(fuel)
        if not vehicles:
            fuels = SOURCE_FIELDS["fuel"]
            yield problem("fuel_not_for_category", join_path(path, "fuel"), value=fuel,
                          category_en=variant.label_en.lower(),
                          category_vi=variant.label_vi.lower(),
                          choices=", ".join(ghg.MOBILE_FUELS),
                          fuel_en=choice_labels(fuels, [fuel], "en"),
                          fuel_vi=choice_labels(fuels, [fuel], "vi"),
                          choices_en=choice_labels(fuels, ghg.MOBILE_FUELS, "en"),
                          choices_vi=choice_labels(fuels, ghg.MOBILE_FUELS, "vi"))
        elif line.get("vehicle") is not None and line["vehicle"] not in vehicles:
            yield problem("unknown_choice", join_path(path, "vehicle"), value=line["vehicle"],
                          label_en="Vehicle type", label_vi="Loại phương tiện",
                          choices=", ".join(vehicles),
                          choices_en=choice_labels(SOURCE_FIELDS["vehicle"], vehicles, "en"),
                          choices_vi=choice_labels(SOURCE_FIELDS["vehicle"], vehicles, "vi"))
    overrides = [k for k in ghg.OVERRIDE_KEYS if line.get(k) is not None]
    if overrides and not _present(line.get("ef_source")):
        yield problem("override_without_source", join_path(path, "ef_source"),
                      keys=", ".join(overrides), **_names(overrides), **_SOURCE)
    for key in overrides:
        if key in LIBRARY_RATIO and fuel in lib.fuels:
            sector = line.get("sector") or "manufacturing"
            try:
                expected = lib.fuel_factor(fuel, LIBRARY_PARAMETER[key], sector).value
            except KeyError:  # no library value (an NCV IPCC does not give): nothing to compare
                continue
            yield from _ratio_warning(path, key, line[key], expected, LIBRARY_RATIO[key],
                                      SOURCE_FIELDS[key].unit)
    ways = [k for k in _VOLUME_WAYS if line.get(k) is not None]
    if unit_key is None:
        return
    dimension = UNITS[unit_key].dimension
    if dimension is not Dimension.VOLUME:
        for key in ways:
            yield problem("field_not_used", join_path(path, key), key=key, variant=unit_key,
                          variant_en=unit_key, variant_vi=unit_key,
                          label_en=SOURCE_FIELDS[key].label_en,
                          label_vi=SOURCE_FIELDS[key].label_vi)
        return
    if len(ways) > 1:
        yield problem("conflicting_values", join_path(path, ways[1]), keys=", ".join(ways),
                      **_names(ways))
    elif not ways:
        density = lib.densities.get(fuel) if fuel else None
        if density is None:
            yield problem("volume_needs_density", join_path(path, "unit"), unit=unit_key,
                          value=unit_key, **_names(_VOLUME_WAYS))
        else:
            yield problem("default_density", join_path(path, "unit"), fuel=fuel,
                          fuel_en=choice_labels(SOURCE_FIELDS["fuel"], [fuel], "en"),
                          fuel_vi=choice_labels(SOURCE_FIELDS["fuel"], [fuel], "vi"),
                          density=density.kg_per_l, source=density.source.cite())
    yield from fuel_row_problems(line, path, lib, SOURCE_FIELDS)


def _ratio_warning(path, key, value: Decimal, expected: Decimal, ratio: Decimal, unit):
    if expected > 0 and value > 0 and not expected / ratio <= value <= expected * ratio:
        yield _implausible(path, key, value, unit, expected)


def _implausible(path: str, key: str, value: Decimal, unit: str | None, expected: Any) -> Problem:
    f = SOURCE_FIELDS[key]
    return problem("implausible_factor", join_path(path, key), key=key, label_en=f.label_en,
                   label_vi=f.label_vi, value=value, unit=unit, expected=expected)


def _check_electricity(line: Mapping[str, Any], path: str, year: Any,
                       lib: FactorLibrary) -> Iterator[Problem]:
    factor = line.get("ef_tco2_per_mwh")
    supply = line.get("supply")
    if factor is not None:
        low, high = ELECTRICITY_EF_RANGE
        if factor > high or 0 < factor < low:
            yield _implausible(path, "ef_tco2_per_mwh", factor, "tCO2/MWh", f"{low}–{high}")
        elif supply == "grid" and isinstance(year, int):
            yield from _typed_grid_factor(factor, path, year, lib)
        if not _present(line.get("ef_source")):
            code = "override_without_source" if supply == "grid" else "factor_without_source"
            yield problem(code, join_path(path, "ef_source"), keys="ef_tco2_per_mwh",
                          **_names(["ef_tco2_per_mwh"]), **_SOURCE)
        return
    if supply == "other":
        f = SOURCE_FIELDS["ef_tco2_per_mwh"]
        yield problem("required", join_path(path, "ef_tco2_per_mwh"), label_en=f.label_en,
                      label_vi=f.label_vi)
    elif supply == "grid" and isinstance(year, int):
        found = lib.grid_factor(year)
        if found is None:
            yield problem("grid_factor_unavailable", path, year=year,
                          **_names(["ef_tco2_per_mwh"], "factor"))
        elif found[1]:
            grid, _ = found
            yield problem("provisional_grid_factor", path, year=year, factor_year=grid.year,
                          factor=grid.tco2_per_mwh)


def _typed_grid_factor(factor: Decimal, path: str, year: int,
                       lib: FactorLibrary) -> Iterator[Problem]:
    """A grid line's typed factor against the published factors: that of the data year, or
    another year's (calculation.md, Electricity: the factor of the line's data year)."""
    own = lib.grid.get(year)
    if own is not None and _same_factor(factor, own.tco2_per_mwh):
        return
    f = SOURCE_FIELDS["ef_tco2_per_mwh"]
    if own is not None:
        expected_en = expected_vi = f"{plain(own.tco2_per_mwh)} tCO2/MWh"
    else:
        expected_en, expected_vi = "not yet published", "chưa công bố"
    params = dict(label_en=f.label_en, label_vi=f.label_vi, value=plain(factor), year=year,
                  expected_en=expected_en, expected_vi=expected_vi)
    matched = [y for y, g in sorted(lib.grid.items()) if y != year
               and _same_factor(factor, g.tco2_per_mwh)]
    target = join_path(path, "ef_tco2_per_mwh")
    if matched:
        yield problem("grid_factor_other_year", target, matched=", ".join(map(str, matched)),
                      **params)
    else:
        yield problem("grid_factor_not_published", target, **params)


def _same_factor(typed: Decimal, published: Decimal) -> bool:
    """Whether `typed` is `published`, possibly rounded (either way at a half) to its
    decimals, of which it has at least GRID_MATCH_MIN_DECIMALS."""
    if typed == published:
        return True
    exponent = typed.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or -exponent < GRID_MATCH_MIN_DECIMALS:
        return False
    return abs(typed - published) <= Decimal(5).scaleb(exponent - 1)


def _check_refrigerant(line: Mapping[str, Any], path: str) -> Iterator[Problem]:
    """The refrigerant topped up during the year against the installed charge (the charge
    fields of Circular 38 method 2.1's equipment inventory)."""
    charge, quantity, unit_key = line.get("charge_kg"), line.get("quantity"), line.get("unit")
    if not isinstance(charge, Decimal) or not isinstance(quantity, Decimal) \
            or unit_key not in UNITS or UNITS[unit_key].dimension is not Dimension.MASS:
        return
    count = line.get("equipment_count")
    count = count if isinstance(count, int) and not isinstance(count, bool) else 1
    installed = charge * count
    if convert(quantity, unit_key, "kg") > installed:
        yield problem("refrigerant_above_charge", join_path(path, "quantity"),
                      quantity=plain(quantity), unit=unit_key, gas=line.get("gas", ""),
                      count=count, charge=plain(charge), installed=plain(installed))


def _check_process(line: Mapping[str, Any], path: str, lib: FactorLibrary) -> Iterator[Problem]:
    """An industrial process takes the national factor of its process type, or states its own."""
    process = line.get("process_type")
    if process is None:
        if line.get("ef_tco2_per_t") is None:
            f = SOURCE_FIELDS["ef_tco2_per_t"]
            yield problem("required", join_path(path, "ef_tco2_per_t"), label_en=f.label_en, label_vi=f.label_vi)
        return
    names = lib.process_names.get(process)
    if names is None:
        f = SOURCE_FIELDS["process_type"]
        yield problem("not_in_library", join_path(path, "process_type"), value=process, version=lib.version,
                      newest=ghg.LIBRARY_VERSION, label_en=f.label_en.lower(), label_vi=f.label_vi.lower())
    elif line.get("ef_tco2_per_t") is None and line.get("gas") not in (None, names[2]):
        yield problem("process_gas_mismatch", join_path(path, "gas"), gas=line["gas"], process_gas=names[2],
                      process_en=names[1], process_vi=names[0].lower())


def _check_line_factor(line: Mapping[str, Any], path: str) -> Iterator[Problem]:
    factor = line.get("ef_tco2_per_t")
    if factor is None:
        return
    if factor > EF_PER_T_MAX:
        yield _implausible(path, "ef_tco2_per_t", factor, "t/t", f"≤ {EF_PER_T_MAX}")
    elif line.get("category") == "industrial_process" and line.get("gas") in (None, "CO2") \
            and 0 < factor < PROCESS_CO2_PER_T_MIN:
        f = SOURCE_FIELDS["ef_tco2_per_t"]
        yield problem("process_factor_too_small", join_path(path, "ef_tco2_per_t"),
                      label_en=f.label_en, label_vi=f.label_vi, value=plain(factor),
                      minimum=plain(PROCESS_CO2_PER_T_MIN))
    if not _present(line.get("ef_source")):
        yield problem("factor_without_source", join_path(path, "ef_source"),
                      keys="ef_tco2_per_t", **_names(["ef_tco2_per_t"]), **_SOURCE)


def _year_over_year(document: Mapping[str, Any], years: list[Any]) -> Iterator[Problem]:
    """Lines with the same id in both data years whose quantity changes a lot."""
    if len(years) != 2 or not all(isinstance(y, dict) for y in years):
        return
    first, second = years
    if not isinstance(first.get("year"), int) or not isinstance(second.get("year"), int):
        return
    earlier = {}
    for line in first.get("sources") or []:
        if isinstance(line, dict) and isinstance(line.get("id"), str):
            earlier[line["id"]] = line
    for j, line in enumerate(second.get("sources") or []):
        if not isinstance(line, dict):
            continue
        before = earlier.get(line.get("id"))
        if before is None or before.get("category") != line.get("category"):
            continue
        a, b = _in_base(before), _in_base(line)
        if a is None or b is None or a <= 0 or b <= 0:
            continue
        ratio = b / a
        if ratio >= LARGE_CHANGE_RATIO or ratio <= 1 / LARGE_CHANGE_RATIO:
            yield problem("large_change", f"years[1].sources[{j}].quantity", id=line["id"],
                          previous=before["quantity"], value=line["quantity"],
                          unit=line.get("unit"), year_a=first["year"], year_b=second["year"],
                          ratio=f"{ratio:.2f}")


def _in_base(line: Mapping[str, Any]) -> Decimal | None:
    quantity, unit_key = line.get("quantity"), line.get("unit")
    if quantity is None or unit_key not in UNITS:
        return None
    return quantity * UNITS[unit_key].to_base
