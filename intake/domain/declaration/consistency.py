"""Cross-form consistency: the declaration's electricity and fuels against the same facility's
GHG inventory covering the declared year.

Both documents state the same energy use of the same facility and year, once for the sector
environmental database (Circular 42/2020/TT-BCT) and once as GHG activity data (Circular
38/2023/TT-BCT); a difference of more than 10 % of the inventory's value is a warning shown to
the filer and the reviewer, naming both values. Quantities are converted first: kWh against
MWh, kg against t; a fuel is compared by mass when both sides give one (a volume with a
density counts), else by energy in TJ (mass × the library's NCV, or an energy unit). Electricity or a fuel
in one document only is the separate warning `energy_in_one_form_only`.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from forms.library import FactorLibrary, load_library
from forms.numbers import NumberError, parse_decimal
from forms.problems import Problem
from forms.rules import problem
from forms.units import Dimension, UnitError, convert, unit
from intake.domain.declaration.totals import FuelEnergy, row_energy
from schemas.declaration import plain

ZERO = Decimal(0)
# Issue 4: "a difference over 10 % is a warning"; Circular 42/2020 sets no threshold.
TOLERANCE = Decimal("0.10")
COMBUSTION = frozenset({"stationary_combustion", "mobile_combustion"})
ELECTRICITY = "purchased_electricity"
ONE_SIDED = Decimal(-1)  # marks a quantity found in one document only


@dataclass
class _Amount:
    """One fuel's (or electricity's) quantity in a document, with what it was written as."""

    tonnes: Decimal | None = ZERO
    tj: Decimal | None = ZERO
    written: list[str] = field(default_factory=list)
    first_index: int | None = None

    def add(self, tonnes: Decimal | None, tj: Decimal | None, written: str) -> None:
        self.tonnes = None if self.tonnes is None or tonnes is None else self.tonnes + tonnes
        self.tj = None if self.tj is None or tj is None else self.tj + tj
        self.written.append(written)


def compare_with_ghg(declaration: Mapping[str, Any], ghg_document: Mapping[str, Any],
                     ) -> list[Problem]:
    """Warnings (`energy_mismatch_ghg`, or `energy_in_one_form_only`) where the declaration's electricity or a fuel differs by
    more than 10 % from the GHG inventory's activity data of the declared year. Works on the
    documents as filed (numbers as JSON numbers or decimal strings); values that cannot be read
    are skipped, never raised on. No warning when the inventory has no block for that year."""
    if not isinstance(declaration, Mapping) or not isinstance(ghg_document, Mapping):
        return []
    year = _year(declaration.get("year"))
    years = ghg_document.get("years")
    blocks = [y for y in years if isinstance(y, Mapping) and _year(y.get("year")) == year] \
        if isinstance(years, list) and year is not None else []
    if not blocks:
        return []
    library = load_library()
    inventory_kwh, inventory_fuels = _inventory(blocks[0], library)
    energy = declaration.get("energy") if isinstance(declaration.get("energy"), Mapping) else {}
    found: list[Problem] = []
    declared_kwh = _number(energy.get("electricity_kwh"))
    if inventory_kwh is not None or declared_kwh is not None:
        found += _electricity(declared_kwh, inventory_kwh, year)
    declared_fuels = _declared_fuels(energy.get("fuels"), library)
    for fuel in [*declared_fuels, *(f for f in inventory_fuels if f not in declared_fuels)]:
        declared = declared_fuels.get(fuel, _Amount())
        inventory = inventory_fuels.get(fuel, _Amount())
        path = ("energy.fuels" if declared.first_index is None
                else f"energy.fuels[{declared.first_index}].quantity")
        found += _fuel(path, fuel, declared, inventory, year, library)
    return found


def _electricity(declared_kwh: Decimal | None, inventory_kwh: Decimal | None,
                 year: int) -> Iterator[Problem]:
    declared_mwh = convert(declared_kwh or ZERO, "kWh", "MWh")
    inventory_mwh = convert(inventory_kwh or ZERO, "kWh", "MWh")
    difference = _difference(declared_mwh, inventory_mwh)
    if difference is not None:
        yield _mismatch("energy.electricity_kwh", "Điện tiêu thụ", "Electricity used", year,
                        f"{plain(declared_kwh or ZERO)} kWh = {plain(declared_mwh)} MWh",
                        f"{plain(inventory_mwh)} MWh", difference)


def _fuel(path: str, fuel: str, declared: _Amount, inventory: _Amount, year: int,
          library: FactorLibrary) -> Iterator[Problem]:
    if declared.tonnes is not None and inventory.tonnes is not None:
        a, b, unit_key = declared.tonnes, inventory.tonnes, "t"
    elif declared.tj is not None and inventory.tj is not None:
        a, b, unit_key = declared.tj, inventory.tj, "TJ"
    else:
        return  # no common measure (e.g. a volume without density): nothing can be said
    difference = _difference(a, b)
    if difference is not None:
        name = library.fuels[fuel].name_vi if fuel in library.fuels else fuel
        name_en = library.fuels[fuel].name_en if fuel in library.fuels else fuel
        yield _mismatch(path, f"Nhiên liệu {name}", f"Fuel {name_en}", year,
                        _described(declared, a, unit_key), _described(inventory, b, unit_key),
                        difference)


def _described(amount: _Amount, value: Decimal, unit_key: str) -> str:
    """`8200 t`, or what was written and its conversion: `9500000 kg = 9500 t`."""
    converted = f"{plain(value)} {unit_key}"
    if not amount.written:
        return converted
    written = " + ".join(amount.written)
    return converted if written == converted else f"{written} = {converted}"


def _difference(declared: Decimal, inventory: Decimal) -> Decimal | None:
    """The difference as a fraction of the inventory's value when it exceeds the tolerance;
    None within it; `ONE_SIDED` for a value present (not zero) on one side only."""
    if inventory == 0 or declared == 0:
        return None if declared == inventory else ONE_SIDED
    difference = abs(declared - inventory) / abs(inventory)
    return difference if difference > TOLERANCE else None


def _mismatch(path: str, what_vi: str, what_en: str, year: int, declared: str, inventory: str,
              difference: Decimal) -> Problem:
    code = "energy_in_one_form_only" if difference == ONE_SIDED else "energy_mismatch_ghg"
    return problem(code, path, what_vi=what_vi, what_en=what_en, year=year,
                   declared=declared, inventory=inventory,
                   difference=f"{difference * 100:.1f}")


def _inventory(block: Mapping[str, Any], library: FactorLibrary,
               ) -> tuple[Decimal | None, dict[str, _Amount]]:
    """(electricity in kWh or None, {fuel: amount}) of one data year of a GHG document."""
    kwh: Decimal | None = None
    fuels: dict[str, _Amount] = {}
    sources = block.get("sources")
    for line in sources if isinstance(sources, list) else []:
        if not isinstance(line, Mapping):
            continue
        quantity, unit_key = _number(line.get("quantity")), line.get("unit")
        if quantity is None or not isinstance(unit_key, str):
            continue
        category = line.get("category")
        if category == ELECTRICITY and _dimension(unit_key) is Dimension.ELECTRICITY:
            kwh = (kwh or ZERO) + convert(quantity, unit_key, "kWh")
        elif category in COMBUSTION and isinstance(line.get("fuel"), str):
            # The facility's own heating value overrides the library's (Circular 38, Art. 18).
            energy = _line_energy(line, quantity, unit_key, library)
            fuels.setdefault(line["fuel"], _Amount()).add(
                energy.tonnes, energy.tj, f"{plain(quantity)} {unit_key}")
    return kwh, fuels


def _declared_fuels(rows: Any, library: FactorLibrary) -> dict[str, _Amount]:
    fuels: dict[str, _Amount] = {}
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, Mapping) or not isinstance(row.get("fuel"), str):
            continue
        quantity, unit_key = _number(row.get("quantity")), row.get("unit")
        if quantity is None or not isinstance(unit_key, str) or _dimension(unit_key) is None:
            continue
        energy = _line_energy(row, quantity, unit_key, library)
        amount = fuels.setdefault(row["fuel"], _Amount())
        if amount.first_index is None:
            amount.first_index = index
        amount.add(energy.tonnes, energy.tj, f"{plain(quantity)} {unit_key}")
    return fuels


def _line_energy(row: Mapping[str, Any], quantity: Decimal, unit_key: str, library: FactorLibrary) -> FuelEnergy:
    """A fuel row's energy with its own conversion fields, in either document (numbers as
    they were typed, or loaded)."""
    return row_energy({**row, "unit": unit_key}, quantity, library, number=_number)


def _dimension(unit_key: str) -> Dimension | None:
    try:
        return unit(unit_key).dimension
    except UnitError:
        return None


def _number(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = parse_decimal(value)
    except NumberError:
        return None
    return number if number >= 0 else None


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        return int(value.strip())
    return None
