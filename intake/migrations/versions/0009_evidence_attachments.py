"""evidence attachments, content-addressed, listed per certified version

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

- `attachments`: a file attached to a report (its bytes in the instance's content-addressed
  store under `sha256`), on the whole report or on one part of its document (`path`); never
  deleted, a removal sets `removed_at_utc` and `removed_by_id`.
- `report_version_attachments`: which attachments each submitted version was certified with,
  written at submission; the database refuses to change or delete a row, as it does for the
  versions themselves (0001).
"""
import sqlalchemy as sa
from alembic import op

import intake.models.base

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

IMMUTABLE_TABLE = 'report_version_attachments'


def upgrade() -> None:
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['removed_by_id'], ['users.id'], name=op.f('fk_attachments_removed_by_id_users')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_attachments_report_id_reports')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)
    op.create_table('report_version_attachments',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'],
                            name=op.f('fk_report_version_attachments_attachment_id_attachments')),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'],
                            name=op.f('fk_report_version_attachments_version_id_report_versions')),
    sa.PrimaryKeyConstraint('version_id', 'attachment_id', name=op.f('pk_report_version_attachments'))
    )
    with op.batch_alter_table('report_version_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_version_attachments_attachment_id'), ['attachment_id'],
                              unique=False)
    _create_immutability_triggers()


def _create_immutability_triggers() -> None:
    dialect = op.get_context().dialect.name
    table = IMMUTABLE_TABLE
    if dialect == 'sqlite':
        for verb in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END")
    elif dialect == 'postgresql':
        op.execute(f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN RAISE EXCEPTION '{table} rows are immutable'; END $$")
        op.execute(f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()")


def _drop_immutability_triggers() -> None:
    dialect = op.get_context().dialect.name
    table = IMMUTABLE_TABLE
    if dialect == 'sqlite':
        for verb in ('update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    elif dialect == 'postgresql':
        op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")


def downgrade() -> None:
    _drop_immutability_triggers()
    with op.batch_alter_table('report_version_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_version_attachments_attachment_id'))
    op.drop_table('report_version_attachments')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachments_report_id'))
    op.drop_table('attachments')
