"""Enter once: a declaration's energy filled from the facility's GHG inventory of the same
year, and an inventory's fuel lines from the declaration; exact values, each row noting its
source, nothing entered overwritten, and the cross-form check then silent."""
import json
from decimal import Decimal
from pathlib import Path

from intake.models import Facility, Report, User
from intake.services import reports as filing
from tests.conftest import csrf_token_from, log_in

DATA = Path(__file__).resolve().parents[1] / "data" / "declaration"
EXACT_LITRES = "120000.000000000000000001"  # more digits than a float holds


def inventory(year: int, *sources: dict) -> dict:
    return {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
            "facility": {"tax_code": "0100112437", "name": "Nhà máy Giấy Việt Hưng", "address": "672 Ngô Gia Tự",
                         "commune_code": "00127"},
            "years": [{"year": year, "sources": list(sources)}]}


def declaration(**changes) -> dict:
    document = json.loads((DATA / "paper-mill-2025.json").read_text(encoding="utf-8"))
    document["facility"].update(tax_code="0100112437", commune_code="00127")
    document.update(changes)
    return document


def world(session, make_user, client):
    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Giấy Việt Hưng", commune_code="00127", enterprise_id=user.enterprise_id,
                        address="672 Ngô Gia Tự")
    session.add(facility)
    session.commit()
    log_in(client, email)
    return session.get(User, user_id), facility


def prefill(client, report_id):
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    return client.post(f"/reports/{report_id}/prefill", data={"csrf_token": csrf_token_from(page),
                                                              "revision": page.split('name="revision" value="')[1].split('"')[0]})


def test_a_declaration_takes_its_energy_from_the_inventory_of_the_same_year(client, session, make_user):
    user, facility = world(session, make_user, client)
    ghg = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=inventory(
        2025,
        {"id": "LH1", "category": "stationary_combustion", "sector": "manufacturing", "fuel": "diesel_oil",
         "quantity": EXACT_LITRES, "unit": "L", "density_kg_per_l": "0.845", "ef_source": "Phiếu phân tích"},
        {"id": "KH1", "category": "stationary_combustion", "sector": "manufacturing", "fuel": "natural_gas",
         "quantity": "250000", "unit": "Nm3", "density_kg_per_m3": "0.75"},
        {"id": "D1", "category": "purchased_electricity", "supply": "grid", "quantity": "31500.0000000001",
         "unit": "MWh"}))
    draft = filing.create_report(session, user, form="env-declaration", facility_id=facility.id,
                                 document=declaration(energy={}))
    session.commit()

    page = client.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert "Điền phần năng lượng từ báo cáo kiểm kê khí nhà kính cùng năm" in page
    assert prefill(client, draft.id).status_code == 302
    session.expire_all()
    filled = session.get(Report, draft.id)
    energy = filled.document["energy"]
    assert Decimal(str(energy["electricity_kwh"])) == Decimal("31500000.0000001")
    diesel, gas = energy["fuels"]
    assert (diesel["fuel"], Decimal(str(diesel["quantity"])), diesel["unit"]) == ("diesel_oil", Decimal(EXACT_LITRES), "L")
    assert Decimal(str(diesel["density_kg_per_l"])) == Decimal("0.845") and "nguồn LH1" in diesel["source_note"]
    assert Decimal(str(gas["density_kg_per_m3"])) == Decimal("0.75")
    # One conversion for both forms: the same TJ and TOE; the cross-form check has nothing to say.
    line_tj = sum(Decimal(str(line["energy_tj"])) for line in ghg.result["lines"] if line["energy_tj"] is not None)
    line_toe = sum(Decimal(str(line["energy_toe"])) for line in ghg.result["lines"] if line["energy_toe"] is not None)
    assert Decimal(str(filled.result["totals"]["energy_tj"])) == line_tj
    assert Decimal(str(filled.result["totals"]["fuel_energy_toe"])) == line_toe
    assert not [w for w in filled.result["warnings"] if w["code"] in ("energy_mismatch_ghg", "energy_in_one_form_only")]

    # Filled once: a second click overwrites nothing and says why.
    again = prefill(client, draft.id)
    assert again.status_code == 303
    assert "phần năng lượng đã có số liệu" in client.get(f"/reports/{draft.id}").get_data(as_text=True)


def test_an_inventory_takes_the_fuel_lines_of_the_declaration(client, session, make_user):
    user, facility = world(session, make_user, client)
    filing.create_report(session, user, form="env-declaration", facility_id=facility.id, document=declaration(
        energy={"electricity_kwh": "31500000", "fuels": [{"fuel": "anthracite", "quantity": "8200.5", "unit": "t"}]}))
    draft = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=inventory(
        2025, {"id": "MT1", "category": "refrigerant", "gas": "R-410A", "quantity": "12", "unit": "kg"}))
    session.commit()
    assert prefill(client, draft.id).status_code == 302
    session.expire_all()
    sources = session.get(Report, draft.id).document["years"][0]["sources"]
    assert [s["id"] for s in sources] == ["MT1", "KB1", "KB2"]
    coal, power = sources[1], sources[2]
    assert (coal["category"], coal["fuel"], Decimal(str(coal["quantity"]))) == ("stationary_combustion", "anthracite",
                                                                                 Decimal("8200.5"))
    assert "sector" not in coal  # the declaration does not say it: the filer chooses, the form asks
    assert coal["data_source"] == "Kê khai môi trường, năm 2025"
    assert (power["supply"], Decimal(str(power["quantity"])), power["unit"]) == ("grid", Decimal("31500000"), "kWh")
    result = session.get(Report, draft.id).result
    assert ("years[0].sources[1].sector", "required") in {(e["path"], e["code"]) for e in result["errors"]}
    kept = session.get(Report, draft.id)  # the draft is kept with its error, nothing lost
    assert kept.status.value == "draft" and kept.document["years"][0]["sources"][0]["gas"] == "R-410A"
