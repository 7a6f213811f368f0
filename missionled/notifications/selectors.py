"""Reads of notifications; only the provider sees them."""

from typing import Any

from django.db.models import QuerySet

from missionled.core.errors import NotAllowed, NotFound
from missionled.notifications.models import Notification
from missionled.organisations.models import Role

PROVIDER_ONLY = "Only the provider can see the emails the service sends."
NOT_FOUND = "There is no notification {pk}."


def _check(user: Any) -> None:
    if getattr(user, "role", None) != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROVIDER_ONLY)


def notification_list_unsent(user: Any) -> QuerySet[Notification]:
    """Failed notifications first, then those still queued, oldest first within each.

    :raises NotAllowed: for anyone but a provider admin.
    """
    _check(user)
    return Notification.objects.exclude(status=Notification.Status.SENT).order_by(
        "-status", "created_at", "id"
    )


def notification_get(user: Any, pk: int) -> Notification:
    """:raises NotAllowed: for anyone but a provider admin. :raises NotFound: if missing."""
    _check(user)
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None:
        raise NotFound(NOT_FOUND.format(pk=pk))
    return notification
