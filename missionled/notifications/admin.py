"""Notifications in the back office: read them, and queue failed ones again."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from missionled.core.errors import Conflict
from missionled.notifications.models import Notification
from missionled.notifications.services.notifications import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("pk", "template", "recipient", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "template")
    search_fields = ("recipient", "subject", "last_error")
    readonly_fields = (
        "recipient",
        "template",
        "context",
        "ics",
        "subject",
        "status",
        "attempts",
        "last_error",
        "sent_at",
        "dedupe_key",
        "created_at",
        "updated_at",
    )
    actions = ("retry",)

    @admin.action(description="Send the selected notifications again")
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = 0
        for notification in queryset:
            try:
                notification_retry(notification=notification, actor=request.user)
            except Conflict:
                continue
            count += 1
        self.message_user(request, f"{count} queued again", messages.SUCCESS)
