"""axe-core (axe-playwright-python) over every page type of the portal, as each role that sees
it, in Vietnamese and English, at desktop width and on a 375-px phone: no serious or critical
violation (colour contrast included). A failure lists each violation's rule, impact, page and
target selectors (issue 14).

One portal for the module; the reports each page needs are made through the API first (a
valid GHG draft, a draft with errors and warnings, a returned report with a comment, a report
submitted twice and under review); then one browser context per role × language × width walks
its pages in sequence.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from intake.services.seeding import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.e2e.conftest import WORKED_EXAMPLE, api

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
EMAILS = {role.value: email for email, role, *_ in DEMO_ACCOUNTS}
DOCUMENT = WORKED_EXAMPLE
SERIOUS = {"serious", "critical"}
AXE = Axe()




def _report(portal, token, name, document):
    facility = api(portal, "POST", "/api/v1/facilities", {"name": name, "address": "KCN Thăng Long",
                                                         "commune_code": "00493"}, token)[0]
    document = copy.deepcopy(document)
    document["facility"].update(tax_code=DEMO_ACCOUNTS[0][2], name=name, commune_code="00493")
    report, etag = api(portal, "POST", "/api/v1/reports", {"form": "ghg-inventory", "facility_id": facility["id"],
                                                          "document": document}, token)
    return facility["id"], report, etag, document


def _problem_document() -> dict:
    """Errors (a negative quantity) and warnings (a quantity that grows fivefold)."""
    document = copy.deepcopy(DOCUMENT)
    document["years"][0]["sources"][0]["quantity"] = "-5"
    document["years"][1]["sources"][0]["quantity"] = "5000"
    return document


@pytest.fixture(scope="module")
def world(portal) -> dict:
    return make_world(portal)


def make_world(portal) -> dict:
    """The ids the pages need: {facility, draft, problems, returned, under_review, declaration, sha256}."""
    filer = api(portal, "POST", "/api/v1/tokens", {"email": EMAILS["enterprise"], "password": DEMO_PASSWORD})[0]["token"]
    reviewer = api(portal, "POST", "/api/v1/tokens", {"email": EMAILS["reviewer"], "password": DEMO_PASSWORD})[0]["token"]
    submit = {"certify": True, "password": DEMO_PASSWORD}
    comment = {"action": "return", "comments": [{"path": "years[0].sources[2].quantity",
                                                 "message": "Đề nghị đối chiếu lượng than với hóa đơn"}]}
    facility, draft, _, _ = _report(portal, filer, "Nhà máy tiếp cận A", DOCUMENT)
    _, problems, _, _ = _report(portal, filer, "Nhà máy tiếp cận B", _problem_document())
    _, returned, _, _ = _report(portal, filer, "Nhà máy tiếp cận C", DOCUMENT)
    api(portal, "POST", f"/api/v1/reports/{returned['id']}/submit", submit, filer)
    api(portal, "POST", f"/api/v1/reports/{returned['id']}/review", comment, reviewer)
    # Submitted, returned, corrected and submitted again (the workspace shows what changed), then
    # under review (the acceptance's confirmation step).
    _, twice, _, document = _report(portal, filer, "Nhà máy tiếp cận D", DOCUMENT)
    api(portal, "POST", f"/api/v1/reports/{twice['id']}/submit", submit, filer)
    api(portal, "POST", f"/api/v1/reports/{twice['id']}/review", comment, reviewer)
    _, etag = api(portal, "GET", f"/api/v1/reports/{twice['id']}", token=filer)
    document["years"][0]["sources"][2]["quantity"] = "9500"
    api(portal, "PUT", f"/api/v1/reports/{twice['id']}", {"document": document}, filer, {"If-Match": etag})
    api(portal, "POST", f"/api/v1/reports/{twice['id']}/submit", submit, filer)
    under_review = api(portal, "POST", f"/api/v1/reports/{twice['id']}/review", {"action": "start_review"},
                       reviewer)[0]
    # The demo's draft declaration: the only report of its form.
    declaration = api(portal, "GET", "/api/v1/reports/2", token=filer)[0]
    assert declaration["form"] == "env-declaration", declaration
    return {"facility": facility, "draft": draft["id"], "problems": problems["id"], "returned": returned["id"],
            "under_review": twice["id"], "declaration": declaration["id"],
            "sha256": under_review["versions"][-1]["sha256"]}


def reveal_the_form(page) -> None:
    """Every step of the guided form at once and every row opened (each row's fields come from
    its <template> when it opens): one scan sees all the form a person can reach."""
    page.evaluate("""() => {
        document.querySelectorAll(".form-section").forEach(section => { section.hidden = false; });
        document.querySelectorAll("details").forEach(details => { details.open = true; });
    }""")
    page.wait_for_function("() => !document.querySelector('details[data-row]:not(:has(input:not([type=hidden]), select))')",
                           timeout=5000)


def send_it_empty(page) -> None:
    """The page's own form sent as it is: its error messages, the error summary, aria-invalid."""
    with page.expect_navigation():
        page.locator("main form:not(.inline) [type=submit]").last.click()
    expect(page.locator(".error-summary, .error-message").first).to_be_visible()


ACTIONS = {"reveal": reveal_the_form, "send": send_it_empty}


@dataclass(frozen=True)
class Walk:
    """One browser context: who, in which language, at which width, and the pages it visits
    ("path" or ("path", action): the page after that action)."""
    role: str | None  # None: not logged in
    language: str
    viewport: dict
    pages: tuple

    @property
    def name(self) -> str:
        return f"{self.role or 'anonymous'}-{self.language}-{self.viewport['width']}"


WALKS = (
    Walk(None, "vi", DESKTOP, ("/login", ("/login", "send"), "/account/forgot", "/account/request",
                               "/verify/{sha256}", "/verify/" + "0" * 64, "/no-such-page")),
    Walk(None, "en", DESKTOP, (("/login", "send"), "/verify/{sha256}")),
    Walk(None, "vi", PHONE, ("/login", "/verify/{sha256}")),
    Walk("enterprise", "vi", DESKTOP, (
        "/home", "/facilities", "/facilities/{facility}", ("/reports/{problems}", "reveal"),
        ("/reports/{declaration}", "reveal"), ("/reports/{draft}/submit", "send"), ("/reports/{returned}", "reveal"),
        "/reports/{under_review}/history", "/notifications", "/excel/upload?report_id={draft}", "/account/invite",
        "/account/password", "/review")),
    Walk("enterprise", "en", DESKTOP, (("/reports/{declaration}", "reveal"), ("/reports/{draft}/submit", "send"))),
    Walk("enterprise", "vi", PHONE, ("/home", ("/reports/{problems}", "reveal"), "/reports/{draft}/submit")),
    Walk("reviewer", "vi", DESKTOP, (
        "/home", "/review", "/review/{under_review}", "/review/{under_review}/accept", "/review/{returned}",
        "/register/ghg-inventory", "/review/excel", "/account/requests", "/statistics", "/admin/audit")),
    Walk("reviewer", "en", DESKTOP, ("/review/{under_review}", "/review/{under_review}/accept")),
    Walk("reviewer", "vi", PHONE, ("/review?status=all", "/review/{under_review}", "/review/{under_review}/accept",
                                   "/register/ghg-inventory")),
    Walk("analyst", "vi", DESKTOP, ("/home",)),
    Walk("admin", "vi", DESKTOP, ("/home", ("/admin/periods", "send"), "/admin/users", ("/admin/factors", "send"),
                                  "/admin/library", "/admin/audit")),
    Walk("admin", "en", PHONE, ("/admin/periods", "/admin/users", "/admin/audit")),
)


def serious_violations(page) -> list[str]:
    """'rule (impact): selectors — help' for every serious or critical violation of the page."""
    found = []
    for violation in AXE.run(page).response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
            found.append(f"{violation['id']} ({violation['impact']}): {targets} — {violation['help']}")
    return found


def test_the_scan_finds_what_it_looks_for(browser):
    """The scan fails on what this test fails on: light grey text, a button without a name, a
    table that scrolls without being reachable by keyboard."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.set_content('<html lang="vi"><head><title>Thử</title></head><body><main><h1>Thử</h1>'
                         '<p style="color:#bbb">Chữ nhạt trên nền trắng</p><button></button>'
                         '<div style="overflow-x:auto"><table><tr>' + "<td>34.612,736</td>" * 40 +
                         "</tr></table></div></main></body></html>")
        found = serious_violations(page)
    finally:
        context.close()
    assert [line.split(" ")[0] for line in found] == ["button-name", "color-contrast",
                                                      "scrollable-region-focusable"], found
    assert found[1].startswith("color-contrast (serious): p — "), found  # rule, impact, selectors


def _log_in(page, portal, email):
    page.goto(portal + "/login")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(portal + "/home")


@pytest.mark.parametrize("walk", WALKS, ids=lambda walk: walk.name)
def test_no_serious_violation(portal, browser, world, walk):
    context = browser.new_context(locale="vi-VN", viewport=walk.viewport)
    page = context.new_page()
    problems = []
    try:
        if walk.role:
            _log_in(page, portal, EMAILS[walk.role])
        if walk.language == "en":
            page.goto(portal + "/login" if walk.role is None else portal + "/home")
            with page.expect_navigation():
                page.get_by_role("button", name="English").click()
        for entry in walk.pages:
            template, action = entry if isinstance(entry, tuple) else (entry, None)
            path = template.format(**world)
            page.goto(portal + path)
            if action:
                ACTIONS[action](page)
                path += f" ({action})"
            assert page.locator("html").get_attribute("lang") == walk.language, path
            problems += [f"{path}: {problem}" for problem in serious_violations(page)]
    finally:
        context.close()
    assert not problems, f"{walk.name}: {len(problems)} serious or critical violations:\n" + "\n".join(problems)
