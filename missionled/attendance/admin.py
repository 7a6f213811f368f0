"""Attendance, completion rules and certificates in the back office. Marks change through
the roster and API, so they are read-only here; completion rules are edited here."""

from django.contrib import admin

from missionled.attendance.models import Attendance, Certificate, CompletionRule


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin[Attendance]):
    list_display = ("session", "enrolment", "status", "marked_by", "marked_at")
    list_filter = ("status",)
    readonly_fields = ("session", "enrolment", "status", "marked_by", "marked_at")


@admin.register(CompletionRule)
class CompletionRuleAdmin(admin.ModelAdmin[CompletionRule]):
    list_display = ("course_slug", "all_workshops", "min_action_learning_sets")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ("code", "name", "course_title", "completed_on", "issued_at")
    search_fields = ("code", "name")
    readonly_fields = ("enrolment", "code", "name", "course_title", "completed_on", "issued_at")
