"""grid factors published after filing, and the recalculations they cause

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import intake.models.base
import intake.models.exact_decimal

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('grid_factor_publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('tco2_per_mwh', intake.models.exact_decimal.ExactDecimal(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('library_version', sa.String(length=40), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_grid_factor_publications_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_factor_publications')),
    sa.UniqueConstraint('year', name=op.f('uq_grid_factor_publications_year')),
    sa.UniqueConstraint('library_version', name=op.f('uq_grid_factor_publications_library_version'))
    )
    op.create_table('recalculations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('library_version_before', sa.String(length=40), nullable=False),
    sa.Column('library_version_after', sa.String(length=40), nullable=False),
    sa.Column('trace', _json(), nullable=False),
    sa.Column('result', _json(), nullable=False),
    sa.Column('job_id', sa.String(length=32), nullable=True),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_recalculations_report_id_reports')),
    sa.ForeignKeyConstraint(['publication_id'], ['grid_factor_publications.id'],
                            name=op.f('fk_recalculations_publication_id_grid_factor_publications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recalculations')),
    sa.UniqueConstraint('report_id', 'version_number', 'publication_id',
                        name='uq_recalculations_version_publication')
    )
    with op.batch_alter_table('recalculations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recalculations_report_id'), ['report_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recalculations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recalculations_report_id'))
    op.drop_table('recalculations')
    op.drop_table('grid_factor_publications')
