"""A visitor finds a course and its booking call to action; every page passes axe."""

import pytest

from tests.browser.fixtures import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_browses_the_catalogue(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("button", name="See the courses").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Courses"
    assert_accessible(page)

    page.get_by_role("link", name="Leading it", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Leading it"
    assert page.get_by_text("10 to 14 people").is_visible()
    assert page.get_by_role("button", name="Request a closed booking").is_visible()
    assert_accessible(page)


def test_the_styles_and_scripts_load_under_the_csp(page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/courses/")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    font = page.evaluate("getComputedStyle(document.querySelector('.govuk-body-l')).fontFamily")
    assert "GDS Transport" in font
    assert errors == []


def test_sign_in_page_shows_errors_accessibly(page, django_user_model):
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)


def test_signed_in_account_page_is_accessible(page, sign_in, make_user):
    make_user("coordinator", email="dan@example.gov.uk")
    sign_in("dan@example.gov.uk")
    page.goto("/account/")
    assert page.get_by_text("Department for Education").is_visible()
    assert_accessible(page)


def test_the_axe_scan_reports_violations(page):
    """The harness would catch a real problem: an image without alt text fails the scan."""
    page.goto("/accessibility/")
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = '/static/govuk/assets/"
        "images/govuk-crest.svg'; document.querySelector('main').appendChild(img); }"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
