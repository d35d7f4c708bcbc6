"""background jobs, and the queue the worker takes them from

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import intake.models.base

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_STATUSES = ('queued', 'running', 'done', 'failed')


def _row_id() -> sa.Column:
    return sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False)


def upgrade() -> None:
    op.create_table('background_jobs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('parameters', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.Enum(*_STATUSES, name='job_status', native_enum=False, length=30), nullable=False),
    sa.Column('steps_done', sa.Integer(), nullable=False),
    sa.Column('steps_total', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_background_jobs_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_background_jobs'))
    )
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_background_jobs_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_background_jobs_status'), ['status'], unique=False)

    op.create_table('queue_tasks', _row_id(),
    sa.Column('queue', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('priority', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_tasks'))
    )
    op.create_index('ix_queue_tasks_order', 'queue_tasks', ['queue', 'priority', 'id'], unique=False)
    op.create_table('queue_schedule', _row_id(),
    sa.Column('queue', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('due_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_schedule'))
    )
    op.create_index('ix_queue_schedule_due', 'queue_schedule', ['queue', 'due_at'], unique=False)
    op.create_table('queue_values',
    sa.Column('queue', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('queue', 'key', name=op.f('pk_queue_values'))
    )
    op.create_table('queue_counters',
    sa.Column('queue', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('queue', 'key', name=op.f('pk_queue_counters'))
    )


def downgrade() -> None:
    op.drop_table('queue_counters')
    op.drop_table('queue_values')
    op.drop_index('ix_queue_schedule_due', table_name='queue_schedule')
    op.drop_table('queue_schedule')
    op.drop_index('ix_queue_tasks_order', table_name='queue_tasks')
    op.drop_table('queue_tasks')
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_background_jobs_status'))
        batch_op.drop_index(batch_op.f('ix_background_jobs_owner_id'))
    op.drop_table('background_jobs')
