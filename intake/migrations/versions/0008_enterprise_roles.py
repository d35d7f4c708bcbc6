"""preparers, certifiers, enterprise administrators and consultants' grants

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

- `users.can_certify` (true for every existing user: each could submit until now; false makes
  a preparer) and `users.is_enterprise_admin` (the earliest user of each enterprise becomes
  its administrator, as the first user of a new enterprise is from now on).
- `preparer_grants`: a client enterprise's grant to a consultant (an enterprise user of another
  firm) to prepare its reports, with who granted and revoked it, and when.
"""
import sqlalchemy as sa
from alembic import op

import intake.models.base

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place (ALTER TABLE ADD COLUMN), never a batch copy: SQLite cannot drop `users` while
    # sessions, reports and the audit log point at it.
    op.add_column('users', sa.Column('can_certify', sa.Boolean(), server_default=sa.true(),
                                     nullable=False))
    op.add_column('users', sa.Column('is_enterprise_admin', sa.Boolean(), server_default=sa.false(),
                                     nullable=False))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('role', sa.String),
                     sa.column('enterprise_id', sa.Integer),
                     sa.column('is_enterprise_admin', sa.Boolean))
    earliest = (sa.select(sa.func.min(users.c.id)).where(users.c.role == 'enterprise',
                                                         users.c.enterprise_id.is_not(None))
                .group_by(users.c.enterprise_id))
    op.execute(users.update().where(users.c.id.in_(earliest)).values(is_enterprise_admin=True))

    op.create_table('preparer_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('grantee_id', sa.Integer(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=False),
    sa.Column('granted_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'],
                            name=op.f('fk_preparer_grants_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['grantee_id'], ['users.id'], name=op.f('fk_preparer_grants_grantee_id_users')),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'],
                            name=op.f('fk_preparer_grants_granted_by_id_users')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'],
                            name=op.f('fk_preparer_grants_revoked_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_preparer_grants'))
    )
    with op.batch_alter_table('preparer_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_preparer_grants_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_preparer_grants_grantee_revoked', ['grantee_id', 'revoked_at_utc'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('preparer_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_preparer_grants_grantee_revoked')
        batch_op.drop_index(batch_op.f('ix_preparer_grants_enterprise_id'))
    op.drop_table('preparer_grants')
    # In place, not a batch copy (see 0010): `users` is the target of many foreign keys.
    op.drop_column('users', 'is_enterprise_admin')
    op.drop_column('users', 'can_certify')
