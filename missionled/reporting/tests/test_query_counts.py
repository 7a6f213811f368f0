import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missionled.reporting.tests.factories import bulk_programme

pytestmark = pytest.mark.django_db

PAGES = [
    ("provider_admin", None, "/reports/provider/"),
    ("coordinator", "HMRC", "/reports/department/"),
    ("provider_admin", None, "/reports/department/"),
    ("provider_admin", None, "/reports/provider/comments/"),
    ("provider_admin", None, "/reports/provider/comments/?show=follow_up&page=2"),
]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_each_dashboard_costs_the_same_queries_for_10_and_1000_cohorts(make_user, page_client_for):
    clients = [
        (page_client_for(make_user(role, department=dept)), url) for role, dept, url in PAGES
    ]
    bulk_programme(10)
    small = [_queries(client, url) for client, url in clients]
    bulk_programme(990, start=10)
    large = [_queries(client, url) for client, url in clients]
    assert small == large
    assert max(large) < 30


def test_facilitator_load_counts_each_facilitators_sessions(make_user, page_client_for):
    from django.apps import apps

    if not apps.is_installed("missionled.facilitation"):
        pytest.skip("facilitator assignments are not recorded")
    bulk_programme(12)
    client = page_client_for(make_user("provider_admin"))
    response = client.get("/reports/provider/?format=csv&table=facilitator_load")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Facilitator,Sessions assigned")
    assert lines[1].startswith("Fay Load,12,")
