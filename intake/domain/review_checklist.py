"""The review checklist for GHG inventory reports, after Circular 08/2025/TT-BNNMT Art. 12
(appraisal of facility inventory results): what a reviewer confirms before accepting."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label_vi: str
    label_en: str


GHG_CHECKLIST = (
    ChecklistItem("completeness", "Báo cáo có đủ các mục I–VI của Mẫu 06, Phụ lục II, Nghị định 06/2022/NĐ-CP",
                  "Every section I–VI of Form 06 (Decree 06/2022) is filled in"),
    ChecklistItem("boundary_scope", "Ranh giới và phạm vi kiểm kê được xác định rõ, phù hợp với hoạt động của cơ sở",
                  "Boundary and scope are stated and fit the facility's operations"),
    ChecklistItem("sources_gases", "Các nguồn phát thải và khí nhà kính đầy đủ, phù hợp Thông tư 38/2023/TT-BCT",
                  "Sources and gases are complete and match Circular 38/2023/TT-BCT"),
    ChecklistItem("methods_factors", "Phương pháp tính và hệ số phát thải phù hợp; giá trị riêng có nguồn",
                  "Methods and emission factors are appropriate; stated values have a source"),
    ChecklistItem("activity_data", "Số liệu hoạt động có căn cứ (hóa đơn, sổ theo dõi, đồng hồ đo)",
                  "Activity data are backed by evidence (invoices, logs, meters)"),
    ChecklistItem("quality_uncertainty", "Có đánh giá chất lượng số liệu và độ không chắc chắn",
                  "Data quality and uncertainty are assessed"),
)

DECLARATION_CHECKLIST = (
    ChecklistItem("completeness", "Khai báo đủ các mục theo Thông tư 42/2020/TT-BCT",
                  "Every section of Circular 42/2020/TT-BCT is declared"),
    ChecklistItem("permits", "Giấy phép môi trường còn hiệu lực, số liệu phù hợp giấy phép",
                  "Environmental permits are valid and the figures fit them"),
    ChecklistItem("waste_handlers", "Chất thải nguy hại được chuyển giao cho đơn vị có giấy phép",
                  "Hazardous waste goes to licensed handlers"),
    ChecklistItem("consistency", "Năng lượng phù hợp với báo cáo kiểm kê khí nhà kính cùng năm",
                  "Energy agrees with the GHG inventory of the same year"),
)


def checklist_for(form: str) -> tuple[ChecklistItem, ...]:
    return GHG_CHECKLIST if form == "ghg-inventory" else DECLARATION_CHECKLIST
