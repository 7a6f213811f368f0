"""Demo challenges for the demo participants, so the challenge pages have something to show."""

from django.db import transaction

from missionled.enrolments.models import Enrolment
from missionled.learning.models import Challenge, Experiment, StakeholderEntry
from missionled.missions.models import Mission

DEMO_PARTICIPANTS = ["participant@dfe.example"]
DEMO_TITLE = "Get more children school-ready by joining up early years data"


@transaction.atomic
def challenges_demo_load() -> bool:
    """Give each demo participant's enrolments a challenge, once. Returns True when any was
    added; does nothing until the demo enrolments and missions exist."""
    mission = Mission.objects.filter(retired=False).order_by("order").first()
    if mission is None:
        return False
    enrolments = Enrolment.objects.filter(
        email__in=DEMO_PARTICIPANTS,
        status=Enrolment.Status.ENROLLED,
        challenge__isnull=True,
    )
    added = False
    for enrolment in enrolments:
        challenge = Challenge.objects.create(
            enrolment=enrolment,
            title=DEMO_TITLE,
            description="Three teams hold parts of the picture and none can see the whole.",
            mission=mission,
            milestone=mission.milestones.order_by("order").first(),
            what_i_will_try="A fortnightly joint case review with the local authority.",
        )
        StakeholderEntry.objects.create(
            challenge=challenge, name="Director of Early Years", power="high", interest="high"
        )
        Experiment.objects.create(
            challenge=challenge,
            hypothesis="A shared case list will cut duplicate contacts with families.",
        )
        added = True
    return added
