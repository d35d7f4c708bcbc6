"""server-side sessions; attempts of every kind counted; reset links that can be revoked

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10

- `user_sessions`: the cookie used to carry the user's id (and password timestamp) only, so a
  copy taken before logout stayed valid for as long as the cookie lived. The cookie now names a
  row here (by the SHA-256 of a random secret), which logout, a password change or a reset ends.
  Sessions opened before the upgrade have no row and end with it: everyone logs in again once.
- `login_attempts.kind`: the same table counts every password guess (login, password re-entry on
  submit and on password change) and the reset mails asked for; existing rows were logins.
- `one_time_links.revoked_at_utc`: a newer reset link, or a completed password change, makes the
  older unused links worthless.
"""
from alembic import op
import sqlalchemy as sa

import intake.models.base

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('secret_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Enum('logout', 'password_change', 'password_reset', name='session_end',
                                    native_enum=False, length=20), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('secret_sha256', name=op.f('uq_user_sessions_secret_sha256'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'kind', sa.Enum('login', 'submit_password', 'password_change', 'password_reset_mail',
                            name='attempt_kind', native_enum=False, length=20),
            server_default='login', nullable=False))
    with op.batch_alter_table('one_time_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at_utc', intake.models.base.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('one_time_links', schema=None) as batch_op:
        batch_op.drop_column('revoked_at_utc')
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_column('kind')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
