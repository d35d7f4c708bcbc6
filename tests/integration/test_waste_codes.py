"""The national list of hazardous-waste codes: loaded by the Department from its CSV with
`intake reference hazardous-waste` (audited, replacing the list), then a declaration's code
that is not on it is an error; before, codes are checked for their form only, and the result
says so. On SQLite and PostgreSQL."""
import json
from pathlib import Path

from sqlalchemy import select

from intake.models import AuditEntry, Facility, HazardousWasteCode, User
from intake.services import reports as filing
from tests.conftest import run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "declaration"
LIST = ("code,name_vi\n"
        "16 01 06,Bóng đèn huỳnh quang thải\n"
        "18 02 01,\"Chất hấp thụ, vật liệu lọc bị nhiễm thành phần nguy hại\"\n"
        "17 02 03,Dầu động cơ tổng hợp thải\n")


def _declaration(session, make_user, codes: list[str]):
    user_id, _ = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Giấy Việt Hưng", commune_code="00127", vsic="1702",
                        enterprise_id=user.enterprise_id)
    session.add(facility)
    session.flush()
    document = json.loads((DATA / "paper-mill-2025.json").read_text(encoding="utf-8"))
    document["facility"].update(tax_code="0100112437", name=facility.name, commune_code="00127")
    document["hazardous_waste"] = [{"code": code, "name": "Chất thải", "quantity_kg": "10", "handler": "Công ty A",
                                    "handler_licence": "1-2-3.045.VX"} for code in codes]
    return filing.create_report(session, user, form="env-declaration", facility_id=facility.id, document=document)


def test_codes_are_checked_against_the_list_once_the_department_loads_it(session, make_user, database_url, tmp_path):
    before = _declaration(session, make_user, ["16 01 06", "99 99 99"])
    assert before.result["hazardous_waste_codes_checked"] == "format_only"
    assert "hazardous_waste_code_unlisted" not in {e["code"] for e in before.result["errors"]}
    session.commit()

    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path / "instance")}
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name_vi\n16 01 06,Bóng đèn\n1601,Sai\n", encoding="utf-8")
    refused = run_cli("reference", "hazardous-waste", str(bad), "--source", "Phụ lục III", env=env)
    assert refused.returncode == 1 and "line 3" in refused.stderr and "NN NN NN" in refused.stderr
    bad.write_text("code,name_vi\n18 02 01,Chất hấp thụ, vật liệu lọc\n", encoding="utf-8")  # unquoted comma
    refused = run_cli("reference", "hazardous-waste", str(bad), "--source", "Phụ lục III", env=env)
    assert refused.returncode == 1 and "line 2 has more values than columns" in refused.stderr
    session.expire_all()
    assert session.scalars(select(HazardousWasteCode)).all() == []  # nothing half-loaded

    good = tmp_path / "danh-muc.csv"
    good.write_text(LIST, encoding="utf-8")
    loaded = run_cli("reference", "hazardous-waste", str(good), "--source", "Thông tư 02/2022/TT-BTNMT, Phụ lục III",
                     env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "hazardous-waste codes loaded: 3" in loaded.stdout
    session.expire_all()
    names = {c.code: c.name_vi for c in session.scalars(select(HazardousWasteCode))}
    assert names["18 02 01"] == "Chất hấp thụ, vật liệu lọc bị nhiễm thành phần nguy hại"
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "reference.hazardous_waste_codes"))
    assert entry.details["codes"] == 3

    user = session.scalars(select(User).where(User.enterprise_id == before.facility.enterprise_id)).first()
    after = filing.update_report(session, user, before.id, document=before.document, expected_revision=before.revision)
    assert after.result["hazardous_waste_codes_checked"] == "national_list"
    (error,) = [e for e in after.result["errors"] if e["code"] == "hazardous_waste_code_unlisted"]
    assert error["path"] == "hazardous_waste[1].code" and "99 99 99" in error["message_vi"]
    assert not after.result["valid"]
    # The draft is kept whole: the error is told, nothing is lost.
    assert [w["code"] for w in after.document["hazardous_waste"]] == ["16 01 06", "99 99 99"]
    session.commit()

    # A second load replaces the list.
    good.write_text("code,name_vi\n99 99 99,Mã thử\n", encoding="utf-8")
    assert run_cli("reference", "hazardous-waste", str(good), "--source", "x", env=env).returncode == 0
    session.expire_all()
    assert [c.code for c in session.scalars(select(HazardousWasteCode))] == ["99 99 99"]
