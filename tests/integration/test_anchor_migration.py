"""Migration 0007 anchors the comments written before it by the rows of the version each was
written on; a comment whose path names no row keeps NULL (positional, as before)."""
from sqlalchemy import text

from intake.migrate import current_revision, head_revision, upgrade
from intake.models import ReviewComment, User
from intake.services import review
from tests.integration.test_audit_migration import migrate_to


def test_existing_comments_get_the_anchor_of_their_version(session, make_user, submitted_report):
    _, email = make_user("reviewer")
    reviewer = session.query(User).filter_by(email=email).one()
    review.add_comments(session, reviewer, submitted_report["id"], [
        review.CommentInput("years[0].sources[2].quantity", "Than"),
        review.CommentInput("facility.name", "Tên"),
        review.CommentInput("years[0].sources[0].quantity", "Than 1")])
    session.commit()
    engine = session.get_bind()
    session.close()

    migrate_to(engine, "0006")
    with engine.begin() as connection:
        assert "anchor" not in connection.execute(text("SELECT * FROM review_comments")).keys()
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    rows = {c.path: c.anchor for c in session.query(ReviewComment)}
    assert rows == {"years[0].sources[2].quantity": ["years", {"index": 0, "key": "2022"}, "sources",
                                                     {"index": 2, "key": "S3"}, "quantity"],
                    "facility.name": None,
                    "years[0].sources[0].quantity": ["years", {"index": 0, "key": "2022"}, "sources",
                                                     {"index": 0, "key": "S1"}, "quantity"]}


def test_a_form_this_release_does_not_know_leaves_its_comments_positional(session, make_user,
                                                                       submitted_report):
    _, email = make_user("reviewer")
    reviewer = session.query(User).filter_by(email=email).one()
    review.add_comments(session, reviewer, submitted_report["id"], [
        review.CommentInput("years[0].sources[2].quantity", "Than")])
    session.commit()
    engine = session.get_bind()
    session.close()

    migrate_to(engine, "0006")
    with engine.begin() as connection:  # a form since retired (versions are immutable: triggers)
        connection.execute(text("UPDATE reports SET form = 'retired'"))
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    assert [c.anchor for c in session.query(ReviewComment)] == [None]
