"""one report per facility, form and period

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

The API used to create a new report on every POST for the same facility and period, and a
second accepted one doubled the facility in the statistics. From here on the database refuses
it (two partial unique indexes: one for reports with a period, one per facility and
form for those without). Duplicates already stored are kept, never
deleted (some hold certified versions): the earliest report of each facility, form and period
stays the report; each later one is marked `superseded_by_id` (it is no longer listed or
counted, its facts are removed) and is named on the migration's output so that the Department
can tell the enterprise.
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

FACT_TABLES = ('ghg_line_facts', 'ghg_gas_facts', 'declaration_facts')


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reports_superseded_by_id_reports'), 'reports',
                                    ['superseded_by_id'], ['id'])
    connection = op.get_bind()
    duplicates = connection.execute(sa.text(
        "SELECT r.id, keeper.id FROM reports r JOIN ("
        "  SELECT MIN(id) AS id, facility_id, form, COALESCE(period_id, 0) AS period"
        "  FROM reports GROUP BY facility_id, form, COALESCE(period_id, 0)) keeper"
        " ON keeper.facility_id = r.facility_id AND keeper.form = r.form"
        " AND keeper.period = COALESCE(r.period_id, 0)"
        " WHERE r.id <> keeper.id ORDER BY r.id")).all()
    for duplicate_id, keeper_id in duplicates:
        connection.execute(sa.text("UPDATE reports SET superseded_by_id = :keeper WHERE id = :id"),
                           {"keeper": keeper_id, "id": duplicate_id})
        for table in FACT_TABLES:
            connection.execute(sa.text(f"DELETE FROM {table} WHERE report_id = :id"),
                               {"id": duplicate_id})
        print(f"report {duplicate_id} duplicates report {keeper_id} (same facility, form and "
              f"period): set aside, no longer listed or counted")
    for name, columns, where in (
            ('uq_reports_facility_form_period', ['facility_id', 'form', 'period_id'],
             'period_id IS NOT NULL AND superseded_by_id IS NULL'),
            ('uq_reports_facility_form_no_period', ['facility_id', 'form'],
             'period_id IS NULL AND superseded_by_id IS NULL')):
        op.create_index(name, 'reports', columns, unique=True, sqlite_where=sa.text(where),
                        postgresql_where=sa.text(where))


def downgrade() -> None:
    op.drop_index('uq_reports_facility_form_no_period', table_name='reports')
    op.drop_index('uq_reports_facility_form_period', table_name='reports')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reports_superseded_by_id_reports'), type_='foreignkey')
        batch_op.drop_column('superseded_by_id')
