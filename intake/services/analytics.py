"""What the analysts' dashboard shows, beyond the plain groupings: year-over-year change (in
one GWP set, AR5 unless asked) and filing compliance per period."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.library import DEFAULT_GWP_SET
from intake.domain.compliance import FilingState
from intake.models import FormKind, ReportingPeriod
from intake.services.register_status import register_lines
from intake.services.statistics import EVERYTHING, FactFilter, ghg_statistics, ghg_total


def year_over_year(session: Session, year: int, gwp_set: str = DEFAULT_GWP_SET,
                   total: Decimal | None = None, where: FactFilter = EVERYTHING) -> dict[str, Any]:
    """The total of `year` (`total` when the caller has it) against the year before.
    Raises UnknownGwpSet."""
    now = ghg_total(session, year, gwp_set, where) if total is None else total
    before = ghg_total(session, year - 1, gwp_set, where)
    # A percentage for display: the default context's 28 digits are plenty.
    change = (now - before) / before * 100 if before else None
    return {"year": year, "total": now, "previous": before, "change_percent": change}


def facility_changes(session: Session, year: int, limit: int = 10, gwp_set: str = DEFAULT_GWP_SET,
                     current: list[dict[str, Any]] | None = None,
                     where: FactFilter = EVERYTHING) -> list[dict[str, Any]]:
    """Facilities whose emissions changed most since the previous year (`current`: the year's
    facility rows, when the caller has them). Raises UnknownGwpSet."""
    previous = {row["facility_id"]: row["total_tco2e"]
                for row in ghg_statistics(session, year=year - 1, group_by="facility", gwp_set=gwp_set, where=where)}
    if current is None:
        current = ghg_statistics(session, year=year, group_by="facility", gwp_set=gwp_set, where=where)
    rows = []
    for row in current:
        before = previous.get(row["facility_id"])
        if before:
            rows.append({**row, "previous": before,
                         "change_percent": (row["total_tco2e"] - before) / before * Decimal(100)})
    return sorted(rows, key=lambda r: abs(r["change_percent"]), reverse=True)[:limit]


def compliance(session: Session, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per period: obliged facilities filed on time, filed late, not filed (missing)."""
    summaries = []
    for period in session.scalars(select(ReportingPeriod).order_by(ReportingPeriod.due_on.desc())):
        lines = register_lines(session, period.form, period, today)
        states = Counter(line.state for line in lines)
        filed = states[FilingState.SUBMITTED] + states[FilingState.ACCEPTED]
        late = sum(1 for line in lines if line.late_submission)
        summaries.append({"period": period, "obliged": len(lines), "on_time": filed - late, "late": late,
                          "missing": states[FilingState.LATE], "in_progress": len(lines) - filed - states[FilingState.LATE]})
    return summaries


__all__ = ["FormKind", "compliance", "facility_changes", "year_over_year"]
