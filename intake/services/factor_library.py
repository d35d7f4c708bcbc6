"""The factor library every calculation uses: a shipped version with the grid factors published
since (`intake.services.published_factors`), or the version an administrator activated."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from forms.library import (
    DERIVED_SEPARATOR,
    FactorLibrary,
    GridFactor,
    LibraryError,
    Source,
    available_versions,
    base_version,
    load_library,
    with_published_grid,
)
from intake.domain.roles import can_administer
from intake.models import GridFactorPublication, LibraryActivation, User
from intake.queries.library import active_version, grid_publications
from intake.services import audit

GRID_TABLE = "Hệ số phát thải lưới điện quốc gia (công bố sau khi nộp báo cáo)"


def _grid_factor(publication: GridFactorPublication) -> GridFactor:
    return GridFactor(publication.year, publication.tco2_per_mwh, "official",
                      Source(publication.source, GRID_TABLE, str(publication.year)))


_CACHE: dict[tuple[str, tuple[int, ...]], FactorLibrary] = {}


def effective_version(session: Session, version: str) -> FactorLibrary:
    """The library named `version`: a shipped one, or one derived from it by publications
    ("2026.2+3": the shipped 2026.2 with the grid factors of the first three publications, the
    years it lacks). Raises LibraryError for another name."""
    base = load_library(base_version(version))
    if version == base.version:
        return base
    publications = grid_publications(session)
    count = version[len(base.version) + 1:]
    if not count.isdigit() or not 1 <= int(count) <= len(publications) or str(int(count)) != count:
        raise LibraryError(f"unknown factor library version {version!r}")
    return _derived(base, publications[:int(count)])


def _derived(base: FactorLibrary, publications: list[GridFactorPublication]) -> FactorLibrary:
    version = f"{base.version}{DERIVED_SEPARATOR}{len(publications)}"
    included = tuple(p for p in publications if p.year not in base.grid)
    key = (version, tuple(p.id for p in included))
    if key not in _CACHE:
        _CACHE[key] = with_published_grid(base, version, {p.year: _grid_factor(p) for p in included})
    return _CACHE[key]


def libraries_with(session: Session, publication: GridFactorPublication) -> Callable[[str], FactorLibrary]:
    """What a report of library version V is recalculated with when `publication` is made: V's
    shipped base with every publication up to this one ("2026.1+N"). The publications are read
    once, and each base's library made once, however many reports are recalculated."""
    publications = grid_publications(session)
    included = publications[:[p.id for p in publications].index(publication.id) + 1]
    made: dict[str, FactorLibrary] = {}

    def library(version: str) -> FactorLibrary:
        base = base_version(version)
        if base not in made:
            made[base] = _derived(load_library(base), included)
        return made[base]

    return library


def effective_library(session: Session, version: str | None = None) -> FactorLibrary:
    """The library to calculate a draft with: for a document that names no version, the
    active one; for a document of `version`, the active one when built on the same shipped
    version, else that shipped version with every grid factor published so far."""
    active = active_version(session)
    if version is None:
        return effective_version(session, active)
    base = load_library(base_version(version))
    if base_version(active) == base.version:
        return effective_version(session, active)
    publications = grid_publications(session)
    return _derived(base, publications) if publications else base


def activate(session: Session, actor: User | None, version: str) -> bool:
    """New calculations (drafts, and reports filed from now) use `version`; submitted versions
    keep theirs. False when it is in use already. Raises PermissionError, LibraryError for a
    version that does not exist."""
    if actor is not None and not can_administer(actor):
        raise PermissionError("only administrators choose the factor library")
    effective_version(session, version)  # raises LibraryError
    before = active_version(session)
    if before == version:
        return False
    record_activation(session, actor, version)
    audit.record(session, actor, "factors.activate", object_type="factor_library", object_id=version,
                 details={"before": before, "after": version})
    return True


def record_activation(session: Session, actor: User | None, version: str) -> None:
    """Note that new calculations use `version` from now (a publication's new version is active at once)."""
    session.add(LibraryActivation(version=version, activated_by_id=actor.id if actor else None))
    session.flush()


def library_for(session: Session, version: object) -> FactorLibrary | None:
    """The effective library of a document's `factor_library_version`, or None when that
    version does not exist (the document's validation says so)."""
    if version is not None and (not isinstance(version, str) or base_version(version) not in available_versions()):
        return None
    try:
        return effective_library(session, version)
    except LibraryError:
        return None


__all__ = ["activate", "effective_library", "effective_version", "libraries_with", "library_for",
           "record_activation"]
