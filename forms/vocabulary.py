"""Closed lists and fields both forms use, defined once."""
from __future__ import annotations

from forms.definition import Choice, Field, FieldType

D = FieldType.DECIMAL
NON_NEGATIVE = ("non_negative",)

# What the HCFCs are called where they are flagged (Decree 06/2022/NĐ-CP Art. 22 phases them out):
# the gas list, the trace, the statistics. (Vietnamese, English)
OZONE_DEPLETING = ("chất làm suy giảm tầng ô-dôn", "ozone-depleting")
OZONE_DEPLETING_LAW = ("Điều 22 Nghị định 06/2022/NĐ-CP", "Decree 06/2022/NĐ-CP Art. 22")

# Products are counted in what the trade counts them in: beer in hectolitres, paper in tonnes.
PRODUCT_UNITS = tuple(Choice(key, vi, en) for key, vi, en in (
    ("t", "tấn", "tonne"), ("kg", "kg", "kg"), ("L", "lít", "litre"), ("1000 L", "nghìn lít", "thousand litres"),
    ("hl", "hectolít", "hectolitre"), ("m3", "m³", "m³"), ("m2", "m²", "m²"), ("m", "mét", "metre"),
    ("piece", "chiếc", "piece"), ("set", "bộ", "set"), ("MWh", "MWh", "MWh"),
))

# A product's output in the year against its design capacity: the declaration's products, the
# inventory's Form 06 II.2 production (`schemas.plausibility.output_above_capacity` checks both).
PRODUCT_OUTPUT_FIELDS = (
    Field("quantity", "Sản lượng trong năm", "Output in the year", D, required=True, checks=NON_NEGATIVE),
    Field("unit", "Đơn vị", "Unit", FieldType.CHOICE, choices=PRODUCT_UNITS, required=True),
    Field("capacity", "Công suất thiết kế", "Design capacity", D, checks=NON_NEGATIVE,
          help_vi="Theo năm, cùng đơn vị với sản lượng.", help_en="Per year, in the output's unit."),
)

# How a fuel given by volume, or with the facility's own heating value, converts to energy: the
# same fields on a GHG inventory's combustion line and a declaration's fuel row (contract.md),
# so that one fuel gives the same TJ and TOE in both documents.
CONVERSION_FIELDS = (
    Field("density_kg_per_l", "Khối lượng riêng", "Density", D, unit="kg/L",
          checks=NON_NEGATIVE,
          help_vi="Cần khi nhiên liệu lỏng tính theo thể tích (L, 1000 L, m3).",
          help_en="Needed for a liquid fuel given by volume (L, 1000 L, m3)."),
    Field("density_kg_per_m3", "Khối lượng riêng (khí)", "Density (gas)", D, unit="kg/m3",
          checks=NON_NEGATIVE,
          help_vi="Cho nhiên liệu khí tính theo m3 hoặc Nm3.",
          help_en="For a gaseous fuel given in m3 or Nm3."),
    Field("ncv_tj_per_gg", "Nhiệt trị thực (NCV)", "Net calorific value", D, unit="TJ/Gg",
          checks=NON_NEGATIVE,
          help_vi="Giá trị riêng của cơ sở thay cho giá trị thư viện; phải ghi nguồn.",
          help_en="Facility-specific value replacing the library's; state its source."),
    Field("ncv_tj_per_unit", "Nhiệt trị theo đơn vị", "Heating value per unit", D,
          unit="TJ/unit", checks=NON_NEGATIVE,
          help_vi="TJ cho mỗi đơn vị của dòng (ví dụ TJ/m3), thay cho khối lượng riêng.",
          help_en="TJ per unit of the line (e.g. TJ per m3), instead of a density."),
)
CONVERSION_KEYS = tuple(f.key for f in CONVERSION_FIELDS)
