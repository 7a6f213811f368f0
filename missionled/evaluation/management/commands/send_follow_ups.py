from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from missionled.core.clock import now
from missionled.evaluation.services.follow_ups import follow_ups_create_due, follow_ups_send


class Command(BaseCommand):
    help = (
        "Make the three-month follow-up for every leader who completed a course, and email "
        "each one that is due. Each follow-up is emailed once, however often this runs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        moment = now()
        made = follow_ups_create_due()
        base_url = getattr(settings, "SITE_URL", "") or ""
        sent = follow_ups_send(today=moment.date(), now=moment, base_url=base_url)
        self.stdout.write(f"follow-ups made: {made}, emails queued: {sent}")
