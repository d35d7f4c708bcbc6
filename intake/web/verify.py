"""The public page behind the QR code of receipts and copies of record: anyone holding the paper
confirms, without an account, that a version with that SHA-256 was filed, and where it stands.
It shows what `intake.queries.verification` lets the public see, nothing more."""
from __future__ import annotations

import re

from flask import Blueprint, render_template
from flask_babel import gettext as _

from intake.domain.compliance import HANOI
from intake.extensions import db
from intake.queries.verification import FiledVersion, filed_versions
from intake.web.presentation import STATUS_LABELS

blueprint = Blueprint("verify", __name__)

_SHA256 = re.compile(r"[0-9a-f]{64}")


@blueprint.get("/verify/<sha256>")
def version(sha256: str):
    """The filed versions with this SHA-256; a 404 page for an unknown or malformed one (a hash
    typed from paper may come in capitals: it is the same hash)."""
    digest = sha256.strip().lower()
    found = filed_versions(db.session, digest) if _SHA256.fullmatch(digest) else []
    if not found:
        return render_template("verify/not_found.html"), 404
    return render_template("verify/version.html", sha256=digest,
                           versions=[_shown(v) for v in found])


def _shown(version: FiledVersion) -> dict[str, object]:
    return {"version": version, "status": _status(version),
            "submitted_at": version.submitted_at_utc.astimezone(HANOI).strftime("%d/%m/%Y %H:%M:%S"),
            "data_years": ", ".join(str(year) for year in version.data_years)}


def _status(version: FiledVersion) -> str:
    if version.set_aside:
        return _("Set aside: another report of this facility for the same period replaces it")
    if version.replaced_by is not None:
        return _("Replaced by version %(number)s", number=version.replaced_by)
    return str(STATUS_LABELS[version.report_status])
