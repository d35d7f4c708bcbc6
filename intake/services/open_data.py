"""The sector database of a data year as open data: a Frictionless Data Package (a zip of CSV
files and the `datapackage.json` that documents every column: name, type, unit, meaning).

Numbers are written as their exact decimal text (a reader that parses them as decimals gets
every digit); text is guarded against formula injection as in the workbooks; the files are
UTF-8 with a header row. Accepted reports only, as every statistic.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from exporters.spreadsheet_safety import guarded
from forms.figures import DECLARATION_FIGURES, by_key
from forms.library import DEFAULT_GWP_SET, load_library
from intake.services.declaration_statistics import declaration_statistics
from intake.services.statistics import EVERYTHING, FactFilter, check_gwp_set, ghg_statistics_many

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number
    title: str
    description: str
    unit: str = ""

    def field(self) -> dict[str, Any]:
        described = {"name": self.name, "type": self.type, "title": self.title, "description": self.description}
        if self.unit:
            described["unit"] = self.unit
        if self.type == "number":
            described["decimalChar"] = "."
        return described


FACILITY_KEYS = (Column("facility_id", "integer", "Mã cơ sở", "Số định danh của cơ sở trên cổng"),
                 Column("facility_name", "string", "Tên cơ sở", "Tên cơ sở như trong danh sách"),
                 Column("tax_code", "string", "Mã số thuế", "Mã số thuế của doanh nghiệp"))
SECTOR_KEYS = (Column("vsic", "string", "Mã ngành VSIC", "Mã ngành kinh tế Việt Nam (VSIC 2018) của cơ sở"),)
COMMUNE_KEYS = (Column("commune_code", "string", "Mã phường, xã", "Mã đơn vị hành chính (126 phường, xã Hà Nội)"),
                Column("commune_name", "string", "Phường, xã", "Tên phường, xã"))


def _ghg_values(gwp_set: str) -> tuple[Column, ...]:
    return (Column("total_tco2e", "number", "Tổng phát thải", f"Phát thải quy đổi CO2e theo GWP IPCC {gwp_set}",
                   "tCO2e"),
            Column("energy_tj", "number", "Năng lượng nhiên liệu", "Nhiệt năng của nhiên liệu đốt", "TJ"),
            Column("energy_toe", "number", "Năng lượng quy đổi", "Tấn dầu quy đổi (bảng của Bộ Công Thương)", "TOE"),
            Column("facilities", "integer", "Số cơ sở", "Số cơ sở có báo cáo được chấp nhận trong nhóm"))


def _declaration_values() -> tuple[Column, ...]:
    figures = by_key(DECLARATION_FIGURES)
    shown = ("energy_tj", "energy_toe", "electricity_kwh", "water_supply_m3", "wastewater_m3_per_year",
             "solid_waste_kg", "recycled_kg", "hazardous_waste_kg", "plastic_packaging_kg")
    return (*(Column(key, "number", figures[key].label_vi, figures[key].label_en, figures[key].unit) for key in shown),
            Column("facilities", "integer", "Số cơ sở", "Số cơ sở có kê khai được chấp nhận trong nhóm"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(guarded(value)) if isinstance(value, str) else str(value)


def _csv(columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([_cell(row.get(column.name)) for column in columns])
    return buffer.getvalue().encode("utf-8")


def open_data_package(session: Session, *, year: int, gwp_set: str = DEFAULT_GWP_SET,
                      where: FactFilter = EVERYTHING) -> bytes:
    """The data package of data year `year` (zip bytes). Raises UnknownGwpSet."""
    gwp_set = check_gwp_set(gwp_set)
    ghg = ghg_statistics_many(session, year=year, group_bys=("facility", "sector", "commune"), gwp_set=gwp_set,
                              where=where)
    resources = [
        ("ghg-by-facility", "Phát thải khí nhà kính theo cơ sở", FACILITY_KEYS + _ghg_values(gwp_set), ghg["facility"]),
        ("ghg-by-sector", "Phát thải khí nhà kính theo ngành", SECTOR_KEYS + _ghg_values(gwp_set), ghg["sector"]),
        ("ghg-by-commune", "Phát thải khí nhà kính theo phường, xã", COMMUNE_KEYS + _ghg_values(gwp_set),
         ghg["commune"]),
    ]
    for group_by, keys, title in (("facility", FACILITY_KEYS, "cơ sở"), ("sector", SECTOR_KEYS, "ngành"),
                                  ("commune", COMMUNE_KEYS, "phường, xã")):
        resources.append((f"declarations-by-{group_by}", f"Kê khai môi trường theo {title}",
                          keys + _declaration_values(),
                          declaration_statistics(session, year=year, group_by=group_by, where=where)))
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"hanoi-industry-trade-environment-{year}",
        "title": f"Cơ sở dữ liệu môi trường ngành Công Thương Hà Nội, năm số liệu {year}",
        "description": ("Tổng hợp các báo cáo kiểm kê khí nhà kính và kê khai môi trường đã được Sở Công Thương "
                        f"Hà Nội chấp nhận; CO2e theo GWP IPCC {gwp_set}; thư viện hệ số "
                        f"{load_library().version}. Số thập phân ghi đủ chữ số, dấu chấm thập phân."
                        + (f" Lọc: ngành {where.vsic or 'mọi ngành'}, phường/xã {where.commune_code or 'mọi nơi'}."
                           if where else "")),
        "licenses": [LICENCE],
        "publisher": "Sở Công Thương Hà Nội",
        "resources": [{"name": name, "title": title, "path": f"{name}.csv", "profile": "tabular-data-resource",
                       "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                       "schema": {"fields": [column.field() for column in columns]}}
                      for name, title, columns, _rows in resources],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        for name, _title, columns, rows in resources:
            archive.writestr(f"{name}.csv", _csv(columns, rows))
    return buffer.getvalue()


__all__ = ["open_data_package"]
