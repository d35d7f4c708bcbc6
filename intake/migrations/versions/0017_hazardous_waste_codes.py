"""the national list of hazardous-waste codes, as the Department loads it

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

import intake.models.base

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hazardous_waste_codes',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name_vi', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('loaded_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_hazardous_waste_codes'))
    )


def downgrade() -> None:
    op.drop_table('hazardous_waste_codes')
