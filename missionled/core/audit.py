"""The one way to record a state change. Technical logs go to `logging`, not here."""

from datetime import datetime
from typing import Any

from django.db import models

from missionled.core.clock import now as clock_now
from missionled.core.models import AuditEntry


def audit_record(
    *,
    action: str,
    obj: models.Model,
    actor: Any = None,
    payload: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Write an audit entry with a dotted action code such as `cohorts.booking.confirmed`."""
    return AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        payload=payload or {},
        at=at or clock_now(),
    )


def audit_entries_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
