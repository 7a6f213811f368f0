from django.contrib import admin

from missionled.facilitation.models import Assignment, FacilitatorProfile, PlanRun, Unavailability


class UnavailabilityInline(admin.TabularInline[Unavailability, FacilitatorProfile]):
    model = Unavailability
    extra = 0


@admin.register(FacilitatorProfile)
class FacilitatorProfileAdmin(admin.ModelAdmin[FacilitatorProfile]):
    list_display = ["user", "may_advise_sets", "max_per_week", "max_per_month", "preferred_load"]
    search_fields = ["user__email", "user__name"]
    filter_horizontal = ["courses"]
    inlines = [UnavailabilityInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ["session", "facilitator", "role", "set_number"]
    list_filter = ["role"]
    search_fields = ["facilitator__email"]
    raw_id_fields = ["session", "facilitator"]


@admin.register(PlanRun)
class PlanRunAdmin(admin.ModelAdmin[PlanRun]):
    list_display = ["ran_at", "actor", "date_from", "date_to", "dry_run", "feasible", "changes"]
    readonly_fields = [f.name for f in PlanRun._meta.fields]
