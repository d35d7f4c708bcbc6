"""The template downloaded for a draft carries the draft's current warnings on its "Giải trình"
sheet, by their place in the form's words, ready for the filer's reasons."""
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from intake.models import Facility, User
from intake.services import reports as filing
from tests.conftest import log_in

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())
SUPPLIER = {"id": "E9", "category": "purchased_electricity", "supply": "other", "quantity": "100",
            "unit": "MWh", "ef_tco2_per_mwh": "0.4"}


def test_the_drafts_template_lists_its_warnings_by_place(client, make_user, session):
    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Dệt Lĩnh Nam", commune_code="00283", enterprise_id=user.enterprise_id)
    session.add(facility)
    session.flush()
    document = json.loads(json.dumps(DOCUMENT))
    document["years"][0]["sources"].append(SUPPLIER)
    report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=document)
    session.commit()
    assert [w["code"] for w in report.result["warnings"]] == ["factor_without_source"]

    log_in(client, email)
    response = client.get(f"/reports/{report.id}/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["Giải trình"]
    keys = {cell.value: cell.column_letter for cell in sheet[3] if cell.value}
    assert sheet[f"{keys['path']}4"].value == "years[0].sources[4].ef_source"
    assert sheet.column_dimensions[keys["path"]].hidden and sheet.column_dimensions[keys["code"]].hidden
    row = [str(cell.value) for cell in sheet[4] if cell.value is not None
           and not sheet.column_dimensions[cell.column_letter].hidden]
    assert "Năm 2022 › Nguồn E9 › Nguồn của giá trị riêng" in row
    assert sheet[f"{keys['path']}5"].value is None  # one row per warning
