"""audit entries carry a keyed MAC; REPLACE and TRUNCATE cannot rewrite the record

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

- `audit_log.mac`: HMAC-SHA256 over each entry's id and hash, keyed from the application's
  secret key (intake.services.audit). Existing entries keep NULL: the migration may run with
  another secret key than the application (another instance folder or environment), and a MAC
  made with the wrong key would be a permanent false alarm on a row that can never be changed.
  `intake audit verify` accepts entries without a MAC only as the beginning of the chain.
- SQLite: `INSERT OR REPLACE` / `REPLACE INTO` resolve a conflict by deleting the old row, and
  that implicit delete fires no DELETE trigger (unless `PRAGMA recursive_triggers` is on in the
  connection, which a person with the sqlite3 shell need not set). A BEFORE INSERT trigger
  refuses any row that would collide with an existing one (id or another unique key), on every
  connection, before the conflict is resolved.
- PostgreSQL: TRUNCATE fires no row trigger; a statement trigger refuses it.
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# Each immutable table with the condition under which a new row would replace an existing one:
# every unique key of the table.
COLLISIONS = {
    'report_versions': "id = NEW.id OR (report_id = NEW.report_id AND number = NEW.number)",
    'audit_log': "id = NEW.id OR previous_hash = NEW.previous_hash OR entry_hash = NEW.entry_hash",
}


def upgrade() -> None:
    op.add_column('audit_log', sa.Column('mac', sa.String(length=64), nullable=True))
    dialect = op.get_context().dialect.name
    for table, collision in COLLISIONS.items():
        if dialect == 'sqlite':
            op.execute(
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {collision}) "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable: a row with this key "
                f"exists'); END"
            )
        elif dialect == 'postgresql':
            # The function 0001 created for the row triggers raises for a statement too.
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse_change()"
            )


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    for table in COLLISIONS:
        if dialect == 'sqlite':
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_replace")
        elif dialect == 'postgresql':
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    # Not in batch mode: SQLite (3.35+) drops the column in place, where rebuilding the table
    # would lose its immutability triggers.
    op.drop_column('audit_log', 'mac')
