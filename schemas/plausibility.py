"""Plausibility checks both forms make on the same kind of rows."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from forms.problems import Problem
from forms.rules import problem
from schemas.fuel_plausibility import plain


def output_above_capacity(products: Any, path: str, name_key: str) -> Iterator[Problem]:
    """A product whose output in the year exceeds its design capacity (the declaration's
    `products`, the inventory's II.2 `production`)."""
    for index, product in enumerate(products if isinstance(products, list) else []):
        if not isinstance(product, Mapping):
            continue
        quantity, capacity = product.get("quantity"), product.get("capacity")
        if isinstance(quantity, Decimal) and isinstance(capacity, Decimal) and capacity > 0 and quantity > capacity:
            name = product.get(name_key)
            yield problem("output_above_capacity", f"{path}[{index}].quantity",
                          product=name.strip() if isinstance(name, str) else "", quantity=plain(quantity),
                          capacity=plain(capacity), unit=product.get("unit", ""))

