"""The review desk through its pages: permissions, queue, workspace, the whole cycle
(comment → return → the filer sees the comment → resubmit → accept)."""
import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from intake.domain.review_checklist import GHG_CHECKLIST
from intake.domain.review_threads import ThreadStatus
from intake.domain.roles import Role
from intake.domain.workflow import TRANSITIONS, Action, IllegalTransition, ReportStatus, RoleNotAllowed, apply
from intake.models import Report, ReportEvent, ReviewComment, User
from intake.services import reports as filing
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())


def page(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role, status", [
    ("enterprise", 403), ("analyst", 403), ("reviewer", 200), ("admin", 200),
])
def test_who_may_open_the_review_pages(client, make_user, submitted_report, role, status):
    _, email = make_user(role, tax_code="0300588569" if role == "enterprise" else None)
    log_in(client, email)
    assert client.get("/review").status_code == status
    assert client.get(f"/review/{submitted_report['id']}").status_code == status


def test_anonymous_visitors_are_sent_to_login(client, submitted_report):
    assert client.get("/review").status_code == 302


@pytest.mark.parametrize("role", ["enterprise", "analyst", "admin"])
def test_only_reviewers_act(client, make_user, submitted_report, role):
    _, email = make_user(role, tax_code="0300588569" if role == "enterprise" else None)
    log_in(client, email)
    token = csrf_token_from(page(client.get("/home")))
    response = client.post(f"/review/{submitted_report['id']}/act", data={"action": "accept", "csrf_token": token})
    assert response.status_code == 403


def test_the_queue_lists_submitted_reports_with_counts(client, make_user, submitted_report):
    _, email = make_user("reviewer")
    log_in(client, email)
    html = page(client.get("/review"))
    assert "Nhà máy Dệt Lĩnh Nam" in html
    assert "Nhà máy Dệt Lĩnh Nam" not in page(client.get("/review?status=accepted"))
    assert "Nhà máy Dệt Lĩnh Nam" in page(client.get("/review?commune=00283"))
    assert "Nhà máy Dệt Lĩnh Nam" not in page(client.get("/review?commune=00493"))


def test_the_whole_review_cycle(app, client, make_user, submitted_report, session):
    report_id = submitted_report["id"]
    _, reviewer_email = make_user("reviewer")
    log_in(client, reviewer_email)
    workspace = page(client.get(f"/review/{report_id}"))
    assert "3.196,749" in workspace and "IPCC 2006" in workspace  # totals and traces with sources
    token = csrf_token_from(workspace)
    act = lambda **data: client.post(f"/review/{report_id}/act", data={"csrf_token": token, **data})
    assert act(action="start").status_code == 302
    act(action="comment", comment_path="years[0].sources[2].quantity",
        comment_message="Đề nghị kiểm tra lại lượng than", comment_internal="")
    act(action="comment", comment_path="", comment_message="Ghi chú nội bộ: gọi điện", comment_internal="1")
    act(action="checklist", check_completeness="1", note_completeness="Đủ 6 mục")
    act(action="return", note="Cần bổ sung")
    session.expire_all()
    assert session.get(Report, report_id).status is ReportStatus.RETURNED

    filer = app.test_client()
    log_in(filer, submitted_report["filer"])
    history = page(filer.get(f"/reports/{report_id}/history"))
    assert "Đề nghị kiểm tra lại lượng than" in history and "gọi điện" not in history
    edit = page(filer.get(f"/reports/{report_id}"))
    assert "Đề nghị kiểm tra lại lượng than" in edit and "gọi điện" not in edit

    report = session.get(Report, report_id)
    user = session.scalar(select(User).where(User.email == submitted_report["filer"]))
    changed = json.loads(json.dumps(DOCUMENT))
    changed["years"][0]["sources"][2]["quantity"] = "9000"
    filing.update_report(session, user, report_id, document=changed, expected_revision=report.revision)
    filing.submit_report(session, user, report_id, certify=True, password=TEST_PASSWORD, hash_profile="test")
    session.commit()

    workspace = page(client.get(f"/review/{report_id}"))
    assert "9.000" in workspace  # the field diff, in Vietnamese notation
    # "Accept" on the workspace only leads to the confirmation step: nothing is accepted yet.
    assert act(action="accept").headers["Location"].endswith(f"/review/{report_id}/accept")
    assert act(action="start").status_code == 302
    act(action="checklist", **_whole_checklist())
    confirm = client.get(f"/review/{report_id}/accept")
    assert confirm.status_code == 200
    # The thread of the return is still open: it blocks until closed with a note.
    sha = session.get(Report, report_id).versions[-1].sha256
    refused = client.post(f"/review/{report_id}/accept", data={"csrf_token": token, "sha256": sha})
    assert refused.status_code == 409 and "Đề nghị kiểm tra lại lượng than" in page(refused)
    accepted = client.post(f"/review/{report_id}/accept", data={
        "csrf_token": token, "sha256": sha, "close_open_threads": "1", "note": "Đã đối chiếu hóa đơn"})
    assert accepted.status_code == 302
    session.expire_all()
    assert session.get(Report, report_id).status is ReportStatus.ACCEPTED
    moves = [(e.action, e.from_status, e.to_status) for e in session.scalars(
        select(ReportEvent).where(ReportEvent.report_id == report_id).order_by(ReportEvent.id))]
    assert [m[0] for m in moves] == ["create", "submit", "start_review", "return", "submit",
                                     "start_review", "accept"]
    thread = session.scalar(select(ReviewComment).where(ReviewComment.report_id == report_id,
                                                        ReviewComment.internal.is_(False)))
    assert thread.status is ThreadStatus.CLOSED and thread.resolution_note == "Đã đối chiếu hóa đơn"


def _whole_checklist(**overrides) -> dict:
    answers = {f"check_{item.key}": "1" for item in GHG_CHECKLIST}
    answers.update(overrides)
    return answers


@pytest.mark.parametrize("status", list(ReportStatus))
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_every_status_action_role_combination(status, action, role):
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        with pytest.raises(IllegalTransition):
            apply(status, action, role)
    elif role not in transition.roles:
        with pytest.raises(RoleNotAllowed):
            apply(status, action, role)
    else:
        assert apply(status, action, role) is transition.to
    # An enterprise never reviews; a reviewer never submits.
    if role is Role.ENTERPRISE and action in (Action.RETURN, Action.ACCEPT, Action.START_REVIEW):
        with pytest.raises((IllegalTransition, RoleNotAllowed)):
            apply(status, action, role)


# --- Comments anchored to fields, answered by the filer; deliberate acceptance -------------

COAL = "years[0].sources[2].quantity"  # Năm 2022 › Nguồn S3 › quantity


@pytest.fixture
def desk(client, make_user, submitted_report):
    """A reviewer logged in on `client`, with a helper posting the workspace's actions."""
    _, email = make_user("reviewer")
    log_in(client, email)
    report_id = submitted_report["id"]
    token = csrf_token_from(page(client.get(f"/review/{report_id}")))

    def act(**data):
        return client.post(f"/review/{report_id}/act", data={"csrf_token": token, **data})
    return {"id": report_id, "token": token, "act": act}


def _returned_with_a_comment(desk, session) -> int:
    desk["act"](action="start")
    desk["act"](action="comment", comment_path=COAL, comment_message="Đối chiếu lượng than với hóa đơn")
    desk["act"](action="comment", comment_path="", comment_message="Gọi điện trước", comment_internal="1")
    assert desk["act"](action="return", note="Cần bổ sung").status_code == 302
    return session.scalar(select(ReviewComment.id).where(ReviewComment.report_id == desk["id"],
                                                         ReviewComment.internal.is_(False)))


def _picker_options(html: str) -> list[tuple[str, str]]:
    select_html = re.search(r'<select id="comment_path".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', select_html)


def test_the_picker_offers_the_fields_of_this_report_by_their_labels(client, desk):
    html = page(client.get(f"/review/{desk['id']}"))
    options = _picker_options(html)
    values = [value for value, _ in options]
    assert values[0] == "" and options[0][1] == "Toàn bộ báo cáo"
    assert "form_version" not in values and "form" not in values
    # Only what this document has: four sources in 2022, one in 2023; no 2022 row 5.
    assert COAL in values and "years[1].sources[0].quantity" in values
    assert "years[0].sources[4].quantity" not in values and "years[1].sources[1].quantity" not in values
    assert "facility.vsic" not in values  # a field the document leaves out
    shown = [label for _, label in options]
    assert "Năm 2022 › Nguồn S3 › Số liệu hoạt động" in shown
    for label in shown:  # no internal key is read by the reviewer
        assert not re.search(r"\w+\[\d+\]|\w+_\w+|\.\w", label), label
    # Grouped by the sections of the form.
    assert '<optgroup label="III. Nguồn phát thải và số liệu hoạt động">' in html


def _field_block(html: str, input_id: str) -> str:
    """The field's block in the filing form: from its label to the next field's."""
    start = html.index(f'<label for="{input_id}"')
    end = html.find('<div class="field', start)
    return html[start:end if end != -1 else None]


def test_the_filer_answers_a_comment_beside_its_field_and_the_reviewer_sees_it_resolved(
        app, client, desk, session, submitted_report):
    comment_id = _returned_with_a_comment(desk, session)
    filer = app.test_client()
    log_in(filer, submitted_report["filer"])
    form = page(filer.get(f"/reports/{desk['id']}"))
    beside = _field_block(form, "f-years-0-sources-2-quantity")
    assert "Đối chiếu lượng than với hóa đơn" in beside and f'id="comment-{comment_id}"' in beside
    assert "Gọi điện trước" not in form  # the internal note stays internal
    # The list at the top links to the field, named as the form names it.
    summary = form[form.index("data-comments-summary"):form.index("</section>", form.index("data-comments-summary"))]
    assert 'data-goto="f-years-0-sources-2-quantity"' in summary
    assert "Năm 2022 › Nguồn S3 › Số liệu hoạt động" in summary and COAL not in summary

    token = csrf_token_from(form)
    answered = filer.post(f"/reports/{desk['id']}/comments/{comment_id}", data={
        "csrf_token": token, "message": "Đã sửa theo hóa đơn số 123", "resolve": "1"})
    assert answered.status_code == 302 and answered.headers["Location"].endswith(f"#comment-{comment_id}")
    beside = _field_block(page(filer.get(f"/reports/{desk['id']}")), "f-years-0-sources-2-quantity")
    assert "Đã sửa theo hóa đơn số 123" in beside and "Đã giải quyết" in beside

    workspace = page(client.get(f"/review/{desk['id']}"))
    thread = workspace[workspace.index(f'id="thread-{comment_id}"'):]
    thread = thread[:thread.index("</article>")]
    assert "Đã giải quyết" in thread and "Đã sửa theo hóa đơn số 123" in thread
    # The reviewer reopens it; the filer sees it open again.
    assert desk["act"](action="reopen", thread=str(comment_id)).status_code == 302
    session.expire_all()
    assert session.get(ReviewComment, comment_id).status is ThreadStatus.OPEN
    assert "Đang mở" in _field_block(page(filer.get(f"/reports/{desk['id']}")), "f-years-0-sources-2-quantity")


def test_no_one_else_answers_the_filers_comments(app, client, desk, session, make_user, submitted_report):
    comment_id = _returned_with_a_comment(desk, session)
    internal_id = session.scalar(select(ReviewComment.id).where(ReviewComment.report_id == desk["id"],
                                                                ReviewComment.internal.is_(True)))
    _, other = make_user("enterprise", tax_code="0300588569")
    stranger = app.test_client()
    log_in(stranger, other)
    token = csrf_token_from(page(stranger.get("/home")))
    url = f"/reports/{desk['id']}/comments/{comment_id}"
    assert stranger.post(url, data={"csrf_token": token, "message": "x", "resolve": "1"}).status_code == 404
    # The reviewer answers in the workspace, not through the filer's route.
    assert client.post(url, data={"csrf_token": desk["token"], "message": "x"}).status_code == 403
    filer = app.test_client()
    log_in(filer, submitted_report["filer"])
    own = csrf_token_from(page(filer.get("/home")))
    # Not even the filer reaches an internal note.
    assert filer.post(f"/reports/{desk['id']}/comments/{internal_id}",
                      data={"csrf_token": own, "message": "x"}).status_code == 404
    session.expire_all()
    assert session.get(ReviewComment, comment_id).status is ThreadStatus.OPEN
    assert session.get(ReviewComment, comment_id).replies == []


def test_a_submitted_report_is_never_accepted_from_the_desk(client, desk, session):
    token = desk["token"]
    sha = session.get(Report, desk["id"]).versions[-1].sha256
    confirm = page(client.get(f"/review/{desk['id']}/accept"))
    assert "data-confirm-accept" not in confirm and "Chưa bắt đầu thẩm định" in confirm
    refused = client.post(f"/review/{desk['id']}/accept", data={"csrf_token": token, "sha256": sha})
    assert refused.status_code == 409
    assert "Cần bắt đầu thẩm định trước khi chấp nhận" in page(refused)
    session.expire_all()
    assert session.get(Report, desk["id"]).status is ReportStatus.SUBMITTED


def test_accepting_needs_the_checklist_ticked_or_explained(client, desk, session):
    desk["act"](action="start")
    sha = session.get(Report, desk["id"]).versions[-1].sha256
    accept = lambda: client.post(f"/review/{desk['id']}/accept",  # noqa: E731
                                 data={"csrf_token": desk["token"], "sha256": sha})
    refused = accept()
    assert refused.status_code == 422 and "Hoạt động có căn cứ" not in page(refused)
    assert "Số liệu hoạt động có căn cứ (hóa đơn, sổ theo dõi, đồng hồ đo)" in page(refused)
    # One item unticked and unexplained is still refused; explained, it is accepted.
    desk["act"](action="checklist", **_whole_checklist(check_quality_uncertainty=""))
    assert accept().status_code == 422
    desk["act"](action="checklist", **_whole_checklist(check_quality_uncertainty="",
                                                       note_quality_uncertainty="Cơ sở nhỏ, sai số 5 %"))
    assert accept().status_code == 302
    session.expire_all()
    assert session.get(Report, desk["id"]).status is ReportStatus.ACCEPTED


def test_the_confirmation_restates_what_is_accepted(client, desk, session):
    desk["act"](action="start")
    desk["act"](action="checklist", **_whole_checklist())
    version = session.get(Report, desk["id"]).versions[-1]
    html = page(client.get(f"/review/{desk['id']}/accept"))
    accepted = html[html.index("data-accepted"):html.index("</table>", html.index("data-accepted"))]
    assert version.sha256 in accepted and "Nhà máy Dệt Lĩnh Nam" in accepted
    assert "2022, 2023" in accepted and f"{version.number}," in accepted
    assert "31.150,360" in html  # the 2022 total, as accepted
    assert f'name="sha256" value="{version.sha256}"' in html and "data-confirm-accept" in html
    # A confirmation of another content (a version submitted meanwhile) accepts nothing.
    stale = client.post(f"/review/{desk['id']}/accept", data={"csrf_token": desk["token"], "sha256": "0" * 64})
    assert stale.status_code == 409
    session.expire_all()
    assert session.get(Report, desk["id"]).status is ReportStatus.UNDER_REVIEW


def test_open_comments_block_acceptance_until_resolved_or_closed(client, desk, session):
    desk["act"](action="start")
    desk["act"](action="comment", comment_path=COAL, comment_message="Hệ số của than?")
    desk["act"](action="checklist", **_whole_checklist())
    sha = session.get(Report, desk["id"]).versions[-1].sha256
    html = page(client.get(f"/review/{desk['id']}/accept"))
    assert "Hệ số của than?" in html and "Năm 2022 › Nguồn S3 › Số liệu hoạt động" in html
    post = lambda **data: client.post(f"/review/{desk['id']}/accept",  # noqa: E731
                                      data={"csrf_token": desk["token"], "sha256": sha, **data})
    assert post().status_code == 409
    assert post(close_open_threads="1").status_code == 422  # closing needs a note
    comment_id = session.scalar(select(ReviewComment.id).where(ReviewComment.report_id == desk["id"]))
    desk["act"](action="resolve", thread=str(comment_id), reply_message="Đã rõ qua điện thoại")
    assert post().status_code == 302
    session.expire_all()
    comment = session.get(ReviewComment, comment_id)
    assert comment.status is ThreadStatus.RESOLVED and comment.replies[0].message == "Đã rõ qua điện thoại"


def test_the_copy_of_record_of_a_returned_version_shows_its_comments(app, desk, session, submitted_report):
    comment_id = _returned_with_a_comment(desk, session)
    filer = app.test_client()
    log_in(filer, submitted_report["filer"])
    token = csrf_token_from(page(filer.get(f"/reports/{desk['id']}")))
    filer.post(f"/reports/{desk['id']}/comments/{comment_id}",
               data={"csrf_token": token, "message": "Sẽ gửi hóa đơn"})
    pdf = filer.get(f"/reports/{desk['id']}/versions/1/report.pdf")
    assert pdf.status_code == 200
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Nhận xét của Sở khi trả lại báo cáo" in text
    assert "Đối chiếu lượng than với hóa đơn" in text and "Sẽ gửi hóa đơn" in text
    assert "Gọi điện trước" not in text and COAL not in text
