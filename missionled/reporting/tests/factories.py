"""Report data made fast: the synthetic generator for volume, small helpers for exact figures."""

from datetime import date
from typing import Any

from missionled.cohorts.models import Booking, Cohort
from missionled.enrolments.models import Enrolment
from missionled.enrolments.tests.factories import EnrolmentFactory, cohort_for
from missionled.evaluation.models import Feedback
from missionled.evaluation.tests.factories import AFTER
from missionled.organisations.models import Profession
from missionled.reporting.synthetic import SYNTHETIC_NOTE, programme_generate

TODAY = date(2026, 11, 25)


def generated(cohorts: int, participants: int | None = None, seed: int = 1) -> Any:
    """Add a synthetic programme; may be called again to add more."""
    Booking.objects.filter(notes=SYNTHETIC_NOTE).update(notes="Earlier synthetic programme")
    return programme_generate(
        cohorts=cohorts, participants=participants or cohorts * 3, seed=seed, today=TODAY
    )


def department_cohort(
    department: str,
    people: int,
    profession: str,
    *,
    status: str = "completed",
    course: str = "practising-it",
) -> Cohort:
    """A cohort of `course` for `department` whose `people` leaders all work in `profession`."""
    cohort = cohort_for(course, department=department, capacity=max(people, 10))
    Booking.objects.filter(pk=cohort.booking_id).update(status=status)
    chosen = Profession.objects.get(name=profession)
    made = [EnrolmentFactory(cohort=cohort, profession=chosen) for _ in range(people)]
    _mark_attended(cohort, made, certified=status == "completed")
    return cohort


def _mark_attended(cohort: Cohort, enrolments: list[Enrolment], *, certified: bool) -> None:
    """Once attendance is recorded, everyone came to the first session, and holds a
    certificate when the cohort has finished, so figures read the same either way."""
    from django.apps import apps

    if not apps.is_installed("missionled.attendance"):
        return
    attendance = apps.get_model("attendance", "Attendance")
    certificate = apps.get_model("attendance", "Certificate")
    first = cohort.sessions.order_by("order").first()
    for enrolment in enrolments:
        attendance.objects.create(
            session=first, enrolment=enrolment, status="present", marked_at=AFTER
        )
        if certified:
            certificate.objects.create(
                enrolment=enrolment,
                name=enrolment.name,
                course_title=cohort.course.title,
                completed_on=AFTER.date(),
                issued_at=AFTER,
            )


def course_feedback(cohort: Cohort, answers: int, rating: int = 4) -> None:
    for enrolment in Enrolment.objects.filter(cohort=cohort)[:answers]:
        Feedback.objects.create(
            enrolment=enrolment,
            session=None,
            relevance=rating,
            quality=rating,
            recommend=rating,
            submitted_at=AFTER,
        )


def bulk_programme(cohorts: int, start: int = 0) -> None:
    """`cohorts` cohorts across four departments and every course and live status, each with
    a session, an enrolled and a waitlisted leader, feedback with a comment, a follow-up
    answer and both self-assessments;
    written with bulk_create so a thousand take a moment."""
    from datetime import datetime, timedelta

    from missionled.catalogue.models import Course
    from missionled.cohorts.models import Session
    from missionled.core.clock import LONDON
    from missionled.evaluation.models import FollowUp, SelfAssessment
    from missionled.organisations.models import Department, Grade

    courses = list(Course.objects.all())
    departments = list(Department.objects.filter(acronym__in=["DfE", "HMRC", "DWP", "MOJ"]))
    statuses = ["confirmed", "in_delivery", "completed"]
    grade = Grade.objects.get(code="G7")
    profession = Profession.objects.get(name="Policy")
    bookings = Booking.objects.bulk_create(
        Booking(
            course=courses[i % len(courses)],
            department=departments[i % len(departments)],
            earliest_start=date(2026, 1, 5) + timedelta(days=7 * (i % 100)),
            expected_size=courses[i % len(courses)].min_cohort,
            status=statuses[i % 3],
        )
        for i in range(start, start + cohorts)
    )
    made = Cohort.objects.bulk_create(
        Cohort(
            booking=b,
            course=b.course,
            department=b.department,
            capacity=b.expected_size,
            min_capacity=b.course.min_cohort,
            max_capacity=b.course.max_cohort,
        )
        for b in bookings
    )
    status_of = {b.pk: b.status for b in bookings}
    sessions = Session.objects.bulk_create(
        Session(
            cohort=c,
            order=1,
            kind="workshop",
            title="Workshop 1",
            starts_at=datetime(
                2027 if status_of[c.booking_id] == "confirmed" else 2026, 3, 1, 9, 30, tzinfo=LONDON
            ),
            ends_at=datetime(
                2027 if status_of[c.booking_id] == "confirmed" else 2026, 3, 1, 13, tzinfo=LONDON
            ),
        )
        for c in made
    )
    people = Enrolment.objects.bulk_create(
        Enrolment(
            cohort=c,
            name=f"Leader {c.pk}-{n}",
            email=f"leader{c.pk}.{n}@example.gov.uk",
            grade=grade,
            profession=profession,
            department=c.department,
            status=status,
            sequence=n,
        )
        for c in made
        for n, status in enumerate(["enrolled", "waitlisted"], start=1)
    )
    enrolled = [e for e in people if e.status == "enrolled"]
    Feedback.objects.bulk_create(
        Feedback(
            enrolment=e,
            relevance=4,
            quality=4,
            recommend=5,
            comments=f"Comment {e.pk}",
            submitted_at=AFTER,
        )
        for e in enrolled
    )
    FollowUp.objects.bulk_create(
        FollowUp(enrolment=e, due_on=date(2026, 6, 1), answer=f"Answer {e.pk}", answered_at=AFTER)
        for e in enrolled
    )
    scores = dict.fromkeys(
        [
            "collaboration",
            "communication",
            "stakeholder_engagement",
            "accountability",
            "experimentation",
        ],
        3,
    )
    SelfAssessment.objects.bulk_create(
        SelfAssessment(enrolment=e, phase=phase, submitted_at=AFTER, **scores)
        for e in enrolled
        for phase in ["before", "after"]
    )
    _assign_and_mark(sessions, enrolled)


def _assign_and_mark(sessions: list[Any], enrolled: list[Enrolment]) -> None:
    """One facilitator for every session, and, once attendance is recorded, a mark and a
    certificate for every enrolled leader."""
    from django.apps import apps

    from missionled.organisations.models import User

    if apps.is_installed("missionled.facilitation"):
        facilitator, _ = User.objects.get_or_create(
            email="load@provider.example", defaults={"role": "facilitator", "name": "Fay Load"}
        )
        assignment = apps.get_model("facilitation", "Assignment")
        assignment.objects.bulk_create(
            assignment(session=s, facilitator=facilitator, role="workshop") for s in sessions
        )
    if apps.is_installed("missionled.attendance"):
        session_of = {s.cohort_id: s for s in sessions}
        attendance = apps.get_model("attendance", "Attendance")
        attendance.objects.bulk_create(
            attendance(
                session=session_of[e.cohort_id], enrolment=e, status="present", marked_at=AFTER
            )
            for e in enrolled
        )
        certificate = apps.get_model("attendance", "Certificate")
        certificate.objects.bulk_create(
            certificate(
                enrolment=e,
                code=f"T{e.pk}",
                name=e.name,
                course_title="Course",
                completed_on=AFTER.date(),
                issued_at=AFTER,
            )
            for e in enrolled
        )
