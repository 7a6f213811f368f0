"""How reports count attendance, training and completion.

Once the attendance app is installed, attendance is the share of marked places (excused
absences left out) where the leader came, on time or late; a leader is trained once they have
attended a session, and has completed a course when they hold its certificate. Before that,
both follow the cohort: trained once it has started, completed once it has finished.
"""

from typing import Any

from django.apps import apps
from django.db.models import Count, Q

from missionled.reporting.filters import ReportFilters

ATTENDED = ["present", "late"]
COMPLETION_RULE = (
    "Completion rate is the leaders in cohorts that have finished who completed the course "
    "(those who hold its certificate, once attendance is recorded) over everyone enrolled in "
    "those cohorts. "
    "Attendance rate is the share of marked places, leaving out excused absences, where the "
    "leader came."
)


def optional_model(app_label: str, name: str) -> Any:
    """A model from an app that may not be installed; callers check `apps.is_installed`."""
    return apps.get_model(app_label, name)


def recorded() -> bool:
    return apps.is_installed("missionled.attendance")


def completed_q(prefix: str = "") -> Q:
    """The enrolments (reached through `prefix`) whose leader completed the course. Reports
    and the three-month follow-up share it, so both count the same people."""
    if recorded():
        return Q(**{f"{prefix}certificate__isnull": False})
    return Q(**{f"{prefix}cohort__booking__status": "completed"})


def completion_annotations() -> dict[str, Any]:
    """Counts over enrolments: `completed`, the leaders in finished cohorts who completed.
    A certificate can be issued at the last session, before its cohort finishes; counting it
    then would add to the rate a leader its denominator does not hold. A certificate is
    one-to-one with its enrolment, so the join never repeats a row."""
    finished = Q(cohort__booking__status="completed")
    return {"completed": Count("id", filter=completed_q() & finished)}


def progress_counts() -> dict[str, Any]:
    """Counts over enrolments grouped for the department tables: `booked`, `trained` and
    `completed`. Attendance is joined rather than probed row by row, so each is a distinct
    count of enrolments."""
    if not recorded():
        started = Q(cohort__booking__status__in=["in_delivery", "completed"])
        return {
            "booked": Count("id"),
            "trained": Count("id", filter=started),
            "completed": Count("id", filter=Q(cohort__booking__status="completed")),
        }
    return {
        "booked": Count("id", distinct=True),
        "trained": Count("id", filter=Q(attendances__status__in=ATTENDED), distinct=True),
        "completed": Count("id", filter=completed_q(), distinct=True),
    }


def attendance_by(
    filters: ReportFilters, group: list[str]
) -> dict[tuple[Any, ...], dict[str, int]]:
    """Marked and attended places grouped by `group` (paths from the enrolment), in one query;
    empty when attendance is not recorded."""
    if not recorded():
        return {}
    attendance = optional_model("attendance", "Attendance")
    fields = [f"enrolment__{name}" for name in group]
    rows = (
        attendance.objects.filter(filters.q("enrolment__cohort__booking__"))
        .filter(enrolment__status="enrolled")
        .values(*fields)
        .annotate(
            marked=Count("id", filter=~Q(status="excused")),
            attended=Count("id", filter=Q(status__in=ATTENDED)),
        )
        .order_by()
    )
    return {
        tuple(row[field] for field in fields): {
            "marked": row["marked"],
            "attended": row["attended"],
        }
        for row in rows
    }
