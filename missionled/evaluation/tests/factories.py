"""A participant with a place in a cohort whose two workshops run from FIRST_SESSION."""

from datetime import timedelta
from typing import Any

from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import FIRST_SESSION, EnrolmentFactory, cohort_for
from missionled.evaluation.models import Feedback

DURING = FIRST_SESSION + timedelta(days=1)  # after workshop 1, before workshop 2
AFTER = FIRST_SESSION + timedelta(days=30)  # after both workshops
BEFORE = FIRST_SESSION - timedelta(days=7)
GOOD = {"relevance": 4, "quality": 5, "recommend": 4}


def place_for(user: Any, department: str = "DfE", **cohort: Any) -> Enrolment:
    made = cohort_for(department=department, **cohort)
    return EnrolmentFactory(cohort=made, email=user.email, user=user)


def certificate_for(enrolment: Enrolment) -> Any:
    """The certificate that marks the leader as having completed, once attendance is recorded."""
    from django.apps import apps

    if not apps.is_installed("missionled.attendance"):
        return None
    certificate = apps.get_model("attendance", "Certificate")
    return certificate.objects.create(
        enrolment=enrolment,
        name=enrolment.name,
        course_title=enrolment.cohort.course.title,
        completed_on=AFTER.date(),
        issued_at=AFTER,
    )


def feedback_for(enrolment: Enrolment, **ratings: int) -> Feedback:
    values = {**GOOD, **ratings}
    return Feedback.objects.create(enrolment=enrolment, session=None, submitted_at=AFTER, **values)
