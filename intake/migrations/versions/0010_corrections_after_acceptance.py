"""corrections after acceptance: the version that counts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

- `reports.accepted_version_number`: the version the statistics count (Circular 38 Art. 22).
  An accepted report may be amended: its accepted version keeps counting while the correction
  is drafted, submitted or returned, until the correction is accepted. Backfilled for every
  accepted report with its latest version (until now the accepted one was always the latest).
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column: SQLite adds it in place (no copy of the table, its partial indexes kept).
    op.add_column('reports', sa.Column('accepted_version_number', sa.Integer(), nullable=True))
    reports = sa.table('reports', sa.column('id', sa.Integer), sa.column('status', sa.String),
                       sa.column('accepted_version_number', sa.Integer))
    versions = sa.table('report_versions', sa.column('report_id', sa.Integer),
                        sa.column('number', sa.Integer))
    latest = (sa.select(sa.func.max(versions.c.number)).where(versions.c.report_id == reports.c.id)
              .scalar_subquery())
    op.execute(reports.update().where(reports.c.status == 'accepted')
               .values(accepted_version_number=latest))


def downgrade() -> None:
    # In place, not a batch copy: SQLite (3.35+) drops a plain column itself, and copying
    # `reports` would break the foreign keys that point at it.
    op.drop_column('reports', 'accepted_version_number')
