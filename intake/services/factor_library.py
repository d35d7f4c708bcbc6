"""The factor library every calculation uses: a shipped version with the grid factors published
since (`intake.services.published_factors`)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.library import (
    FactorLibrary,
    GridFactor,
    LibraryError,
    Source,
    available_versions,
    base_version,
    load_library,
    with_published_grid,
)
from intake.models import GridFactorPublication

GRID_TABLE = "Hệ số phát thải lưới điện quốc gia (công bố sau khi nộp báo cáo)"

def _grid_factor(publication: GridFactorPublication) -> GridFactor:
    return GridFactor(publication.year, publication.tco2_per_mwh, "official",
                      Source(publication.source, GRID_TABLE, str(publication.year)))


_CACHE: dict[tuple[str, tuple[int, ...]], FactorLibrary] = {}


def effective_library(session: Session, version: str | None = None) -> FactorLibrary:
    """The library to calculate with: `version` (the document's; the default one when None)
    with every grid factor published since. The shipped library itself when none was."""
    base = load_library(base_version(version) if version else None)
    publications = list(session.scalars(select(GridFactorPublication).order_by(GridFactorPublication.id)))
    publications = [p for p in publications if p.year not in base.grid]
    if not publications:
        return base
    key = (base.version, tuple(p.id for p in publications))
    if key not in _CACHE:
        _CACHE[key] = with_published_grid(base, f"{base.version}+{len(publications)}",
                                          {p.year: _grid_factor(p) for p in publications})
    return _CACHE[key]



def library_for(session: Session, version: object) -> FactorLibrary | None:
    """The effective library of a document's `factor_library_version`, or None when that
    version does not exist (the document's validation says so)."""
    if version is not None and (not isinstance(version, str) or base_version(version) not in available_versions()):
        return None
    try:
        return effective_library(session, version)
    except LibraryError:
        return None


__all__ = ["effective_library", "effective_version", "library_for"]


def effective_version(session: Session, version: str) -> FactorLibrary:
    """The library named `version`: a shipped one, or one a publication made ("2026.1+2": the
    shipped 2026.1 with the first two publications). Raises LibraryError for another name."""
    base = load_library(base_version(version))
    if version == base.version:
        return base
    publications = list(session.scalars(select(GridFactorPublication).order_by(GridFactorPublication.id)))
    for number, publication in enumerate(publications, start=1):
        if publication.library_version == version:
            included = [p for p in publications[:number] if p.year not in base.grid]
            return with_published_grid(base, version, {p.year: _grid_factor(p) for p in included})
    raise LibraryError(f"unknown factor library version {version!r}")
