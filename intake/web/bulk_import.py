"""Reviewers check many facilities' workbooks at once (a dry run), then import the clean ones
as drafts for the enterprises to certify and submit."""
from __future__ import annotations

import functools
import hashlib

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from intake.domain.roles import can_review_reports
from intake.domain.workflow import FormKind
from intake.extensions import db
from intake.queries.facilities import facility_described_by
from intake.queries.periods import reporting_period, reporting_periods
from intake.services import reports as filing
from intake.services.xlsx_intake import check_workbook
from intake.unit_of_work import after_commit
from intake.web.excel import annotated_download, stored_upload
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.presentation import current_locale

blueprint = Blueprint("bulk_import", __name__, url_prefix="/review/excel")

MAX_FILES = 50
# Problems listed per workbook; the annotated copy of each marks them all.
PROBLEMS_SHOWN_PER_FILE = 3


def _match(document: dict):
    """The registered facility a workbook describes: same enterprise tax code, same name."""
    block = document.get("facility") if isinstance(document, dict) else None
    if not isinstance(block, dict):
        return None
    return facility_described_by(db.session, current_user,
                                 tax_code=str(block.get("tax_code") or "").strip(),
                                 name=str(block.get("name") or "").strip())


@blueprint.route("", methods=["GET", "POST"])
@requires(can_review_reports)
def check():
    periods = reporting_periods(db.session)
    if request.method == "GET":
        return render_template("review/bulk_import.html", rows=None, periods=periods)
    files = [f for f in request.files.getlist("workbooks") if f and f.filename][:MAX_FILES]
    if not files:
        flash(_("Choose one or more Excel files (.xlsx)."), "error")
        return render_template("review/bulk_import.html", rows=None, periods=periods), 400
    rows = []
    for uploaded in files:
        data = uploaded.read()
        digest = hashlib.sha256(data).hexdigest()
        outcome = check_workbook(data, language=current_locale())
        facility = _match(outcome["document"]) if outcome["readable"] else None
        if outcome["readable"]:
            stored_upload(digest).write_bytes(data)
        problems = len(outcome["errors"]) + len(outcome["warnings"])
        rows.append({"filename": uploaded.filename, "digest": digest, "outcome": outcome,
                     "facility": facility, "importable": bool(outcome["readable"] and facility
                                                               and facility.enterprise_id),
                     "first_errors": outcome["errors"][:PROBLEMS_SHOWN_PER_FILE],
                     "more_problems": max(0, problems - PROBLEMS_SHOWN_PER_FILE)})
    return render_template("review/bulk_import.html", rows=rows, periods=periods)


@blueprint.route("/annotated/<digest>.xlsx")
@requires(can_review_reports)
def annotated(digest: str):
    """A checked workbook with every problem marked: the full list the page summarises."""
    return annotated_download(digest)


@blueprint.route("/import", methods=["POST"])
@requires(can_review_reports)
def import_selected():
    period = reporting_period(db.session, request.form.get("period_id", type=int))
    imported, refused = 0, []
    for digest in request.form.getlist("digest"):
        path = stored_upload(digest)
        if not path.exists():
            continue
        outcome = check_workbook(path.read_bytes(), language=current_locale())
        facility = _match(outcome["document"]) if outcome["readable"] else None
        if facility is None or outcome["form"] is None:
            continue
        form = FormKind(outcome["form"])
        try:
            # A savepoint per workbook: one refused leaves the others imported.
            with db.session.begin_nested():
                filing.import_on_behalf(db.session, current_user, facility_id=facility.id, form=form,
                                        document=outcome["document"],
                                        period_id=period.id if period and period.form is form else None)
        except filing.FilingError as error:
            refused.append(f"{facility.name}: {localized(error.message, error.message_vi)}")
            continue
        after_commit(functools.partial(path.unlink, missing_ok=True))
        imported += 1
    flash(_("%(n)s workbooks imported as drafts.", n=imported), "success")
    for message in refused:
        flash(message, "error")
    return redirect(url_for("bulk_import.check"))
