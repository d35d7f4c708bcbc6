"""The factor-library and form versions, as an administrator reviews them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms import declaration, ghg
from forms.library import available_versions, load_library
from intake.models import FormKind, GridFactorPublication, LibraryActivation, Report, ReportVersion

# The library's data sets as a reader calls them (Vietnamese, English).
DATASET_LABELS = {
    "fuels": ("Nhiên liệu", "Fuels"), "fuel_factors": ("Hệ số phát thải nhiên liệu", "Fuel emission factors"),
    "mobile_factors": ("Hệ số nguồn di động", "Mobile source factors"),
    "fuel_densities": ("Khối lượng riêng nhiên liệu", "Fuel densities"), "gases": ("Khí nhà kính", "Gases"),
    "gwp": ("Hệ số GWP", "GWP values"), "refrigerant_blends": ("Môi chất lạnh hỗn hợp", "Refrigerant blends"),
    "grid_emission_factors": ("Hệ số phát thải lưới điện", "Grid emission factors"),
    "toe_conversion": ("Hệ số quy đổi TOE", "TOE conversion"), "communes": ("Phường, xã", "Wards and communes"),
    "obliged_facilities": ("Cơ sở phải kiểm kê", "Obliged facilities"),
}


def grid_publications(session: Session) -> list[GridFactorPublication]:
    """The grid factors published on the portal, first first: publication N makes version "+N"."""
    return list(session.scalars(select(GridFactorPublication).order_by(GridFactorPublication.id)))


def newest_version(session: Session) -> str:
    """The shipped default with every publication: what is current unless an administrator
    chose another."""
    publications = grid_publications(session)
    return publications[-1].library_version if publications else load_library().version


def active_version(session: Session) -> str:
    """The version new calculations use: the latest activation, else the newest."""
    chosen = session.scalar(select(LibraryActivation.version).order_by(LibraryActivation.id.desc()).limit(1))
    return chosen or newest_version(session)


@dataclass(frozen=True)
class LibraryVersion:
    version: str
    base: str
    published_years: tuple[int, ...]  # grid factors published on the portal that this version adds
    versions_calculated: int  # submitted versions whose result was calculated with it
    current: bool  # what new calculations use (the one activated last, else the newest)


def library_versions(session: Session) -> list[LibraryVersion]:
    used = dict(session.execute(select(ReportVersion.factor_library_version, func.count())
                                .group_by(ReportVersion.factor_library_version)).all())
    publications = grid_publications(session)
    active = active_version(session)
    found = [LibraryVersion(version, version, (), used.get(version, 0), current=version == active)
             for version in available_versions()]
    for number, publication in enumerate(publications, start=1):
        found.append(LibraryVersion(publication.library_version, publication.library_version.split("+")[0],
                                    tuple(p.year for p in publications[:number]),
                                    used.get(publication.library_version, 0),
                                    current=publication.library_version == active))
    return found


@dataclass(frozen=True)
class FormVersion:
    form: FormKind
    version: str
    reports: int
    current: bool


def form_versions(session: Session) -> list[FormVersion]:
    counts = dict(((form, version), count) for form, version, count in session.execute(
        select(Report.form, Report.form_version, func.count()).group_by(Report.form, Report.form_version)))
    return [FormVersion(kind, version, counts.get((kind, version), 0), version == module.FORM_VERSION)
            for kind, module in ((FormKind.GHG_INVENTORY, ghg), (FormKind.ENV_DECLARATION, declaration))
            for version in module.FORM_VERSIONS]
