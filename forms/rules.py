"""The rule catalogue: every check a form applies, with a stable code, severity and messages.

The Department publishes this list (`intake rules list`, later a page), so each rule says in
both languages what it checks. Messages are `str.format` templates filled from the problem's
params. Standard library only.

    problem("negative", "years[0].sources[1].quantity", value="-5")  -> Problem
    rules_for("ghg-inventory")                                        -> tuple[Rule, ...]
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.problems import ERROR, WARNING, Problem, Severity

GHG_FORM_KEY = "ghg-inventory"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    message_en: str
    message_vi: str
    description_en: str
    description_vi: str
    # Keys of the forms the rule belongs to; empty for rules every form applies.
    forms: tuple[str, ...] = ()

    def problem(self, path: str, **params: Any) -> Problem:
        values = _Params(params)
        return Problem(
            path=path,
            code=self.code,
            message=self.message_en.format_map(values),
            message_vi=self.message_vi.format_map(values),
            severity=self.severity,
            params=params,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message_en,
            "message_vi": self.message_vi,
            "description": self.description_en,
            "description_vi": self.description_vi,
            "forms": list(self.forms) or ["*"],
        }


class _Params(dict):
    """Format parameters; a missing one renders as empty rather than raising."""

    def __missing__(self, key: str) -> str:
        return ""


def _r(code, severity, en, vi, what_en, what_vi, forms=()) -> Rule:
    return Rule(code, severity, en, vi, what_en, what_vi, forms)


_G = (GHG_FORM_KEY,)
# Fuel-row checks shared with the environmental declaration (same fuel fields).
_GD = (GHG_FORM_KEY, "env-declaration")

RULES: tuple[Rule, ...] = (
    # --- environmental declaration (Circular 42/2020/TT-BCT) -----------------------------------
    _r("hazardous_waste_code", ERROR,
       "“{value}” is not a hazardous-waste code: write six digits as NN NN NN (e.g. 16 01 06).",
       "“{value}” không phải mã chất thải nguy hại: ghi sáu chữ số dạng NN NN NN (ví dụ 16 01 06).",
       "Hazardous-waste codes follow the national list (Circular 02/2022/TT-BTNMT, Appendix III).",
       "Mã chất thải nguy hại theo danh mục quốc gia (Phụ lục III Thông tư 02/2022/TT-BTNMT).",
       forms=("env-declaration",)),
    _r("hazardous_waste_code_unlisted", ERROR,
       "“{value}” is not in the national list of hazardous-waste codes ({count} codes, Circular "
       "02/2022/TT-BTNMT, Annex III, as loaded by the Department). Check the code on the waste's "
       "handover record.",
       "“{value}” không có trong danh mục mã chất thải nguy hại ({count} mã, Phụ lục III Thông tư "
       "02/2022/TT-BTNMT, do Sở nạp). Kiểm tra mã trên chứng từ chuyển giao chất thải.",
       "Once the Department has loaded the national list (`intake reference hazardous-waste`), a "
       "code must be on it; before, only its NN NN NN form is checked, and the result says so.",
       "Khi Sở đã nạp danh mục quốc gia (`intake reference hazardous-waste`), mã phải có trong danh "
       "mục; trước đó chỉ kiểm tra dạng NN NN NN, và kết quả ghi rõ điều này.",
       forms=("env-declaration",)),
    _r("wastewater_above_supply", WARNING,
       "The wastewater discharged ({wastewater} m3 a year) exceeds the water used ({supply} m3).",
       "Lượng nước thải ({wastewater} m3/năm) lớn hơn lượng nước sử dụng ({supply} m3).",
       "A facility rarely discharges more water than it takes in (rainwater aside).",
       "Cơ sở hiếm khi xả nhiều nước hơn lượng nước sử dụng (trừ nước mưa).",
       forms=("env-declaration",)),
    _r("output_above_capacity", WARNING,
       "The output of {product} ({quantity} {unit}) is above its design capacity ({capacity} {unit} a "
       "year). Check the unit and the capacity; producing above the permitted capacity needs the "
       "permit to say so.",
       "Sản lượng {product} ({quantity} {unit}) lớn hơn công suất thiết kế ({capacity} {unit}/năm). "
       "Kiểm tra đơn vị và công suất; sản xuất vượt công suất được phép phải có giấy phép tương ứng.",
       "A product's output in the year is at most its design capacity (in the output's unit).",
       "Sản lượng trong năm của sản phẩm không vượt công suất thiết kế (cùng đơn vị với sản lượng).",
       forms=("env-declaration", GHG_FORM_KEY)),
    _r("monitoring_above_limit", WARNING,
       "{parameter} at {point}: {value} {unit}, above the permitted {limit} {unit} ({standard}). "
       "Say what was done about it, or check the unit.",
       "{parameter} tại {point}: {value} {unit}, vượt giới hạn cho phép {limit} {unit} ({standard}). "
       "Nêu biện pháp đã thực hiện, hoặc kiểm tra đơn vị.",
       "A monitoring result is at most the limit of the applicable QCVN; one above it is pointed out.",
       "Kết quả quan trắc không vượt giới hạn của quy chuẩn áp dụng; kết quả vượt được cảnh báo.",
       forms=("env-declaration",)),
    _r("water_sources_sum", WARNING,
       "The water sources add up to {total} m3, the water used is {supply} m3.",
       "Tổng lượng nước theo nguồn là {total} m3, tổng lượng nước sử dụng ghi {supply} m3.",
       "The water of each source adds up to the water used in the year.",
       "Lượng nước của các nguồn cộng lại bằng tổng lượng nước sử dụng trong năm.",
       forms=("env-declaration",)),
    _r("recycled_above_generated", WARNING,
       "The waste recycled ({recycled} kg) is more than the ordinary and domestic solid waste "
       "generated ({generated} kg). Check the units (kg or t) and what was counted.",
       "Chất thải được tái chế ({recycled} kg) nhiều hơn chất thải rắn thông thường và sinh hoạt phát "
       "sinh ({generated} kg). Kiểm tra đơn vị (kg hay tấn) và phạm vi số liệu.",
       "What is recycled is part of the solid waste generated: it cannot exceed it.",
       "Lượng tái chế là một phần chất thải rắn phát sinh nên không thể lớn hơn.",
       forms=("env-declaration",)),
    _r("permit_expired", WARNING,
       "{kind_en} {number} was valid until {valid_until}, before the end of the declared year "
       "{year}. Add the permit that replaced it, or explain.",
       "{kind_vi} số {number} chỉ có hiệu lực đến {valid_until}, trước khi kết thúc năm khai báo "
       "{year}. Bổ sung giấy phép thay thế, hoặc giải trình.",
       "A permit declared covers the whole declared year; one that expired during it is pointed out.",
       "Giấy phép khai báo phải còn hiệu lực hết năm khai báo; giấy phép hết hạn trong năm được cảnh báo.",
       forms=("env-declaration",)),
    _r("hazardous_waste_without_handler", WARNING,
       "Hazardous waste {waste_code} has no licensed handler named.",
       "Chất thải nguy hại {waste_code} chưa ghi đơn vị xử lý có giấy phép.",
       "Hazardous waste is handed to a licensed handler (Law on Environmental Protection 2020, Art. 83).",
       "Chất thải nguy hại phải chuyển giao cho đơn vị có giấy phép (Điều 83 Luật Bảo vệ môi trường 2020).",
       forms=("env-declaration",)),
    _r("hazardous_waste_handler_without_licence", WARNING,
       "The handler of hazardous waste {waste_code} ({handler}) has no licence number.",
       "Đơn vị xử lý chất thải nguy hại {waste_code} ({handler}) chưa ghi số giấy phép.",
       "A hazardous-waste handler is named with its environmental licence (Law on "
       "Environmental Protection 2020, Art. 83; Circular 02/2022/TT-BTNMT).",
       "Đơn vị xử lý chất thải nguy hại được ghi kèm số giấy phép môi trường (Điều 83 Luật "
       "Bảo vệ môi trường 2020; Thông tư 02/2022/TT-BTNMT).",
       forms=("env-declaration",)),
    _r("fuel_energy_not_converted", WARNING,
       "{quantity} {unit} of {fuel_en} cannot be converted to {what_en}: give the quantity by "
       "mass or energy, or state how it converts ({density_en}). It is left out of the energy "
       "totals.",
       "Không quy đổi được {quantity} {unit} {fuel_vi} ra {what_vi}: ghi theo khối lượng hoặc "
       "năng lượng, hoặc nhập giá trị quy đổi ({density_vi}). Lượng này không được cộng vào tổng "
       "năng lượng.",
       "Each fuel's energy (TJ, TOE) is known from its mass, an energy unit, a MOIT TOE row, or a "
       "stated density or heating value, as on a GHG inventory's line.",
       "Năng lượng của từng nhiên liệu (TJ, TOE) tính được từ khối lượng, đơn vị năng lượng, "
       "bảng quy đổi TOE của Bộ Công Thương, hoặc khối lượng riêng hay nhiệt trị được nhập, như "
       "trên dòng của báo cáo kiểm kê khí nhà kính.",
       forms=("env-declaration",)),
    _r("declaration_large_change", WARNING,
       "“{label_en}” changes from {previous} to {value} since the previous declaration (×{ratio}).",
       "“{label_vi}” thay đổi từ {previous} thành {value} so với lần khai báo trước (×{ratio}).",
       "A quantity that more than doubles or halves from the previous year is pointed out.",
       "Số liệu tăng hơn gấp đôi hoặc giảm hơn một nửa so với năm trước được chỉ ra.",
       forms=("env-declaration",)),
    _r("energy_mismatch_ghg", WARNING,
       "{what_en}: the declaration says {declared}, the GHG inventory of {year} says {inventory} "
       "(a {difference} % difference).",
       "{what_vi}: khai báo môi trường ghi {declared}, báo cáo kiểm kê khí nhà kính năm {year} ghi "
       "{inventory} (chênh lệch {difference} %).",
       "Electricity and each fuel agree within 10 % with the same facility's GHG inventory of the "
       "same year.",
       "Điện và từng loại nhiên liệu khớp trong phạm vi 10 % với báo cáo kiểm kê khí nhà kính cùng "
       "năm của cơ sở.",
       forms=("env-declaration",)),
    _r("energy_in_one_form_only", WARNING,
       "{what_en} is in one document only: the declaration says {declared}, the GHG inventory "
       "of {year} says {inventory}.",
       "{what_vi} chỉ có trong một tài liệu: khai báo môi trường ghi {declared}, báo cáo kiểm kê "
       "khí nhà kính năm {year} ghi {inventory}.",
       "Electricity and each fuel used appear in both the declaration and the same facility's "
       "GHG inventory of the same year.",
       "Điện và từng loại nhiên liệu sử dụng có trong cả khai báo môi trường và báo cáo kiểm kê "
       "khí nhà kính cùng năm của cơ sở.",
       forms=("env-declaration",)),
    # --- every form: shape and values ---------------------------------------------------------
    _r("facility_mismatch", WARNING,
       "The document names tax code {document_tax_code}, but the report is filed for {facility} "
       "of enterprise {tax_code}.",
       "Tài liệu ghi mã số thuế {document_tax_code}, nhưng báo cáo được lập cho {facility} "
       "của doanh nghiệp có mã số thuế {tax_code}.",
       "A report filed through the portal describes the facility it is filed for.",
       "Báo cáo nộp qua cổng mô tả đúng cơ sở mà báo cáo được lập cho."),
    _r("unreadable_document", ERROR,
       "Cannot read {file}: {reason_en}.",
       "Không đọc được tệp {file}: {reason_vi}.",
       "The file exists, is UTF-8 text and holds JSON.",
       "Tệp tồn tại, là văn bản UTF-8 và chứa JSON."),
    _r("document_not_object", ERROR,
       "The document must be a JSON object.",
       "Tài liệu phải là một đối tượng JSON.",
       "The file holds a JSON object (not a list, string or number).",
       "Tệp chứa một đối tượng JSON (không phải danh sách, chuỗi hay số)."),
    _r("wrong_form", ERROR,
       "This document is for form “{value}”, not “{expected_en}”.",
       "Tài liệu này thuộc biểu mẫu “{value}”, không phải “{expected_vi}”.",
       "The document names the form being filed.",
       "Tài liệu ghi đúng biểu mẫu đang nộp."),
    _r("unknown_form_version", ERROR,
       "Form version “{value}” is not known; accepted: {choices}.",
       "Phiên bản biểu mẫu “{value}” không tồn tại; các phiên bản hợp lệ: {choices}.",
       "The form version of the document is a published version of the form.",
       "Phiên bản biểu mẫu của tài liệu là một phiên bản đã ban hành."),
    _r("required", ERROR,
       "Required: “{label_en}” must be given.",
       "Bắt buộc: phải nhập “{label_vi}”.",
       "Every required field is present and not blank.",
       "Mọi trường bắt buộc đều có và không để trống."),
    _r("blank_quantity", ERROR,
       "“{label_en}” is blank. A blank is not zero: enter 0 if there was none.",
       "“{label_vi}” đang để trống. Để trống không phải là số 0: nhập 0 nếu không có.",
       "A required quantity is not blank; zero must be written as 0.",
       "Số liệu bắt buộc không được để trống; số không phải ghi là 0."),
    _r("wrong_type", ERROR,
       "Wrong type: “{label_en}” must be {expected_en}.",
       "Sai kiểu dữ liệu: “{label_vi}” phải là {expected_vi}.",
       "Each field has the type of the form definition (text, number, list, object...).",
       "Mỗi trường có đúng kiểu dữ liệu theo định nghĩa biểu mẫu (văn bản, số, danh sách...)."),
    _r("unknown_field", ERROR,
       "Unknown field “{key}”: check its spelling against the form definition.",
       "Trường “{key}” không có trong biểu mẫu: kiểm tra lại tên trường.",
       "Only fields of the form definition are accepted, so a misspelt key is never ignored.",
       "Chỉ chấp nhận các trường của biểu mẫu để một khóa viết sai không bị bỏ qua."),
    _r("not_a_number", ERROR,
       "“{value}” is not a number.",
       "“{value}” không phải là số.",
       "A quantity is a JSON number or a decimal string such as \"1234.5\".",
       "Số liệu là số JSON hoặc chuỗi số thập phân như \"1234.5\"."),
    _r("number_format", ERROR,
       "Write “{value}” with a dot as decimal separator and no thousands separator, "
       "for example {example}.",
       "Viết “{value}” với dấu chấm thập phân và không có dấu phân cách hàng nghìn, "
       "ví dụ {example}.",
       "In a JSON document a decimal string uses a dot and no grouping ('1234.5'); "
       "'1.234,5' and '1,234.5' are refused rather than guessed.",
       "Trong tài liệu JSON, số thập phân dùng dấu chấm và không nhóm hàng nghìn ('1234.5'); "
       "'1.234,5' và '1,234.5' bị từ chối thay vì đoán."),
    _r("not_finite", ERROR,
       "“{label_en}” must be a finite number (not NaN or infinity).",
       "“{label_vi}” phải là số hữu hạn (không phải NaN hay vô cực).",
       "NaN and infinite values are refused.",
       "Không chấp nhận giá trị NaN hoặc vô cực."),
    _r("negative", ERROR,
       "“{label_en}” must not be negative ({value}).",
       "“{label_vi}” không được là số âm ({value}).",
       "Quantities, factors and densities are zero or more.",
       "Số liệu hoạt động, hệ số và khối lượng riêng không âm."),
    _r("out_of_range", ERROR,
       "“{label_en}” must be between {minimum} and {maximum}.",
       "“{label_vi}” phải nằm trong khoảng từ {minimum} đến {maximum}.",
       "Numbers lie within the bounds of the form definition.",
       "Giá trị số nằm trong giới hạn của định nghĩa biểu mẫu."),
    _r("too_long", ERROR,
       "“{label_en}” is longer than {max_length} characters.",
       "“{label_vi}” dài quá {max_length} ký tự.",
       "Texts are not longer than the form allows.",
       "Văn bản không dài quá mức biểu mẫu cho phép."),
    _r("invalid_date", ERROR,
       "“{value}” is not a date in the form YYYY-MM-DD.",
       "“{value}” không phải là ngày theo dạng YYYY-MM-DD.",
       "Dates are ISO 8601 (YYYY-MM-DD).",
       "Ngày được viết theo ISO 8601 (YYYY-MM-DD)."),
    _r("unknown_choice", ERROR,
       "“{value}” is not an accepted value of “{label_en}”. Accepted: {choices_en}.",
       "“{value}” không phải giá trị hợp lệ của “{label_vi}”. Giá trị hợp lệ: {choices_vi}.",
       "Coded fields (category, fuel, gas, unit, sector, GWP set...) take a value of their list.",
       "Các trường mã hóa (loại nguồn, nhiên liệu, khí, đơn vị, GWP...) lấy giá trị trong danh "
       "mục."),
    _r("too_few_rows", ERROR,
       "“{label_en}” needs at least {min_rows} row(s).",
       "“{label_vi}” cần ít nhất {min_rows} dòng.",
       "Tables have at least the number of rows the form requires.",
       "Bảng có ít nhất số dòng biểu mẫu yêu cầu."),
    _r("too_many_rows", ERROR,
       "“{label_en}” has more than {max_rows} rows.",
       "“{label_vi}” có nhiều hơn {max_rows} dòng.",
       "Tables have at most the number of rows the form allows.",
       "Bảng có không quá số dòng biểu mẫu cho phép."),
    _r("duplicate_key", ERROR,
       "“{value}” appears more than once in “{label_en}”.",
       "“{value}” xuất hiện nhiều lần trong “{label_vi}”.",
       "Row identifiers (a source line's id, a data year) are unique among their siblings.",
       "Mã dòng (mã nguồn thải, năm số liệu) không trùng nhau."),
    _r("tax_code_format", ERROR,
       "“{value}” is not a tax code: 10 digits, or 10 digits, “-” and 3 digits for a branch.",
       "“{value}” không phải mã số thuế: 10 chữ số, hoặc 10 chữ số, “-” và 3 chữ số đối với "
       "đơn vị phụ thuộc.",
       "The tax code has the form NNNNNNNNNN or NNNNNNNNNN-NNN (Circular 105/2020/TT-BTC).",
       "Mã số thuế có dạng NNNNNNNNNN hoặc NNNNNNNNNN-NNN (Thông tư 105/2020/TT-BTC)."),
    _r("tax_code_check_digit", ERROR,
       "Tax code “{value}” fails its check digit: check for a typing error.",
       "Mã số thuế “{value}” sai chữ số kiểm tra: kiểm tra lỗi đánh máy.",
       "The tenth digit of the tax code is its check digit.",
       "Chữ số thứ mười của mã số thuế là chữ số kiểm tra."),
    _r("commune_not_in_hanoi", ERROR,
       "“{value}” is not the code of one of Hanoi's 126 wards and communes.",
       "“{value}” không phải mã của một trong 126 phường, xã của thành phố Hà Nội.",
       "The commune code is in the official list of Hanoi's wards and communes (from 1 July "
       "2025).",
       "Mã phường, xã thuộc danh mục 126 phường, xã của Hà Nội (từ ngày 01/7/2025)."),
    _r("year_not_ended", ERROR,
       "Data year {year} has not ended yet.",
       "Năm số liệu {year} chưa kết thúc.",
       "A report holds data of years that have ended.",
       "Báo cáo chỉ gồm số liệu của các năm đã kết thúc."),
    _r("field_not_used", WARNING,
       "“{label_en}” does not apply to this line ({variant_en}) and is ignored.",
       "“{label_vi}” không áp dụng cho dòng này ({variant_vi}) và bị bỏ qua.",
       "Fields that do not apply to the line's kind are pointed out, since they are not used.",
       "Các trường không áp dụng cho loại dòng được chỉ ra vì không được sử dụng."),
    _r("thousands_separator_suspected", WARNING,
       "“{value}” is read as {read_as}. If you meant {alternative} (Vietnamese notation), "
       "write {alternative}.",
       "“{value}” được hiểu là {read_as}. Nếu ý bạn là {alternative} (cách viết Việt Nam), "
       "hãy ghi {alternative}.",
       "A decimal like '98.300' (one to three digits, a dot, three digits ending in zero) may "
       "be Vietnamese notation for 98 300.",
       "Số dạng '98.300' có thể là cách viết Việt Nam của 98 300."),
    # --- Excel workbooks (exporters/xlsx, docs/xlsx.md) ---------------------------------------
    _r("xlsx_unreadable", ERROR,
       "Cannot read the workbook: {reason_en}.",
       "Không đọc được tệp Excel: {reason_vi}.",
       "An uploaded workbook is an .xlsx file (Office Open XML) that opens without error.",
       "Tệp Excel tải lên là tệp .xlsx (Office Open XML) mở được bình thường."),
    _r("xlsx_macro", ERROR,
       "Macro-enabled workbooks (.xlsm) are refused: save the file as an Excel Workbook "
       "(.xlsx) and upload it again.",
       "Không nhận tệp Excel có macro (.xlsm): lưu tệp dưới dạng Excel Workbook (.xlsx) rồi "
       "tải lên lại.",
       "Workbooks carrying macros (VBA) are never opened, for the safety of the portal and "
       "of reviewers who download them.",
       "Tệp có macro (VBA) không được mở, để bảo đảm an toàn cho cổng và người thẩm định."),
    _r("xlsx_too_large", ERROR,
       "The workbook is too large: {reason_en}.",
       "Tệp Excel quá lớn: {reason_vi}.",
       "A workbook is at most 20 MB, unpacks to at most 100 MB and is not compressed "
       "suspiciously hard (a protection against zip bombs).",
       "Tệp Excel không quá 20 MB, giải nén không quá 100 MB và không nén bất thường "
       "(chống tệp nén độc hại)."),
    _r("xlsx_formula_without_value", ERROR,
       "The cell holds a formula ({formula}) with no saved value: open the file in Excel, let "
       "it calculate and save it, or type the value.",
       "Ô chứa công thức ({formula}) nhưng chưa có giá trị được lưu: mở tệp bằng Excel để "
       "tính và lưu lại, hoặc nhập trực tiếp giá trị.",
       "Formulas are read by the value Excel saved with them; a formula never calculated has "
       "none.",
       "Công thức được đọc theo giá trị Excel đã lưu; công thức chưa từng được tính thì "
       "không có giá trị."),
    _r("xlsx_unknown_template", ERROR,
       "This workbook is not an intake template: no sheet of a known form was found. "
       "Download the template of the form and copy the data into it.",
       "Tệp Excel này không phải mẫu của cổng: không tìm thấy trang tính của biểu mẫu nào. "
       "Tải mẫu của biểu mẫu và chép số liệu vào.",
       "An uploaded workbook is a template downloaded from the portal (its hidden sheet names "
       "the form), or has the sheets of one.",
       "Tệp tải lên là mẫu tải từ cổng (trang ẩn ghi tên biểu mẫu) hoặc có các trang tính "
       "của mẫu đó."),
    _r("xlsx_old_template", ERROR,
       "This template is for version {version} of the form “{form}”, which is no longer "
       "accepted; version {current} is in force. Download the new template and copy the data "
       "across.",
       "Mẫu này thuộc phiên bản {version} của biểu mẫu “{form_vi}”, không còn được nhận; phiên "
       "bản hiện hành là {current}. Tải mẫu mới và chép số liệu sang.",
       "A template names its form version; only versions in force are read.",
       "Mẫu ghi phiên bản biểu mẫu; chỉ các phiên bản còn hiệu lực được đọc."),
    _r("xlsx_missing_column", ERROR,
       "Sheet “{sheet}” has no column “{label_en}”: it is required. Restore the column (its "
       "heading is in the template).",
       "Trang “{sheet}” thiếu cột “{label_vi}”: cột này bắt buộc. Khôi phục cột (tiêu đề có "
       "trong mẫu).",
       "Columns are found by their heading, wherever they are; a required one must exist.",
       "Các cột được tìm theo tiêu đề, ở bất kỳ vị trí nào; cột bắt buộc phải có."),
    _r("xlsx_unknown_parent", ERROR,
       "“{value}” is not a {parent_label_en} listed on sheet “{sheet}”: the row cannot be "
       "placed.",
       "“{value}” không phải {parent_label_vi} có trên trang “{sheet}”: không xếp được dòng "
       "này.",
       "A row of a nested table (a source line) names an existing row of its parent table "
       "(its data year).",
       "Dòng của bảng con (nguồn thải) ghi đúng dòng của bảng cha (năm số liệu)."),
    # --- GHG inventory ----------------------------------------------------------------------
    _r("unit_wrong_dimension", ERROR,
       "“{unit}” is a unit of {dimension}; a “{category_en}” line takes {units}.",
       "“{unit}” là đơn vị {dimension_vi}; dòng “{category_vi}” dùng {units}.",
       "The unit of a source line suits its category (e.g. electricity in kWh, MWh or GWh; "
       "no MWh for fuels).",
       "Đơn vị của dòng phù hợp với loại nguồn (ví dụ điện: kWh, MWh, GWh; nhiên liệu không "
       "dùng MWh).", _G),
    _r("volume_needs_density", ERROR,
       "A fuel quantity in {unit} needs a density or a heating value per unit: give one of "
       "{fields_en}.",
       "Lượng nhiên liệu tính bằng {unit} cần khối lượng riêng hoặc nhiệt trị theo đơn vị: "
       "nhập một trong các trường {fields_vi}.",
       "A volume of fuel is converted to energy only with a stated density or heating value.",
       "Thể tích nhiên liệu chỉ quy đổi ra năng lượng khi có khối lượng riêng hoặc nhiệt trị.",
       _G),
    _r("default_density", WARNING,
       "No density on the line: the library density of {fuel_en}, {density} kg/L ({source}), "
       "is used.",
       "Dòng không có khối lượng riêng: dùng khối lượng riêng của {fuel_vi} trong thư viện, "
       "{density} kg/L ({source}).",
       "A library density is used only where the library cites one, and then said.",
       "Chỉ dùng khối lượng riêng trong thư viện khi có nguồn trích dẫn, và có cảnh báo.", _G),
    _r("conflicting_values", ERROR,
       "Give only one of {fields_en}.",
       "Chỉ nhập một trong các trường {fields_vi}.",
       "Alternative ways of stating one value are not combined.",
       "Không nhập đồng thời các cách khác nhau cho cùng một giá trị.", _G),
    _r("override_without_source", ERROR,
       "A facility-specific value ({fields_en}) needs its source in {source_en}.",
       "Giá trị riêng của cơ sở ({fields_vi}) phải ghi nguồn tại {source_vi}.",
       "Circular 38/2023/TT-BCT, Art. 18: a facility-specific factor is used only with its "
       "stated source.",
       "Điều 18 Thông tư 38/2023/TT-BCT: hệ số riêng của cơ sở chỉ được dùng khi ghi rõ nguồn.",
       _G),
    _r("intensity_change", WARNING,
       "Emissions per tonne of product in {year}: {value} tCO2e/t, {ratio} times the {previous} "
       "tCO2e/t of {previous_year} in the previous accepted report. Check the output's unit and that "
       "no source is missing, or explain the change.",
       "Cường độ phát thải năm {year}: {value} tCO2e/tấn sản phẩm, bằng {ratio} lần mức {previous} "
       "tCO2e/tấn của năm {previous_year} trong báo cáo được chấp nhận trước. Kiểm tra đơn vị sản lượng "
       "và các nguồn phát thải, hoặc giải trình thay đổi.",
       "A year's tCO2e per tonne of product (section II.2) that is half or twice the facility's "
       "previous accepted report's is pointed out.",
       "Cường độ phát thải trên tấn sản phẩm (mục II.2) giảm một nửa hoặc tăng gấp đôi so với báo cáo "
       "được chấp nhận trước của cơ sở được cảnh báo.", _G),
    _r("process_gas_mismatch", ERROR,
       "The national factor of {process_en} is for {process_gas}, not {gas}: leave the gas blank, or state "
       "your own factor for {gas} with its source.",
       "Hệ số quốc gia của {process_vi} là cho {process_gas}, không phải {gas}: để trống ô khí, hoặc ghi hệ số "
       "riêng cho {gas} kèm nguồn.",
       "A process type's factor of the national list is for one gas; a line of another gas states its own.",
       "Hệ số theo loại quá trình của danh mục quốc gia chỉ cho một khí; dòng của khí khác phải ghi hệ số riêng.",
       _G),
    _r("gwp_not_in_set", ERROR,
       "{gas_en} has no 100-year GWP in {gwp_set} ({missing} has none in that IPCC report), so "
       "its emissions cannot be counted in {gwp_set}; it is never counted as zero. Sets in which "
       "it has one: {sets_en}.",
       "{gas_vi} không có hệ số GWP 100 năm trong bộ {gwp_set} ({missing} không có giá trị trong "
       "báo cáo IPCC đó), nên không thể quy đổi phát thải theo {gwp_set}; không bao giờ tính là "
       "0. Bộ GWP có giá trị: {sets_vi}.",
       "A gas or refrigerant is converted to CO2e with its GWP in the report's set; a gas (or a "
       "component of a blend) without a value in that set is refused, naming the set.",
       "Khí hoặc môi chất lạnh được quy đổi CO2e theo GWP của bộ hệ số của báo cáo; khí (hoặc "
       "thành phần của hỗn hợp) không có giá trị trong bộ đó bị từ chối, có nêu tên bộ.", _G),
    _r("not_in_library", ERROR,
       "“{value}” is not in factor library {version}, which this report uses; it is in "
       "{newest}. Choose {newest} in “Factor library version”, or another {label_en}.",
       "“{value}” không có trong thư viện hệ số {version} mà báo cáo đang dùng; có trong phiên "
       "bản {newest}. Chọn {newest} tại “Phiên bản thư viện hệ số”, hoặc chọn {label_vi} khác.",
       "A fuel or gas is calculated with the factors of the report's library version; one that "
       "version does not list is refused.",
       "Nhiên liệu hoặc khí được tính theo hệ số của phiên bản thư viện của báo cáo; giá trị "
       "không có trong phiên bản đó bị từ chối.", _G),
    _r("ncv_required", ERROR,
       "The library gives no net calorific value for {fuel_en}: state the fuel's own in "
       "{ncv_en} (with its source), or give the quantity as energy (TJ, GJ).",
       "Thư viện không có nhiệt trị thực của {fuel_vi}: ghi nhiệt trị riêng của nhiên liệu tại "
       "{ncv_vi} (kèm nguồn), hoặc ghi lượng theo năng lượng (TJ, GJ).",
       "IPCC 2006 Vol. 2 Table 1.2 gives no NCV for some fuels (industrial wastes): a mass of "
       "such a fuel is converted with the value the facility states.",
       "Bảng 1.2 Tập 2 IPCC 2006 không có nhiệt trị thực của một số nhiên liệu (chất thải công "
       "nghiệp): khối lượng của nhiên liệu đó được quy đổi theo giá trị cơ sở ghi.", _G),
    _r("fuel_not_for_category", ERROR,
       "The library has no {category_en} factors for fuel “{fuel_en}”. Accepted: {choices_en}.",
       "Thư viện không có hệ số {category_vi} cho nhiên liệu “{fuel_vi}”. Hợp lệ: {choices_vi}.",
       "Mobile combustion uses road-transport factors, which exist for some fuels only.",
       "Đốt nhiên liệu di động dùng hệ số giao thông đường bộ, chỉ có cho một số nhiên liệu.",
       _G),
    _r("factor_without_source", WARNING,
       "The factor on this line ({fields_en}) has no source: state it in {source_en}.",
       "Hệ số trên dòng này ({fields_vi}) chưa ghi nguồn: ghi nguồn tại {source_vi}.",
       "A supplier's or process factor given on the line names its source for the reviewer.",
       "Hệ số của nhà cung cấp hoặc của quá trình ghi trên dòng phải nêu nguồn để thẩm định.",
       _G),
    _r("grid_factor_unavailable", ERROR,
       "No grid emission factor is published for {year} or any year before it; give "
       "{factor_en} with its source.",
       "Chưa có hệ số phát thải lưới điện cho năm {year} hay năm trước đó; nhập "
       "{factor_vi} kèm nguồn.",
       "Grid electricity uses the national grid factor of the data year.",
       "Điện lưới dùng hệ số phát thải lưới điện quốc gia của năm số liệu.", _G),
    _r("provisional_grid_factor", WARNING,
       "The grid emission factor of {year} is not yet published: the {factor_year} factor "
       "({factor} tCO2/MWh) is used provisionally and the result will be recalculated.",
       "Hệ số phát thải lưới điện năm {year} chưa được công bố: tạm dùng hệ số năm "
       "{factor_year} ({factor} tCO2/MWh); kết quả sẽ được tính lại.",
       "Electricity of a year whose grid factor is not yet published uses the latest one, "
       "provisionally.",
       "Điện của năm chưa có hệ số lưới điện công bố được tính tạm bằng hệ số mới nhất.", _G),
    _r("implausible_factor", WARNING,
       "“{label_en}” = {value} {unit} is far from the expected {expected} {unit}: check the "
       "unit (e.g. kg instead of t, per kWh instead of per MWh).",
       "“{label_vi}” = {value} {unit} khác xa giá trị thường gặp {expected} {unit}: kiểm tra "
       "đơn vị (ví dụ kg thay vì tấn, theo kWh thay vì MWh).",
       "A stated factor, heating value or density far outside the usual range is pointed out.",
       "Hệ số, nhiệt trị hoặc khối lượng riêng khác xa khoảng thông thường được cảnh báo.",
       _GD),
    # --- unit plausibility of gases and factors (issue 11) -------------------------------------
    _r("gas_density_impossible", ERROR,
       "“{label_en}” = {value} {unit} puts {kg_per_m3} kg in a normal cubic metre (Nm3) of "
       "{fuel_en}: no gas is that dense at 0 °C and 1 atm, where gases weigh {low}–{high} "
       "kg/m3 (from hydrogen to butane). Check the unit: a liquid's density, or kg/L instead "
       "of kg/m3?",
       "“{label_vi}” = {value} {unit} tương ứng {kg_per_m3} kg trong một mét khối tiêu chuẩn "
       "(Nm3) {fuel_vi}: không có chất khí nào nặng như vậy ở 0 °C và 1 atm, khi đó chất khí "
       "chỉ nặng {low}–{high} kg/m3 (từ hydro đến butan). Kiểm tra đơn vị: có phải khối lượng "
       "riêng của chất lỏng, hoặc kg/L thay vì kg/m3?",
       "A volume at normal conditions (Nm3) is of a gas, which weighs between 0.08 and 3 kg/m3 "
       "(hydrogen 0.09, natural gas 0.7–0.9, butane 2.7): a density outside that range on such "
       "a line, given per m3 or per litre, is a unit error.",
       "Thể tích ở điều kiện tiêu chuẩn (Nm3) là thể tích chất khí, nặng từ 0.08 đến 3 kg/m3 "
       "(hydro 0.09, khí tự nhiên 0.7–0.9, butan 2.7): khối lượng riêng ngoài khoảng này trên "
       "dòng như vậy, theo m3 hay theo lít, là nhầm đơn vị.", _GD),
    _r("gas_density_implausible", WARNING,
       "“{label_en}” = {value} {unit} puts {kg_per_m3} kg in a cubic metre of {fuel_en}, a "
       "gas, which weighs {low}–{high} kg/m3 at normal conditions. If the volume is of "
       "compressed or liquefied gas, explain it; otherwise check the unit (a liquid's density, "
       "or kg/L instead of kg/m3?).",
       "“{label_vi}” = {value} {unit} tương ứng {kg_per_m3} kg trong một mét khối {fuel_vi}, "
       "là chất khí chỉ nặng {low}–{high} kg/m3 ở điều kiện tiêu chuẩn. Nếu thể tích là của "
       "khí nén hoặc khí hóa lỏng, hãy giải trình; nếu không, kiểm tra đơn vị (khối lượng "
       "riêng của chất lỏng, hoặc kg/L thay vì kg/m3?).",
       "A gaseous fuel (natural gas, biogas) measured by volume weighs 0.08–3 kg per m3; a "
       "density outside that range, given per m3 or per litre, makes the fuel about 10³ times "
       "too much or too little.",
       "Nhiên liệu khí (khí tự nhiên, khí sinh học) tính theo thể tích nặng 0.08–3 kg/m3; khối "
       "lượng riêng ngoài khoảng này, theo m3 hay theo lít, làm lượng nhiên liệu sai khoảng "
       "10³ lần.", _GD),
    _r("heating_value_impossible", ERROR,
       "“{label_en}” = {value} TJ/{unit} is not the heating value of any fuel: a fuel holds "
       "between {low} and {high} TJ/{unit}. For {fuel_en} expect about {expected} TJ/{unit} "
       "({expected_mj} MJ/{unit}). Check the unit: MJ or GJ typed as TJ?",
       "“{label_vi}” = {value} TJ/{unit} không phải nhiệt trị của nhiên liệu nào: nhiên liệu "
       "chỉ có từ {low} đến {high} TJ/{unit}. Với {fuel_vi}, giá trị thường gặp khoảng "
       "{expected} TJ/{unit} ({expected_mj} MJ/{unit}). Kiểm tra đơn vị: có phải MJ hoặc GJ "
       "bị ghi thành TJ?",
       "A heating value per unit lies within what a fuel can hold: from 1 MJ to 50 GJ per m3, "
       "and at most 200 MJ per Nm3 of gas.",
       "Nhiệt trị theo đơn vị nằm trong giới hạn của nhiên liệu: từ 1 MJ đến 50 GJ cho mỗi m3, "
       "và tối đa 200 MJ cho mỗi Nm3 khí.", _G),
    _r("heating_value_implausible", WARNING,
       "“{label_en}” = {value} TJ/{unit} is {ratio} times the usual heating value of {fuel_en}, "
       "about {expected} TJ/{unit} ({expected_mj} MJ/{unit}: the library's {ncv} TJ/Gg at "
       "about {density} kg/m3). Check the unit: MJ or GJ typed as TJ?",
       "“{label_vi}” = {value} TJ/{unit} bằng {ratio} lần nhiệt trị thông thường của "
       "{fuel_vi}, khoảng {expected} TJ/{unit} ({expected_mj} MJ/{unit}: {ncv} TJ/Gg của thư "
       "viện với khối lượng riêng khoảng {density} kg/m3). Kiểm tra đơn vị: có phải MJ hoặc GJ "
       "bị ghi thành TJ?",
       "A heating value per unit is compared with the library's net calorific value times a "
       "typical density of the fuel; one more than √1000 ≈ 32 times away (nearer a 10³ or 10⁶ "
       "slip than a natural variation) is pointed out.",
       "Nhiệt trị theo đơn vị được so với nhiệt trị thực của thư viện nhân khối lượng riêng "
       "thông thường của nhiên liệu; giá trị lệch hơn √1000 ≈ 32 lần (gần với nhầm 10³ hoặc "
       "10⁶ lần hơn là dao động tự nhiên) được cảnh báo.", _G),
    _r("grid_factor_other_year", WARNING,
       "“{label_en}” = {value} tCO2/MWh is the published grid factor of {matched}, not that of "
       "the data year {year} ({expected_en}). Leave it blank to use the factor of the data "
       "year, or explain why.",
       "“{label_vi}” = {value} tCO2/MWh là hệ số lưới điện đã công bố của năm {matched}, không "
       "phải của năm số liệu {year} ({expected_vi}). Để trống để dùng hệ số của năm số liệu, "
       "hoặc giải trình lý do.",
       "A grid line uses the national grid factor of its data year; a factor typed on the line "
       "that is another year's published factor is pointed out, with that year.",
       "Dòng điện lưới dùng hệ số phát thải lưới điện quốc gia của năm số liệu; hệ số nhập trên "
       "dòng trùng với hệ số đã công bố của năm khác được cảnh báo, kèm năm đó.", _G),
    _r("grid_factor_not_published", WARNING,
       "“{label_en}” = {value} tCO2/MWh is not a published national grid factor (data year "
       "{year}: {expected_en}). Explain where it comes from, or leave it blank to use the "
       "published factor.",
       "“{label_vi}” = {value} tCO2/MWh không phải hệ số lưới điện quốc gia đã công bố (năm "
       "số liệu {year}: {expected_vi}). Giải trình nguồn của hệ số, hoặc để trống để dùng hệ "
       "số đã công bố.",
       "A factor typed on a grid line that is the published factor of no year is pointed out.",
       "Hệ số nhập trên dòng điện lưới không trùng với hệ số đã công bố của năm nào được cảnh "
       "báo.", _G),
    _r("refrigerant_above_charge", WARNING,
       "{quantity} {unit} of {gas} topped up is more than the installed charge, {count} × "
       "{charge} kg = {installed} kg. Check the unit (kg or t) and the charge; a top-up above "
       "the charge means the equipment was refilled more than once.",
       "Lượng nạp bổ sung {quantity} {unit} {gas} lớn hơn lượng nạp định mức của thiết bị, "
       "{count} × {charge} kg = {installed} kg. Kiểm tra đơn vị (kg hay tấn) và lượng nạp "
       "định mức; nạp bổ sung nhiều hơn định mức nghĩa là thiết bị được nạp lại hơn một lần.",
       "The refrigerant charged during the year is at most the installed charge: the number of "
       "units (1 when not given) × the nameplate charge per unit.",
       "Lượng môi chất nạp bổ sung trong năm không vượt lượng nạp định mức: số thiết bị (1 nếu "
       "không ghi) × lượng nạp định mức mỗi thiết bị.", _G),
    _r("process_factor_too_small", WARNING,
       "“{label_en}” = {value} t CO2 per t is implausibly small for a process: CO2 from "
       "carbonates or carbon is rarely below {minimum} t per t (clinker 0.52, lime 0.75). The "
       "quantity is converted to tonnes before it is multiplied: give the factor per tonne, not "
       "per kg.",
       "“{label_vi}” = {value} tấn CO2/tấn là quá nhỏ đối với một quá trình: CO2 từ cacbonat "
       "hoặc cacbon hiếm khi dưới {minimum} tấn/tấn (clinker 0.52, vôi 0.75). Số liệu hoạt "
       "động được quy đổi ra tấn trước khi nhân: ghi hệ số theo tấn, không theo kg.",
       "A CO2 factor of an industrial process below 0.001 t per t (a factor per tonne divided "
       "by 1000) is pointed out; factors of other gases (N2O, PFCs) can be that small.",
       "Hệ số CO2 của quá trình công nghiệp dưới 0.001 tấn/tấn (hệ số theo tấn bị chia cho "
       "1000) được cảnh báo; hệ số của khí khác (N2O, PFC) có thể nhỏ như vậy.", _G),
    _r("gwp_set_changed", WARNING,
       "This report uses the GWP set {gwp_set}; the facility's previous report used "
       "{previous}. The totals of the two reports do not compare: keep {previous} unless the "
       "change is intended, and explain it.",
       "Báo cáo này dùng bộ GWP {gwp_set}; báo cáo trước của cơ sở dùng {previous}. Tổng phát "
       "thải của hai báo cáo không so sánh được: giữ {previous} trừ khi cố ý thay đổi, và giải "
       "trình lý do.",
       "A report keeps the GWP set of the facility's previous report, so that their totals "
       "compare.",
       "Báo cáo giữ bộ GWP của báo cáo trước của cơ sở để tổng phát thải so sánh được.", _G),
    _r("large_change", WARNING,
       "The quantity of line {id} changes from {previous} to {value} {unit} between {year_a} "
       "and {year_b} (×{ratio}).",
       "Số liệu của dòng {id} thay đổi từ {previous} thành {value} {unit} giữa năm {year_a} "
       "và {year_b} (×{ratio}).",
       "A line whose quantity more than doubles or halves from one data year to the next is "
       "pointed out.",
       "Dòng có số liệu tăng hơn gấp đôi hoặc giảm hơn một nửa giữa hai năm được cảnh báo.",
       _G),
    _r("empty_year", WARNING,
       "Data year {year} has no emission source.",
       "Năm số liệu {year} không có nguồn phát thải nào.",
       "Each data year lists its sources.",
       "Mỗi năm số liệu có danh sách nguồn phát thải.", _G),
)

_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
assert len(_BY_CODE) == len(RULES), "duplicate rule code"


def rule(code: str) -> Rule:
    """The rule with this code. Raises KeyError for an unknown code (a programming error)."""
    return _BY_CODE[code]


def problem(code: str, path: str, **params: Any) -> Problem:
    """A Problem of rule `code` at `path`, messages rendered from `params`."""
    return _BY_CODE[code].problem(path, **params)


def rules_for(form_key: str | None = None) -> tuple[Rule, ...]:
    """Rules applying to a form (common rules included); every rule when `form_key` is None."""
    if form_key is None:
        return RULES
    return tuple(r for r in RULES if not r.forms or form_key in r.forms)


def catalogue_as_dicts(form_key: str | None = None) -> list[Mapping[str, Any]]:
    return [r.as_dict() for r in rules_for(form_key)]
