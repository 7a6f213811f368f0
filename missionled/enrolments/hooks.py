"""Where enrolment changes reach people. The services call these through
`transaction.on_commit`, so a rolled-back change tells nobody.

For now they only log; the notifications work replaces each body with an email sent through
the task queue (participant, and for a new enrolment the line manager too).
"""

import logging
from collections.abc import Sequence

from missionled.enrolments.models import CatchUp, Enrolment

logger = logging.getLogger(__name__)


def enrolment_created_notify(enrolment: Enrolment) -> None:
    """Tell a newly named participant that they hold a place, or their waiting-list position."""
    from missionled.notifications.services.events import enrolment_created_send

    logger.info("Enrolment %s created as %s", enrolment.pk, enrolment.status)
    enrolment_created_send(enrolment=enrolment)


def enrolment_promoted_notify(enrolment: Enrolment) -> None:
    """Tell a waitlisted participant that a place has come free and is now theirs."""
    from missionled.notifications.services.events import enrolment_promoted_send

    logger.info("Enrolment %s promoted from the waiting list", enrolment.pk)
    enrolment_promoted_send(enrolment=enrolment)


def line_manager_named_notify(enrolment: Enrolment) -> None:
    """Tell a line manager recorded after the booking that their report holds a place."""
    from missionled.notifications.services.events import line_manager_send

    logger.info("Enrolment %s names a new line manager", enrolment.pk)
    line_manager_send(enrolment=enrolment)


def enrolment_withdrawn_notify(enrolment: Enrolment, catch_ups: Sequence[CatchUp] = ()) -> None:
    """Confirm to a participant that they have left the cohort (or been substituted), and
    that `catch_ups`, cancelled as they left, are gone too: one email, not one per place."""
    from missionled.notifications.services.events import enrolment_withdrawn_send

    logger.info("Enrolment %s left the cohort as %s", enrolment.pk, enrolment.status)
    enrolment_withdrawn_send(enrolment=enrolment, catch_ups=catch_ups)


def catch_up_booked_notify(catch_up: CatchUp) -> None:
    """Tell the participant which session they are catching up on, with its invitation."""
    from missionled.notifications.services.events import catch_up_booked_send

    logger.info("Catch-up %s booked", catch_up.pk)
    catch_up_booked_send(catch_up=catch_up)


def catch_up_cancelled_notify(catch_up: CatchUp) -> None:
    """Confirm a cancelled catch-up and take the session off the participant's calendar."""
    from missionled.notifications.services.events import catch_up_cancelled_send

    logger.info("Catch-up %s cancelled", catch_up.pk)
    catch_up_cancelled_send(catch_up=catch_up)
