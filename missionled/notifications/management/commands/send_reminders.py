"""`missionled send_reminders`: queue the session reminders now due (run it hourly)."""

from typing import Any

from django.core.management.base import BaseCommand

from missionled.core.clock import now
from missionled.notifications.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Email reminders 7 days and 1 day before each session. Never sends one twice."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_send(now=now())
        self.stdout.write(f"{count} reminder{'s' if count != 1 else ''} queued")
