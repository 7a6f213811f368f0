"""Back-office view of enrolments. Places change only through the services (pages, API), which
take the cohort lock, so status and arrival order are read-only here and nothing is added or
deleted from the back office."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from missionled.enrolments.models import CatchUp, Enrolment


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ("name", "email", "cohort", "grade", "status", "sequence")
    list_filter = ("status", "department", "grade")
    search_fields = ("name", "email", "team")
    list_select_related = ("cohort__course", "cohort__department", "grade")
    readonly_fields = (
        "cohort",
        "status",
        "sequence",
        "department",
        "substituted_for",
        "eligibility_override_reason",
        "user",
        "created_at",
        "updated_at",
    )
    raw_id_fields = ("grade", "profession")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CatchUp)
class CatchUpAdmin(admin.ModelAdmin[CatchUp]):
    """Read-only: a catch-up takes a place in another cohort, so it is booked and cancelled only
    through the service, under that cohort's lock."""

    list_display = ("enrolment", "session", "status", "booked_by", "created_at")
    list_filter = ("status",)
    search_fields = ("enrolment__name", "enrolment__email")
    list_select_related = ("enrolment__cohort", "session__cohort", "booked_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
