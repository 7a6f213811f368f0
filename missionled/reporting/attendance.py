"""How reports count attendance and completion."""

from typing import Any

from django.db.models import Count, Q

COMPLETION_RULE = (
    "A leader has completed a course when their cohort has finished and they hold their place. "
    "Completion rate is those leaders over everyone enrolled in finished cohorts."
)


def completion_annotations() -> dict[str, Any]:
    """Annotations over enrolments giving `completed` (and, once attendance is recorded,
    `marked` and `attended`)."""
    return {"completed": Count("id", filter=Q(cohort__booking__status="completed"))}
