from typing import Any

import pytest

from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for


@pytest.fixture
def cohort(ref_data: None) -> Any:
    return cohort_for("practising-it", "DfE", capacity=10)


@pytest.fixture
def enrolment(cohort: Any) -> Any:
    return EnrolmentFactory(
        cohort=cohort,
        name="Asha O'Neill",
        email="asha.oneill@education.gov.uk",
        line_manager_email="manager@education.gov.uk",
    )
