"""The back office: admins rename, retire and add missions and milestones here. Figures are
never deleted; a wrong one is corrected by a newer figure that supersedes it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from missionled.core.clock import now as clock_now
from missionled.missions.models import Milestone, Mission, OwnerAssessment, ProgressPoint
from missionled.missions.services.progress import owner_assessment_add


class MilestoneInline(admin.TabularInline[Milestone, Mission]):
    model = Milestone
    extra = 0
    fields = ("order", "slug", "name", "unit", "retired_at")
    show_change_link = True


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin[Mission]):
    list_display = ("name", "short_name", "slug", "order", "lead_department", "retired")
    list_filter = ("retired",)
    search_fields = ("name", "short_name", "slug")
    inlines = [MilestoneInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin[Milestone]):
    list_display = ("name", "slug", "mission", "unit", "direction", "retired_at", "replaced_by")
    list_select_related = ("mission", "replaced_by")
    list_filter = ("mission", "direction", ("retired_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "slug", "metric")
    fieldsets = (
        (None, {"fields": ("mission", "slug", "name", "plan_milestone", "summary", "order")}),
        ("Measure", {"fields": ("metric", "unit", "geography", "direction")}),
        (
            "Baseline and target",
            {
                "fields": (
                    ("baseline_value", "baseline_date"),
                    "baseline_text",
                    ("target_value", "target_date"),
                    "target_text",
                    "trajectory",
                    "publication_interval_days",
                )
            },
        ),
        ("Sources", {"fields": ("source_urls", "other_figures")}),
        ("Retirement", {"fields": ("retired_at", "replaced_by")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProgressPoint)
class ProgressPointAdmin(admin.ModelAdmin[ProgressPoint]):
    """Read-only: figures are added and corrected through the form and the API, so each
    change is audited and nothing is erased."""

    list_display = ("milestone", "date", "value", "added_by", "supersedes", "created_at")
    list_filter = ("milestone__mission", "milestone")
    list_select_related = ("milestone", "added_by", "supersedes")
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OwnerAssessment)
class OwnerAssessmentAdmin(admin.ModelAdmin[OwnerAssessment]):
    list_display = ("milestone", "quarter", "rating", "added_by", "created_at")
    list_filter = ("rating", "milestone__mission")
    list_select_related = ("milestone", "added_by")
    fields = ("milestone", "quarter", "rating", "narrative")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """New assessments go through the service, so they are checked and audited."""
        created = owner_assessment_add(
            actor=request.user,
            milestone=obj.milestone,
            quarter=obj.quarter,
            rating=obj.rating,
            narrative=obj.narrative,
            now=clock_now(),
        )
        obj.pk, obj.added_by, obj.created_at = created.pk, created.added_by, created.created_at

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
