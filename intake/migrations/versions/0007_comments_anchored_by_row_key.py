"""review comments anchored by row key: they stay on their source line across versions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

- `review_comments.anchor` (JSON, NULL allowed): the comment's `path` with each row step named
  by the row's key (`intake.domain.review_threads.anchor_of`), so that a comment on
  `years[0].sources[2].quantity` follows source "LH-03" when lines are added, removed or
  reordered above it. Existing comments get the anchor of the version they were written on;
  one whose version cannot be read, or whose path names no row, keeps NULL: positional, as
  before.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from forms.registry import form_definition
from intake.domain import jsonio
from intake.domain.review_threads import anchor_of

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def _fill() -> None:
    comments = sa.table('review_comments', sa.column('id', sa.Integer), sa.column('report_id', sa.Integer),
                        sa.column('version_number', sa.Integer), sa.column('path', sa.String),
                        sa.column('anchor', _JSON))
    reports = sa.table('reports', sa.column('id', sa.Integer), sa.column('form', sa.String))
    versions = sa.table('report_versions', sa.column('report_id', sa.Integer),
                        sa.column('number', sa.Integer), sa.column('canonical_json', sa.Text))
    statement = (
        sa.select(comments.c.id, comments.c.path, comments.c.report_id, comments.c.version_number,
                  reports.c.form)
        .join(reports, reports.c.id == comments.c.report_id)
        .where(comments.c.path.like('%[%'))
        .order_by(comments.c.report_id, comments.c.version_number, comments.c.id))
    connection = op.get_bind()
    # Each version is read and parsed once for all the comments written on it (one held at a time).
    read, document = None, None
    for comment_id, path, report_id, number, form in connection.execute(statement).all():
        if read != (report_id, number):
            read = (report_id, number)
            canonical = connection.scalar(sa.select(versions.c.canonical_json).where(
                versions.c.report_id == report_id, versions.c.number == number))
            try:
                document = jsonio.loads(canonical) if canonical is not None else None
            except ValueError:  # jsonio.JSONRefused, JSONTooDeep: a version this release cannot read
                document = None
        if document is None:
            continue  # no readable version: the comment stays positional
        try:
            anchor = anchor_of(form_definition(form), path, document)
        except (KeyError, ValueError, ModuleNotFoundError):
            continue  # a form or path this release cannot read: the comment stays positional
        if anchor is not None:
            connection.execute(comments.update().where(comments.c.id == comment_id).values(anchor=anchor))


def upgrade() -> None:
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anchor', _JSON, nullable=True))
    _fill()


def downgrade() -> None:
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.drop_column('anchor')
