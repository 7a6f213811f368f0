from typing import Any

import pytest

from missionled.organisations.models import Grade


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("provider_admin")


@pytest.fixture
def coordinator(make_user: Any) -> Any:
    return make_user("coordinator", "DfE")


@pytest.fixture
def hmrc_coordinator(make_user: Any) -> Any:
    return make_user("coordinator", "HMRC")


@pytest.fixture
def g7(ref_data: None) -> Grade:
    return Grade.objects.get(code="G7")


@pytest.fixture
def seo(ref_data: None) -> Grade:
    return Grade.objects.get(code="SEO")
