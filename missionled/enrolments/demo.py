"""Believable participants for the demo world: twelve named leaders in one confirmed cohort."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from missionled.cohorts.models import Booking, Cohort
from missionled.enrolments.models import Enrolment
from missionled.organisations.models import Grade, Profession, Role, User

DEMO_PARTICIPANT = "participant@dfe.example"


@dataclass(frozen=True)
class DemoEnrolment:
    name: str
    email: str
    grade: str
    profession: str
    team: str


DEMO_ENROLMENTS = [
    DemoEnrolment("Sam Patel", DEMO_PARTICIPANT, "G7", "Policy", "Schools funding"),
    DemoEnrolment(
        "Priya Raman", "priya.raman@education.gov.uk", "G6", "Policy", "Teacher workforce"
    ),
    DemoEnrolment(
        "Tom Fitzgerald",
        "tom.fitzgerald@education.gov.uk",
        "SCS1",
        "Operational Delivery",
        "Regions group",
    ),
    DemoEnrolment(
        "Grace Adeyemi",
        "grace.adeyemi@education.gov.uk",
        "G7",
        "Social Research",
        "Analysis directorate",
    ),
    DemoEnrolment(
        "Callum MacLeod",
        "callum.macleod@education.gov.uk",
        "G7",
        "Project Delivery",
        "School rebuilding programme",
    ),
    DemoEnrolment(
        "Hannah Lewis", "hannah.lewis@education.gov.uk", "G6", "Finance", "Strategic finance"
    ),
    DemoEnrolment(
        "Mohammed Iqbal",
        "mohammed.iqbal@education.gov.uk",
        "SCS2",
        "Policy",
        "Early years and childcare",
    ),
    DemoEnrolment(
        "Eleanor Hughes",
        "eleanor.hughes@education.gov.uk",
        "G7",
        "Digital",
        "Digital, data and technology",
    ),
    DemoEnrolment(
        "Daniel Okafor",
        "daniel.okafor@education.gov.uk",
        "SCS1",
        "Commercial",
        "Commercial directorate",
    ),
    DemoEnrolment(
        "Sophie Bennett", "sophie.bennett@education.gov.uk", "G6", "Statistics", "Data insight"
    ),
    DemoEnrolment(
        "Rhys Morgan",
        "rhys.morgan@education.gov.uk",
        "G7",
        "Human Resources",
        "People and capability",
    ),
    DemoEnrolment(
        "Aisha Rahman",
        "aisha.rahman@education.gov.uk",
        "G6",
        "Economics (Government Economic Service)",
        "Skills analysis",
    ),
]


def _demo_cohort() -> Cohort | None:
    """The DfE demo cohort of Leading it, confirmed by the bookings demo loader."""
    return (
        Cohort.objects.filter(
            department__acronym="DfE",
            course__slug="leading-it",
            booking__status=Booking.Status.CONFIRMED,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def enrolments_demo_load() -> bool:
    """Enrol the demo participants that are missing in the demo cohort, while places last.
    Idempotent: nobody is enrolled twice. The demo participant is included only if that demo
    user exists. Returns True when anyone was added."""
    cohort = _demo_cohort()
    if cohort is None:
        return False
    grades = {grade.code: grade for grade in Grade.objects.all()}
    professions = {profession.name: profession for profession in Profession.objects.all()}
    present = set(cohort.enrolments.values_list("email", flat=True))
    enrolled = cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
    sequence = cohort.enrolments.aggregate(top=Max("sequence"))["top"] or 0
    added = False
    for person in DEMO_ENROLMENTS:
        if person.email in present or enrolled >= cohort.capacity:
            continue
        user = User.objects.filter(email=person.email, role=Role.PARTICIPANT).first()
        if person.email == DEMO_PARTICIPANT and user is None:
            continue
        grade = grades.get(person.grade)
        if grade is None:
            continue
        sequence += 1
        enrolled += 1
        Enrolment.objects.create(
            cohort=cohort,
            name=user.name if user and user.name else person.name,
            email=person.email,
            grade=grade,
            profession=professions.get(person.profession),
            team=person.team,
            department=cohort.department,
            status=Enrolment.Status.ENROLLED,
            sequence=sequence,
            user=user,
        )
        added = True
    return added
