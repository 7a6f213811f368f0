from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Every table records when a row was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One state change: who did what to which object, when, and the facts that explain it."""

    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} on {self.object_type} {self.object_id}"
