"""The PDF receipt and copy of record of a submitted version, from the database records.

Both print the QR code of the version's public verification page, whose address starts with the
portal's `base_url` (the `BASE_URL` setting): the caller passes it, services read no app config.
"""
from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from sqlalchemy.orm import object_session

from exporters.pdf import (
    ReceiptData,
    ReportPdfData,
    ghg_receipt_totals,
    receipt_pdf,
    report_pdf,
)
from exporters.pdf.official import verification_url
from forms.figures import DECLARATION_FIGURES
from forms.registry import form_definition
from intake.domain.corrections import correction_for_version
from intake.domain.review_threads import THREAD_STATUS_NAMES
from intake.domain.roles import can_review_reports
from intake.domain.workflow import FormKind, ReportStatus
from intake.models import Report, ReportVersion
from intake.queries.review import released_replies, released_threads_of_version, thread_place
from intake.services.attachment_links import certified_with
from intake.services.audit import submission_entry

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

STATUS_NAMES = {
    ReportStatus.DRAFT: ("Bản nháp", "Draft"),
    ReportStatus.SUBMITTED: ("Đã nộp", "Submitted"),
    ReportStatus.UNDER_REVIEW: ("Đang thẩm định", "Under review"),
    ReportStatus.RETURNED: ("Trả lại để chỉnh sửa", "Returned for correction"),
    ReportStatus.ACCEPTED: ("Đã chấp nhận", "Accepted"),
}

FORM_TITLES = {
    FormKind.GHG_INVENTORY: (
        "Báo cáo kết quả kiểm kê khí nhà kính cấp cơ sở (Mẫu 06, Phụ lục II, Nghị định 06/2022/NĐ-CP)",
        "Facility GHG inventory report (Form 06, Appendix II, Decree 06/2022/ND-CP)"),
    FormKind.ENV_DECLARATION: (
        "Khai báo dữ liệu môi trường ngành Công Thương (Thông tư 42/2020/TT-BCT)",
        "Industry and Trade environmental declaration (Circular 42/2020/TT-BCT)"),
}


def _declaration_totals(result: dict) -> list[tuple[str, str, str, str]]:
    totals = result.get("totals") or {}
    return [(f.label_vi, f.label_en, f.display(totals[f.key], "vi"), f.unit)
            for f in DECLARATION_FIGURES if f.key in RECEIPT_DECLARATION_FIGURES
            and totals.get(f.key) not in (None, "")]


# The declaration figures a receipt repeats (the copy of record prints them all).
RECEIPT_DECLARATION_FIGURES = ("energy_tj", "energy_toe", "water_supply_m3")


def _bytes(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def receipt_pdf_bytes(report: Report, version: ReportVersion, *, base_url: str) -> bytes:
    """The receipt of `version`; its QR code leads to `base_url`/verify/<sha256>."""
    submitter = version.submitted_by
    facility = report.facility
    title_vi, title_en = FORM_TITLES[report.form]
    totals = ghg_receipt_totals(version.result) if report.form is FormKind.GHG_INVENTORY \
        else _declaration_totals(version.result)
    session = object_session(version)
    entry = submission_entry(session, report.id, version.number) if session is not None else None
    receipt = ReceiptData(
        form=report.form.value, report_id=report.id, version_number=version.number, facility_name=facility.name,
        facility_address=facility.address, commune_name=facility.commune.name,
        tax_code=facility.enterprise.tax_code if facility.enterprise else "",
        form_title_vi=title_vi, form_title_en=title_en,
        period_name=report.period.name if report.period else "",
        data_years=report.period.data_years if report.period else [],
        submitted_at=version.submitted_at_utc.astimezone(HANOI),
        submitter_name=submitter.full_name if submitter else "",
        submitter_email=submitter.email if submitter else "",
        totals=list(totals), form_version=version.form_version,
        gwp_set=version.gwp_set or "", factor_library_version=version.factor_library_version or "",
        sha256=version.sha256, verification_url=verification_url(base_url, version.sha256),
        # The receipt anchors the audit log: the sequence and chain hash of this submission.
        audit_sequence=entry.id if entry else None, chain_hash=entry.entry_hash if entry else "")
    return receipt_pdf(receipt)


def receipt_pdf_file(report: Report, version: ReportVersion, *, base_url: str) -> io.BytesIO:
    return _bytes(receipt_pdf_bytes(report, version, base_url=base_url))


def full_report_pdf_file(report: Report, version: ReportVersion, *, base_url: str) -> io.BytesIO:
    """The copy of record of `version`; its QR code leads to `base_url`/verify/<sha256>."""
    status_vi, status_en = STATUS_NAMES[report.status]
    enterprise = report.facility.enterprise
    data = ReportPdfData(form=form_definition(report.form.value), document=version.document,
                         result=version.result, facility_name=report.facility.name,
                         version_number=version.number, status_vi=status_vi, status_en=status_en,
                         report_id=report.id, sha256=version.sha256,
                         submitted_at=version.submitted_at_utc.astimezone(HANOI),
                         enterprise_name=enterprise.name if enterprise else "",
                         verification_url=verification_url(base_url, version.sha256),
                         review_threads=review_threads_for_print(report, version),
                         attachments=attachments_for_print(version),
                         **_correction_for_print(report, version))
    return _bytes(report_pdf(data))


def _correction_for_print(report: Report, version: ReportVersion) -> dict:
    """Whether `version` corrects an accepted version, for the copy of record to say which
    and why (Circular 38 Art. 22)."""
    correction = correction_for_version(report.events, version.number)
    if correction is None:
        return {}
    return {"corrects_version": correction.corrects, "correction_reason": correction.reason}


def attachments_for_print(version: ReportVersion) -> list[dict]:
    """The evidence `version` was certified with, as the copy of record lists it."""
    session = object_session(version)
    if session is None:
        return []
    return [{"name": a.name, "size": a.size, "path": a.path, "sha256": a.sha256,
             "media_type": a.media_type, "description": a.description}
            for a in certified_with(session, [version]).get(version.id, [])]


_WHO = {True: ("Sở Công Thương", "Department"), False: ("Doanh nghiệp", "Enterprise")}


def review_threads_for_print(report: Report, version: ReportVersion) -> list[dict]:
    """The comments released on `version` when it was returned, with their released replies
    and state, as the copy of record prints them (`ReportPdfData.review_threads`)."""
    session = object_session(report)
    if session is None:
        return []
    threads = []
    for thread in released_threads_of_version(session, report, version.number):
        status_vi, status_en = THREAD_STATUS_NAMES[thread.status]
        replies = [{"who_vi": _WHO[can_review_reports(r.author)][0],
                    "who_en": _WHO[can_review_reports(r.author)][1],
                    "message": r.message, "at": r.created_at_utc} for r in released_replies(thread)]
        place = thread_place(report, thread, version.document)
        threads.append({"path": place.path, "place_vi": place.label_vi, "place_en": place.label_en,
                        "message": thread.message, "status_vi": status_vi,
                        "status_en": status_en, "released_at": thread.released_at_utc,
                        "replies": replies})
    return threads


