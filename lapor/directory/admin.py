"""Django admin for the directory (superusers only; staff work in the back office)."""

from django.contrib import admin

from lapor.directory.models import Category, Institution, Region, StaffRole, WorkUnit


class SuperuserOnly(admin.ModelAdmin):
    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return request.user.is_active and request.user.is_superuser


@admin.register(Region)
class RegionAdmin(SuperuserOnly):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


class WorkUnitInline(admin.TabularInline):
    model = WorkUnit
    extra = 0
    raw_id_fields = ["parent", "region"]


@admin.register(Institution)
class InstitutionAdmin(SuperuserOnly):
    list_display = ["name", "acronym", "code", "kind", "region", "active_to", "pilot", "partner"]
    list_filter = ["kind", "pilot", "partner"]
    search_fields = ["name", "acronym", "code"]
    raw_id_fields = ["parent", "region"]
    filter_horizontal = ["successors"]
    inlines = [WorkUnitInline]


@admin.register(WorkUnit)
class WorkUnitAdmin(SuperuserOnly):
    list_display = ["name", "code", "institution", "parent", "active"]
    search_fields = ["name", "code", "institution__name"]
    raw_id_fields = ["institution", "parent", "region"]


@admin.register(Category)
class CategoryAdmin(SuperuserOnly):
    list_display = ["name", "slug", "parent", "institution_kind"]
    list_filter = ["institution_kind"]
    search_fields = ["name", "slug"]


@admin.register(StaffRole)
class StaffRoleAdmin(SuperuserOnly):
    list_display = ["user", "role", "institution", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "institution__name"]
    raw_id_fields = ["user", "institution", "unit"]
