"""Background work for notifications, run by Django's tasks framework (the database backend
and its worker by default; immediately in tests)."""

from django.tasks import task
from django.utils import timezone


@task()
def notification_send_task(notification_id: int) -> str:
    """Send one queued notification; returns its status afterwards."""
    from missionled.notifications.services.notifications import notification_deliver

    return notification_deliver(notification_id=notification_id, now=timezone.now())
