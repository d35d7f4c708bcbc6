"""digitally signed copies of record (PAdES)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

- `version_records`: the copy of record of each version, frozen the first time it is produced
  (its PDF bytes in the content-addressed store under `sha256`); one per version.
- `version_signatures`: the signed copies of record that passed verification, with the signer,
  the certificate and the signing time.
"""
import sqlalchemy as sa
from alembic import op

import intake.models.base

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('version_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'],
                            name=op.f('fk_version_records_version_id_report_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_records')),
    sa.UniqueConstraint('version_id', name=op.f('uq_version_records_version_id'))
    )
    op.create_table('version_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('record_sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('signer_name', sa.String(length=400), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('tax_code', sa.String(length=20), nullable=False),
    sa.Column('certificate_serial', sa.String(length=100), nullable=False),
    sa.Column('certificate_issuer', sa.Text(), nullable=False),
    sa.Column('certificate_sha256', sa.String(length=64), nullable=False),
    sa.Column('signed_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'],
                            name=op.f('fk_version_signatures_uploaded_by_id_users')),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'],
                            name=op.f('fk_version_signatures_version_id_report_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_signatures'))
    )
    with op.batch_alter_table('version_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_version_signatures_version_id'), ['version_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('version_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_signatures_version_id'))
    op.drop_table('version_signatures')
    op.drop_table('version_records')
