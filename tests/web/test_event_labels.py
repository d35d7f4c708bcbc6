"""Every kind of history event has a label, in Vietnamese and in English, never its key: the
kinds come from the definitions (`workflow.EVENT_KINDS`: the workflow's actions and the events
that are no move), and every `ReportEvent` the code records uses one of them."""
import ast
from pathlib import Path

from flask_babel import force_locale

from intake.domain.review_threads import THREAD_STATUS_NAMES, ThreadStatus
from intake.domain.workflow import EVENT_KINDS, Action, RecordedEvent, ReportStatus
from intake.web.presentation import EVENT_LABELS, STATUS_LABELS, event_label

SOURCE = Path(__file__).resolve().parents[2] / "intake"


def test_the_kinds_are_the_definitions():
    assert set(EVENT_KINDS) == {a.value for a in Action} | {e.value for e in RecordedEvent}


def test_each_event_kind_is_named_in_both_languages(app):
    for kind in EVENT_KINDS:
        assert kind in EVENT_LABELS, f"no label for the event {kind!r}"
        with app.test_request_context():
            with force_locale("vi"):
                vi = event_label(kind)
            with force_locale("en"):
                en = event_label(kind)
        for label in (vi, en):
            assert label.strip() and label != kind and label.lower() != kind.replace("_", " ")
        assert vi != en, f"{kind!r} has no Vietnamese label: {en!r}"


def test_statuses_are_named_too(app):
    with app.test_request_context():
        for status in ReportStatus:
            with force_locale("vi"):
                vi = str(STATUS_LABELS[status])
            with force_locale("en"):
                en = str(STATUS_LABELS[status])
            assert vi != en and status.value not in (vi, en)
    for status in ThreadStatus:
        vi, en = THREAD_STATUS_NAMES[status]
        assert vi != en and status.value not in (vi, en)


def _recorded_actions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "ReportEvent":
            for keyword in node.keywords:
                if keyword.arg == "action":
                    yield keyword.value


def test_every_recorded_event_is_of_a_known_kind():
    """A literal kind written where an event is recorded must be one of EVENT_KINDS (else a
    new kind would reach the history page as "Change")."""
    found = 0
    for path in SOURCE.rglob("*.py"):
        for value in _recorded_actions(ast.parse(path.read_text(encoding="utf-8"))):
            found += 1
            if isinstance(value, ast.Constant):
                assert value.value in EVENT_KINDS, f"{path}: event kind {value.value!r} has no label"
            else:  # Action.X.value, RecordedEvent.X.value or a move's `action.value`
                text = ast.unparse(value)
                assert text.startswith(("Action.", "RecordedEvent.", "action.")), f"{path}: {text}"
    assert found >= 3
