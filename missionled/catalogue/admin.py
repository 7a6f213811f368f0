from django.contrib import admin

from missionled.catalogue.models import Course, SessionTemplate


class SessionTemplateInline(admin.TabularInline):
    model = SessionTemplate
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "min_cohort", "max_cohort", "is_active")
    inlines = [SessionTemplateInline]
    filter_horizontal = ("eligible_grades",)
