"""exact facts, with CO2e in every GWP set

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

The facts of the sector database become exact (`ExactDecimal`: unbounded NUMERIC on
PostgreSQL, canonical decimal text on SQLite, where NUMERIC(30, 10) held binary floats) and
every GHG fact carries its CO2e in AR4, AR5 and AR6 instead of the filed set only. Facts are
derived data: the three tables are created anew and filled again from the latest version of
every accepted report, as `intake statistics rebuild` does (the frozen versions are untouched).
"""
from alembic import op
import sqlalchemy as sa

import intake.models.exact_decimal
from intake.domain import jsonio
from intake.domain.declaration_facts import declaration_facts
from intake.domain.facts import ghg_gas_facts, ghg_line_facts

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

FACT_TABLES = ('ghg_line_facts', 'ghg_gas_facts', 'declaration_facts')


def _amount(name: str) -> sa.Column:
    return sa.Column(name, intake.models.exact_decimal.ExactDecimal(), nullable=False)


def _old_amount(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=30, scale=10), nullable=False)


def _keys(table: str) -> list[sa.Column]:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f(f'fk_{table}_report_id_reports')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
    ]


def _facility(table: str) -> list[sa.Column]:
    return [sa.Column('facility_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'],
                                    name=op.f(f'fk_{table}_facility_id_facilities'))]


def _create_tables(amount) -> dict[str, sa.Table]:
    """The three fact tables; `amount` makes an amount column (new or old type)."""
    exact = amount is _amount
    co2e = ([amount('tco2e_ar4'), amount('tco2e_ar5'), amount('tco2e_ar6')] if exact
            else [amount('tco2e')])
    tables = {}
    tables['declaration_facts'] = op.create_table(
        'declaration_facts', *_keys('declaration_facts'), *_facility('declaration_facts'),
        sa.Column('data_year', sa.Integer(), nullable=False),
        sa.Column('commune_code', sa.String(length=5), nullable=False),
        sa.Column('vsic', sa.String(length=10), nullable=True),
        sa.Column('measure', sa.String(length=60), nullable=False),
        sa.Column('code', sa.String(length=60), nullable=False),
        amount('quantity'),
        sa.Column('unit', sa.String(length=20), nullable=False))
    with op.batch_alter_table('declaration_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_facts_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_declaration_facts_year_measure', ['data_year', 'measure'], unique=False)
    tables['ghg_gas_facts'] = op.create_table(
        'ghg_gas_facts', *_keys('ghg_gas_facts'), *_facility('ghg_gas_facts'),
        sa.Column('data_year', sa.Integer(), nullable=False),
        sa.Column('line_id', sa.String(length=40), nullable=False),
        sa.Column('gas', sa.String(length=20), nullable=False),
        amount('mass_t'), *co2e)
    with op.batch_alter_table('ghg_gas_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ghg_gas_facts_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_ghg_gas_facts_year_gas', ['data_year', 'gas'], unique=False)
    filed = [sa.Column('gwp_set', sa.String(length=10), nullable=False)] if exact else []
    tables['ghg_line_facts'] = op.create_table(
        'ghg_line_facts', *_keys('ghg_line_facts'),
        sa.Column('version_number', sa.Integer(), nullable=False),
        *_facility('ghg_line_facts'),
        sa.Column('data_year', sa.Integer(), nullable=False),
        sa.Column('line_id', sa.String(length=40), nullable=False),
        sa.Column('category', sa.String(length=40), nullable=False),
        sa.Column('scope', sa.Integer(), nullable=False),
        sa.Column('fuel', sa.String(length=60), nullable=True),
        sa.Column('commune_code', sa.String(length=5), nullable=False),
        sa.Column('vsic', sa.String(length=10), nullable=True),
        *filed, *co2e,
        amount('biogenic_co2_t'), amount('energy_tj'), amount('energy_toe'), amount('electricity_mwh'))
    with op.batch_alter_table('ghg_line_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ghg_line_facts_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_ghg_line_facts_year_category', ['data_year', 'category'], unique=False)
        batch_op.create_index('ix_ghg_line_facts_year_commune', ['data_year', 'commune_code'], unique=False)
        batch_op.create_index('ix_ghg_line_facts_year_facility', ['data_year', 'facility_id'], unique=False)
        batch_op.create_index('ix_ghg_line_facts_year_vsic', ['data_year', 'vsic'], unique=False)
    return tables


def _drop_tables() -> None:
    for table in FACT_TABLES:
        op.drop_table(table)  # its indexes go with it


def _fill(tables: dict[str, sa.Table]) -> None:
    """The facts of the latest version of every accepted report (statistics.write_facts)."""
    reports = sa.table('reports', sa.column('id', sa.Integer), sa.column('facility_id', sa.Integer),
                       sa.column('form', sa.String), sa.column('status', sa.String))
    versions = sa.table('report_versions', sa.column('report_id', sa.Integer),
                        sa.column('number', sa.Integer), sa.column('canonical_json', sa.Text),
                        sa.column('result', sa.Text))
    facilities = sa.table('facilities', sa.column('id', sa.Integer), sa.column('commune_code', sa.String),
                          sa.column('vsic', sa.String))
    latest = sa.select(versions.c.report_id, sa.func.max(versions.c.number).label('number')) \
        .group_by(versions.c.report_id).subquery()
    statement = (
        sa.select(reports.c.id, reports.c.facility_id, reports.c.form, versions.c.number,
                  versions.c.canonical_json, sa.cast(versions.c.result, sa.Text),
                  facilities.c.commune_code, facilities.c.vsic)
        .join(latest, latest.c.report_id == reports.c.id)
        .join(versions, (versions.c.report_id == reports.c.id) & (versions.c.number == latest.c.number))
        .join(facilities, facilities.c.id == reports.c.facility_id)
        .where(reports.c.status == 'accepted').order_by(reports.c.id))
    connection = op.get_bind()
    for report_id, facility_id, form, number, canonical, result_text, commune, vsic in \
            connection.execute(statement).all():
        # Decimals, never floats, from both the frozen document and its result.
        document, result = jsonio.loads(canonical), jsonio.loads(result_text)
        block = document.get('facility') or {}
        place = {'report_id': report_id, 'facility_id': facility_id,
                 'commune_code': block.get('commune_code') or commune, 'vsic': block.get('vsic') or vsic}
        if form == 'ghg-inventory':
            rows = {'ghg_line_facts': [{**place, 'version_number': number, **fact}
                                       for fact in ghg_line_facts(document, result)],
                    'ghg_gas_facts': [{'report_id': report_id, 'facility_id': facility_id, **fact}
                                      for fact in ghg_gas_facts(result)]}
        else:
            rows = {'declaration_facts': [{**place, **fact} for fact in declaration_facts(document, result)]}
        for table, values in rows.items():
            if values:
                connection.execute(tables[table].insert(), values)


def upgrade() -> None:
    _drop_tables()
    _fill(_create_tables(_amount))


def downgrade() -> None:
    # The old tables come back empty: run `intake statistics rebuild` of the older version.
    _drop_tables()
    _create_tables(_old_amount)
