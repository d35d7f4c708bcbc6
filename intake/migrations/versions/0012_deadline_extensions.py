"""deadline extensions asked for and decided

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

import intake.models.base

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_FORMS = ('ghg-inventory', 'env-declaration')
_STATUSES = ('pending', 'granted', 'refused')


def upgrade() -> None:
    op.create_table('deadline_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.Enum(*_FORMS, name='extension_form_kind', native_enum=False, length=30), nullable=False),
    sa.Column('status', sa.Enum(*_STATUSES, name='extension_status', native_enum=False, length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('wished_due_date', sa.Date(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('granted_due_date', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.CheckConstraint("(status = 'granted') = (granted_due_date IS NOT NULL)",
                       name=op.f('ck_deadline_extensions_granted_has_a_date')),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_deadline_extensions_facility_id_facilities')),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_periods.id'], name=op.f('fk_deadline_extensions_period_id_reporting_periods')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_deadline_extensions_requested_by_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_deadline_extensions_decided_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_extensions'))
    )
    with op.batch_alter_table('deadline_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_extensions_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadline_extensions_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadline_extensions_status'), ['status'], unique=False)
        # At most one pending request per facility, period and form.
        batch_op.create_index('uq_deadline_extensions_pending', ['facility_id', 'period_id', 'form'], unique=True,
                              sqlite_where=sa.text("status = 'pending'"),
                              postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    with op.batch_alter_table('deadline_extensions', schema=None) as batch_op:
        batch_op.drop_index('uq_deadline_extensions_pending')
        batch_op.drop_index(batch_op.f('ix_deadline_extensions_status'))
        batch_op.drop_index(batch_op.f('ix_deadline_extensions_period_id'))
        batch_op.drop_index(batch_op.f('ix_deadline_extensions_facility_id'))
    op.drop_table('deadline_extensions')
