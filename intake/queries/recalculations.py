"""The recalculations of a report's submitted versions (grid factors published since filing)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import GridFactorPublication, Recalculation


def recalculations_of(session: Session, report_id: int) -> dict[int, list[dict[str, Any]]]:
    """Version number -> its recalculations, oldest first: which factor it used and uses now."""
    rows = session.execute(
        select(Recalculation, GridFactorPublication).join(
            GridFactorPublication, GridFactorPublication.id == Recalculation.publication_id)
        .where(Recalculation.report_id == report_id).order_by(Recalculation.id)).all()
    found: dict[int, list[dict[str, Any]]] = {}
    for recalculation, publication in rows:
        trace = recalculation.trace
        found.setdefault(recalculation.version_number, []).append({
            "year": publication.year, "at": recalculation.created_at_utc,
            "factor_library_version": recalculation.library_version_after,
            "factor_library_version_before": recalculation.library_version_before,
            "grid_factor_before": (trace.get("before") or {}).get("value"),
            "grid_factor": (trace.get("after") or {}).get("value"),
            "grid_factor_source": publication.source,
            "total_tco2e_before": trace.get("total_before"), "total_tco2e": trace.get("total_after")})
    return found
