"""Demo facilitators with believable profiles, so the planning pages have a pool to plan."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from missionled.catalogue.models import Course
from missionled.core.clock import now as clock_now
from missionled.core.clock import today as clock_today
from missionled.facilitation.models import (
    REGIONS,
    Assignment,
    FacilitatorProfile,
    PlanRun,
    Unavailability,
)
from missionled.facilitation.services.profiles import facilitator_profile_get_or_default
from missionled.organisations.models import Role, User
from missionled.organisations.services.demo import demo_password

DEMO_FACILITATOR = "facilitator@provider.example"


@dataclass(frozen=True)
class DemoFacilitator:
    email: str
    name: str
    courses: tuple[str, ...]
    may_advise_sets: bool = True
    regions: tuple[str, ...] = ("London",)
    away_weeks: tuple[int, ...] = ()


DEMO_FACILITATORS = [
    DemoFacilitator(
        "omar.facilitator@provider.example",
        "Omar Haddad",
        ("understanding-it", "practising-it"),
        may_advise_sets=False,
    ),
    DemoFacilitator(
        "grace.facilitator@provider.example",
        "Grace Lindqvist",
        ("practising-it", "leading-it"),
        regions=REGIONS,
        away_weeks=(3,),
    ),
    DemoFacilitator(
        "kwame.facilitator@provider.example",
        "Kwame Mensah",
        ("leading-it",),
        regions=("London", "Yorkshire and The Humber", "North East", "Scotland"),
    ),
    DemoFacilitator(
        "rhian.facilitator@provider.example",
        "Rhian Evans",
        ("understanding-it", "practising-it", "leading-it"),
        regions=("Wales", "South West", "London"),
        away_weeks=(6, 7),
    ),
    DemoFacilitator(
        "tom.facilitator@provider.example",
        "Tom Fairbairn",
        ("understanding-it", "leading-it"),
        regions=("Scotland", "Northern Ireland"),
    ),
]


def _add(demo: DemoFacilitator) -> bool:
    if User.objects.filter(email=demo.email).exists():
        return False
    user = User.objects.create_user(
        email=demo.email, password=demo_password(), name=demo.name, role=Role.FACILITATOR
    )
    profile = FacilitatorProfile.objects.create(
        user=user, may_advise_sets=demo.may_advise_sets, regions=list(demo.regions)
    )
    profile.courses.set(Course.objects.filter(slug__in=demo.courses))
    monday = clock_today() - timedelta(days=clock_today().weekday())
    for week in demo.away_weeks:
        starts = monday + timedelta(weeks=week)
        Unavailability.objects.create(
            profile=profile, starts_on=starts, ends_on=starts + timedelta(days=4), reason="Leave"
        )
    return True


@transaction.atomic
def facilitation_demo_load() -> bool:
    """Give the demo facilitator a default profile and add the other demo facilitators once.
    Returns True when anything was added."""
    added = False
    demo = User.objects.filter(email=DEMO_FACILITATOR, role=Role.FACILITATOR).first()
    if demo is not None and not FacilitatorProfile.objects.filter(user=demo).exists():
        facilitator_profile_get_or_default(user=demo)
        added = True
    return any([_add(person) for person in DEMO_FACILITATORS]) or added


@transaction.atomic
def planning_demo_load() -> bool:
    """Plan the demo cohorts' sessions with the real planner, once, so the demo facilitator
    has sessions to run and rosters to mark (only assigned facilitators may open one).
    Returns True when a plan was saved."""
    from missionled.facilitation.services.planning import plan_run

    if Assignment.objects.exists() or PlanRun.objects.exists():
        return False
    summary = plan_run(date_from=None, date_to=None, dry_run=False, actor=None, now=clock_now())
    return summary.feasible and Assignment.objects.exists()
