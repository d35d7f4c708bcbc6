"""The audit-log viewer: staff read every recorded action in words (never its key), filtered by
action, object, actor and dates, linked from a report's history; filers and analysts cannot."""
import re
from pathlib import Path

from intake.domain.audit_labels import AUDIT_ACTION_LABELS, DETAIL_LABELS
from tests.conftest import log_in

SOURCE = Path(__file__).resolve().parents[2] / "intake"


def test_every_recorded_action_has_words():
    recorded = set()
    for path in SOURCE.rglob("*.py"):
        recorded |= set(re.findall(r'audit\.record\(\s*session,\s*[\w.]+,\s*"([a-z_.]+)"', path.read_text()))
    assert recorded and recorded <= set(AUDIT_ACTION_LABELS), sorted(recorded - set(AUDIT_ACTION_LABELS))


def test_staff_read_the_log_in_words_and_filter_it(client, make_user, submitted_report):
    _, email = make_user("reviewer")
    log_in(client, email)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Nộp báo cáo" in page and "Đăng nhập" in page
    assert not re.search(r">\s*(report|user|login)\.[a-z_]+\s*<", page)  # no key shown
    assert DETAIL_LABELS["version"][0] in page  # the submission's details, labelled
    report = submitted_report["id"]
    mine = client.get(f"/admin/audit?object_type=report&object_id={report}").get_data(as_text=True)
    total = int(re.search(r'data-audit-total="(\d+)"', mine).group(1))
    assert total >= 1 and "Đăng nhập" not in mine.split("<tbody>")[1]
    by_filer = client.get(f"/admin/audit?actor={submitted_report['filer'][:6].upper()}").get_data(as_text=True)
    assert submitted_report["filer"] in by_filer and email not in by_filer.split("<tbody>")[1]
    nothing = client.get("/admin/audit?since=2001-01-01&until=2001-01-02").get_data(as_text=True)
    assert 'data-audit-total="0"' in nothing
    # Nonsense in the query string filters nothing and breaks nothing.
    assert client.get("/admin/audit?since=yesterday&page=-4&actor=%25_%5C").status_code == 200
    history = client.get(f"/reports/{report}/history").get_data(as_text=True)
    assert f"/admin/audit?object_type=report&amp;object_id={report}" in history


def test_filers_and_analysts_cannot_read_it(app, client, make_user, submitted_report):
    log_in(client, submitted_report["filer"])
    assert client.get("/admin/audit").status_code == 403
    _, analyst = make_user("analyst")
    other = app.test_client()
    log_in(other, analyst)
    assert other.get("/admin/audit").status_code == 403
