"""What `missionled seed` loads. Each app contributes a loader; all are idempotent."""

from collections.abc import Callable

from missionled.catalogue.services.catalogue import catalogue_load
from missionled.cohorts.services.demo import bookings_demo_load
from missionled.enrolments.demo import enrolments_demo_load
from missionled.facilitation.services.demo import facilitation_demo_load, planning_demo_load
from missionled.learning.services.demo import challenges_demo_load
from missionled.missions.services.reference import missions_load
from missionled.organisations.services.demo import demo_world_load
from missionled.organisations.services.reference_data import (
    departments_load,
    grades_load,
    professions_load,
)

# Order matters: courses name eligible grades.
REFERENCE_LOADERS: list[tuple[str, Callable[[], int]]] = [
    ("grades", grades_load),
    ("departments", departments_load),
    ("professions", professions_load),
    ("courses", catalogue_load),
    ("missions", missions_load),
]

# Each returns True when it added anything.
DEMO_LOADERS: list[Callable[[], bool]] = [
    demo_world_load,
    bookings_demo_load,
    enrolments_demo_load,
    challenges_demo_load,
    facilitation_demo_load,
    planning_demo_load,
]


def reference_load() -> dict[str, int]:
    return {name: loader() for name, loader in REFERENCE_LOADERS}


def demo_load(*, only_if_empty: bool = False) -> bool:
    from missionled.organisations.models import User

    if only_if_empty and User.objects.exists():
        return False
    results = [loader() for loader in DEMO_LOADERS]
    return any(results)
