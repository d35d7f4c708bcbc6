"""Grid emission factors published after reports were filed (calculation.md, Electricity).

Until the Ministry publishes the national grid factor of a year, a report's electricity of that
year is calculated with the latest published one, provisionally (warning
`provisional_grid_factor`). Publishing it (`intake factors publish-grid`):

- makes a new factor-library version, the shipped one with every publication so far
  ("2026.2+1"), which every new calculation uses from then on (`effective_library`), until an
  administrator activates another;
- calculates again, in the background job "recalculation", every submitted version that used a
  provisional factor for that year: the version itself is never altered; the new result and the
  trace of both factors are a `Recalculation` beside it, and the sector database counts the
  recalculated result of the accepted version; the enterprise's certifiers are told.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.library import load_library
from intake.database import begin_writing
from intake.domain import jsonio
from intake.domain.compliance import today_in_hanoi
from intake.domain.documents import evaluate
from intake.models import FormKind, GridFactorPublication, Recalculation, Report, User
from intake.models.jobs import BackgroundJob
from intake.services import audit
from intake.services.background_jobs import Made, Progress, create_job, job_kind
from intake.services.certification import certifiers_of
from intake.services.factor_library import libraries_with, record_activation
from intake.services.mail import queue_message
from intake.services.statistics import counted_result, write_facts

RECALCULATION = "recalculation"
# A national grid factor is a fraction of a tonne per MWh (0.66 in 2023); beyond this, a typo.
LARGEST_GRID_FACTOR = Decimal(3)


class PublishRefused(ValueError):
    def __init__(self, field: str, message_en: str, message_vi: str) -> None:
        super().__init__(message_en)
        self.field, self.message_en, self.message_vi = field, message_en, message_vi


def _factor(value: Any) -> Decimal:
    try:
        factor = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        factor = Decimal("NaN")
    if not factor.is_finite() or factor <= 0 or factor > LARGEST_GRID_FACTOR:
        raise PublishRefused("tco2_per_mwh", f"{value!r} is not a grid factor: give tCO2/MWh, above 0 and at "
                                             f"most {LARGEST_GRID_FACTOR} (0.6592 for 2023)",
                             f"{value!r} không phải hệ số lưới điện: nhập tCO2/MWh, lớn hơn 0 và không quá "
                             f"{LARGEST_GRID_FACTOR} (năm 2023 là 0,6592)")
    return factor


def publish_grid(session: Session, actor: User | None, *, year: Any, tco2_per_mwh: Any, source: Any,
                 today: dt.date | None = None) -> tuple[GridFactorPublication, BackgroundJob]:
    """Publish the grid factor of `year`; the publication and the recalculation job it queues
    (the caller commits, then queues the job). Raises PublishRefused."""
    today = today or today_in_hanoi()
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year < today.year:
        raise PublishRefused("year", f"{year!r} is not a past data year", f"{year!r} không phải năm số liệu đã qua")
    factor = _factor(tco2_per_mwh)
    source = str(source or "").strip()
    if not source or len(source) > 500:
        raise PublishRefused("source", "say where the factor is published (the Ministry's document), "
                                       "in at most 500 characters",
                             "cần nêu văn bản công bố hệ số (của Bộ), tối đa 500 ký tự")
    base = load_library()
    if year in base.grid:
        raise PublishRefused("year", f"the grid factor of {year} is in factor library {base.version} already "
                                     f"({base.grid[year].tco2_per_mwh} tCO2/MWh)",
                             f"hệ số lưới điện năm {year} đã có trong thư viện hệ số {base.version} "
                             f"({base.grid[year].tco2_per_mwh} tCO2/MWh)")
    if session.scalar(select(GridFactorPublication).where(GridFactorPublication.year == year)) is not None:
        raise PublishRefused("year", f"the grid factor of {year} is published already: a published factor "
                                     "is never replaced", f"hệ số lưới điện năm {year} đã được công bố; "
                                                          "hệ số đã công bố không được thay")
    count = len(list(session.scalars(select(GridFactorPublication.id)))) + 1
    publication = GridFactorPublication(year=year, tco2_per_mwh=factor, source=source,
                                        library_version=f"{base.version}+{count}",
                                        published_by_id=actor.id if actor else None)
    session.add(publication)
    session.flush()
    record_activation(session, actor, publication.library_version)
    job = create_job(session, kind=RECALCULATION, owner=actor, steps_total=2,
                     parameters={"publication_id": publication.id, "year": year})
    audit.record(session, actor, "factors.publish_grid", object_type="grid_factor", object_id=year,
                 details={"tco2_per_mwh": str(factor), "source": source,
                          "library_version": publication.library_version, "job": job.id})
    return publication, job


def _provisional_years(result: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Data year -> the provisional grid factor a result used for it."""
    found: dict[int, dict[str, Any]] = {}
    for line in result.get("lines") or []:
        if not line.get("provisional"):
            continue
        for factor in line.get("factors") or []:
            if factor.get("parameter") == "grid":
                found.setdefault(line["year"], factor)
    return found


def _year_total(result: dict[str, Any], year: int) -> Any:
    return ((result.get("years") or {}).get(str(year)) or {}).get("total_tco2e")


def recalculate(session: Session, publication: GridFactorPublication, *, job_id: str | None = None,
                progress: Progress | None = None) -> list[Recalculation]:
    """Calculate again, with the library of `publication`, every submitted GHG version that used a
    provisional grid factor for its year: the version that counts (accepted) and the latest
    one, each once. The facts of an accepted version recalculated are rewritten from the new
    result. The recalculations made (none twice: a second run finds them done).

    Everything is calculated first, reading only; then written at once, so that on SQLite the
    write lock is held for the writing alone (not while a thousand reports are calculated)."""
    library_of = libraries_with(session, publication)
    done = set(session.execute(select(Recalculation.report_id, Recalculation.version_number)
                               .where(Recalculation.publication_id == publication.id)).all())
    planned: list[tuple[Report, int, dict[str, Any], dict[str, Any]]] = []
    for report in session.scalars(select(Report).where(Report.form == FormKind.GHG_INVENTORY).order_by(Report.id)):
        wanted = {report.accepted_version_number, report.versions[-1].number if report.versions else None}
        for version in report.versions:
            if version.number not in wanted or (report.id, version.number) in done:
                continue
            used = counted_result(session, version)
            if publication.year not in _provisional_years(used):
                continue
            submitted = version.submitted_at_utc
            # As on the day it was filed (which data years had ended), with the published factor,
            # on the library it was filed with (a report of 2026.1 stays on 2026.1's factors).
            library = library_of(str(used.get("factor_library_version") or publication.library_version))
            result = evaluate(FormKind.GHG_INVENTORY, jsonio.loads(version.canonical_json), library=library,
                              today=today_in_hanoi(submitted) if submitted else None)
            planned.append((report, version.number, used, result))
        if progress is not None:
            progress.beat()
    begin_writing(session)
    made: list[Recalculation] = []
    for report, number, used, result in planned:
        recalculation = Recalculation(
            report_id=report.id, version_number=number, publication_id=publication.id,
            library_version_before=str(used.get("factor_library_version") or ""),
            library_version_after=str(result.get("factor_library_version") or ""),
            trace={"year": publication.year, "before": _provisional_years(used)[publication.year],
                   "after": _grid_of(result, publication.year),
                   "total_before": _year_total(used, publication.year),
                   "total_after": _year_total(result, publication.year)},
            result=result, job_id=job_id)
        session.add(recalculation)
        session.flush()
        made.append(recalculation)
        audit.record(session, None, "report.recalculated", object_type="report", object_id=report.id,
                     details={"version": number, "year": publication.year,
                              "library_version": recalculation.library_version_after,
                              "total_before": str(recalculation.trace["total_before"]),
                              "total_after": str(recalculation.trace["total_after"])})
        _tell_the_filer(session, report, recalculation, publication)
        if number == report.accepted_version_number:
            write_facts(session, report)
    return made


def _grid_of(result: dict[str, Any], year: int) -> dict[str, Any] | None:
    for line in result.get("lines") or []:
        if line.get("year") != year:
            continue
        for factor in line.get("factors") or []:
            if factor.get("parameter") == "grid":
                return factor
    return None


def _tell_the_filer(session: Session, report: Report, recalculation: Recalculation,
                    publication: GridFactorPublication) -> None:
    trace = recalculation.trace
    subject = (f"Báo cáo kiểm kê KNK của {report.facility.name} được tính lại theo hệ số lưới điện "
               f"năm {publication.year}")
    body = (f"Bộ đã công bố hệ số phát thải lưới điện năm {publication.year}: {publication.tco2_per_mwh} "
            f"tCO2/MWh ({publication.source}). Phiên bản {recalculation.version_number} của báo cáo đã dùng "
            f"hệ số tạm thời nên được tính lại; bản đã nộp không thay đổi.\n"
            f"Tổng phát thải năm {publication.year}: {trace['total_before']} → {trace['total_after']} tCO2e.\n\n"
            f"The national grid factor of {publication.year} is published; version "
            f"{recalculation.version_number} of the report, calculated with a provisional factor, has "
            f"been recalculated (the filed version is unchanged): {trace['total_before']} → "
            f"{trace['total_after']} tCO2e.")
    for user in certifiers_of(session, report.facility.enterprise_id):
        queue_message(session, user.email, subject, body,
                      dedup_key=f"recalculation:{report.id}:{recalculation.version_number}:{publication.id}")


@job_kind(RECALCULATION)
def _recalculation_work(session: Session, job: BackgroundJob, progress: Progress) -> Made:
    progress.step("recalculating")
    publication = session.get(GridFactorPublication, job.parameters["publication_id"])
    # No step after this: on SQLite the session holds the write lock until the job commits.
    made = recalculate(session, publication, job_id=job.id, progress=progress)
    summary = {"publication": publication.library_version, "year": publication.year,
               "recalculated": [{"report_id": r.report_id, "version": r.version_number,
                                 "total_before": str(r.trace["total_before"]),
                                 "total_after": str(r.trace["total_after"])} for r in made]}
    return Made(file=jsonio.dumps(summary).encode("utf-8"), file_name=f"tinh-lai-{publication.year}.json",
                media_type="application/json")


__all__ = ["PublishRefused", "publish_grid", "recalculate"]


def recalculation_summary(session: Session, job_id: str) -> list[dict[str, Any]]:
    """The recalculations a job made, report by report."""
    return [{"report_id": r.report_id, "version": r.version_number, "total_before": r.trace["total_before"],
             "total_after": r.trace["total_after"]}
            for r in session.scalars(select(Recalculation).where(Recalculation.job_id == job_id)
                                     .order_by(Recalculation.report_id, Recalculation.version_number))]
