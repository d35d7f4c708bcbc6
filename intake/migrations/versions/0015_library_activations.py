"""the factor-library version new calculations use, as administrators chose it

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

import intake.models.base

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('library_activations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('activated_by_id', sa.Integer(), nullable=True),
    sa.Column('activated_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activated_by_id'], ['users.id'], name=op.f('fk_library_activations_activated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_activations'))
    )


def downgrade() -> None:
    op.drop_table('library_activations')
