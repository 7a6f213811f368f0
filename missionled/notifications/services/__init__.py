"""`notification_queue` is the one way to send an email; other apps import it from here."""

from missionled.notifications.services.notifications import notification_queue

__all__ = ["notification_queue"]
