"""`missionled cohort_checks`: flag small cohorts and unnamed places (run it daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from missionled.core.clock import now
from missionled.enrolments.services.checks import cohort_checks_run


class Command(BaseCommand):
    help = (
        "Flag cohorts below their minimum size 14 days before they start, and remind "
        "coordinators to name booked places by the cut-off. Never sends one notice twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = cohort_checks_run(now=now())
        self.stdout.write(
            f"{result.below_minimum} below-minimum flag{'s' if result.below_minimum != 1 else ''}"
            f" and {result.unnamed_places} naming reminder"
            f"{'s' if result.unnamed_places != 1 else ''} queued"
        )
