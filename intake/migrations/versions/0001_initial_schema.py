"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa
import intake.models.base
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('communes',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_communes'))
    )
    op.create_table('enterprises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tax_code', sa.String(length=14), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(tax_code) in (10, 14)', name=op.f('ck_enterprises_tax_code_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprises')),
    sa.UniqueConstraint('tax_code', name=op.f('uq_enterprises_tax_code'))
    )
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('ip_address', sa.String(length=45), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempts_email_at', ['email', 'at_utc'], unique=False)
        batch_op.create_index('ix_login_attempts_ip_at', ['ip_address', 'at_utc'], unique=False)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=True),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_outbox_dedup_key'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_sent_at_utc'), ['sent_at_utc'], unique=False)

    op.create_table('reference_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('library_version', sa.String(length=40), nullable=False),
    sa.Column('dataset', sa.String(length=60), nullable=False),
    sa.Column('row_key', sa.String(length=120), nullable=False),
    sa.Column('values', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('loaded_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_rows')),
    sa.UniqueConstraint('library_version', 'dataset', 'row_key', name='uq_reference_rows_row')
    )
    op.create_table('reporting_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form', sa.Enum('ghg-inventory', 'env-declaration', name='period_form_kind', native_enum=False, length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('first_data_year', sa.Integer(), nullable=False),
    sa.Column('last_data_year', sa.Integer(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('first_data_year <= last_data_year', name=op.f('ck_reporting_periods_data_years_ordered')),
    sa.CheckConstraint('opens_on <= due_on', name=op.f('ck_reporting_periods_opens_before_due')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_periods'))
    )
    op.create_table('facilities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('activity', sa.Text(), nullable=False),
    sa.Column('vsic', sa.String(length=10), nullable=True),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commune_code'], ['communes.code'], name=op.f('fk_facilities_commune_code_communes')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_facilities_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilities'))
    )
    with op.batch_alter_table('facilities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilities_commune_code'), ['commune_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilities_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('enterprise', 'reviewer', 'analyst', 'admin', name='user_role', native_enum=False, length=20), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('password_changed_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(role = 'enterprise') = (enterprise_id IS NOT NULL)", name=op.f('ck_users_enterprise_membership')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_users_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('account_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tax_code', sa.String(length=14), nullable=False),
    sa.Column('enterprise_name', sa.String(length=300), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'rejected', name='request_status', native_enum=False, length=20), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_account_requests_decided_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_requests'))
    )
    with op.batch_alter_table('account_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_requests_tax_code'), ['tax_code'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_api_tokens_token_sha256'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_email', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=60), nullable=False),
    sa.Column('object_id', sa.String(length=60), nullable=False),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('entry_hash', name=op.f('uq_audit_log_entry_hash')),
    sa.UniqueConstraint('previous_hash', name=op.f('uq_audit_log_previous_hash'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)

    op.create_table('obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.Enum('ghg-inventory', 'env-declaration', name='form_kind', native_enum=False, length=30), nullable=False),
    sa.Column('legal_basis', sa.String(length=200), nullable=False),
    sa.Column('basis_reference', sa.String(length=100), nullable=False),
    sa.Column('sector', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('removed_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('removal_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_obligations_added_by_id_users')),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_obligations_facility_id_facilities')),
    sa.ForeignKeyConstraint(['removed_by_id'], ['users.id'], name=op.f('fk_obligations_removed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_obligations'))
    )
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligations_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index('uq_obligations_active', ['facility_id', 'form'], unique=True, sqlite_where=sa.text('removed_at_utc IS NULL'), postgresql_where=sa.text('removed_at_utc IS NULL'))

    op.create_table('one_time_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('password_reset', 'invitation', name='link_purpose', native_enum=False, length=20), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_one_time_links_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_one_time_links')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_one_time_links_token_sha256'))
    )
    with op.batch_alter_table('one_time_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_one_time_links_user_id'), ['user_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=True),
    sa.Column('form', sa.Enum('ghg-inventory', 'env-declaration', name='report_form_kind', native_enum=False, length=30), nullable=False),
    sa.Column('form_version', sa.String(length=20), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'under_review', 'returned', 'accepted', name='report_status', native_enum=False, length=30), nullable=False),
    sa.Column('document', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('result', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('first_submitted_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_reports_assigned_to_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_reports_created_by_id_users')),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_reports_facility_id_facilities')),
    sa.ForeignKeyConstraint(['period_id'], ['reporting_periods.id'], name=op.f('fk_reports_period_id_reporting_periods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_period_id'), ['period_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_status'), ['status'], unique=False)

    op.create_table('declaration_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('data_year', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('vsic', sa.String(length=10), nullable=True),
    sa.Column('measure', sa.String(length=60), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=30, scale=10), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_declaration_facts_facility_id_facilities')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_declaration_facts_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration_facts'))
    )
    with op.batch_alter_table('declaration_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_facts_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_declaration_facts_year_measure', ['data_year', 'measure'], unique=False)

    op.create_table('ghg_gas_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('data_year', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.String(length=40), nullable=False),
    sa.Column('gas', sa.String(length=20), nullable=False),
    sa.Column('mass_t', sa.Numeric(precision=30, scale=10), nullable=False),
    sa.Column('tco2e', sa.Numeric(precision=30, scale=10), nullable=False),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_ghg_gas_facts_facility_id_facilities')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_ghg_gas_facts_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ghg_gas_facts'))
    )
    with op.batch_alter_table('ghg_gas_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ghg_gas_facts_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_ghg_gas_facts_year_gas', ['data_year', 'gas'], unique=False)

    op.create_table('ghg_line_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('data_year', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.String(length=40), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('scope', sa.Integer(), nullable=False),
    sa.Column('fuel', sa.String(length=60), nullable=True),
    sa.Column('commune_code', sa.String(length=5), nullable=False),
    sa.Column('vsic', sa.String(length=10), nullable=True),
    sa.Column('tco2e', sa.Numeric(precision=30, scale=10), nullable=False),
    sa.Column('biogenic_co2_t', sa.Numeric(precision=30, scale=10), nullable=False),
    sa.Column('energy_tj', sa.Numeric(precision=30, scale=10), nullable=False),
    sa.Column('energy_toe', sa.Numeric(precision=30, scale=10), nullable=False),
    sa.Column('electricity_mwh', sa.Numeric(precision=30, scale=10), nullable=False),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_ghg_line_facts_facility_id_facilities')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_ghg_line_facts_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ghg_line_facts'))
    )
    with op.batch_alter_table('ghg_line_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ghg_line_facts_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_ghg_line_facts_year_category', ['data_year', 'category'], unique=False)
        batch_op.create_index('ix_ghg_line_facts_year_commune', ['data_year', 'commune_code'], unique=False)
        batch_op.create_index('ix_ghg_line_facts_year_facility', ['data_year', 'facility_id'], unique=False)
        batch_op.create_index('ix_ghg_line_facts_year_vsic', ['data_year', 'vsic'], unique=False)

    op.create_table('report_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.Enum('draft', 'submitted', 'under_review', 'returned', 'accepted', name='event_from_status', native_enum=False, length=30), nullable=True),
    sa.Column('to_status', sa.Enum('draft', 'submitted', 'under_review', 'returned', 'accepted', name='event_to_status', native_enum=False, length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_report_events_actor_id_users')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_events_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_events'))
    )
    with op.batch_alter_table('report_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_events_report_id'), ['report_id'], unique=False)

    op.create_table('report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('form_version', sa.String(length=20), nullable=False),
    sa.Column('canonical_json', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('gwp_set', sa.String(length=10), nullable=True),
    sa.Column('factor_library_version', sa.String(length=40), nullable=True),
    sa.Column('result', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_versions_report_id_reports')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_report_versions_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_versions')),
    sa.UniqueConstraint('report_id', 'number', name='uq_report_versions_report_number')
    )
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_versions_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_versions_sha256'), ['sha256'], unique=False)

    op.create_table('review_checklists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_review_checklists_report_id_reports')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_review_checklists_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_checklists')),
    sa.UniqueConstraint('report_id', 'version_number', name='uq_review_checklists_report_version')
    )
    with op.batch_alter_table('review_checklists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_checklists_report_id'), ['report_id'], unique=False)

    op.create_table('review_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('released_at_utc', intake.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_review_comments_author_id_users')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_review_comments_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_comments'))
    )
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_comments_report_id'), ['report_id'], unique=False)


    _create_immutability_triggers()


# Submitted report versions and audit entries are records of what was filed and done: the
# database itself refuses to change or delete them, whatever code (or person with SQL) tries.
IMMUTABLE_TABLES = ("report_versions", "audit_log")


def _create_immutability_triggers() -> None:
    dialect = op.get_context().dialect.name
    for table in IMMUTABLE_TABLES:
        if dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} rows are immutable'; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()"
            )


def _drop_immutability_triggers() -> None:
    dialect = op.get_context().dialect.name
    for table in IMMUTABLE_TABLES:
        if dialect == "sqlite":
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")


def downgrade() -> None:
    _drop_immutability_triggers()
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_comments_report_id'))

    op.drop_table('review_comments')
    with op.batch_alter_table('review_checklists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_checklists_report_id'))

    op.drop_table('review_checklists')
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_versions_sha256'))
        batch_op.drop_index(batch_op.f('ix_report_versions_report_id'))

    op.drop_table('report_versions')
    with op.batch_alter_table('report_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_events_report_id'))

    op.drop_table('report_events')
    with op.batch_alter_table('ghg_line_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_ghg_line_facts_year_vsic')
        batch_op.drop_index('ix_ghg_line_facts_year_facility')
        batch_op.drop_index('ix_ghg_line_facts_year_commune')
        batch_op.drop_index('ix_ghg_line_facts_year_category')
        batch_op.drop_index(batch_op.f('ix_ghg_line_facts_report_id'))

    op.drop_table('ghg_line_facts')
    with op.batch_alter_table('ghg_gas_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_ghg_gas_facts_year_gas')
        batch_op.drop_index(batch_op.f('ix_ghg_gas_facts_report_id'))

    op.drop_table('ghg_gas_facts')
    with op.batch_alter_table('declaration_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_declaration_facts_year_measure')
        batch_op.drop_index(batch_op.f('ix_declaration_facts_report_id'))

    op.drop_table('declaration_facts')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_status'))
        batch_op.drop_index(batch_op.f('ix_reports_period_id'))
        batch_op.drop_index(batch_op.f('ix_reports_facility_id'))

    op.drop_table('reports')
    with op.batch_alter_table('one_time_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_one_time_links_user_id'))

    op.drop_table('one_time_links')
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index('uq_obligations_active', sqlite_where=sa.text('removed_at_utc IS NULL'), postgresql_where=sa.text('removed_at_utc IS NULL'))
        batch_op.drop_index(batch_op.f('ix_obligations_facility_id'))

    op.drop_table('obligations')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('account_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_requests_tax_code'))

    op.drop_table('account_requests')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_enterprise_id'))

    op.drop_table('users')
    with op.batch_alter_table('facilities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilities_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_facilities_commune_code'))

    op.drop_table('facilities')
    op.drop_table('reporting_periods')
    op.drop_table('reference_rows')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_sent_at_utc'))

    op.drop_table('outbox')
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempts_ip_at')
        batch_op.drop_index('ix_login_attempts_email_at')

    op.drop_table('login_attempts')
    op.drop_table('enterprises')
    op.drop_table('communes')
