"""The register of obliged facilities: reviewers keep the declarants' list, with history."""
import pytest
from sqlalchemy import select

from intake.models import AuditEntry, Facility, FormKind, Obligation
from tests.conftest import csrf_token_from, log_in


def page_text(response):
    return response.get_data(as_text=True)


@pytest.fixture
def reviewer_client(client, make_user):
    _, email = make_user("reviewer")
    log_in(client, email)
    return client


def a_facility(session, name="Công ty Cổ phần Bia Hà Nội – Nhà máy Mê Linh"):
    facility = Facility(name=name, address="Mê Linh, Hà Nội", commune_code="00493")
    session.add(facility)
    session.commit()
    return facility.id


def add(client, facility_id, reason="Có giấy phép môi trường do UBND Thành phố cấp"):
    page = client.get("/register/env-declaration")
    return client.post("/register/env-declaration/add", data={
        "facility_id": facility_id, "legal_basis": "Thông tư 42/2020/TT-BCT",
        "sector": "Sản xuất bia", "reason": reason, "csrf_token": csrf_token_from(page_text(page))})


def test_the_ghg_register_lists_the_71_facilities_of_decision_42(reviewer_client):
    html = page_text(reviewer_client.get("/register/ghg-inventory"))
    assert "71 cơ sở" in html and "Công ty Cổ phần Dệt Công nghiệp Hà Nội" in html
    assert "Quyết định 42/2026/QĐ-TTg, STT 162" in html


def test_a_reviewer_adds_a_declarant_with_basis_and_reason(reviewer_client, session):
    facility_id = a_facility(session)
    response = add(reviewer_client, facility_id)
    assert response.status_code == 302
    entry = session.scalar(select(Obligation).where(Obligation.form == FormKind.ENV_DECLARATION))
    assert entry.facility_id == facility_id and entry.added_by.role.value == "reviewer"
    assert entry.reason.startswith("Có giấy phép")
    html = page_text(reviewer_client.get("/register/env-declaration"))
    assert "Bia Hà Nội" in html and "1 cơ sở" in html
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "register.add"))
    # The GHG register is a separate list.
    assert "Bia Hà Nội" not in page_text(reviewer_client.get("/register/ghg-inventory")).split("Thêm cơ sở")[0]


def test_a_facility_is_not_added_twice(reviewer_client, session):
    facility_id = a_facility(session)
    add(reviewer_client, facility_id)
    response = add(reviewer_client, facility_id)
    assert response.status_code == 400


def test_adding_without_a_reason_is_refused_and_names_the_field(reviewer_client, session):
    facility_id = a_facility(session)
    response = add(reviewer_client, facility_id, reason="")
    assert response.status_code == 400 and 'href="#reason"' in page_text(response)
    assert session.scalar(select(Obligation).where(Obligation.form == FormKind.ENV_DECLARATION)) is None


def test_removal_needs_a_reason_and_keeps_the_history(reviewer_client, session):
    facility_id = a_facility(session)
    add(reviewer_client, facility_id)
    entry_id = session.scalar(select(Obligation.id).where(Obligation.form == FormKind.ENV_DECLARATION))
    page = reviewer_client.get("/register/env-declaration")
    token = csrf_token_from(page_text(page))
    reviewer_client.post(f"/register/env-declaration/{entry_id}/remove", data={"csrf_token": token, "reason": ""})
    session.expire_all()
    assert session.get(Obligation, entry_id).removed_at_utc is None
    reviewer_client.post(f"/register/env-declaration/{entry_id}/remove",
                         data={"csrf_token": token, "reason": "Cơ sở đã chấm dứt hoạt động"})
    session.expire_all()
    entry = session.get(Obligation, entry_id)
    assert entry.removed_at_utc is not None and entry.removal_reason == "Cơ sở đã chấm dứt hoạt động"
    html = page_text(reviewer_client.get("/register/env-declaration"))
    assert "Đã đưa ra khỏi danh sách" in html and "chấm dứt hoạt động" in html


@pytest.mark.parametrize("role", ["enterprise", "analyst"])
def test_only_reviewers_and_admins_see_or_change_the_register(client, make_user, session, role):
    _, email = make_user(role)
    log_in(client, email)
    assert client.get("/register/ghg-inventory").status_code == 403
    home = client.get("/home")
    response = client.post("/register/env-declaration/add", data={
        "facility_id": 1, "legal_basis": "x", "reason": "x",
        "csrf_token": csrf_token_from(page_text(home))})
    assert response.status_code == 403


def test_admins_manage_the_register_too(client, make_user):
    _, email = make_user("admin")
    log_in(client, email)
    assert client.get("/register/env-declaration").status_code == 200


def test_an_unknown_register_is_404(reviewer_client):
    assert reviewer_client.get("/register/no-such-form").status_code == 404


def test_the_register_shows_each_facilitys_state_and_exports_it(reviewer_client, session):
    import io

    import openpyxl

    from intake.models import ReportingPeriod
    from intake.services.seeding import seed_demo

    seed_demo(session)
    session.commit()
    period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.form == FormKind.GHG_INVENTORY))
    html = page_text(reviewer_client.get(f"/register/ghg-inventory?period={period.id}"))
    # 50 a page: the 71 facilities on two pages, the period kept in the page links.
    assert html.count('data-state="') == 50 and f"period={period.id}" in html.split('rel="next"')[0][-300:]
    second = page_text(reviewer_client.get(f"/register/ghg-inventory?period={period.id}&page=2"))
    assert second.count('data-state="') == 21
    response = reviewer_client.get(f"/register/ghg-inventory/export.xlsx?period={period.id}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("STT", "Tên cơ sở")
    names = {row[1] for row in rows[2:]}
    assert len(names) == 71 and "Công ty Cổ phần Dệt Công nghiệp Hà Nội" in names
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "register.export"))


def test_a_facility_named_like_a_formula_stays_text_in_the_export(reviewer_client, session):
    import io

    import openpyxl

    facility_id = a_facility(session, name='=HYPERLINK("http://evil.example","Bấm vào")')
    add(reviewer_client, facility_id)
    response = reviewer_client.get("/register/env-declaration/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=3)]
    # Behind the OWASP guard, so that the sheet saved as CSV stays text too.
    assert cells[0].value == '\'=HYPERLINK("http://evil.example","Bấm vào")' and cells[0].data_type == "s"


def test_a_declarant_is_added_under_a_sector_of_circular_42_annex_i(reviewer_client, session):
    """The sectors of Annex I known to the portal are offered as the entry's basis, threshold
    included; the page says how many of the Annex's 16 are missing."""
    html = page_text(reviewer_client.get("/register/env-declaration"))
    assert "Sản xuất bột giấy (quy mô từ 50.000 tấn sản phẩm/năm trở lên)" in html
    assert "gồm 16 ngành, lĩnh vực; cổng mới có 8 ngành" in html and "8 ngành còn lại" in html
    assert "bot_giay" not in html.replace('value="bot_giay"', "")  # the key is a value, never shown
    facility_id = a_facility(session, "Công ty Giấy Tissue Sông Đuống")
    response = reviewer_client.post("/register/env-declaration/add", data={
        "facility_id": facility_id, "annex_sector": "bot_giay", "legal_basis": "Thông tư 42/2020/TT-BCT",
        "sector": "", "reason": "Công suất bột giấy 60.000 tấn/năm theo giấy phép môi trường",
        "csrf_token": csrf_token_from(html)})
    assert response.status_code == 302
    entry = session.scalar(select(Obligation).where(Obligation.facility_id == facility_id))
    assert entry.legal_basis == ("Thông tư 42/2020/TT-BCT, Phụ lục I: Sản xuất bột giấy, "
                                 "quy mô từ 50.000 tấn sản phẩm/năm trở lên")
    assert entry.sector == "Sản xuất bột giấy"
    # Not a sector of the list: refused, the draft of the form kept.
    other = a_facility(session, "Nhà máy khác")
    refused = reviewer_client.post("/register/env-declaration/add", data={
        "facility_id": other, "annex_sector": "invented", "legal_basis": "Thông tư 42/2020/TT-BCT",
        "reason": "Lý do", "csrf_token": csrf_token_from(html)})
    assert refused.status_code == 400 and "Lý do" in page_text(refused)
