"""The Europe/London clock. Only interfaces read it; services and engines take `now`/`today`."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    return timezone.now().astimezone(LONDON)


def today() -> date:
    return now().date()
