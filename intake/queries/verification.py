"""What the public verification page may say about a submitted version, found by its SHA-256.

Anyone holding a receipt or a copy of record may ask, without an account, so the answer holds
no figure of the report and no person's name: the form, the data years, when the version was
submitted, its number and where it stands. The facility's name and its enterprise's tax code
are given too: they are public registration data (the national business register publishes
them), and without them a genuine hash printed on a forged paper under another facility's name
would be "confirmed". A SHA-256 cannot be guessed, so the page tells only what the paper holder
already has in hand.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain.workflow import FormKind, ReportStatus
from intake.models import ReportVersion


@dataclass(frozen=True)
class FiledVersion:
    """A submitted version as the public may see it. `replaced_by` is the number of the
    report's later version, if the filer submitted another; `set_aside` says the whole report
    was set aside as a duplicate of another one for the same facility, form and period."""

    form: FormKind
    data_years: tuple[int, ...]
    submitted_at_utc: dt.datetime
    version_number: int
    report_status: ReportStatus
    replaced_by: int | None
    set_aside: bool
    facility_name: str
    tax_code: str


def filed_versions(session: Session, sha256: str) -> list[FiledVersion]:
    """Every submitted version whose document has this SHA-256, oldest first: usually one, but
    a report returned and submitted again unchanged has two versions of one content."""
    versions = session.scalars(select(ReportVersion).where(ReportVersion.sha256 == sha256)
                               .order_by(ReportVersion.submitted_at_utc, ReportVersion.id))
    return [_filed(version) for version in versions]


def _filed(version: ReportVersion) -> FiledVersion:
    report = version.report
    latest = max(v.number for v in report.versions)
    enterprise = report.facility.enterprise
    return FiledVersion(
        form=report.form, data_years=_data_years(version), submitted_at_utc=version.submitted_at_utc,
        version_number=version.number, report_status=report.status,
        replaced_by=latest if latest > version.number else None,
        set_aside=report.superseded_by_id is not None, facility_name=report.facility.name,
        tax_code=enterprise.tax_code if enterprise else "")


def _data_years(version: ReportVersion) -> tuple[int, ...]:
    """The period's data years; for a report filed without a period, the years its result
    covers (GHG) or its declaration year."""
    period = version.report.period
    if period is not None:
        return tuple(period.data_years)
    years = (version.result or {}).get("years")
    if isinstance(years, Mapping) and years:
        return tuple(sorted(int(year) for year in years if str(year).isdigit()))
    year = version.document.get("year")
    return (year,) if isinstance(year, int) else ()
