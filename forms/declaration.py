"""The Industry and Trade environmental declaration, defined once.

The yearly data a facility declares to the Department for the sector environmental database
(Circular 42/2020/TT-BCT on declaring, managing and using the Industry and Trade environmental
database), due 31 January for the previous year. The keys the interface contract fixes are kept
exactly; sections follow the product description (enterprise and facility, permits, products,
materials, energy, water, wastewater, air emissions, solid waste, hazardous waste, plastics
for Hanoi Resolution 22/2025/NQ-HĐND, incidents).
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
)
from forms.units import Dimension, units_of
from forms.vocabulary import CONVERSION_FIELDS, PRODUCT_OUTPUT_FIELDS, PRODUCT_UNITS

FORM_KEY = "env-declaration"
FORM_VERSION = "2026.1"
FORM_VERSIONS = (FORM_VERSION,)
# Days a year a wastewater stream is taken to flow when the filer does not say: a six-day
# working week less public holidays. Needed to compare m3/day of wastewater with the m3/year of
# water supply like with like (Circular 42/2020 asks for the average flow, not the yearly volume).
DEFAULT_OPERATING_DAYS = 300

D = FieldType.DECIMAL
T = FieldType.TEXT
C = FieldType.CHOICE
NON_NEGATIVE = ("non_negative",)

_LIB = library.load_library()

FUELS = tuple(Choice(f.key, f.name_vi, f.name_en) for f in _LIB.fuels.values())
FUEL_UNITS = tuple(Choice(u, u, u) for u in units_of(Dimension.MASS, Dimension.ENERGY, Dimension.VOLUME))
MATERIAL_UNITS = PRODUCT_UNITS
PERMIT_KINDS = tuple(Choice(key, vi, en) for key, vi, en in (
    ("environmental_permit", "Giấy phép môi trường", "Environmental permit"),
    ("eia_decision", "Quyết định phê duyệt báo cáo ĐTM", "EIA approval decision"),
    ("environmental_registration", "Đăng ký môi trường", "Environmental registration"),
    ("discharge_permit", "Giấy phép xả nước thải", "Wastewater discharge permit"),
    ("water_abstraction_permit", "Giấy phép khai thác nước", "Water abstraction permit"),
    ("other", "Giấy phép khác", "Other permit"),
))
WATER_SOURCES = tuple(Choice(key, vi, en) for key, vi, en in (
    ("municipal", "Nước máy", "Municipal supply"), ("groundwater", "Nước dưới đất", "Groundwater"),
    ("surface", "Nước mặt", "Surface water"), ("rain", "Nước mưa", "Rainwater"),
    ("recycled", "Nước tuần hoàn, tái sử dụng", "Recycled water"),
))
WASTEWATER_STREAMS = tuple(Choice(key, vi, en) for key, vi, en in (
    ("industrial", "Nước thải công nghiệp", "Industrial wastewater"),
    ("domestic", "Nước thải sinh hoạt", "Domestic wastewater"),
    ("cooling", "Nước làm mát", "Cooling water"),
    ("stormwater", "Nước mưa chảy tràn", "Stormwater runoff"),
))
MONITORING = tuple(Choice(key, vi, en) for key, vi, en in (
    ("automatic_continuous", "Quan trắc tự động, liên tục", "Automatic continuous monitoring"),
    ("periodic", "Quan trắc định kỳ", "Periodic monitoring"),
    ("none", "Không quan trắc", "None"),
))

FACILITY = Group("facility", "Cơ sở", "Facility", required=True, children=(
    Field("tax_code", "Mã số thuế", "Tax code", T, required=True, checks=("tax_code",), example="0100112437"),
    Field("name", "Tên cơ sở", "Facility name", T, required=True, max_length=300),
    Field("address", "Địa chỉ", "Address", T, required=True, max_length=500),
    Field("commune_code", "Mã phường, xã", "Ward/commune code", T, required=True, checks=("hanoi_commune",),
          example="00493", help_vi="Mã của một trong 126 phường, xã của Hà Nội.",
          help_en="Code of one of Hanoi's 126 wards and communes."),
    Field("vsic", "Mã ngành kinh tế (VSIC)", "Industry code (VSIC)", T, max_length=10, example="1702"),
    Field("employees", "Số lao động", "Employees", FieldType.INTEGER, minimum=0),
    Field("contact_name", "Người liên hệ", "Contact person", T, max_length=200),
    Field("contact_phone", "Điện thoại", "Telephone", T, max_length=40),
))

PERMITS = Table("permits", "Giấy phép, hồ sơ môi trường", "Environmental permits", (
    Field("kind", "Loại giấy phép", "Kind", C, choices=PERMIT_KINDS, required=True),
    Field("number", "Số", "Number", T, required=True, max_length=100, example="215/GPMT-UBND"),
    Field("date", "Ngày cấp", "Date issued", FieldType.DATE),
    Field("authority", "Cơ quan cấp", "Issuing authority", T, max_length=200),
    Field("valid_until", "Có hiệu lực đến", "Valid until", FieldType.DATE),
), sheet_name="Giấy phép")

PRODUCTS = Table("products", "Sản phẩm và công suất", "Products and capacity", (
    Field("name", "Sản phẩm", "Product", T, required=True, max_length=200),
    *PRODUCT_OUTPUT_FIELDS,
), sheet_name="Sản phẩm")

MATERIALS = Table("materials", "Nguyên liệu, hóa chất", "Raw materials and chemicals", (
    Field("name", "Nguyên liệu, hóa chất", "Material or chemical", T, required=True, max_length=200),
    Field("quantity", "Khối lượng sử dụng", "Quantity used", D, required=True, checks=NON_NEGATIVE),
    Field("unit", "Đơn vị", "Unit", C, choices=MATERIAL_UNITS, required=True),
    Field("hazardous", "Là hóa chất nguy hiểm", "Hazardous chemical", FieldType.BOOLEAN),
), sheet_name="Nguyên liệu")

ENERGY = Group("energy", "Năng lượng", "Energy", children=(
    Field("electricity_kwh", "Điện tiêu thụ", "Electricity used", D, unit="kWh", checks=NON_NEGATIVE),
    Table("fuels", "Nhiên liệu", "Fuels", (
        Field("fuel", "Nhiên liệu", "Fuel", C, choices=FUELS, required=True),
        Field("quantity", "Lượng sử dụng", "Quantity used", D, required=True, checks=NON_NEGATIVE),
        Field("unit", "Đơn vị", "Unit", C, choices=FUEL_UNITS, required=True),
        *CONVERSION_FIELDS,
        Field("source_note", "Nguồn số liệu", "Data source", T, max_length=300,
              example="Báo cáo kiểm kê KNK năm 2025, nguồn S1"),
    ), sheet_name="Nhiên liệu"),
))

WATER = Group("water", "Nước cấp", "Water supply", children=(
    Field("supply_m3", "Tổng lượng nước sử dụng", "Water used", D, unit="m3", checks=NON_NEGATIVE,
          help_vi="Trong cả năm.", help_en="Over the whole year."),
    Field("sources", "Nguồn nước", "Sources", FieldType.MULTI_CHOICE, choices=WATER_SOURCES),
    Table("volumes", "Lượng nước theo nguồn", "Water by source", (
        Field("source", "Nguồn nước", "Source", C, choices=WATER_SOURCES, required=True),
        Field("volume_m3", "Lượng nước trong năm", "Volume in the year", D, unit="m3", required=True,
              checks=NON_NEGATIVE),
        Field("permit", "Giấy phép khai thác", "Abstraction permit", T, max_length=100),
    ), max_rows=20, sheet_name="Nước theo nguồn", row_name_vi="Nguồn nước", row_name_en="Source",
        help_vi="Tổng các nguồn bằng tổng lượng nước sử dụng.",
        help_en="The sources add up to the water used."),
))

MEDIA = tuple(Choice(key, vi, en) for key, vi, en in (
    ("wastewater", "Nước thải", "Wastewater"), ("air", "Khí thải", "Air emissions"),
))

MONITORING_RESULTS = Table("monitoring_results", "Kết quả quan trắc", "Monitoring results", (
    Field("medium", "Thành phần", "Medium", C, choices=MEDIA, required=True),
    Field("point", "Vị trí quan trắc", "Monitoring point", T, required=True, max_length=100,
          example="K1", help_vi="Ký hiệu ống khói hoặc điểm xả nước thải.",
          help_en="The stack or the wastewater outlet."),
    Field("sampled_on", "Ngày lấy mẫu", "Sampled on", FieldType.DATE),
    Field("parameter", "Thông số", "Parameter", T, required=True, max_length=100, example="COD"),
    Field("value", "Kết quả", "Result", D, required=True, checks=NON_NEGATIVE),
    Field("unit", "Đơn vị", "Unit", T, required=True, max_length=30, example="mg/L"),
    Field("limit", "Giới hạn cho phép", "Permitted limit", D, checks=NON_NEGATIVE,
          help_vi="Theo quy chuẩn áp dụng, cùng đơn vị với kết quả.", help_en="Of the applicable regulation, in "
                                                                                "the result's unit."),
    Field("standard", "Quy chuẩn áp dụng", "Applicable regulation", T, max_length=100,
          example="QCVN 40:2025/BTNMT cột B"),
), max_rows=500, sheet_name="Quan trắc", row_name_vi="Kết quả quan trắc", row_name_en="Monitoring result")

WASTEWATER = Table("wastewater", "Nước thải", "Wastewater", (
    Field("stream", "Loại nước thải", "Stream", C, choices=WASTEWATER_STREAMS, required=True),
    Field("volume_m3_per_day", "Lưu lượng trung bình", "Average flow", D, unit="m3/ngày",
          required=True, checks=NON_NEGATIVE),
    Field("operating_days", "Số ngày xả thải trong năm", "Discharge days in the year",
          FieldType.INTEGER, minimum=0, maximum=366,
          help_vi=f"Để quy đổi ra lượng cả năm; mặc định {DEFAULT_OPERATING_DAYS} ngày.",
          help_en=f"To convert to a yearly volume; {DEFAULT_OPERATING_DAYS} days when not given."),
    Field("treated", "Được xử lý", "Treated", FieldType.BOOLEAN),
    Field("treatment", "Công nghệ xử lý", "Treatment technology", T, max_length=300),
    Field("receiving_body", "Nguồn tiếp nhận", "Receiving body", T, max_length=300),
    Field("standard", "Quy chuẩn áp dụng", "Applicable regulation", T, max_length=100,
          example="QCVN 40:2025/BTNMT"),
), sheet_name="Nước thải")

AIR = Table("air_emissions", "Khí thải", "Air emissions", (
    Field("stack_id", "Ký hiệu ống khói", "Stack", T, required=True, max_length=40, example="K1"),
    Field("source", "Nguồn phát sinh", "Source", T, max_length=200, example="Lò hơi"),
    Field("flow_m3_per_h", "Lưu lượng", "Flow", D, unit="m3/h", checks=NON_NEGATIVE),
    Field("treatment", "Biện pháp xử lý", "Treatment", T, max_length=300),
    Field("monitoring", "Quan trắc", "Monitoring", C, choices=MONITORING),
    Field("standard", "Quy chuẩn áp dụng", "Applicable regulation", T, max_length=100),
), sheet_name="Khí thải", row_key="stack_id", row_name_vi="Ống khói", row_name_en="Stack")

SOLID = Group("solid_waste", "Chất thải rắn", "Solid waste", children=(
    Field("ordinary_industrial_kg", "Chất thải rắn công nghiệp thông thường", "Ordinary industrial solid waste",
          D, unit="kg", checks=NON_NEGATIVE),
    Field("domestic_kg", "Chất thải rắn sinh hoạt", "Domestic solid waste", D, unit="kg", checks=NON_NEGATIVE),
    Field("recycled_kg", "Khối lượng được tái chế, tái sử dụng", "Recycled or reused", D, unit="kg",
          checks=NON_NEGATIVE),
))

HAZARDOUS = Table("hazardous_waste", "Chất thải nguy hại", "Hazardous waste", (
    # Longer than the 8 characters of "NN NN NN", so that a wrong code is told the format.
    Field("code", "Mã chất thải nguy hại", "Hazardous-waste code", T, required=True, max_length=40,
          checks=("hazardous_waste_code",), example="16 01 06",
          help_vi="Dạng NN NN NN theo danh mục chất thải (Thông tư 02/2022/TT-BTNMT).",
          help_en="NN NN NN, as in the national waste list (Circular 02/2022/TT-BTNMT)."),
    Field("name", "Tên chất thải", "Name", T, max_length=200),
    Field("quantity_kg", "Khối lượng phát sinh", "Quantity generated", D, unit="kg", required=True,
          checks=NON_NEGATIVE),
    Field("handler", "Đơn vị xử lý", "Licensed handler", T, max_length=300),
    Field("handler_licence", "Số giấy phép của đơn vị xử lý", "Handler's licence", T, max_length=100),
), sheet_name="Chất thải nguy hại")

PLASTICS = Group("plastics", "Nhựa", "Plastics", help_vi="Phục vụ Nghị quyết 22/2025/NQ-HĐND của Hà Nội về giảm chất thải nhựa.",
                 help_en="For Hanoi Resolution 22/2025/NQ-HĐND on reducing plastic waste.", children=(
    Field("single_use_plastic_kg", "Sản phẩm nhựa dùng một lần", "Single-use plastic products", D, unit="kg",
          checks=NON_NEGATIVE),
    Field("plastic_packaging_kg", "Bao bì nhựa", "Plastic packaging", D, unit="kg", checks=NON_NEGATIVE),
))

INCIDENTS = Table("incidents", "Sự cố môi trường", "Environmental incidents", (
    Field("date", "Ngày xảy ra", "Date", FieldType.DATE, required=True),
    Field("description", "Mô tả sự cố", "Description", T, required=True, max_length=2000),
    Field("measures", "Biện pháp khắc phục", "Remedial measures", T, max_length=2000),
), sheet_name="Sự cố")

DECLARATION_FORM = FormDefinition(
    key=FORM_KEY,
    version=FORM_VERSION,
    label_vi="Khai báo dữ liệu môi trường ngành Công Thương",
    label_en="Industry and Trade environmental declaration",
    legal_basis_vi="Thông tư 42/2020/TT-BCT",
    legal_basis_en="Circular 42/2020/TT-BCT",
    advice=(
        ("Chọn mã trong danh sách thả xuống (loại giấy phép, nhiên liệu, đơn vị, nguồn nước, loại nước thải, "
         "phường/xã).",
         "Pick codes from the drop-down lists (permit kind, fuel, unit, water source, wastewater stream, "
         "ward/commune)."),
        ("Số liệu của cả năm khai báo (năm đã kết thúc; hạn nộp 31/01 năm sau). Chất thải ghi theo kg; mã chất "
         "thải nguy hại dạng NN NN NN.",
         "Data of the whole declared year (an ended year, due 31 January of the next). Waste in kg; "
         "hazardous-waste codes as NN NN NN."),
        ("Nhiên liệu ghi như trong báo cáo kiểm kê khí nhà kính: cùng mã nhiên liệu, đơn vị, khối lượng riêng "
         "hoặc nhiệt trị, để năng lượng (TJ, TOE) của hai báo cáo khớp nhau.",
         "Fuels as in the GHG inventory: the same fuel codes, units, densities or heating values, so that "
         "both reports give the same energy (TJ, TOE)."),
    ),
    general_vi="năm khai báo, doanh nghiệp và cơ sở, năng lượng, nước cấp, chất thải rắn, nhựa",
    general_en="year declared, enterprise and facility, energy, water supply, solid waste, plastics",
    children=(
        Field("form", "Biểu mẫu", "Form", C, required=True,
              choices=(Choice(FORM_KEY, "Khai báo dữ liệu môi trường", "Environmental declaration"),)),
        Field("form_version", "Phiên bản biểu mẫu", "Form version", C, required=True,
              choices=tuple(Choice(v, v, v) for v in FORM_VERSIONS)),
        Section("facility_information", "I. Doanh nghiệp và cơ sở", "I. Enterprise and facility", (
            Field("year", "Năm khai báo", "Year declared", FieldType.INTEGER, required=True,
                  minimum=2000, maximum=2100, checks=("year_ended",),
                  help_vi="Năm đã kết thúc mà số liệu thuộc về (hạn nộp 31/01 năm sau).",
                  help_en="The ended year the data belong to (due 31 January of the next year)."),
            FACILITY,
        )),
        Section("permits_section", "II. Hồ sơ, giấy phép môi trường", "II. Environmental permits", (PERMITS,)),
        Section("production", "III. Sản phẩm, nguyên liệu", "III. Products and materials", (PRODUCTS, MATERIALS)),
        Section("energy_section", "IV. Năng lượng", "IV. Energy", (ENERGY,)),
        Section("water_section", "V. Nước cấp và nước thải", "V. Water and wastewater", (WATER, WASTEWATER)),
        Section("air_section", "VI. Khí thải", "VI. Air emissions", (AIR, MONITORING_RESULTS)),
        Section("waste_section", "VII. Chất thải rắn và chất thải nguy hại", "VII. Solid and hazardous waste",
                (SOLID, HAZARDOUS)),
        Section("plastics_section", "VIII. Nhựa", "VIII. Plastics", (PLASTICS,)),
        Section("incidents_section", "IX. Sự cố môi trường", "IX. Environmental incidents", (INCIDENTS,)),
        Table("acknowledgements", "Giải trình cảnh báo", "Warning acknowledgements", (
            Field("path", "Vị trí", "Path", T, required=True, max_length=200),
            Field("code", "Mã cảnh báo", "Warning code", T, required=True, max_length=60),
            Field("reason", "Lý do", "Reason", T, required=True, max_length=2000),
        ), sheet_name="Giải trình"),
    ),
)
