"""The demo people `make run` prints, so a newcomer can sign in as every role."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from missionled.organisations.models import Department, Role, User


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str
    department: str | None = None


DEMO_PEOPLE = [
    DemoPerson("admin@provider.example", "Priya Shah", Role.PROVIDER_ADMIN),
    DemoPerson("coordinator@dfe.example", "Dan Okafor", Role.COORDINATOR, "DfE"),
    DemoPerson("coordinator@hmrc.example", "Helen Morris", Role.COORDINATOR, "HMRC"),
    DemoPerson("facilitator@provider.example", "Fiona Grant", Role.FACILITATOR),
    DemoPerson("participant@dfe.example", "Sam Patel", Role.PARTICIPANT, "DfE"),
    DemoPerson("analyst@missions.example", "Ade Williams", Role.MISSION_ANALYST),
]


def demo_password() -> str:
    return settings.DEMO_PASSWORD or "missionled-demo"


@transaction.atomic
def demo_world_load() -> bool:
    """Create the demo people that are missing. Returns True when any was added."""
    added = False
    for person in DEMO_PEOPLE:
        if User.objects.filter(email=person.email).exists():
            continue
        department = (
            Department.objects.get(acronym=person.department) if person.department else None
        )
        User.objects.create_user(
            email=person.email,
            password=demo_password(),
            name=person.name,
            role=person.role,
            department=department,
        )
        added = True
    return added
