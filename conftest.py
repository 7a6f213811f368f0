"""Fixtures shared by every app's tests."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

# One Playwright and one Chromium per test process, shared by every app's browser journeys.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True, scope="session")
def _faker_locale() -> None:
    import factory

    factory.Faker._DEFAULT_LOCALE = "en_GB"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Reference data once per test database; each test's changes are rolled back."""
    from missionled.core.seeding import reference_load

    with django_db_blocker.unblock():
        reference_load()


def _uses_database(request: pytest.FixtureRequest) -> str | None:
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or "live_server" in names:
        return "transactional_db"
    if marker is not None and marker.kwargs.get("transaction"):
        return "transactional_db"
    if marker is not None or "db" in names:
        return "db"
    return None


@pytest.fixture(autouse=True)
def _reference_data_present(request: pytest.FixtureRequest) -> None:
    """Every test that touches the database finds the reference data, even after a
    transactional test (browser, concurrency) has flushed the tables."""
    fixture = _uses_database(request)
    if fixture is None:
        return
    request.getfixturevalue(fixture)
    from missionled.core.seeding import reference_load
    from missionled.organisations.models import Grade

    if not Grade.objects.exists():
        reference_load()


@pytest.fixture
def ref_data(db: Any) -> None:
    """Reference data present (see _reference_data_present)."""


@pytest.fixture
def make_user(ref_data: None) -> Callable[..., Any]:
    from missionled.organisations.tests.factories import UserFactory

    def make(role: str = "participant", department: str | None = None, **extra: Any) -> Any:
        from missionled.organisations.models import Department

        if department is None and role == "coordinator":
            department = "DfE"
        dept = Department.objects.get(acronym=department) if department else None
        return UserFactory(role=role, department=dept, **extra)

    return make


@pytest.fixture
def api_client_for() -> Callable[[Any], Client]:
    """A test client that sends a fresh API token for `user`."""
    from missionled.organisations.services.users import token_create

    def make(user: Any) -> Client:
        _, raw = token_create(user=user)
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


@pytest.fixture
def page_client_for() -> Callable[[Any], Client]:
    """A test client signed in as `user`."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


ROLES = ["provider_admin", "coordinator", "facilitator", "participant", "mission_analyst"]
