"""Leading it cohorts with enrolled participants, for the learning tests."""

from typing import Any

import factory

from missionled.cohorts.models import Cohort
from missionled.enrolments.models import Enrolment
from missionled.organisations.models import Department, Grade, Profession

GRADES = ["G7", "G6", "SCS1", "SCS2"]
DEPARTMENTS = ["DfE", "HMRC", "MOJ", "DHSC"]


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"leader{n}@example.gov.uk")
    grade = factory.LazyFunction(lambda: Grade.objects.get(code="G7"))
    department = factory.LazyFunction(lambda: Department.objects.get(acronym="DfE"))
    status = Enrolment.Status.ENROLLED
    sequence = factory.Sequence(lambda n: n + 1)


def enrol_many(cohort: Cohort, count: int, **extra: Any) -> list[Enrolment]:
    """`count` enrolled people mixing grades, departments and professions."""
    professions = list(Profession.objects.order_by("name")[:3])
    grades = {g.code: g for g in Grade.objects.filter(code__in=GRADES)}
    departments = {d.acronym: d for d in Department.objects.filter(acronym__in=DEPARTMENTS)}
    return [
        EnrolmentFactory(
            cohort=cohort,
            grade=grades[GRADES[i % len(GRADES)]],
            department=departments[DEPARTMENTS[i % len(DEPARTMENTS)]],
            profession=professions[i % len(professions)],
            **extra,
        )
        for i in range(count)
    ]
