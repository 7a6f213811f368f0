import pytest

from conftest import ROLES

pytestmark = pytest.mark.usefixtures("ref_data")


@pytest.mark.parametrize(
    "path", ["/", "/courses/", "/courses/leading-it/", "/accessibility/", "/sign-in/"]
)
def test_public_pages_render_with_the_govuk_layout(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-skip-link"' in html
    assert "govuk-service-navigation" in html
    assert "govuk-phase-banner" in html
    assert "govuk-footer" in html
    assert "<script>" not in html, "inline script would break the CSP"


def test_every_page_sends_a_csp_without_inline_script(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_course_page_shows_the_facts_and_a_booking_call_to_action(client):
    html = client.get("/courses/leading-it/").content.decode()
    assert "10 to 14 people" in html
    assert "Action Learning Set 3" in html
    assert "Request a closed booking" in html
    assert "Grade 7, Grade 6, Deputy Director, Director" in html


def test_catalogue_lists_the_three_courses(client):
    html = client.get("/courses/").content.decode()
    for title in ["Understanding it", "Practising it", "Leading it"]:
        assert title in html


def test_unknown_course_page_is_a_govuk_404(client):
    response = client.get("/courses/juggling/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_sign_in_with_a_wrong_password_shows_the_error_summary(client, make_user):
    make_user("coordinator", email="dan@example.gov.uk")
    response = client.post("/sign-in/", {"username": "dan@example.gov.uk", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct email address and password." in html
    assert "<title>Error: Sign in" in html


def test_sign_in_and_out(client, make_user):
    make_user("coordinator", email="dan@example.gov.uk")
    response = client.post(
        "/sign-in/", {"username": "dan@example.gov.uk", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert "dan@example.gov.uk" in client.get("/account/").content.decode()
    client.post("/sign-out/")
    assert client.get("/account/").status_code == 302


def test_account_needs_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("role", ROLES)
def test_only_provider_admins_enter_the_back_office(make_user, page_client_for, role):
    response = page_client_for(make_user(role)).get("/back-office/")
    if role == "provider_admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/back-office/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_back_office_link_shows_only_for_provider_admins(make_user, page_client_for, role):
    html = page_client_for(make_user(role)).get("/").content.decode()
    assert ("Back office" in html) == (role == "provider_admin")


def test_healthz_checks_the_database(client):
    assert client.get("/healthz").json() == {"status": "ok"}
