"""The provider retries a failed email from the notifications page; it passes axe."""

from typing import Any

import pytest

from missionled.notifications.models import Notification
from tests.browser.fixtures import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_provider_retries_a_failed_email(
    page: Any,
    sign_in: Any,
    make_user: Any,
) -> None:
    failed = Notification.objects.create(
        recipient="leader@education.gov.uk",
        template="raw",
        context={"subject": "Hello", "body": "A message."},
        status=Notification.Status.FAILED,
        attempts=3,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    make_user("provider_admin", email="admin@provider.example")
    sign_in("admin@provider.example")
    page.get_by_role("link", name="Notifications").click()
    assert page.get_by_text("Connection unexpectedly closed").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Retry the email to leader@education.gov.uk").click()
    assert page.get_by_text("Email to leader@education.gov.uk queued again").is_visible()
    assert_accessible(page)
    failed.refresh_from_db()
    assert failed.status != Notification.Status.FAILED
