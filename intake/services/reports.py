"""Filing: drafts, autosave with concurrency control, certified submission, frozen versions.

The web pages and the JSON API call these same functions. None of them commits: the caller
commits once the whole request has succeeded, so a failure part-way leaves nothing behind.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import StaleDataError

from forms.documents import normalized
from forms.labels import labelled_problem
from forms.registry import form_definition
from forms.rules import problem
from intake.database import begin_writing
from intake.domain import workflow
from intake.domain.acknowledgements import acknowledgements_of
from intake.domain.compliance import today_in_hanoi
from intake.domain.documents import canonical_json, evaluate, sha256_of
from intake.domain.roles import can_certify_for, can_file_reports, can_review_reports
from intake.domain.workflow import Action, FormKind, RecordedEvent, ReportStatus
from intake.models import (
    AttemptKind,
    Facility,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportVersion,
    User,
)
from intake.queries.scoping import visible_facilities, visible_reports
from intake.queries.waste_codes import hazardous_waste_codes
from intake.services import attachment_links, audit
from intake.services.factor_library import library_for
from intake.services.register import enrol_declarant
from intake.services.throttling import LoginPolicy, PasswordCheck, check_password_again


class FilingError(Exception):
    """A filing request that cannot be carried out. `status` is the HTTP status that says why;
    `code`, `message` (English) and `message_vi` go to the user."""

    status = 400
    code = "bad_request"

    # Whether the refusal was recorded (a wrong password counts towards throttling) and the
    # request's writes must be kept.
    counts_as_attempt = False

    def __init__(self, message: str, message_vi: str, *, path: str = "",
                 result: dict[str, Any] | None = None, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi
        self.path = path
        self.result = result
        # The errors the answer lists, when they are not simply `result["errors"]`.
        self.errors = errors

    def as_problem(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message": self.message,
                "message_vi": self.message_vi}


class NotFound(FilingError):
    status, code = 404, "not_found"


class Forbidden(FilingError):
    status, code = 403, "forbidden"


class Conflict(FilingError):
    status, code = 409, "conflict"


class ReportExists(Conflict):
    """The facility already has a report of this form for this period: `report_id` is it."""

    code = "report_exists"

    def __init__(self, report_id: int) -> None:
        super().__init__(
            f"This facility already has a report of this form for this period (report {report_id}); "
            "edit that one.",
            f"Cơ sở đã có báo cáo của biểu mẫu này cho kỳ này (báo cáo số {report_id}); "
            "vui lòng sửa báo cáo đó.", path="facility_id")
        self.report_id = report_id


class StaleRevision(FilingError):
    status, code = 412, "stale_revision"


class Invalid(FilingError):
    status, code = 422, "invalid"


class TooLong(Invalid):
    """A free text longer than its bound (`intake.domain.text_limits`)."""

    code = "too_long"


class WrongPassword(FilingError):
    status, code = 422, "wrong_password"
    counts_as_attempt = True


class TooManyAttempts(FilingError):
    status, code = 429, "too_many_attempts"


def _not_found() -> NotFound:
    return NotFound("No such report, or not yours to see.",
                    "Không tìm thấy báo cáo, hoặc bạn không có quyền xem.")


def etag(report: Report) -> str:
    return f'"{report.id}.{report.revision}"'


def get_report(session: Session, actor: User, report_id: int, *, for_update: bool = False) -> Report:
    """The report if the actor may see it. Raises NotFound otherwise (never says which)."""
    statement = visible_reports(actor).where(Report.id == report_id)
    if for_update:
        # populate_existing: the row as it is now, after the lock, not as this session first
        # read it (a status or revision read before the lock would let a second submit pass).
        statement = statement.with_for_update(of=Report).execution_options(populate_existing=True)
    report = session.scalar(statement)
    if report is None:
        raise _not_found()
    return report


def _facility_for_filing(session: Session, actor: User, facility_id: Any) -> Facility:
    if not can_file_reports(actor):
        raise Forbidden("Only enterprise users file reports.",
                        "Chỉ người dùng doanh nghiệp mới được lập báo cáo.")
    if not isinstance(facility_id, int) or isinstance(facility_id, bool):
        raise Invalid("facility_id must be a whole number.", "facility_id phải là số nguyên.",
                      path="facility_id")
    facility = session.scalar(visible_facilities(actor).where(Facility.id == facility_id))
    if facility is None:
        raise NotFound("No such facility, or not yours.",
                       "Không tìm thấy cơ sở, hoặc cơ sở không thuộc doanh nghiệp của bạn.",
                       path="facility_id")
    return facility


def facility_block(facility: Facility) -> dict[str, Any]:
    """The facility section as the enterprise profile knows it (pre-fills a new report)."""
    block = {"tax_code": facility.enterprise.tax_code if facility.enterprise else "",
             "name": facility.name, "address": facility.address,
             "commune_code": facility.commune_code}
    return block


def _stored_shape(form: FormKind, document: Any) -> dict[str, Any]:
    """The document as it is stored: a new object in the one shape (`forms.documents`), every
    value that fits its field exact and canonical, the rest as it came. Raises Invalid for what
    is not a JSON object, or holds NaN or Infinity."""
    if not isinstance(document, dict):
        raise Invalid("The document must be a JSON object.", "Tài liệu phải là một đối tượng JSON.",
                      path="document")
    shaped = normalized(form_definition(form.value), document)
    try:
        canonical_json(shaped)
    except ValueError:
        raise Invalid("The document contains NaN or Infinity.",
                      "Tài liệu chứa giá trị NaN hoặc Infinity.", path="document") from None
    return shaped


def _declaration_context(facility: Facility, document: dict[str, Any]) -> dict[str, Any]:
    """The facility's other filings a declaration is checked against: its GHG inventory that
    covers the declared year (issue 4: cross-form consistency) and last year's declaration."""
    session = object_session(facility)
    year = document.get("year")
    if session is None or not isinstance(year, int):
        return {}
    context: dict[str, Any] = {}
    for candidate in session.scalars(select(Report).where(
            Report.facility_id == facility.id, Report.form == FormKind.GHG_INVENTORY)
            .order_by(Report.updated_at_utc.desc())):
        years = [y.get("year") for y in candidate.document.get("years", []) if isinstance(y, dict)]
        if year in years:
            context["ghg_document"] = candidate.document
            break
    for candidate in session.scalars(select(Report).where(
            Report.facility_id == facility.id, Report.form == FormKind.ENV_DECLARATION)
            .order_by(Report.updated_at_utc.desc())):
        if candidate.document.get("year") == year - 1:
            context["previous"] = candidate.document
            break
    context["hazardous_waste_codes"] = hazardous_waste_codes(session)
    return context


def _previous_accepted(facility: Facility, report_id: int | None) -> dict[str, Any]:
    """What the facility's latest accepted GHG inventory other than `report_id` (in the version
    of it that counts: a report under correction, its accepted version) tells this one's
    evaluation: its GWP set and its latest year's emissions per tonne of product."""
    session = object_session(facility)
    if session is None:
        return {}
    version = session.scalar(
        select(ReportVersion).join(Report, and_(
            Report.id == ReportVersion.report_id, Report.accepted_version_number == ReportVersion.number))
        .where(Report.facility_id == facility.id, Report.form == FormKind.GHG_INVENTORY,
               Report.superseded_by_id.is_(None), Report.id != (report_id or 0))
        .order_by(ReportVersion.submitted_at_utc.desc(), ReportVersion.id.desc()).limit(1))
    if version is None:
        return {}
    years = (version.result or {}).get("years") or {}
    intensities = [(int(year), figures.get("tco2e_per_t_product")) for year, figures in years.items()
                   if isinstance(figures, dict) and figures.get("tco2e_per_t_product") not in (None, "")]
    previous: dict[str, Any] = {"previous_gwp_set": version.gwp_set}
    if intensities:
        year, intensity = max(intensities)
        previous["previous_intensity"] = (year, Decimal(str(intensity)))
    return previous


def _evaluate(report_form: FormKind, document: dict[str, Any], facility: Facility,
              today: dt.date | None, report_id: int | None = None) -> dict[str, Any]:
    """The form's result, plus what only the portal knows: whose facility this is, what it
    filed before (last year's declaration, its GHG inventory, the GWP set it used)."""
    if report_form is FormKind.ENV_DECLARATION:
        context: dict[str, Any] = _declaration_context(facility, document)
    else:
        context = _previous_accepted(facility, report_id)
    library = None
    if report_form is FormKind.GHG_INVENTORY and isinstance(document, dict):
        # The grid factors published since the library version was shipped count for new filings.
        library = library_for(object_session(facility), document.get("factor_library_version"))
    result = evaluate(report_form, document, today=today, library=library, **context)
    expected = facility.enterprise.tax_code if facility.enterprise else None
    stated = (document.get("facility") or {}).get("tax_code") if isinstance(document.get("facility"), dict) else None
    if expected and stated and str(stated).strip() != expected:
        warning = labelled_problem(
            problem("facility_mismatch", "facility.tax_code", document_tax_code=stated,
                    facility=facility.name, tax_code=expected).as_dict(),
            form_definition(report_form.value), document)
        reason = acknowledgements_of(document).get((warning["path"], warning["code"]))
        warning["acknowledged"] = reason is not None
        if reason is not None:
            warning["reason"] = reason
        result.setdefault("warnings", []).append(warning)
    return result


def unexplained_warnings(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The warnings of a result that the document's `acknowledgements` do not explain: a report
    is submitted only when there are none (the web and the API alike)."""
    return [w for w in (result or {}).get("warnings", []) if not w.get("acknowledged")]


def _unexplained_error(warning: dict[str, Any]) -> dict[str, Any]:
    return {"path": warning.get("path", ""), "code": "warning_not_explained",
            "warning_code": warning.get("code", ""),
            "message": "Explain this warning before submitting (a reason in the document's "
                       f"acknowledgements, with this path and code): {warning.get('message', '')}",
            "message_vi": "Cần giải trình cảnh báo này trước khi nộp (nêu lý do trong phần giải trình "
                          f"của báo cáo, cùng đường dẫn và mã này): {warning.get('message_vi', '')}"}


def existing_report_id(session: Session, facility_id: int, form: FormKind,
                       period_id: int | None) -> int | None:
    """The id of the facility's report of `form` for the period, if there is one."""
    return session.scalar(select(Report.id).where(
        Report.facility_id == facility_id, Report.form == form,
        Report.period_id.is_(None) if period_id is None else Report.period_id == period_id,
        Report.superseded_by_id.is_(None)))


def _open_period(session: Session, form: FormKind, today: dt.date) -> ReportingPeriod | None:
    return session.scalar(select(ReportingPeriod).where(
        ReportingPeriod.form == form, ReportingPeriod.opens_on <= today,
        ReportingPeriod.due_on >= today - dt.timedelta(days=366)).order_by(ReportingPeriod.due_on.desc()))


def create_report(session: Session, actor: User, *, form: Any, facility_id: Any, document: Any,
                  period_id: int | None = None, today: dt.date | None = None) -> Report:
    """A new draft, stored even when the document has errors (they are in `result`).

    Raises Forbidden (not an enterprise user), NotFound (facility not the actor's), Invalid
    (unknown form, document not an object)."""
    try:
        kind = FormKind(form)
    except ValueError:
        raise Invalid(f"Unknown form {form!r}: use 'ghg-inventory' or 'env-declaration'.",
                      f"Biểu mẫu không xác định {form!r}: dùng 'ghg-inventory' hoặc 'env-declaration'.",
                      path="form") from None
    facility = _facility_for_filing(session, actor, facility_id)
    document = _stored_shape(kind, document)
    document.setdefault("form", kind.value)
    document.setdefault("facility", facility_block(facility))
    today = today or today_in_hanoi()
    period = session.get(ReportingPeriod, period_id) if period_id else _open_period(session, kind, today)
    period_id = period.id if period is not None and period.form is kind else None
    result = _evaluate(kind, document, facility, today)
    begin_writing(session)
    existing = existing_report_id(session, facility.id, kind, period_id)
    if existing is not None:
        raise ReportExists(existing)
    report = Report(facility_id=facility.id, form=kind, form_version=str(document.get("form_version", "")),
                    status=ReportStatus.DRAFT, document=document, result=result,
                    period_id=period_id, created_by_id=actor.id)
    try:
        # A savepoint: when a concurrent request created the same report first (PostgreSQL
        # lets both pass the check above), the unique index refuses this one and the rest of
        # the transaction is still usable to say which report exists.
        with session.begin_nested():
            session.add(report)
            session.flush()
    except IntegrityError:
        existing = existing_report_id(session, facility.id, kind, period_id)
        if existing is None:
            raise
        raise ReportExists(existing) from None
    session.add(ReportEvent(report_id=report.id, action=RecordedEvent.CREATE.value, from_status=None,
                            to_status=ReportStatus.DRAFT, actor_id=actor.id))
    return report


def update_report(session: Session, actor: User, report_id: int, *, document: Any,
                  expected_revision: int | None, today: dt.date | None = None) -> Report:
    """Save the working copy. `expected_revision` is the revision the editor started from: if
    somebody saved in between (another tab, a colleague), StaleRevision is raised and nothing is
    overwritten. Raises NotFound, Forbidden, Conflict (not editable), StaleRevision, Invalid."""
    report = get_report(session, actor, report_id)
    _check_editable(report, actor, expected_revision)
    document = _stored_shape(report.form, document)
    document.setdefault("form", report.form.value)
    # Calculate before taking the write lock; then check that nobody saved in between.
    result = _evaluate(report.form, document, report.facility, today, report.id)
    begin_writing(session)
    report = get_report(session, actor, report_id, for_update=True)
    _check_editable(report, actor, expected_revision)
    report.document = document
    report.form_version = str(document.get("form_version", report.form_version))
    report.result = result
    _flush_or_stale(session)
    return report


def _flush_or_stale(session: Session) -> None:
    """Write the report's change now: the version counter makes the database refuse a write
    based on a revision somebody else has already replaced (StaleRevision)."""
    try:
        session.flush()
    except StaleDataError:
        raise _stale() from None


def _check_editable(report: Report, actor: User, expected_revision: int | None) -> None:
    if not can_file_reports(actor):
        raise Forbidden("Only the enterprise edits its reports.",
                        "Chỉ doanh nghiệp mới được sửa báo cáo của mình.")
    if not workflow.is_editable(report.status):
        raise Conflict("This report was submitted and can no longer be changed.",
                       "Báo cáo đã được nộp và không thể sửa nữa.")
    if expected_revision is None:
        raise StaleRevision("Say which revision you edited (If-Match).",
                            "Cần cho biết phiên bản đang sửa (If-Match).")
    if expected_revision != report.revision:
        raise _stale()


def _stale() -> StaleRevision:
    return StaleRevision(
        "The report was changed elsewhere (another tab or a colleague) since you opened it. "
        "Reload to see the latest version; your changes were not saved over it.",
        "Báo cáo đã được thay đổi ở nơi khác (tab khác hoặc đồng nghiệp) từ khi bạn mở. "
        "Vui lòng tải lại để xem bản mới nhất; thay đổi của bạn chưa ghi đè lên bản đó.")


def submit_report(session: Session, actor: User, report_id: int, *, certify: Any, password: Any,
                  hash_profile: str = "standard", address: str = "", policy: LoginPolicy | None = None,
                  today: dt.date | None = None) -> ReportVersion:
    """Certify and submit: freeze the working copy as an immutable version (canonical JSON and
    its SHA-256, form version, GWP set, factor library version) and move the report on.

    The password is re-entered to certify; wrong ones are counted and throttled like logins
    (intake.services.throttling; `policy` gives the limits, by default those of `hash_profile`
    with the default limits; `address` is the client's). A second submission of the same report
    (a double click) finds it no longer editable and raises Conflict; nothing is submitted twice.

    Raises NotFound, Forbidden, Invalid (not certified; errors, or warnings without an
    explanation in the document's `acknowledgements`: the draft is kept and `result` carries
    them), TooManyAttempts, WrongPassword (recorded: the caller keeps the request's writes),
    Conflict.
    """
    report = get_report(session, actor, report_id)
    if can_file_reports(actor) and not can_certify_for(actor, report.facility.enterprise_id):
        # A preparer, or a consultant preparing for a client: refused before any password is
        # checked (nothing counted towards throttling). Department staff go on to the
        # workflow table's own refusal.
        raise preparer_may_not_certify()
    if certify is not True:
        raise Invalid("Certify that the report is true and complete (certify: true).",
                      "Cần cam kết báo cáo là trung thực và đầy đủ (certify: true).", path="certify")
    _check_password(session, actor, password, address, policy or LoginPolicy(hash_profile=hash_profile))
    _apply(report, Action.SUBMIT, actor)
    seen_revision = report.revision
    # The password check and the calculation run before the write lock is taken.
    result = _evaluate(report.form, report.document, report.facility, today, report.id)
    begin_writing(session)
    report = get_report(session, actor, report_id, for_update=True)
    new_status = _apply(report, Action.SUBMIT, actor)
    if report.revision != seen_revision:
        raise Conflict("The report changed while it was being submitted; review it and submit again.",
                       "Báo cáo đã thay đổi trong lúc nộp; vui lòng kiểm tra lại và nộp lại.")
    report.result = result
    if result.get("errors"):
        raise Invalid("The report has errors; correct them before submitting.",
                      "Báo cáo còn lỗi; vui lòng sửa trước khi nộp.", result=result,
                      errors=result["errors"])
    unexplained = unexplained_warnings(result)
    if unexplained:
        raise Invalid("Explain every warning before submitting.",
                      "Cần giải trình mọi cảnh báo trước khi nộp.", result=result,
                      errors=[_unexplained_error(w) for w in unexplained])
    canonical = canonical_json(report.document)
    version = ReportVersion(
        number=len(report.versions) + 1, form_version=report.form_version,
        canonical_json=canonical, sha256=sha256_of(canonical),
        gwp_set=report.document.get("gwp_set") if report.form is FormKind.GHG_INVENTORY else None,
        factor_library_version=result.get("factor_library_version"),
        result=result,
        submitted_by_id=actor.id)
    report.versions.append(version)
    try:
        session.flush()
    except StaleDataError:
        raise Conflict("The report changed while it was being submitted; review it and submit again.",
                       "Báo cáo đã thay đổi trong lúc nộp; vui lòng kiểm tra lại và nộp lại.") from None
    if report.first_submitted_at_utc is None:
        report.first_submitted_at_utc = version.submitted_at_utc or dt.datetime.now(dt.timezone.utc)
        if report.form is FormKind.ENV_DECLARATION:
            enrol_declarant(session, report.facility, actor)
    _record_move(session, report, Action.SUBMIT, new_status, actor, note=f"v{version.number}")
    session.flush()
    # The evidence this version is certified with: every attachment not removed (issue 15).
    certified_with = attachment_links.link_to_version(session, version)
    audit.record(session, actor, "report.submit", object_type="report", object_id=report.id,
                 details={"version": version.number, "sha256": version.sha256,
                          "attachments": [{"name": a.name, "sha256": a.sha256} for a in certified_with]})
    return version


def preparer_may_not_certify() -> Forbidden:
    """The refusal a preparer (or a consultant) gets for what only a certifier of the
    enterprise does: submitting, amending, signing."""
    return Forbidden(
        "You prepare this enterprise's reports but may not certify them: ask a certifier of "
        "your enterprise to submit.",
        "Bạn là người lập báo cáo, không có quyền ký xác nhận: hãy đề nghị người ký xác nhận "
        "của doanh nghiệp nộp báo cáo.", path="certify")


def _check_password(session: Session, actor: User, password: Any, address: str, policy: LoginPolicy) -> None:
    check = check_password_again(session, actor, password, kind=AttemptKind.SUBMIT_PASSWORD,
                                 address=address, policy=policy)
    if check is PasswordCheck.THROTTLED:
        raise TooManyAttempts("Too many wrong passwords. Wait 15 minutes and try again.",
                              "Nhập sai mật khẩu quá nhiều lần. Vui lòng chờ 15 phút rồi thử lại.",
                              path="password")
    if check is PasswordCheck.WRONG:
        raise WrongPassword("The password is wrong.", "Mật khẩu không đúng.", path="password")


def _apply(report: Report, action: Action, actor: User) -> ReportStatus:
    try:
        return workflow.apply(report.status, action, actor.role)
    except workflow.IllegalTransition:
        raise Conflict(f"A report that is {report.status.value} cannot be {action.value}ed.",
                       "Thao tác này không áp dụng cho báo cáo ở trạng thái hiện tại.") from None
    except workflow.RoleNotAllowed:
        raise Forbidden("Your role may not do this.", "Vai trò của bạn không được làm thao tác này.") from None


def _record_move(session: Session, report: Report, action: Action, new_status: ReportStatus,
                 actor: User, note: str = "") -> None:
    session.add(ReportEvent(report_id=report.id, action=action.value, from_status=report.status,
                            to_status=new_status, actor_id=actor.id, note=note))
    report.status = new_status


def latest_version(report: Report) -> ReportVersion | None:
    return report.versions[-1] if report.versions else None


def import_on_behalf(session: Session, reviewer: User, *, facility_id: int, form: FormKind,
                     document: dict[str, Any], period_id: int | None,
                     today: dt.date | None = None) -> Report:
    """A workbook received by the Department (the e-mail channel this portal replaces) becomes
    the facility's draft, for the enterprise to check, certify and submit itself: the Department
    never submits on an enterprise's behalf. An existing draft is replaced, never merged.

    Raises Forbidden (not a reviewer), NotFound (no such facility), Conflict (the report for
    that period is already with the Department)."""

    if not can_review_reports(reviewer):
        raise Forbidden("Only reviewers import workbooks.", "Chỉ cán bộ thẩm định mới được nhập tệp Excel.")
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise NotFound("No such facility.", "Không tìm thấy cơ sở.", path="facility_id")
    document = _stored_shape(form, document)
    result = _evaluate(form, document, facility, today)
    begin_writing(session)
    existing = session.scalar(select(Report).where(
        Report.id == existing_report_id(session, facility_id, form, period_id))
        .with_for_update().execution_options(populate_existing=True))
    if existing is not None and not workflow.is_editable(existing.status):
        raise Conflict("This facility's report for the period is already with the Department.",
                       "Báo cáo của cơ sở cho kỳ này đã được nộp cho Sở.")
    if existing is None:
        existing = Report(facility_id=facility_id, form=form, form_version=str(document.get("form_version", "")),
                          status=ReportStatus.DRAFT, document=document, result=result,
                          period_id=period_id, created_by_id=reviewer.id)
        session.add(existing)
        session.flush()
    else:
        existing.document, existing.result = document, result
    session.add(ReportEvent(report_id=existing.id, action=RecordedEvent.IMPORT.value, from_status=None,
                            to_status=existing.status, actor_id=reviewer.id,
                            note="Nhập từ tệp Excel bởi Sở Công Thương"))
    audit.record(session, reviewer, "report.import", object_type="report", object_id=existing.id,
                 details={"facility_id": facility_id, "form": form.value})
    return existing
