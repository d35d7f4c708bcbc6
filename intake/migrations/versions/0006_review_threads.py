"""review comments become threads: replies and an open / resolved / closed state

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-17

- `review_comments.status` (`open`, `resolved`, `closed`), `resolved_by_id`, `resolved_at_utc`,
  `resolution_note`: who settled a comment and when; `closed` is a thread the reviewer closed on
  acceptance, with a note. Existing comments start open.
- `review_replies`: the filer's answers and the reviewers' follow-ups, each released to the filer
  as the comment is.
"""
from alembic import op
import sqlalchemy as sa

import intake.models.base

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'status', sa.Enum('open', 'resolved', 'closed', name='thread_status', native_enum=False,
                              length=10), server_default='open', nullable=False))
        batch_op.add_column(sa.Column('resolved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolved_at_utc', intake.models.base.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('resolution_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_review_comments_resolved_by_id_users'), 'users',
                                    ['resolved_by_id'], ['id'])
    op.create_table('review_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('released_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_review_replies_author_id_users')),
    sa.ForeignKeyConstraint(['comment_id'], ['review_comments.id'],
                            name=op.f('fk_review_replies_comment_id_review_comments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_replies'))
    )
    with op.batch_alter_table('review_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_replies_comment_id'), ['comment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('review_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_replies_comment_id'))
    op.drop_table('review_replies')
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_comments_resolved_by_id_users'), type_='foreignkey')
        batch_op.drop_column('resolution_note')
        batch_op.drop_column('resolved_at_utc')
        batch_op.drop_column('resolved_by_id')
        batch_op.drop_column('status')
