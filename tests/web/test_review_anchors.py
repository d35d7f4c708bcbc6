"""A reviewer's comment stays on its source line across versions: the filer adds, removes or
reorders lines above it and the comment is still beside that line in the filing form, in the
reviewer's workspace and in the API; a comment whose line was removed says so."""
import copy
import json
from pathlib import Path

from sqlalchemy import select

from intake.domain import jsonio
from intake.domain.roles import Role
from intake.models import ReviewComment, User
from intake.services import reports as filing
from intake.services import review
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())
COAL = "years[0].sources[2].quantity"  # Năm 2022 › Nguồn S3 › Số liệu hoạt động
NEW_LINE = {"id": "S0", "category": "stationary_combustion", "sector": "manufacturing",
            "fuel": "diesel_oil", "quantity": "5", "unit": "t"}


def page(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _field_block(html: str, input_id: str) -> str:
    start = html.index(f'<label for="{input_id}"')
    end = html.find('<div class="field', start)
    return html[start:end if end != -1 else None]


def _summary(html: str) -> str:
    start = html.index("data-comments-summary")
    return html[start:html.index("</section>", start)]


def _return_with_a_comment_on_s3(client, make_user, report_id, session) -> int:
    _, email = make_user("reviewer")
    log_in(client, email)
    token = csrf_token_from(page(client.get(f"/review/{report_id}")))

    def act(**data):
        return client.post(f"/review/{report_id}/act", data={"csrf_token": token, **data})
    act(action="start")
    assert act(action="comment", comment_path=COAL, comment_message="Đối chiếu lượng than").status_code == 302
    assert act(action="return", note="Cần bổ sung").status_code == 302
    return session.scalar(select(ReviewComment.id).where(ReviewComment.report_id == report_id))


def _save(session, filer_email, report_id, sources):
    filer = session.scalar(select(User).where(User.email == filer_email))
    report = filing.get_report(session, filer, report_id)
    document = copy.deepcopy(report.document)
    document["years"][0]["sources"] = sources
    filing.update_report(session, filer, report_id, document=document, expected_revision=report.revision)
    session.commit()
    return filer


def test_the_comment_follows_its_line_in_every_channel(app, client, make_user, session, submitted_report):
    report_id = submitted_report["id"]
    comment_id = _return_with_a_comment_on_s3(client, make_user, report_id, session)
    assert session.get(ReviewComment, comment_id).anchor[3] == {"index": 2, "key": "S3"}

    # The filer adds a line above S3: the comment moves with S3 to row 4.
    sources = copy.deepcopy(DOCUMENT["years"][0]["sources"])
    filer = _save(session, submitted_report["filer"], report_id, [NEW_LINE, *sources])
    browser = app.test_client()
    log_in(browser, submitted_report["filer"])
    form = page(browser.get(f"/reports/{report_id}"))
    assert f'id="comment-{comment_id}"' in _field_block(form, "f-years-0-sources-3-quantity")
    assert f'id="comment-{comment_id}"' not in _field_block(form, "f-years-0-sources-2-quantity")
    summary = _summary(form)
    assert 'data-goto="f-years-0-sources-3-quantity"' in summary
    assert "Năm 2022 › Nguồn S3 › Số liệu hoạt động" in summary

    token = browser.post("/api/v1/tokens", json={"email": submitted_report["filer"],
                                                 "password": TEST_PASSWORD}).get_json()["token"]
    api = browser.get(f"/api/v1/reports/{report_id}", headers={"Authorization": f"Bearer {token}"}).get_json()
    [comment] = api["comments"]
    assert comment["path"] == COAL and comment["version"] == 1  # as written
    assert comment["current_path"] == "years[0].sources[3].quantity" and comment["removed"] is False
    assert comment["place_vi"] == "Năm 2022 › Nguồn S3 › Số liệu hoạt động"

    # Reordered: S3 first; then removed: the comment says so and sits at no field.
    _save(session, submitted_report["filer"], report_id, [sources[2], NEW_LINE, sources[0], sources[1], sources[3]])
    form = page(browser.get(f"/reports/{report_id}"))
    assert f'id="comment-{comment_id}"' in _field_block(form, "f-years-0-sources-0-quantity")
    _save(session, submitted_report["filer"], report_id, [NEW_LINE, sources[0], sources[1], sources[3]])
    form = page(browser.get(f"/reports/{report_id}"))
    summary = _summary(form)
    assert "Năm 2022 › Nguồn S3 › Số liệu hoạt động (dòng đã bị xoá)" in summary
    assert f'id="comment-{comment_id}"' in summary  # answered in the list, beside no field
    for row in range(4):
        assert f'id="comment-{comment_id}"' not in _field_block(form, f"f-years-0-sources-{row}-quantity")
    api = browser.get(f"/api/v1/reports/{report_id}", headers={"Authorization": f"Bearer {token}"}).get_json()
    [comment] = api["comments"]
    assert comment["current_path"] is None and comment["removed"] is True
    assert comment["place"] == "Year 2022 › Source S3 › Activity data (the line was removed)"

    # S3 back, with a line above it, and resubmitted: the desk reads the thread at S3 of version 2.
    _save(session, submitted_report["filer"], report_id, [NEW_LINE, *sources])
    filing.submit_report(session, filer, report_id, certify=True, password=TEST_PASSWORD, hash_profile="test")
    session.commit()
    workspace = page(client.get(f"/review/{report_id}"))
    thread = workspace[workspace.index(f'id="thread-{comment_id}"'):]
    assert "Năm 2022 › Nguồn S3 › Số liệu hoạt động" in thread[:thread.index("</article>")]
    # In the read-only document, beside S3's activity data (row 4 now), not row 3's.
    s3 = workspace[workspace.index('id="f-years-0-sources-3-quantity"'):]
    assert "Đối chiếu lượng than" in s3[:s3.index("</div>")]
    s2 = workspace[workspace.index('id="f-years-0-sources-2-quantity"'):]
    assert "Đối chiếu lượng than" not in s2[:s2.index("</div>")]

    # Accepting while it is open names it at S3, where it is now, not at the line now in its
    # old position (row 2 is S2 in version 2).
    reviewer = session.scalar(select(User).where(User.role == Role.REVIEWER))
    try:
        review.accept_report(session, reviewer, report_id, review.Acceptance(
            start_if_submitted=True, checklist_only_if_recorded=True))
    except review.OpenThreads as refused:
        assert "Năm 2022 › Nguồn S3 › Số liệu hoạt động" in refused.message_vi, refused.message_vi
        assert "Source S3" in refused.message and "Source S2" not in refused.message, refused.message
    else:
        raise AssertionError("accepted with a comment open")
    finally:
        session.rollback()


def test_the_workspace_reads_the_version_once_however_many_comments(client, make_user, session,
                                                                    submitted_report, monkeypatch):
    """Each comment is placed in the version shown: that version is parsed once per page, not
    once per comment (a 500-line report with forty comments)."""
    report_id = submitted_report["id"]
    reviewer_id, email = make_user("reviewer")
    reviewer = session.get(User, reviewer_id)
    review.start_review(session, reviewer, report_id)
    session.commit()
    log_in(client, email)
    parsed = []
    loads = jsonio.loads
    monkeypatch.setattr(jsonio, "loads", lambda *args, **kwargs: parsed.append(1) or loads(*args, **kwargs))

    def reads_per_page(comments: int) -> int:
        review.add_comments(session, reviewer, report_id, [
            review.CommentInput(f"years[0].sources[{i % 4}].quantity", f"Nhận xét {i}", i % 2 == 0)
            for i in range(comments)])
        session.commit()
        parsed.clear()
        assert client.get(f"/review/{report_id}").status_code == 200
        return len(parsed)

    assert reads_per_page(1) == reads_per_page(8)
