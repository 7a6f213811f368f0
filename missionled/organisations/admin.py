from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from missionled.organisations.models import ApiToken, Department, Grade, Profession, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ("email",)
    list_display = ("email", "name", "role", "department", "is_active")
    list_filter = ("role", "is_active", "department")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("name", "role", "department", "is_active")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "name", "role", "department", "password1", "password2")}),
    )
    filter_horizontal = ()


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ("acronym", "name", "kind", "bank_holiday_region")
    list_filter = ("kind", "bank_holiday_region")
    search_fields = ("acronym", "name")


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin[Grade]):
    list_display = ("order", "code", "name")


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin[Profession]):
    list_display = ("name", "kind")
    search_fields = ("name",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("prefix", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix", "user", "created_at", "last_used_at")
