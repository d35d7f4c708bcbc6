"""Migration 0010: every accepted report's version that counts is its latest version (the one
accepted, before corrections existed); any other report has none."""
from sqlalchemy import create_engine, text

from intake.migrate import upgrade


def test_the_version_that_counts_is_backfilled_for_accepted_reports(empty_database_url):
    from alembic import command

    from intake.migrate import alembic_config

    engine = create_engine(empty_database_url)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO communes (code, name, kind, source) "
                                "VALUES ('00493', 'Thiên Lộc', 'xa', 'test')"))
        connection.execute(text("INSERT INTO enterprises (tax_code, name, address, created_at_utc) "
                                "VALUES ('0100112437', 'Công ty', '', CURRENT_TIMESTAMP)"))
        enterprise = connection.execute(text("SELECT id FROM enterprises")).scalar()
        connection.execute(text(
            "INSERT INTO users (email, full_name, password_hash, role, is_active, created_at_utc, "
            "password_changed_at_utc, enterprise_id) VALUES ('a@congty.vn', 'A', 'x', 'enterprise', "
            ":t, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :e)"), {"e": enterprise, "t": True})
        user = connection.execute(text("SELECT id FROM users")).scalar()
        reports = {}
        for name, status, versions in (("Nhà máy A", "accepted", 2), ("Nhà máy B", "submitted", 1),
                                       ("Nhà máy C", "draft", 0)):
            connection.execute(text("INSERT INTO facilities (name, address, commune_code, activity, "
                                    "enterprise_id, created_at_utc) VALUES (:n, '', '00493', '', :e, "
                                    "CURRENT_TIMESTAMP)"), {"n": name, "e": enterprise})
            facility = connection.execute(text("SELECT id FROM facilities WHERE name = :n"), {"n": name}).scalar()
            connection.execute(text(
                "INSERT INTO reports (facility_id, form, form_version, status, document, result, revision, "
                "created_at_utc, updated_at_utc) VALUES (:f, 'ghg-inventory', '2026.1', :s, '{}', '{}', 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"f": facility, "s": status})
            report = connection.execute(text("SELECT id FROM reports WHERE facility_id = :f"), {"f": facility}).scalar()
            for number in range(1, versions + 1):
                connection.execute(text(
                    "INSERT INTO report_versions (report_id, number, form_version, canonical_json, sha256, "
                    "result, submitted_by_id, submitted_at_utc) VALUES (:r, :n, '2026.1', '{}', :h, '{}', :u, "
                    "CURRENT_TIMESTAMP)"), {"r": report, "n": number, "h": f"{number:064d}", "u": user})
            reports[status] = report
    upgrade(engine)
    with engine.connect() as connection:
        counted = dict(connection.execute(text("SELECT id, accepted_version_number FROM reports")).all())
    engine.dispose()
    assert counted == {reports["accepted"]: 2, reports["submitted"]: None, reports["draft"]: None}
