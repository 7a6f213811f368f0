from typing import Any

from django.core.management.base import BaseCommand

from missionled.cohorts.services.delivery import bookings_advance_due
from missionled.core.clock import now


class Command(BaseCommand):
    help = (
        "Move confirmed bookings to 'in delivery' once their first session has started, and "
        "to 'completed' once their last has ended. Safe to run as often as you like."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = bookings_advance_due(now=now())
        self.stdout.write(f"bookings advanced: {changed}")
