"""The exports an analyst may ask for in the background (web page or API): what each is, how
its file is named, and the work the worker does for it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from forms.library import DEFAULT_GWP_SET, GWP_SETS
from intake.models import User
from intake.models.jobs import BackgroundJob
from intake.services import audit
from intake.services.annual_report import ANNUAL_STEPS, annual_report
from intake.services.background_jobs import PDF, XLSX, Made, Progress, create_job, job_kind
from intake.services.declaration_statistics import declaration_years
from intake.services.statistics import data_years
from intake.services.statistics_export import REPORT_STEPS, WORKBOOK_STEPS, sector_report, statistics_workbook


class ExportRefused(ValueError):
    """An export that cannot be made: `field` names the parameter at fault."""

    def __init__(self, field: str, message_en: str, message_vi: str) -> None:
        super().__init__(message_en)
        self.field, self.message_en, self.message_vi = field, message_en, message_vi


@dataclass(frozen=True, slots=True)
class ExportKind:
    key: str
    media_types: dict[str, str]
    # Of the file name, by format, without diacritics (some e-mail clients mangle them).
    stems: dict[str, str]
    steps: dict[str, tuple[str, ...]]
    build: Callable[..., bytes]
    years: Callable[[Session], list[int]]  # the data years it can be made for


def _statistics(session: Session, *, file_format: str, **arguments) -> bytes:
    return (statistics_workbook if file_format == "xlsx" else sector_report)(session, **arguments)


def _any_data_years(session: Session) -> list[int]:
    return sorted(set(data_years(session)) | set(declaration_years(session)))


EXPORT_KINDS: dict[str, ExportKind] = {
    "statistics": ExportKind("statistics", {"xlsx": XLSX, "pdf": PDF}, {"xlsx": "thong-ke", "pdf": "bao-cao-thong-ke"},
                             {"xlsx": WORKBOOK_STEPS, "pdf": REPORT_STEPS}, _statistics, data_years),
    "annual-report": ExportKind("annual-report", {"pdf": PDF, "xlsx": XLSX},
                                {"pdf": "bao-cao-nam", "xlsx": "bao-cao-nam"},
                                {"pdf": ANNUAL_STEPS, "xlsx": ANNUAL_STEPS}, annual_report, _any_data_years),
}


def file_name(stem: str, year: int, gwp_set: str, suffix: str) -> str:
    # The default set keeps the name it always had.
    return f"{stem}-{year}{'' if gwp_set == DEFAULT_GWP_SET else '-' + gwp_set.lower()}.{suffix}"


def start_export(session: Session, actor: User, *, kind: str, year: object, file_format: str = "xlsx",
                 gwp_set: str | None = None) -> BackgroundJob:
    """A queued export job for `actor` (the caller commits, then queues its id).
    Raises ExportRefused."""
    chosen = EXPORT_KINDS.get(kind)
    if chosen is None:
        raise ExportRefused("kind", f"unknown export {kind!r}: use one of {', '.join(EXPORT_KINDS)}",
                            f"không có loại xuất {kind!r}: chọn một trong {', '.join(EXPORT_KINDS)}")
    if file_format not in chosen.media_types:
        formats = ", ".join(chosen.media_types)
        raise ExportRefused("format", f"unknown format {file_format!r}: use one of {formats}",
                            f"không có định dạng {file_format!r}: chọn một trong {formats}")
    gwp_set = gwp_set or DEFAULT_GWP_SET
    if gwp_set not in GWP_SETS:
        raise ExportRefused("gwp_set", f"unknown GWP set {gwp_set!r}: use one of {', '.join(GWP_SETS)}",
                            f"không có bộ GWP {gwp_set!r}: chọn một trong {', '.join(GWP_SETS)}")
    years = chosen.years(session)
    if isinstance(year, bool) or not isinstance(year, int) or year not in years:
        listed = ", ".join(map(str, years)) or "none yet"
        raise ExportRefused("year", f"no accepted report for the data year {year!r} (years with data: {listed})",
                            f"không có báo cáo được chấp nhận của năm số liệu {year!r} "
                            f"(các năm có số liệu: {listed.replace('none yet', 'chưa có')})")
    job = create_job(session, kind=kind, owner=actor, parameters={
        "year": year, "format": file_format, "gwp_set": gwp_set},
        steps_total=len(chosen.steps[file_format]) + 1)
    audit.record(session, actor, "export.queued", object_type="job", object_id=job.id,
                 details={"kind": kind, "year": year, "format": file_format, "gwp_set": gwp_set})
    return job


def _export_work(session: Session, job: BackgroundJob, progress: Progress) -> Made:
    kind = EXPORT_KINDS[job.kind]
    parameters = job.parameters
    owner = session.get(User, job.owner_id) if job.owner_id else None
    data = kind.build(session, file_format=parameters["format"], year=parameters["year"], actor=owner,
                      gwp_set=parameters["gwp_set"], progress=progress.step)
    return Made(file=data, media_type=kind.media_types[parameters["format"]],
                file_name=file_name(kind.stems[parameters["format"]], parameters["year"], parameters["gwp_set"], parameters["format"]))


for _kind in EXPORT_KINDS:
    job_kind(_kind)(_export_work)
