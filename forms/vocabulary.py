"""Closed lists both forms use, defined once."""
from __future__ import annotations

from forms.definition import Choice

# Products are counted in what the trade counts them in: beer in hectolitres, paper in tonnes.
PRODUCT_UNITS = tuple(Choice(key, vi, en) for key, vi, en in (
    ("t", "tấn", "tonne"), ("kg", "kg", "kg"), ("L", "lít", "litre"), ("1000 L", "nghìn lít", "thousand litres"),
    ("hl", "hectolít", "hectolitre"), ("m3", "m³", "m³"), ("m2", "m²", "m²"), ("m", "mét", "metre"),
    ("piece", "chiếc", "piece"), ("set", "bộ", "set"), ("MWh", "MWh", "MWh"),
))
