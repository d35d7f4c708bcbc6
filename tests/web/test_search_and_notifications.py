"""Finding things: search by name (without diacritics) or tax code, pages that keep the
filters, the notifications of each user (never another enterprise's), and the favicon."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from intake.domain.workflow import FormKind, ReportStatus
from intake.models import (
    Enterprise,
    Facility,
    Obligation,
    OutboxMessage,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReviewComment,
    User,
)
from intake.models.base import utc_now
from tests.conftest import log_in

TAX_A, TAX_B = "0100112437", "0100109106"
from tests.web.conftest import statements_sent


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def enterprise_id(session, tax_code: str) -> int:
    return session.scalar(select(Enterprise.id).where(Enterprise.tax_code == tax_code))


def a_facility(session, name: str, enterprise: int | None = None) -> Facility:
    facility = Facility(name=name, address="Hà Nội", commune_code="00493", enterprise_id=enterprise)
    session.add(facility)
    session.flush()
    return facility


def a_period(session) -> ReportingPeriod:
    return session.scalar(select(ReportingPeriod).where(ReportingPeriod.form == FormKind.GHG_INVENTORY)
                          .order_by(ReportingPeriod.due_on.desc())) or _new_period(session)


def _new_period(session) -> ReportingPeriod:
    period = ReportingPeriod(form=FormKind.GHG_INVENTORY, name="Kiểm kê khí nhà kính 2024–2025",
                             first_data_year=2024, last_data_year=2025, opens_on=dt.date(2026, 1, 1),
                             due_on=dt.date(2026, 3, 31))
    session.add(period)
    session.flush()
    return period


def a_report(session, facility: Facility, period: ReportingPeriod,
             status: ReportStatus = ReportStatus.SUBMITTED) -> Report:
    report = Report(facility_id=facility.id, period_id=period.id, form=FormKind.GHG_INVENTORY,
                    form_version="2026.1", status=status, document={}, first_submitted_at_utc=utc_now())
    session.add(report)
    session.flush()
    session.add(ReportEvent(report_id=report.id, action="submit", from_status=ReportStatus.DRAFT,
                            to_status=ReportStatus.SUBMITTED, note="v1"))
    session.flush()
    return report


@pytest.fixture
def people(make_user):
    """Two enterprises' filers and a reviewer (made before anything happens to their reports)."""
    return {"a": make_user("enterprise", tax_code=TAX_A)[1], "b": make_user("enterprise", tax_code=TAX_B)[1],
            "reviewer": make_user("reviewer")[1]}


def logged_in(client, email):
    log_in(client, email)
    return client


# --- search and pages ------------------------------------------------------------------------

def test_a_name_typed_without_diacritics_finds_the_facility(client, people, session):
    period = a_period(session)
    a_report(session, a_facility(session, "Nhà máy Bia THĂNG LONG", enterprise_id(session, TAX_A)), period)
    a_report(session, a_facility(session, "Xưởng Đông Anh", enterprise_id(session, TAX_B)), period)
    session.commit()
    logged_in(client, people["reviewer"])
    html = text_of(client.get("/review?q=thang+long&status=all"))
    assert "Nhà máy Bia THĂNG LONG" in html and "Xưởng Đông Anh" not in html
    # "đ" is read as "d", and typing the diacritics finds the plain spelling just as well.
    assert "Xưởng Đông Anh" in text_of(client.get("/review?q=dong+anh&status=all"))
    assert "Nhà máy Bia THĂNG LONG" in text_of(client.get("/review?q=Thắng+lông&status=all"))
    # The enterprise's name is searched too; a pattern's wildcards are only characters.
    assert "Xưởng Đông Anh" not in text_of(client.get("/review?q=%25&status=all"))

    register = text_of(client.get("/register/ghg-inventory?q=det+cong+nghiep"))
    assert "Công ty Cổ phần Dệt Công nghiệp Hà Nội" in register
    assert len(re.findall(r'data-label="Cơ sở"', register)) == 1
    assert "71 cơ sở có nghĩa vụ" in register  # the register's size is still said


def test_a_tax_code_prefix_finds_the_enterprises_facilities(client, people, session):
    ours = a_facility(session, "Kho Sóc Sơn", enterprise_id(session, TAX_A))
    theirs = a_facility(session, "Kho Gia Lâm", enterprise_id(session, TAX_B))
    for facility in (ours, theirs):
        session.add(Obligation(facility_id=facility.id, form=FormKind.ENV_DECLARATION,
                               legal_basis="Thông tư 42/2020/TT-BCT", reason="Thử nghiệm"))
    period = a_period(session)
    a_report(session, ours, period)
    a_report(session, theirs, period)
    session.commit()
    logged_in(client, people["reviewer"])
    register = text_of(client.get(f"/register/env-declaration?q={TAX_A[:6]}"))
    assert "Kho Sóc Sơn" in register and "Kho Gia Lâm" not in register
    queue = text_of(client.get(f"/review?q={TAX_A}&status=all"))
    assert "Kho Sóc Sơn" in queue and "Kho Gia Lâm" not in queue
    assert "Kho Sóc Sơn" not in text_of(client.get("/review?q=0100113&status=all"))



def test_a_nul_character_in_a_search_is_a_named_refusal_not_an_error(client, people):
    # PostgreSQL refuses U+0000 in any string parameter: refused before any query, in words.
    logged_in(client, people["reviewer"])
    for url in ("/review?q=thang%00+long&status=all", "/register/ghg-inventory?q=%00"):
        response = client.get(url)
        assert response.status_code == 400
        assert "chứa ký tự U+0000" in response.get_data(as_text=True)


def test_the_pages_keep_the_search_and_the_status_filter(client, people, session):
    period = a_period(session)
    for number in range(1, 31):
        a_report(session, a_facility(session, f"Nhà máy Thăng Long số {number:02d}"), period)
    returned = a_report(session, a_facility(session, "Nhà máy Thăng Long đã trả"), period)
    returned.status = ReportStatus.RETURNED
    a_report(session, a_facility(session, "Xưởng Ngoài Diện Tìm"), period)
    session.commit()
    logged_in(client, people["reviewer"])
    first = text_of(client.get("/review?q=thang+long&status=submitted&sort=facility"))
    assert "30 báo cáo" in first and "Ngoài Diện Tìm" not in first and "đã trả" not in first
    links = re.findall(r'<a href="([^"]*page=2[^"]*)"', first)
    assert links, "no link to page 2"
    second_url = links[0].replace("&amp;", "&")
    assert "q=thang+long" in second_url and "status=submitted" in second_url
    second = text_of(client.get(second_url))
    names = re.findall(r"Nhà máy Thăng Long số (\d\d)", second)
    assert names == ["26", "27", "28", "29", "30"]  # the 25 per page of the first, then the rest
    assert "Ngoài Diện Tìm" not in second and "đã trả" not in second
    # The register pages too (50 a page) and keeps its search in the page links.
    register = text_of(client.get("/register/ghg-inventory?q=c"))
    page_two = re.findall(r'<a href="([^"]*page=2[^"]*)"', register)
    assert page_two and "q=c" in page_two[0]
    assert register.count('<td class="row-action">') == 50


def test_an_entry_is_removed_from_its_own_page_with_a_reason(client, people, session):
    entry = session.scalar(select(Obligation).where(Obligation.form == FormKind.GHG_INVENTORY)
                           .order_by(Obligation.id))
    logged_in(client, people["reviewer"])
    listing = text_of(client.get("/register/ghg-inventory"))
    assert f'href="/register/ghg-inventory/{entry.id}/remove"' in listing  # a link per row,
    assert "/remove\" class=\"remove-form\"" not in listing and 'name="reason"' not in listing.split("add-title")[0]  # no form
    page = text_of(client.get(f"/register/ghg-inventory/{entry.id}/remove"))
    assert entry.facility.name in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    refused = client.post(f"/register/ghg-inventory/{entry.id}/remove", data={"csrf_token": token, "reason": " "})
    assert refused.status_code == 400 and "Cần nêu lý do" in refused.get_data(as_text=True)
    done = client.post(f"/register/ghg-inventory/{entry.id}/remove",
                       data={"csrf_token": token, "reason": "Cơ sở đã giải thể"})
    assert done.status_code == 302
    session.expire_all()
    assert session.get(Obligation, entry.id).removal_reason == "Cơ sở đã giải thể"
    assert client.get(f"/register/ghg-inventory/{entry.id}/remove").status_code == 404


# --- notifications -----------------------------------------------------------------------------

def returned_report(session, facility: Facility, period: ReportingPeriod) -> Report:
    report = a_report(session, facility, period, status=ReportStatus.RETURNED)
    reviewer_id = session.scalar(select(User.id).where(User.role == "reviewer"))
    now = utc_now()
    session.add_all([
        ReviewComment(report_id=report.id, version_number=1, path="years[0].sources[0].quantity",
                      message="Khối lượng than chưa khớp hóa đơn", author_id=reviewer_id, released_at_utc=now),
        ReviewComment(report_id=report.id, version_number=1, path="", message="Ghi chú nội bộ",
                      internal=True, author_id=reviewer_id),
        ReportEvent(report_id=report.id, action="return", from_status=ReportStatus.SUBMITTED,
                    to_status=ReportStatus.RETURNED, actor_id=reviewer_id,
                    note="Đề nghị bổ sung hóa đơn", at_utc=now + dt.timedelta(milliseconds=5))])
    session.flush()
    return report


def test_a_returned_report_reaches_its_filer_with_a_link(client, people, session):
    period = a_period(session)
    report = returned_report(session, a_facility(session, "Nhà máy Thăng Long của A",
                                                 enterprise_id(session, TAX_A)), period)
    session.commit()
    logged_in(client, people["a"])
    home = text_of(client.get("/home"))
    assert re.search(r'class="badge">1<', home), "the header counts the one new notice"
    html = text_of(client.get("/notifications"))
    item = html.split('notice-returned', 1)[1].split("</li>", 1)[0]
    assert f'href="/reports/{report.id}"' in item and "Nhà máy Thăng Long của A" in item
    assert "Trả lại để bổ sung, chỉnh sửa" in item and "Đề nghị bổ sung hóa đơn" in item
    assert "Số nhận xét cần trả lời: 1" in item  # the internal note is not counted
    assert "Ghi chú nội bộ" not in html
    assert 'class="badge"' not in text_of(client.get("/home"))  # seen now


def test_another_enterprises_notices_never_appear(client, app, people, session):
    period = a_period(session)
    ours = a_facility(session, "Nhà máy Thăng Long của A", enterprise_id(session, TAX_A))
    returned_report(session, ours, period)
    session.add(OutboxMessage(recipient=people["a"], subject="Nhắc hạn", body="…",
                              dedup_key=f"reminder:before_7:{period.id}:{ours.id}:{people['a']}"))
    session.commit()
    b_page = text_of(logged_in(client, people["b"]).get("/notifications"))
    assert "Thăng Long của A" not in b_page and "Đề nghị bổ sung" not in b_page and "Nhắc nhở" not in b_page
    assert 'class="badge"' not in b_page
    a_page = text_of(logged_in(app.test_client(), people["a"]).get("/notifications"))
    reminder = a_page.split("notice-reminder", 1)[1].split("</li>", 1)[0]
    assert "Nhắc nhở: " in reminder and "Nhà máy Thăng Long của A" in reminder and 'href="/home"' in reminder
    desk = text_of(logged_in(app.test_client(), people["reviewer"]).get("/notifications"))
    assert "Đã nộp" in desk and "Thăng Long của A" in desk and "Nhắc nhở" not in desk



@pytest.mark.parametrize("seen", [123, [1], {"a": 1}, "", "garbage", "2024-01-01T00:00:00",
                                  "9999-12-31T23:59:59.999999-23:59"])
def test_a_last_look_that_is_not_a_moment_fails_no_page(client, people, session, seen):
    returned_report(session, a_facility(session, "Nhà máy Thăng Long của A", enterprise_id(session, TAX_A)),
                    a_period(session))
    session.commit()
    logged_in(client, people["a"])
    with client.session_transaction() as cookie:
        cookie["notices_seen_at"] = seen
    assert "Nhà máy Thăng Long của A" in text_of(client.get("/notifications"))
    text_of(client.get("/home"))


def test_the_headers_count_is_one_statement(app, client, people, session):
    """Every page's header counts the new notices: one statement, whatever the role."""
    period = a_period(session)
    returned_report(session, a_facility(session, "Nhà máy Thăng Long của A", enterprise_id(session, TAX_A)), period)
    session.commit()
    logged_in(client, people["a"])
    with statements_sent(app) as statements:
        home = text_of(client.get("/home"))
    assert re.search(r'class="badge">1<', home)
    counting = [s for s in statements if "report_events" in s or "outbox" in s or "last_seen_at_utc" in s
                and "user_sessions.secret_sha256" not in s]
    assert len(counting) == 1, counting

# --- the favicon -------------------------------------------------------------------------------

def test_the_favicon_answers(client):
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    with client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and b"<svg" in svg.data
    assert 'rel="icon" href="/static/favicon.svg"' in text_of(client.get("/login"))
