from django.contrib import admin

from missionled.catalogue.models import Course, SessionTemplate


class SessionTemplateInline(admin.TabularInline[SessionTemplate, Course]):
    model = SessionTemplate
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("title", "slug", "min_cohort", "max_cohort", "is_active")
    inlines = [SessionTemplateInline]
    filter_horizontal = ("eligible_grades",)
