"""Filing through the web pages: what is due, the guided form (with and without script),
autosave, conflicts, submission with certification, history."""
import re

import pytest
from sqlalchemy import select

from intake.domain.workflow import FormKind
from intake.models import Facility, Report, ReportingPeriod, ReportVersion, User
from intake.services.seeding import seed_demo
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in


def html(response):
    return response.get_data(as_text=True)


@pytest.fixture
def filer(client, make_user, session):
    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Giấy Việt Hưng", commune_code="00127",
                        enterprise_id=user.enterprise_id, address="672 Ngô Gia Tự")
    session.add(facility)
    seed_demo(session)  # reporting periods (and demo users, harmless here)
    session.commit()
    log_in(client, email)
    period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.form == FormKind.GHG_INVENTORY))
    return {"facility_id": facility.id, "period": period, "email": email}


def start(client, filer):
    home = client.get("/home")
    response = client.post("/reports/new", data={
        "facility_id": filer["facility_id"], "period_id": filer["period"].id,
        "csrf_token": csrf_token_from(html(home))})
    assert response.status_code == 302
    return int(re.search(r"/reports/(\d+)", response.headers["Location"]).group(1))


def form_fields(page_html):
    """The values the browser would post (inputs, selected options, textareas)."""
    fields = {}
    for name, value in re.findall(r'<input type="(?:text|hidden|date)"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page_html):
        fields[name] = value
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page_html):
        fields[name] = value
    for select_name, options in re.findall(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page_html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        fields[select_name] = chosen.group(1) if chosen else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page_html, re.S):
        fields[name] = value
    return {k: v for k, v in fields.items() if "__INDEX__" not in k}


def test_what_is_due_lists_my_facility_and_the_open_period(client, filer):
    page = html(client.get("/home"))
    assert "Nhà máy Giấy Việt Hưng" in page and filer["period"].name in page


def test_start_fill_and_see_the_calculation_without_script(client, filer, session):
    report_id = start(client, filer)
    page = html(client.get(f"/reports/{report_id}"))
    assert "I. Thông tin chung về cơ sở" in page and "Nhà máy Giấy Việt Hưng" in page
    fields = form_fields(page)
    assert fields["facility.tax_code"] == "0100112437"
    # Add a source row to the first year without JavaScript.
    response = client.post(f"/reports/{report_id}", data={**fields, "_add_row": "years[0].sources"})
    assert response.status_code == 302
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    assert "years[0].sources[0].quantity" in fields
    fields.update({"years[0].sources[0].id": "S1", "years[0].sources[0].category": "stationary_combustion",
                   "years[0].sources[0].sector": "manufacturing", "years[0].sources[0].fuel": "diesel_oil",
                   "years[0].sources[0].quantity": "1.000", "years[0].sources[0].unit": "t"})
    response = client.post(f"/reports/{report_id}", data=fields)
    assert response.status_code == 302
    report = session.get(Report, report_id)
    session.refresh(report)
    source = report.document["years"][0]["sources"][0]
    assert source["quantity"] == 1000  # "1.000" in Vietnamese notation is one thousand
    year = str(report.document["years"][0]["year"])
    assert float(report.result["years"][year]["total_tco2e"]) == pytest.approx(3196.749)
    page = html(client.get(f"/reports/{report_id}"))
    assert "3.196,749" in page  # the live total, Vietnamese notation


def test_errors_are_linked_to_their_fields(client, filer):
    report_id = start(client, filer)
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    client.post(f"/reports/{report_id}", data={**fields, "_add_row": "years[0].sources"})
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    fields.update({"years[0].sources[0].id": "S1", "years[0].sources[0].category": "purchased_electricity",
                   "years[0].sources[0].supply": "grid", "years[0].sources[0].quantity": "-5",
                   "years[0].sources[0].unit": "MWh"})
    client.post(f"/reports/{report_id}", data=fields)
    page = html(client.get(f"/reports/{report_id}"))
    assert 'href="#f-years-0-sources-0-quantity"' in page
    assert 'id="f-years-0-sources-0-quantity"' in page and 'aria-invalid="true"' in page


def test_autosave_answers_json_and_detects_a_second_tab(client, filer):
    report_id = start(client, filer)
    page = html(client.get(f"/reports/{report_id}"))
    fields = form_fields(page)
    token = csrf_token_from(page)
    first = client.post(f"/reports/{report_id}/autosave", data={**fields, "facility.contact_name": "Chị Hà"},
                        headers={"Accept": "application/json", "X-CSRFToken": token})
    assert first.status_code == 200
    body = first.get_json()
    assert body["revision"] == int(fields["revision"]) + 1 and "panel_html" in body
    # The other tab still holds the old revision: its save is refused, nothing is overwritten.
    stale = client.post(f"/reports/{report_id}/autosave", data={**fields, "facility.contact_name": "Anh Minh"},
                        headers={"Accept": "application/json", "X-CSRFToken": token})
    assert stale.status_code == 412
    assert "tab khác" in stale.get_json()["errors"][0]["message_vi"]
    assert 'value="Chị Hà"' in html(client.get(f"/reports/{report_id}"))


def test_autosave_needs_the_csrf_token(client, filer):
    report_id = start(client, filer)
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    fields.pop("csrf_token")
    response = client.post(f"/reports/{report_id}/autosave", data=fields, headers={"Accept": "application/json"})
    assert response.status_code == 400


def test_an_expired_session_gets_401_json_not_a_login_page(app, filer, client):
    report_id = start(client, filer)
    anonymous = app.test_client()
    response = anonymous.post(f"/reports/{report_id}/autosave", data={}, headers={"Accept": "application/json"})
    assert response.status_code == 401
    page = anonymous.get(f"/reports/{report_id}")
    assert page.status_code == 302 and f"next=/reports/{report_id}" in page.headers["Location"]


def test_submission_needs_certification_and_password_and_freezes_a_version(client, filer, session):
    report_id = start(client, filer)
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    client.post(f"/reports/{report_id}", data={**fields, "_add_row": "years[0].sources"})
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    fields.update({"years[0].sources[0].id": "S1", "years[0].sources[0].category": "stationary_combustion",
                   "years[0].sources[0].sector": "manufacturing", "years[0].sources[0].fuel": "natural_gas",
                   "years[0].sources[0].quantity": "1000", "years[0].sources[0].unit": "t"})
    client.post(f"/reports/{report_id}", data=fields)
    page = client.get(f"/reports/{report_id}/submit")
    text = html(page)
    assert "Tôi cam kết" in text and "I certify" in text
    token = csrf_token_from(text)
    # Explain the warnings first if there are any.
    report = session.get(Report, report_id)
    session.refresh(report)
    if report.result.get("warnings"):
        fields = form_fields(html(client.get(f"/reports/{report_id}")))
        for index, _warning in enumerate(report.result["warnings"]):
            fields[f"acknowledgements[{index}].reason"] = "Số liệu theo hóa đơn năm"
        client.post(f"/reports/{report_id}", data=fields)
    wrong = client.post(f"/reports/{report_id}/submit", data={"certify": "y", "password": "sai-mat-khau",
                                                               "csrf_token": token})
    assert wrong.status_code == 422 and "Mật khẩu không đúng." in html(wrong)
    unchecked = client.post(f"/reports/{report_id}/submit", data={"password": TEST_PASSWORD, "csrf_token": token})
    assert unchecked.status_code == 400
    done = client.post(f"/reports/{report_id}/submit", data={"certify": "y", "password": TEST_PASSWORD,
                                                              "csrf_token": token})
    assert done.status_code == 302, html(done)
    again = client.post(f"/reports/{report_id}/submit", data={"certify": "y", "password": TEST_PASSWORD,
                                                               "csrf_token": token})
    assert again.status_code == 302
    versions = session.scalars(select(ReportVersion).where(ReportVersion.report_id == report_id)).all()
    assert len(versions) == 1
    history = html(client.get(f"/reports/{report_id}/history"))
    assert versions[0].sha256 in history and "Đã nộp" in history
    # A submitted report opens on its history, not in the editor.
    assert client.get(f"/reports/{report_id}").headers["Location"].endswith(f"/reports/{report_id}/history")


def test_another_enterprise_cannot_open_my_report(app, client, filer, make_user):
    report_id = start(client, filer)
    _, other = make_user("enterprise", tax_code="0300588569")
    intruder = app.test_client()
    log_in(intruder, other)
    assert intruder.get(f"/reports/{report_id}").status_code == 404
    assert intruder.get(f"/reports/{report_id}/history").status_code == 404
    page = intruder.get("/home")
    response = intruder.post(f"/reports/{report_id}", data={"csrf_token": csrf_token_from(html(page))})
    assert response.status_code == 404


def test_facilities_are_added_with_a_commune_from_the_list(client, filer, session):
    page = client.get("/facilities")
    assert "Xã Thiên Lộc" in html(page)
    response = client.post("/facilities", data={"name": "Kho Thiên Lộc", "address": "Lô K8",
                                                "commune_code": "00493", "csrf_token": csrf_token_from(html(page))})
    assert response.status_code == 302
    bad = client.post("/facilities", data={"name": "Kho ngoài Hà Nội", "commune_code": "99999",
                                           "csrf_token": csrf_token_from(html(page))})
    assert bad.status_code == 400
    assert session.scalar(select(Facility).where(Facility.name == "Kho Thiên Lộc")).commune_code == "00493"


def test_receipt_and_copy_of_record_download_from_the_history(client, filer, session):
    import io

    from pypdf import PdfReader

    from intake.services import reports as filing

    report_id = start(client, filer)
    report = session.get(Report, report_id)
    user = session.scalar(select(User).where(User.email == filer["email"]))
    document = dict(report.document)
    document["years"] = [{"year": y["year"], "sources": [
        {"id": "S1", "category": "purchased_electricity", "supply": "grid", "quantity": "1000", "unit": "MWh"}]}
        for y in document["years"]]
    document["acknowledgements"] = [{"path": f"years[{i}].sources[0]", "code": "provisional_grid_factor",
                                     "reason": "Hệ số lưới điện của năm chưa công bố"} for i in range(2)]
    filing.update_report(session, user, report_id, document=document, expected_revision=report.revision)
    version = filing.submit_report(session, user, report_id, certify=True, password=TEST_PASSWORD,
                                   hash_profile="test")
    session.commit()
    for kind in ("receipt", "report"):
        response = client.get(f"/reports/{report_id}/versions/1/{kind}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
        assert "Nhà máy Giấy Việt Hưng" in text and version.sha256 in text


def test_a_declaration_is_filed_through_the_same_guided_form(client, filer, session):
    period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.form == FormKind.ENV_DECLARATION,
                                                          ReportingPeriod.due_on < filer["period"].due_on.replace(year=3000)))
    home = client.get("/home")
    response = client.post("/reports/new", data={"facility_id": filer["facility_id"], "period_id": period.id,
                                                 "csrf_token": csrf_token_from(html(home))})
    report_id = int(re.search(r"/reports/(\d+)", response.headers["Location"]).group(1))
    page = html(client.get(f"/reports/{report_id}"))
    assert "IV. Năng lượng" in page and "Chất thải nguy hại" in page and 'type="date"' in page
    fields = form_fields(page)
    fields.update({"water.supply_m3": "620.000", "energy.electricity_kwh": "31.500.000",
                   "solid_waste.domestic_kg": "95.000"})
    assert client.post(f"/reports/{report_id}", data={**fields, "_add_row": "hazardous_waste"}).status_code == 302
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    fields.update({"hazardous_waste[0].code": "160106", "hazardous_waste[0].quantity_kg": "120"})
    client.post(f"/reports/{report_id}", data=fields)
    report = session.get(Report, report_id)
    session.refresh(report)
    assert report.document["water"]["supply_m3"] == 620000
    assert any(e["path"] == "hazardous_waste[0].code" for e in report.result["errors"])
    assert 'href="#f-hazardous_waste-0-code"' in html(client.get(f"/reports/{report_id}"))


def large_document(document, lines=500):
    """The report's document with `lines` source lines over its data years, of five kinds."""
    kinds = (
        {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "diesel_oil",
         "unit": "t", "description": "Lò hơi 10 t/h", "data_source": "Hóa đơn mua nhiên liệu"},
        {"category": "purchased_electricity", "supply": "grid", "unit": "MWh", "supplier": "EVN"},
        {"category": "refrigerant", "gas": "R-410A", "unit": "kg", "equipment": "Chiller 500 RT"},
        {"category": "mobile_combustion", "fuel": "motor_gasoline", "unit": "L",
         "density_kg_per_l": "0.74"},
        {"category": "industrial_process", "process": "Sản xuất clinker", "ef_tco2_per_t": "0.52",
         "unit": "t", "ef_source": "Đo đạc năm 2024"},
    )
    years = document["years"]
    per_year = lines // len(years)
    return {**document, "years": [
        {"year": year["year"], "sources": [dict(kinds[i % len(kinds)], id=f"S{i + 1:03d}",
                                                quantity=f"{1000 + i}.5") for i in range(per_year)]}
        for year in years]}


def test_a_500_line_report_stays_light_and_posts_back_unchanged(client, filer, session):
    from intake.services import reports as filing

    report_id = start(client, filer)
    report = session.get(Report, report_id)
    user = session.scalar(select(User).where(User.email == filer["email"]))
    document = large_document(report.document)
    document["years"][0]["sources"][0]["gas"] = "R-12"  # a value the category does not use (nor the library)
    filing.update_report(session, user, report_id, document=document, expected_revision=report.revision)
    session.commit()
    response = client.get(f"/reports/{report_id}")
    page = html(response)
    assert len(response.data) < 1_500_000, len(response.data)
    # A row shows the fields of its category only; another category's come from its template.
    electricity = re.search(r'<details class="row" id="f-years-0-sources-1".*?</details>', page, re.S).group(0)
    assert "years[0].sources[1].supply" in electricity and "density_kg_per_l" not in electricity
    assert page.count('<template data-variant="refrigerant">') == 2  # one per data year's table
    assert page.count("Cần khi nhiên liệu lỏng tính theo thể tích") == 2  # help once per table
    # Long tables are collapsed behind a summary line, values kept in the page.
    assert "S002 · Điện mua vào · 1.001,5 MWh" in electricity and "<details class=\"row\" id=\"f-years-0-sources-1\" data-row>" in electricity
    # Render, then post back: the same document, the value outside its category included.
    fields = form_fields(page)
    assert fields["years[0].sources[0].gas"] == "R-12"
    session.refresh(report)
    before = report.document
    assert client.post(f"/reports/{report_id}", data=fields).status_code == 302
    session.refresh(report)
    assert report.document == before


def test_a_collapsed_row_opens_without_script_with_the_fields_of_its_category(client, filer, session):
    from intake.services import reports as filing

    report_id = start(client, filer)
    report = session.get(Report, report_id)
    user = session.scalar(select(User).where(User.email == filer["email"]))
    filing.update_report(session, user, report_id, document=large_document(report.document, 20),
                         expected_revision=report.revision)
    session.commit()
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    assert "f-years-0-sources-3-density_kg_per_l" not in html(client.get(f"/reports/{report_id}"))
    response = client.post(f"/reports/{report_id}", data={**fields, "_open_row": "years[0].sources[3]"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("open=years%5B0%5D.sources%5B3%5D#f-years-0-sources-3")
    page = html(client.get(response.headers["Location"]))
    row = re.search(r'<details class="row" id="f-years-0-sources-3".*?</details>', page, re.S).group(0)
    assert " open>" in row.split("<summary")[0]
    assert 'id="f-years-0-sources-3-density_kg_per_l"' in row and 'value="0,74"' in row
    assert 'id="f-years-0-sources-3-vehicle"' in row  # optional for mobile combustion, empty
    assert 'aria-describedby="f-years-0-sources-help-density_kg_per_l f-years-0-sources-help-number"' in row


def test_the_submit_page_shows_the_answers_with_links_back_to_each_section(client, filer, session):
    from intake.services import reports as filing

    report_id = start(client, filer)
    report = session.get(Report, report_id)
    user = session.scalar(select(User).where(User.email == filer["email"]))
    document = large_document(report.document, 4)
    document["acknowledgements"] = [{"path": "years[1].sources[1]", "code": "provisional_grid_factor",
                                     "reason": "Hệ số lưới điện chưa công bố"}]
    filing.update_report(session, user, report_id, document=document, expected_revision=report.revision)
    session.commit()
    page = html(client.get(f"/reports/{report_id}/submit"))
    answers = page[page.index('id="answers-title"'):page.index('class="certify"')]
    assert "Nhà máy Giấy Việt Hưng" in answers and "Mã số thuế" in answers
    # Tables by their labels, choices by their labels, numbers in Vietnamese notation.
    assert "<caption>Nguồn phát thải và số liệu hoạt động (2)</caption>" in answers
    assert "<td>Đốt nhiên liệu tĩnh</td>" in answers and "<td>1.000,5</td>" in answers
    assert "stationary_combustion" not in answers and "years[" not in answers
    assert f'href="/reports/{report_id}#section-sources_and_activity_data"' in answers
    assert "Hệ số lưới điện chưa công bố" in answers and "Nguồn S002" in answers
    assert page.index('id="answers-title"') < page.index("Tôi cam kết")


@pytest.mark.parametrize("path", ["years[0].zzz", "zzz.yyy", "acknowledgements", "years[999999999].sources",
                                  "facility", "years[0].year"])
def test_add_row_only_adds_to_a_table_the_form_shows(client, filer, session, path):
    """A hand-written "add a row" path stores no key the form does not define, and no row of
    the explanations (they have a step of their own); the page still answers."""
    report_id = start(client, filer)
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    report = session.get(Report, report_id)
    before = report.document
    response = client.post(f"/reports/{report_id}", data={**fields, "_add_row": path})
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200
    session.refresh(report)
    assert report.document == before
    assert not any(e["code"] == "unknown_field" for e in report.result.get("errors", []))
