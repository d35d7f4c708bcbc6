"""facts of a gas without a GWP in a set: NULL CO2e in that set, never zero

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""
from alembic import op

import intake.models.exact_decimal

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

TABLES = ('ghg_line_facts', 'ghg_gas_facts')
COLUMNS = ('tco2e_ar4', 'tco2e_ar5', 'tco2e_ar6')


def _nullable(nullable: bool) -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in COLUMNS:
                batch_op.alter_column(column, existing_type=intake.models.exact_decimal.ExactDecimal(),
                                      nullable=nullable)


def upgrade() -> None:
    _nullable(True)


def downgrade() -> None:
    _nullable(False)
