"""Back-office views of bookings and cohorts. State changes go through the pages and API, so
the lifecycle fields are read-only here."""

from django.contrib import admin

from missionled.cohorts.models import Booking, Cohort, Session


class SessionInline(admin.TabularInline[Session, Cohort]):
    model = Session
    extra = 0
    can_delete = False
    fields = ("order", "title", "kind", "starts_at", "ends_at", "delivery_mode", "status")
    readonly_fields = ("order", "kind", "starts_at", "ends_at", "status")


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    list_display = ("pk", "course", "department", "status", "earliest_start", "expected_size")
    list_filter = ("status", "course", "department")
    search_fields = ("contact_name", "contact_email", "notes", "department__acronym")
    readonly_fields = ("status", "reason", "requested_by", "created_at", "updated_at")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ("pk", "course", "department", "capacity", "slot")
    list_filter = ("course", "department")
    readonly_fields = ("booking", "capacity", "min_capacity", "max_capacity")
    inlines = (SessionInline,)
