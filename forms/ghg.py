"""The facility GHG inventory report, defined once.

Form 06, Appendix II of Decree 06/2022/NĐ-CP (báo cáo kết quả kiểm kê khí nhà kính cấp cơ sở),
with the activity-data tables of Circular 38/2023/TT-BCT, Appendix II, for each data year of
the report (a report covers the two years before the year it is submitted in). Source-line
categories follow Circular 38, Art. 16; their scope (direct / indirect) is a variant attribute.

`GHG_FORM` is what schemas, the web form, the Excel template, the PDF and the exports are built
from. Choices of fuels, gases and communes come from the factor library of `LIBRARY_VERSION`.
"""
from __future__ import annotations

from forms import library
from forms.definition import (
    Choice,
    Field,
    FieldType,
    FormDefinition,
    Group,
    Section,
    Table,
    Variant,
)
from forms.figures import GHG_YEAR_FIGURES
from forms.rules import GHG_FORM_KEY
from forms.units import Dimension, units_of
from forms.vocabulary import CONVERSION_FIELDS, OZONE_DEPLETING, PRODUCT_OUTPUT_FIELDS

FORM_KEY = GHG_FORM_KEY
FORM_VERSION = "2026.1"
FORM_VERSIONS = (FORM_VERSION,)
LIBRARY_VERSION = library.DEFAULT_LIBRARY_VERSION

D = FieldType.DECIMAL
T = FieldType.TEXT
C = FieldType.CHOICE

_LIB = library.load_library(LIBRARY_VERSION)

# --- vocabularies -------------------------------------------------------------------------

SECTORS = (
    # IPCC 2006 Vol. 2 Ch. 2: CH4 and N2O factors differ by the sector where fuel is burnt.
    Choice("energy", "Công nghiệp năng lượng", "Energy industries"),
    Choice("manufacturing", "Công nghiệp chế biến, chế tạo và xây dựng",
           "Manufacturing industries and construction"),
    Choice("commercial", "Thương mại, dịch vụ và cơ quan", "Commercial / institutional"),
)
FUELS = tuple(Choice(f.key, f.name_vi, f.name_en) for f in _LIB.fuels.values())
MOBILE_FUELS = tuple(dict.fromkeys(f.fuel for f in _LIB.mobile))
VEHICLES = tuple(
    Choice(v, *{"road": ("Đường bộ", "Road transport"),
                "road_uncontrolled": ("Đường bộ, không có bộ xử lý khí thải",
                                      "Road transport, uncontrolled"),
                "rail": ("Đường sắt", "Railways"),
                "navigation": ("Đường thủy nội địa", "Domestic navigation"),
                "aviation": ("Hàng không nội địa", "Domestic aviation")}.get(v, (v, v)))
    for v in dict.fromkeys(f.vehicle for f in _LIB.mobile)
)


def _aliases(key: str) -> tuple[str, ...]:
    return tuple(alias for alias, gas in _LIB.gas_aliases.items() if gas == key)


def _gas_choice(gas: library.Gas) -> Choice:
    if gas.ozone_depleting:  # Decree 06/2022/NĐ-CP Art. 22: HCFCs are being phased out
        return Choice(gas.key, f"{gas.name_vi}, {OZONE_DEPLETING[0]}", f"{gas.name_en}, {OZONE_DEPLETING[1]}",
                      _aliases(gas.key))
    return Choice(gas.key, gas.name_vi, gas.name_en, _aliases(gas.key))


PROCESSES = tuple(Choice(key, vi, en) for key, (vi, en, _gas) in _LIB.process_names.items())

GASES = tuple(
    [_gas_choice(g) for g in _LIB.gases.values()]
    + [Choice(b, f"Môi chất lạnh {b}", f"Refrigerant {b}", _aliases(b)) for b in _LIB.blends]
)
GWP_SETS = (
    Choice("AR4", "IPCC AR4 (2007)", "IPCC AR4 (2007)"),
    Choice("AR5", "IPCC AR5 (2013), mặc định", "IPCC AR5 (2013), default"),
    Choice("AR6", "IPCC AR6 (2021)", "IPCC AR6 (2021)"),
)
SUPPLIES = (
    Choice("grid", "Điện lưới quốc gia", "National grid"),
    Choice("other", "Nguồn khác (nhà cung cấp riêng)", "Other supplier"),
)
CONSOLIDATION = (
    Choice("operational_control", "Kiểm soát vận hành", "Operational control"),
    Choice("financial_control", "Kiểm soát tài chính", "Financial control"),
)
UNITS = tuple(Choice(u, u, u) for u in units_of(*Dimension))

FUEL_UNITS = units_of(Dimension.MASS, Dimension.ENERGY, Dimension.VOLUME)
MASS_UNITS = units_of(Dimension.MASS)
ELECTRICITY_UNITS = units_of(Dimension.ELECTRICITY)

# Keys that replace a library value: Circular 38, Art. 18 wants their source stated.
OVERRIDE_KEYS = ("ncv_tj_per_gg", "ef_co2_kg_per_tj", "ef_ch4_kg_per_tj", "ef_n2o_kg_per_tj",
                 "ef_tco2_per_mwh")
COMBUSTION_OPTIONAL = ("density_kg_per_l", "density_kg_per_m3", "ncv_tj_per_gg",
                       "ncv_tj_per_unit", "ef_co2_kg_per_tj", "ef_ch4_kg_per_tj",
                       "ef_n2o_kg_per_tj", "ef_source", "equipment", "uncertainty_percent")

SCOPE_DIRECT = 1
SCOPE_INDIRECT = 2

CATEGORIES = (
    Variant("stationary_combustion", "Đốt nhiên liệu tĩnh", "Stationary combustion",
            required=("sector", "fuel"), optional=COMBUSTION_OPTIONAL, units=FUEL_UNITS,
            help_vi="Nhiên liệu đốt trong lò hơi, lò nung, máy phát... Lượng nhiên liệu quy "
                    "đổi ra năng lượng (TJ) theo nhiệt trị.",
            help_en="Fuel burnt in boilers, kilns, generators... converted to energy (TJ) "
                    "with its heating value.",
            attributes={"scope": SCOPE_DIRECT, "combustion": True}),
    Variant("mobile_combustion", "Đốt nhiên liệu di động", "Mobile combustion",
            required=("fuel",), optional=("vehicle", "vehicle_id", "distance_km", *COMBUSTION_OPTIONAL),
            units=FUEL_UNITS,
            help_vi="Nhiên liệu của phương tiện vận tải của cơ sở; quãng đường chỉ để ghi nhận.",
            help_en="Fuel of the facility's vehicles; the distance is recorded, not used.",
            attributes={"scope": SCOPE_DIRECT, "combustion": True}),
    Variant("industrial_process", "Quá trình công nghiệp", "Industrial process",
            required=("process",),
            optional=("process_type", "ef_tco2_per_t", "gas", "ef_source", "uncertainty_percent"),
            units=MASS_UNITS,
            help_vi="Lượng sản phẩm hoặc nguyên liệu (tấn) × hệ số (tấn khí/tấn): hệ số của danh mục quốc gia "
                    "(Quyết định 2626/QĐ-BTNMT, Phần II) theo loại quá trình, hoặc hệ số riêng ghi trên dòng.",
            help_en="Production or material (t) × factor (t of gas per t): the national list's (Decision "
                    "2626/QĐ-BTNMT, Part II) for the process type, or the line's own.",
            attributes={"scope": SCOPE_DIRECT}),
    Variant("fugitive", "Phát tán", "Fugitive emissions",
            required=("gas",), optional=("equipment", "uncertainty_percent"), units=MASS_UNITS,
            help_vi="Khối lượng khí thất thoát ra môi trường.",
            help_en="Mass of gas released.",
            attributes={"scope": SCOPE_DIRECT}),
    Variant("refrigerant", "Môi chất lạnh", "Refrigerants",
            required=("gas",), optional=("equipment", "equipment_count", "charge_kg", "uncertainty_percent"),
            units=MASS_UNITS,
            help_vi="Lượng môi chất nạp bổ sung trong năm (phương pháp 2.1, Thông tư 38).",
            help_en="Refrigerant charged (topped up) during the year (Circular 38, method 2.1).",
            attributes={"scope": SCOPE_DIRECT}),
    Variant("waste", "Chất thải", "Waste",
            required=("gas", "ef_tco2_per_t"), optional=("waste_type", "ef_source", "uncertainty_percent"),
            units=MASS_UNITS,
            help_vi="Theo Thông tư 17/2022/TT-BTNMT; hệ số (tấn khí/tấn chất thải) ghi trên dòng.",
            help_en="Per Circular 17/2022/TT-BTNMT; factor (t of gas per t of waste) on the line.",
            attributes={"scope": SCOPE_DIRECT}),
    Variant("purchased_electricity", "Điện mua vào", "Purchased electricity",
            required=("supply",), optional=("ef_tco2_per_mwh", "ef_source", "supplier", "uncertainty_percent"),
            units=ELECTRICITY_UNITS,
            help_vi="Điện lưới: hệ số phát thải lưới điện của năm số liệu; nguồn khác: hệ số của "
                    "nhà cung cấp.",
            help_en="Grid: the national grid factor of the data year; other: the supplier's "
                    "factor.",
            attributes={"scope": SCOPE_INDIRECT}),
    Variant("purchased_steam", "Hơi nước mua vào", "Purchased steam",
            required=("ef_tco2_per_t",),
            optional=("supplier", "ef_source", "steam_pressure_bar", "steam_temperature_c", "boiler_fuel",
                      "uncertainty_percent"), units=MASS_UNITS,
            help_vi="Lượng hơi (tấn) × hệ số của nhà cung cấp (tCO2/tấn hơi); ghi áp suất, nhiệt độ "
                    "hơi và nhiên liệu lò hơi của nhà cung cấp.",
            help_en="Steam (t) × the supplier's factor (tCO2 per t of steam), with the steam's "
                    "pressure and temperature and the supplier's boiler fuel.",
            attributes={"scope": SCOPE_INDIRECT}),
)
CATEGORY_CHOICES = tuple(Choice(v.value, v.label_vi, v.label_en) for v in CATEGORIES)
COMBUSTION_CATEGORIES = tuple(v.value for v in CATEGORIES if v.attributes.get("combustion"))

NON_NEGATIVE = ("non_negative",)

# --- source line ----------------------------------------------------------------------------

SOURCE_FIELDS = (
    Field("id", "Mã nguồn", "Source id", T, required=True, max_length=40, example="S1",
          help_vi="Mã do cơ sở đặt, không trùng trong một năm; giữ nguyên giữa hai năm.",
          help_en="Chosen by the facility, unique within a year; keep it the same across years."),
    Field("category", "Loại nguồn", "Source category", C, choices=CATEGORY_CHOICES,
          required=True),
    Field("description", "Mô tả nguồn", "Description", T, max_length=500,
          example="Lò hơi 10 t/h"),
    Field("sector", "Lĩnh vực đốt", "Combustion sector", C, choices=SECTORS,
          help_vi="Quyết định hệ số CH4, N2O (IPCC 2006, Tập 2, Bảng 2.2–2.4).",
          help_en="Selects the CH4 and N2O factors (IPCC 2006 Vol. 2 Tables 2.2–2.4)."),
    Field("fuel", "Nhiên liệu", "Fuel", C, choices=FUELS),
    Field("vehicle", "Loại phương tiện", "Vehicle type", C, choices=VEHICLES),
    Field("vehicle_id", "Biển số, số hiệu phương tiện", "Vehicle registration", T, max_length=100,
          example="29C-123.45"),
    Field("distance_km", "Quãng đường", "Distance", D, unit="km", checks=NON_NEGATIVE),
    Field("gas", "Khí", "Gas", C, choices=GASES,
          help_vi="Khí nhà kính hoặc môi chất lạnh (hỗn hợp tính GWP theo thành phần khối lượng).",
          help_en="A greenhouse gas or a refrigerant (a blend's GWP is mass-weighted)."),
    Field("process", "Quá trình", "Process", T, max_length=200,
          example="Sản xuất clinker"),
    Field("process_type", "Loại quá trình (danh mục quốc gia)", "Process type (national list)", C,
          choices=PROCESSES,
          help_vi="Chọn để dùng hệ số của Quyết định 2626/QĐ-BTNMT, Phần II; để trống nếu ghi hệ số riêng.",
          help_en="Choose it to use Decision 2626/QĐ-BTNMT Part II's factor; leave it blank to state your own."),
    Field("waste_type", "Loại chất thải", "Waste type", T, max_length=200),
    Field("supply", "Nguồn cung cấp điện", "Electricity supply", C, choices=SUPPLIES),
    Field("supplier", "Nhà cung cấp", "Supplier", T, max_length=200),
    Field("equipment", "Thiết bị", "Equipment", T, max_length=200, example="Chiller 500 RT"),
    Field("equipment_count", "Số thiết bị", "Number of units", FieldType.INTEGER, minimum=0),
    Field("steam_pressure_bar", "Áp suất hơi", "Steam pressure", D, unit="bar", checks=NON_NEGATIVE),
    Field("steam_temperature_c", "Nhiệt độ hơi", "Steam temperature", D, unit="°C"),
    Field("boiler_fuel", "Nhiên liệu lò hơi của nhà cung cấp", "Supplier's boiler fuel", C, choices=FUELS),
    Field("charge_kg", "Lượng nạp định mức mỗi thiết bị", "Nameplate charge per unit", D,
          unit="kg", checks=NON_NEGATIVE),
    Field("quantity", "Số liệu hoạt động", "Activity data", D, required=True,
          checks=NON_NEGATIVE,
          help_vi="Nhập 0 nếu không có; không để trống (ô trống không phải là số 0).",
          help_en="Enter 0 for none; never leave it blank (a blank is not a zero)."),
    Field("unit", "Đơn vị", "Unit", C, choices=UNITS, required=True),
    *CONVERSION_FIELDS,
    Field("ef_co2_kg_per_tj", "Hệ số phát thải CO2", "CO2 emission factor", D, unit="kg/TJ",
          checks=NON_NEGATIVE),
    Field("ef_ch4_kg_per_tj", "Hệ số phát thải CH4", "CH4 emission factor", D, unit="kg/TJ",
          checks=NON_NEGATIVE),
    Field("ef_n2o_kg_per_tj", "Hệ số phát thải N2O", "N2O emission factor", D, unit="kg/TJ",
          checks=NON_NEGATIVE),
    Field("ef_tco2_per_mwh", "Hệ số phát thải điện", "Electricity emission factor", D,
          unit="tCO2/MWh", checks=NON_NEGATIVE,
          help_vi="Bắt buộc với nguồn điện khác; với điện lưới là giá trị thay thế có nguồn.",
          help_en="Required for another supplier; for the grid, an override with its source."),
    Field("ef_tco2_per_t", "Hệ số phát thải theo tấn", "Emission factor per tonne", D,
          unit="t/t", checks=NON_NEGATIVE,
          help_vi="Tấn khí (mặc định CO2) trên mỗi tấn sản phẩm, chất thải hoặc hơi nước.",
          help_en="Tonnes of the line's gas (CO2 by default) per tonne of product, waste or "
                  "steam."),
    Field("ef_source", "Nguồn của giá trị riêng", "Source of stated values", T, max_length=500,
          help_vi="Tài liệu, phép đo hoặc phê duyệt của giá trị riêng (Điều 18 Thông tư 38).",
          help_en="Document, measurement or approval of stated values (Circular 38, Art. 18)."),
    Field("data_source", "Nguồn số liệu hoạt động", "Activity data source", T, max_length=300,
          example="Hóa đơn mua nhiên liệu"),
    Field("uncertainty_percent", "Độ không chắc chắn của nguồn", "Uncertainty of the source", D, unit="%",
          minimum=0, maximum=100, checks=NON_NEGATIVE,
          help_vi="Độ không chắc chắn của số liệu hoạt động và hệ số của dòng (± %).",
          help_en="Uncertainty of the line's activity data and factor (± %)."),
)

SOURCES = Table(
    "sources", "Nguồn phát thải và số liệu hoạt động", "Emission sources and activity data",
    SOURCE_FIELDS, min_rows=0, max_rows=500, row_key="id", discriminator="category",
    unit_field="unit", variants=CATEGORIES, sheet_name="Nguồn thải",
    row_name_vi="Nguồn", row_name_en="Source",
    help_vi="Mỗi dòng là một nguồn phát thải của năm số liệu (Phụ lục II, Thông tư 38).",
    help_en="One line per emission source of the data year (Circular 38, Appendix II).",
)

YEARS = Table(
    "years", "Năm số liệu", "Data years",
    (
        Field("year", "Năm số liệu", "Data year", FieldType.INTEGER, required=True,
              minimum=1990, maximum=2100, checks=("year_ended",)),
        Field("notes", "Ghi chú", "Notes", T, max_length=2000),
        SOURCES,
    ),
    required=True, min_rows=1, max_rows=2, row_key="year", sheet_name="Năm số liệu",
    row_name_vi="Năm", row_name_en="Year",
    help_vi="Báo cáo gồm số liệu của hai năm trước năm nộp báo cáo.",
    help_en="The report holds the two years before the year of submission.",
)

GENERATION_KINDS = (
    Choice("solar", "Điện mặt trời", "Solar"),
    Choice("wind", "Điện gió", "Wind"),
    Choice("generator", "Máy phát điện của cơ sở", "Own generator"),
    Choice("chp", "Đồng phát nhiệt điện", "Combined heat and power"),
    Choice("other", "Nguồn khác", "Other"),
)

# Form 06 II.2: what the facility makes, against what it can make; the intensity of the results.
PRODUCTION = Table(
    "production", "Sản lượng sản phẩm", "Production output", (
        Field("year", "Năm số liệu", "Data year", FieldType.INTEGER, required=True, minimum=1990, maximum=2100),
        Field("product", "Sản phẩm", "Product", T, required=True, max_length=200, example="Giấy bao bì"),
        *PRODUCT_OUTPUT_FIELDS,
    ), max_rows=200, sheet_name="Sản lượng", row_name_vi="Sản phẩm", row_name_en="Product",
    help_vi="Mục II.2 Mẫu 06: sản lượng từng sản phẩm trong năm số liệu; sản phẩm tính theo tấn cho "
            "cường độ phát thải (tCO2e/tấn sản phẩm).",
    help_en="Form 06 II.2: each product's output in the data year; products in tonnes give the "
            "emission intensity (tCO2e per tonne of product).")

ONSITE_GENERATION = Table(
    "onsite_generation", "Điện tự sản xuất tại cơ sở", "On-site generation", (
        Field("year", "Năm số liệu", "Data year", FieldType.INTEGER, required=True, minimum=1990, maximum=2100),
        Field("kind", "Loại nguồn", "Kind", C, choices=GENERATION_KINDS, required=True),
        Field("capacity_kw", "Công suất lắp đặt", "Installed capacity", D, unit="kW", checks=NON_NEGATIVE),
        Field("generated_mwh", "Điện sản xuất", "Electricity generated", D, unit="MWh", required=True,
              checks=NON_NEGATIVE),
        Field("exported_mwh", "Điện bán ra lưới", "Exported to the grid", D, unit="MWh", checks=NON_NEGATIVE),
        Field("source_id", "Mã nguồn đốt nhiên liệu", "Fuel source id", T, max_length=40,
              help_vi="Với máy phát, đồng phát: mã dòng đốt nhiên liệu tĩnh của nhiên liệu đã dùng (phát thải "
                      "tính ở dòng đó, không tính lại).",
              help_en="For a generator or CHP: the id of the stationary-combustion line of its fuel (its "
                      "emissions are counted there, not again)."),
    ), max_rows=50, sheet_name="Điện tự sản xuất", row_name_vi="Nguồn điện", row_name_en="Generation",
    help_vi="Điện mặt trời, gió: ghi nhận, phát thải bằng 0. Máy phát của cơ sở: phát thải tính theo "
            "nhiên liệu ở dòng đốt nhiên liệu tĩnh.",
    help_en="Solar, wind: recorded, zero emissions. Own generators: emissions from their fuel, on the "
            "stationary-combustion line.")

# The results table of the form (section V) shows the year's figures, defined once.
RESULT_FIELDS = tuple(Field(f.key, f.label_vi, f.label_en, D, unit=f.unit, computed=True)
                      for f in GHG_YEAR_FIGURES)

GHG_FORM = FormDefinition(
    key=FORM_KEY,
    version=FORM_VERSION,
    label_vi="Báo cáo kết quả kiểm kê khí nhà kính cấp cơ sở",
    label_en="Facility greenhouse gas inventory report",
    legal_basis_vi="Mẫu số 06, Phụ lục II, Nghị định 06/2022/NĐ-CP; Thông tư 38/2023/TT-BCT",
    legal_basis_en="Form 06, Appendix II, Decree 06/2022/ND-CP; Circular 38/2023/TT-BCT",
    advice=(
        ("Chọn mã trong danh sách thả xuống (loại nguồn, nhiên liệu, đơn vị, khí, phường/xã); môi chất lạnh "
         "có thể ghi theo số hiệu (R-22, R-410A).",
         "Pick codes from the drop-down lists (category, fuel, unit, gas, ward/commune); a refrigerant may be "
         "given by its number (R-22, R-410A)."),
        ("Nhiên liệu ghi theo thể tích cần khối lượng riêng hoặc nhiệt trị theo đơn vị; giá trị riêng của cơ "
         "sở phải ghi nguồn (Điều 18 Thông tư 38).",
         "A fuel given by volume needs its density or heating value per unit; a facility's own value needs its "
         "source (Circular 38, Art. 18)."),
    ),
    general_vi="thông tin chung, ranh giới, mô tả cơ sở (mục II.2), phương pháp, chất lượng số liệu",
    general_en="general information, boundary, facility description (II.2), method, data quality",
    children=(
        Field("form", "Biểu mẫu", "Form", C, required=True,
              choices=(Choice(FORM_KEY, "Kiểm kê khí nhà kính", "GHG inventory"),)),
        Field("form_version", "Phiên bản biểu mẫu", "Form version", C, required=True,
              choices=tuple(Choice(v, v, v) for v in FORM_VERSIONS)),
        Section("facility_information", "I. Thông tin chung về cơ sở",
                "I. Facility information", (
                    Group("facility", "Cơ sở", "Facility", required=True, children=(
                        Field("tax_code", "Mã số thuế", "Tax code", T, required=True,
                              checks=("tax_code",), example="0100112437"),
                        Field("name", "Tên cơ sở", "Facility name", T, required=True,
                              max_length=300),
                        Field("address", "Địa chỉ", "Address", T, required=True,
                              max_length=500),
                        Field("commune_code", "Mã phường, xã", "Ward/commune code", T,
                              required=True, checks=("hanoi_commune",), example="00493",
                              help_vi="Mã của một trong 126 phường, xã của Hà Nội.",
                              help_en="Code of one of Hanoi's 126 wards and communes."),
                        Field("vsic", "Mã ngành kinh tế (VSIC)", "Industry code (VSIC)", T,
                              max_length=10, example="1702"),
                        Field("main_products", "Sản phẩm chính", "Main products", T,
                              max_length=500),
                        Field("legal_representative", "Người đại diện theo pháp luật",
                              "Legal representative", T, max_length=200),
                        Field("contact_name", "Người liên hệ", "Contact person", T,
                              max_length=200),
                        Field("contact_phone", "Điện thoại", "Telephone", T, max_length=40),
                        Field("contact_email", "Thư điện tử", "E-mail", T, max_length=200),
                    )),
                )),
        Section("boundary_and_scope", "II. Ranh giới và phạm vi kiểm kê",
                "II. Boundary and scope", (
                    Group("boundary", "Ranh giới kiểm kê", "Inventory boundary", children=(
                        Field("consolidation_approach", "Cách tiếp cận hợp nhất",
                              "Consolidation approach", C, choices=CONSOLIDATION),
                        Field("description", "Mô tả ranh giới", "Boundary description", T,
                              max_length=4000),
                        Field("excluded_sources", "Nguồn không kiểm kê và lý do",
                              "Excluded sources and why", T, max_length=4000),
                    )),
                    Group("facility_description", "II.2. Cơ sở hạ tầng, công nghệ, công suất",
                          "II.2. Infrastructure, technology, capacity", children=(
                              Field("infrastructure", "Cơ sở hạ tầng", "Infrastructure", T, max_length=4000),
                              Field("technology", "Công nghệ sản xuất", "Production technology", T,
                                    max_length=4000),
                              Field("capacity", "Công suất thiết kế", "Design capacity", T, max_length=2000,
                                    example="Giấy bao bì 50.000 tấn/năm"),
                          )),
                    PRODUCTION,
                    ONSITE_GENERATION,
                )),
        Section("sources_and_activity_data", "III. Nguồn phát thải và số liệu hoạt động",
                "III. Emission sources and activity data", (YEARS,)),
        Section("method_and_factors", "IV. Phương pháp tính và hệ số phát thải",
                "IV. Method and emission factors", (
                    Field("gwp_set", "Bộ hệ số tiềm năng nóng lên toàn cầu (GWP)", "GWP set", C,
                          choices=GWP_SETS, default="AR5",
                          help_vi="Mặc định AR5; bộ GWP được lưu cùng báo cáo.",
                          help_en="AR5 by default; the set is stored with the report."),
                    Field("factor_library_version", "Phiên bản thư viện hệ số",
                          "Factor library version", C,
                          choices=tuple(Choice(v, v, v) for v in library.available_versions()),
                          default=LIBRARY_VERSION),
                    Group("method", "Phương pháp", "Method", children=(
                        Field("description", "Mô tả phương pháp", "Method description", T,
                              max_length=4000),
                    )),
                    Group("recalculation", "Tính toán lại (Điều 22 Thông tư 38)",
                          "Recalculation (Circular 38, Art. 22)", children=(
                              Field("recalculated", "Kết quả kỳ trước được tính lại", "Earlier results recalculated",
                                    FieldType.BOOLEAN),
                              Field("years", "Năm được tính lại", "Years recalculated", T, max_length=100,
                                    example="2023, 2024"),
                              Field("reason", "Lý do tính lại", "Reason", T, max_length=4000,
                                    help_vi="Thay đổi ranh giới, phương pháp, hệ số hoặc phát hiện sai sót đáng kể.",
                                    help_en="A change of boundary, method or factors, or a significant error found."),
                          )),
                )),
        Section("results", "V. Kết quả kiểm kê", "V. Inventory results", (
            Table("results", "Kết quả theo năm", "Results by year",
                  (Field("year", "Năm số liệu", "Data year", FieldType.INTEGER, computed=True),
                   *RESULT_FIELDS),
                  computed=True, row_key="year", sheet_name="Kết quả",
                  row_name_vi="Năm", row_name_en="Year"),
        )),
        Section("data_quality", "VI. Chất lượng số liệu và độ không chắc chắn",
                "VI. Data quality and uncertainty", (
                    Group("quality", "Chất lượng số liệu", "Data quality", children=(
                        Field("data_collection", "Thu thập số liệu", "Data collection", T,
                              max_length=4000),
                        Field("qa_qc", "Kiểm soát và bảo đảm chất lượng", "QA/QC", T,
                              max_length=4000),
                        Field("uncertainty_percent", "Độ không chắc chắn", "Uncertainty", D,
                              unit="%", minimum=0, maximum=100, checks=NON_NEGATIVE),
                        Field("uncertainty_notes", "Đánh giá độ không chắc chắn",
                              "Uncertainty assessment", T, max_length=4000),
                        Field("data_gaps", "Số liệu còn thiếu và cách xử lý", "Data gaps and how they were filled",
                              T, max_length=4000),
                        Field("improvement_plan", "Kế hoạch cải thiện", "Improvement plan", T,
                              max_length=4000),
                    )),
                )),
        Table("acknowledgements", "Giải trình cảnh báo", "Warning acknowledgements", (
            Field("path", "Vị trí", "Path", T, required=True, max_length=200),
            Field("code", "Mã cảnh báo", "Warning code", T, required=True, max_length=60),
            Field("reason", "Lý do", "Reason", T, required=True, max_length=2000),
        ), sheet_name="Giải trình",
            help_vi="Mỗi cảnh báo phải được giải trình trước khi nộp.",
            help_en="Each warning is acknowledged with a reason before submission."),
    ),
)


def category(value: object) -> Variant | None:
    return SOURCES.variant(value)
