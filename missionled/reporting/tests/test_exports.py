import csv
import io

import pytest
from openpyxl import load_workbook

from missionled.reporting.tests.factories import department_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(make_user, page_client_for):
    department_cohort("DfE", 4, "Policy")
    department_cohort("DfE", 2, "Project Delivery", status="in_delivery")
    return page_client_for(make_user("coordinator", department="DfE"))


def test_csv_has_the_tables_heading_and_rows(coordinator_client):
    response = coordinator_client.get("/reports/department/?format=csv&table=by_profession")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Profession",
        "Leaders booked",
        "Leaders in training or trained",
        "Leaders who completed",
    ]
    assert ["Policy", "4", "4", "4"] in rows
    assert ["Project Delivery", "2", "2", "0"] in rows


def test_xlsx_opens_and_holds_the_same_rows(coordinator_client):
    response = coordinator_client.get("/reports/department/?format=xlsx&table=by_profession")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Profession"
    assert ["Policy", 4, 4, 4] in rows
    assert ["Project Delivery", 2, 2, 0] in rows


def test_json_has_the_columns_and_rows(coordinator_client):
    response = coordinator_client.get("/reports/department/?format=json&table=by_profession")
    data = response.json()
    assert data["title"] == "Leaders by profession"
    assert data["columns"][0] == {"key": "profession", "label": "Profession"}
    policy = {"profession": "Policy", "booked": 4, "trained": 4, "completed": 4}
    assert policy in data["rows"]


@pytest.mark.parametrize(
    "table",
    [
        "pipeline",
        "utilisation",
        "completion",
        "feedback",
        "capability_change",
        "facilitator_load",
        "completion_by_course",
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_every_provider_table_downloads(make_user, page_client_for, table, fmt):
    department_cohort("DfE", 4, "Policy")
    client = page_client_for(make_user("provider_admin"))
    response = client.get(f"/reports/provider/?format={fmt}&table={table}")
    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]


def test_an_unknown_table_or_format_is_not_found(make_user, page_client_for):
    client = page_client_for(make_user("provider_admin"))
    assert client.get("/reports/provider/?format=pdf&table=pipeline").status_code == 404
    assert client.get("/reports/provider/?format=csv&table=nope").status_code == 404


def test_a_coordinator_cannot_download_provider_tables(make_user, page_client_for):
    client = page_client_for(make_user("coordinator"))
    assert client.get("/reports/provider/?format=csv&table=pipeline").status_code == 403
