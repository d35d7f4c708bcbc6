"""The filing form never loses or misleads (issue 14): the step "Explanations of warnings" comes
with every autosave, one box per current warning named by its place in the form; warnings show
beside errors, in the panel and at their fields; every inline message is in its element's
`aria-describedby`; a failed login or submission opens on its error summary."""
import re

import pytest
from sqlalchemy import select

from intake.domain.workflow import FormKind
from intake.models import Facility, Report, ReportingPeriod, User
from intake.services import reports as filing
from intake.services.seeding import seed_demo
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in
from tests.web.test_filing import form_fields, html

DOCUMENT_PATH = re.compile(r"\b[a-z_]+\[\d+\]")


@pytest.fixture
def draft(client, make_user, session):
    """A GHG draft of the demo period: year one with a grid electricity line (its factor is
    provisional: a warning) and a diesel boiler whose quantity is negative (an error); year two
    without sources (a warning)."""
    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Giấy Việt Hưng", commune_code="00127",
                        enterprise_id=user.enterprise_id, address="672 Ngô Gia Tự")
    session.add(facility)
    seed_demo(session)
    session.flush()
    period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.form == FormKind.GHG_INVENTORY))
    first, second = period.data_years[:2]
    document = {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
                "facility": filing.facility_block(facility),
                "years": [{"year": first, "sources": [
                    {"id": "S1", "category": "purchased_electricity", "supply": "grid",
                     "quantity": "12000", "unit": "MWh"},
                    {"id": "S2", "category": "stationary_combustion", "sector": "manufacturing",
                     "fuel": "diesel_oil", "quantity": "-1000", "unit": "t"}]},
                    {"year": second, "sources": []}]}
    report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id,
                                  document=document, period_id=period.id)
    session.commit()
    log_in(client, email)
    return {"id": report.id, "years": (first, second)}


def autosave(client, report_id, fields):
    token = fields.get("csrf_token")
    response = client.post(f"/reports/{report_id}/autosave", data=fields,
                           headers={"Accept": "application/json", "X-CSRFToken": token})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def boxes(step_html):
    """(path, code, label text, reason) of each box of the explanation step."""
    found = []
    for path, code, label, reason in re.findall(
            r'<div class="field[^"]*" data-ack data-path="([^"]*)" data-code="([^"]*)">.*?'
            r'<label[^>]*>(.*?)</label>\s*<textarea[^>]*>(.*?)</textarea>', step_html, re.S):
        found.append((path, code, re.sub(r"<[^>]+>", "", label), reason))
    return found


def warnings_of(session, report_id):
    report = session.get(Report, report_id)
    session.refresh(report)
    return report.result["warnings"]


def test_autosave_carries_the_explanation_step_of_the_current_warnings(client, draft, session):
    report_id = draft["id"]
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    before = warnings_of(session, report_id)
    body = autosave(client, report_id, {**fields, "acknowledgements[0].path": before[0]["path"],
                                        "acknowledgements[0].code": before[0]["code"],
                                        "acknowledgements[0].reason": "Hệ số năm trước, theo Bộ"})
    before = warnings_of(session, report_id)
    step = boxes(body["acknowledgements_html"])
    assert [(p, c) for p, c, _l, _r in step] == [(w["path"], w["code"]) for w in before]
    assert step[0][3] == "Hệ số năm trước, theo Bộ"
    # Each box is named by its place in the form's words, never by a path.
    first = draft["years"][0]
    assert step[0][2].startswith(f"Năm {first} › Nguồn S1: ")
    assert not any(DOCUMENT_PATH.search(label) for _p, _c, label, _r in step)

    # An edit that makes a warning (a facility-specific grid factor far from the published one):
    # the next answer's step has one box more; the reason typed for the first is still there.
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    fields["revision"] = str(body["revision"])
    fields["years[0].sources[1].ef_source"] = "Đo tại cơ sở"
    fields["years[0].sources[1].ncv_tj_per_gg"] = "430"
    body = autosave(client, report_id, fields)
    after = warnings_of(session, report_id)
    assert len(after) == len(before) + 1
    step = boxes(body["acknowledgements_html"])
    assert [(p, c) for p, c, _l, _r in step] == [(w["path"], w["code"]) for w in after]
    assert ("years[0].sources[1].ncv_tj_per_gg", "implausible_factor") in {(p, c) for p, c, _l, _r in step}
    assert dict(((p, c), r) for p, c, _l, r in step)[(before[0]["path"], before[0]["code"])] \
        == "Hệ số năm trước, theo Bộ"
    # The page and the autosave render the step from the one template: the same boxes.
    page = html(client.get(f"/reports/{report_id}"))
    section = page[page.index('id="section-acknowledgements"'):]
    assert boxes(section) == step


def test_a_warning_and_an_error_show_together_in_the_panel_and_at_their_fields(client, draft, session):
    report_id = draft["id"]
    result = session.get(Report, report_id).result
    error = next(p for p in result["errors"] if p["path"] == "years[0].sources[1].quantity")
    warning = next(p for p in result["warnings"] if p["path"] == "years[0].sources[0]")
    assert (error["code"], warning["code"]) == ("negative", "provisional_grid_factor")

    page = html(client.get(f"/reports/{report_id}"))
    panel = page[page.index("data-result-panel"):]
    errors_list = panel[panel.index('class="problem-list errors"'):panel.index('class="problem-list warnings"')]
    warnings_list = panel[panel.index('class="problem-list warnings"'):]
    assert 'data-code="negative"' in errors_list and 'data-code="provisional_grid_factor"' in warnings_list
    assert "1 lỗi" in panel and f"{len(result['warnings'])} cảnh báo" in panel

    # Inline: the error at the quantity of S2, the warning at the row of S1, each message in
    # the aria-describedby of what it describes.
    quantity = re.search(r'<input [^>]*id="f-years-0-sources-1-quantity"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in quantity
    message_id = re.search(r'aria-describedby="([^"]*)"', quantity).group(1).split()[-1]
    assert re.search(rf'<p class="error-message" id="{message_id}"[^>]*>[^<]*không được là số âm', page)
    row = re.search(r'<details class="row" id="f-years-0-sources-0".*?</details>', page, re.S).group(0)
    message = re.search(r'<p class="warning-message" id="([^"]+)"[^>]*>([^<]*)</p>', row)
    assert "chưa được công bố" in message.group(2)
    group = re.search(r'<div class="row-fields" role="group"[^>]*>', row).group(0)
    assert message.group(1) in re.search(r'aria-describedby="([^"]*)"', group).group(1).split()

    # The autosave's inline messages: the same two, errors and warnings alike.
    fields = form_fields(page)
    body = autosave(client, report_id, fields)
    live = {(p["id"], p["severity"]) for p in body["problems"]}
    assert {("f-years-0-sources-1-quantity", "error"), ("f-years-0-sources-0", "warning")} <= live
    assert 'data-code="negative"' in body["panel_html"]
    assert 'data-code="provisional_grid_factor"' in body["panel_html"]

    # The submit page: the errors to correct, and the warnings still to explain, both.
    submit = html(client.get(f"/reports/{report_id}/submit"))
    assert "Báo cáo vẫn còn lỗi" in submit and "không được là số âm" in submit
    assert "cảnh báo chưa được giải trình" in submit and "chưa được công bố" in submit


def test_every_inline_message_is_in_its_inputs_aria_describedby(client, draft):
    page = html(client.get(f"/reports/{draft['id']}"))
    form = page[page.index("data-filing-form"):page.index("data-result-panel")]
    described = set()
    for ids in re.findall(r'aria-describedby="([^"]*)"', form):
        described.update(ids.split())
    messages = re.findall(r'<p class="(?:error|warning)-message" id="([^"]+)"', form)
    assert len(messages) >= 3  # S2's quantity, S1's row, the empty second year
    assert set(messages) <= described


def test_a_failed_login_opens_on_an_error_summary_linked_to_the_field(app, make_user):
    _, email = make_user("enterprise", tax_code="0100112437")
    anonymous = app.test_client()
    page = html(anonymous.get("/login"))
    response = anonymous.post("/login", data={"email": email, "password": "sai-mat-khau",
                                              "csrf_token": csrf_token_from(page)})
    assert response.status_code == 401
    text = html(response)
    summary = re.search(r'<div class="error-summary" role="alert"[^>]*tabindex="-1">(.*?)</div>', text, re.S)
    assert summary and '<a href="#email">' in summary.group(1)
    assert "js/error-summary.js" in text


def test_a_refused_submission_opens_on_its_summary_and_names_its_messages(client, draft, session):
    report_id = draft["id"]
    page = html(client.get(f"/reports/{report_id}/submit"))
    response = client.post(f"/reports/{report_id}/submit", data={"password": TEST_PASSWORD,
                                                                 "csrf_token": csrf_token_from(page)})
    assert response.status_code == 400
    text = html(response)
    assert re.search(r'<div class="error-summary" role="alert"[^>]*tabindex="-1">.*?<a href="#certify">', text, re.S)
    assert 'aria-describedby="certify-error"' in text and 'id="certify-error"' in text
    assert "js/error-summary.js" in text
