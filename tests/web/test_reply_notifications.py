"""The enterprise's replies to the Department's comments reach the review desk's notices and the
header's count (still one statement), for the reports the desk may see only."""
import re

from sqlalchemy import select

from intake.models import Report, ReviewComment, User
from intake.services import review
from tests.conftest import csrf_token_from, log_in
from tests.web.conftest import statements_sent


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def browser_of(app, email):
    browser = app.test_client()
    log_in(browser, email)
    return browser


def _returned_and_answered(client, make_user, session, submitted_report) -> tuple[str, int]:
    report_id = submitted_report["id"]
    _, reviewer = make_user("reviewer")
    log_in(client, reviewer)
    token = csrf_token_from(text_of(client.get(f"/review/{report_id}")))
    for data in ({"action": "start"},
                 {"action": "comment", "comment_path": "years[0].sources[2].quantity",
                  "comment_message": "Đối chiếu lượng than"},
                 {"action": "return", "note": "Cần bổ sung"}):
        assert client.post(f"/review/{report_id}/act", data={"csrf_token": token, **data}).status_code == 302
    comment_id = session.scalar(select(ReviewComment.id).where(ReviewComment.report_id == report_id))
    filer = session.scalar(select(User).where(User.email == submitted_report["filer"]))
    review.answer_thread(session, filer, report_id, comment_id, message="Đã sửa theo hóa đơn số 123")
    session.commit()
    return reviewer, comment_id


def test_a_filers_reply_is_a_notice_for_the_desk(app, client, make_user, session, submitted_report):
    reviewer, comment_id = _returned_and_answered(client, make_user, session, submitted_report)
    assert re.search(r'class="badge">1<', text_of(client.get("/review"))), "the reply is new"
    html = text_of(client.get("/notifications"))
    item = html.split("notice-reply", 1)[1].split("</li>", 1)[0]
    assert f'href="/review/{submitted_report["id"]}#thread-{comment_id}"' in item
    assert "Doanh nghiệp đã trả lời nhận xét" in item and "Đã sửa theo hóa đơn số 123" in item
    assert "Năm 2022 › Nguồn S3 › Số liệu hoạt động" in item and "sources[" not in item
    assert 'class="badge"' not in text_of(client.get("/review"))  # seen now
    # Another reviewer reads it too; an analyst (no desk) and the filer do not.
    _, other = make_user("reviewer")
    assert "notice-reply" in text_of(browser_of(app, other).get("/notifications"))
    _, analyst = make_user("analyst")
    assert "notice-reply" not in text_of(browser_of(app, analyst).get("/notifications"))
    assert "notice-reply" not in text_of(browser_of(app, submitted_report["filer"]).get("/notifications"))


def test_a_reply_on_a_report_no_one_may_see_is_no_notice(app, client, make_user, session, submitted_report):
    """A report set aside as a duplicate (scoping: nobody's to see) brings no notice."""
    _returned_and_answered(client, make_user, session, submitted_report)
    _, fresh = make_user("reviewer")
    browser = browser_of(app, fresh)
    assert "notice-reply" in text_of(browser.get("/notifications"))
    report = session.get(Report, submitted_report["id"])
    other = session.scalar(select(Report).where(Report.id != report.id).limit(1))
    report.superseded_by_id = other.id if other is not None else report.id
    session.commit()
    assert "notice-reply" not in text_of(browser.get("/notifications"))


def test_the_desks_header_count_is_one_statement(app, client, make_user, session, submitted_report):
    _returned_and_answered(client, make_user, session, submitted_report)
    with statements_sent(app) as statements:
        queue = text_of(client.get("/review"))
    assert re.search(r'class="badge">1<', queue)
    counting = [s for s in statements if "review_replies" in s or "report_events" in s and "count" in s.lower()]
    assert len(counting) == 1, counting
