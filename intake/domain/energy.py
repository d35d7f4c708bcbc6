"""Energy in TOE, one rule for both forms (calculation.md, "Energy in TOE").

The MOIT conversion table (letter 3505/BCT-KHCN, Circular 02/2014/TT-BCT) converts a fuel from
a unit of the kind it was measured in: a volume by its per-1000-litre row, a mass by its
per-tonne row, never through a density (a diesel volume by its litre row gives the table's TOE;
through a density it gave 2 % less). A fuel without a row of that kind converts from its energy
at 1 TOE = 41.868 GJ. The GHG inventory and the environmental declaration both convert here, so
the same fuel gives the same TOE in both documents.
"""
from __future__ import annotations

import functools

from forms.library import FactorLibrary, ToeFactor
from forms.units import Dimension, unit


@functools.lru_cache(maxsize=1024)
def toe_conversion(library: FactorLibrary, fuel: str, dimension: Dimension) -> ToeFactor | None:
    """The first MOIT row of `fuel` (in the library's order) in a unit of `dimension`, or None."""
    for (row_fuel, row_unit), row in library.toe.items():
        if row_fuel == fuel and unit(row_unit).dimension is dimension:
            return row
    return None
