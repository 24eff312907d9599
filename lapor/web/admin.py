"""Django admin for the web app's tables (superusers only; staff work in the back office)."""

from django.contrib import admin

from lapor.web.models import ResponseTemplate, StaffSecurity


class SuperuserOnly(admin.ModelAdmin):
    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return request.user.is_active and request.user.is_superuser


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(SuperuserOnly):
    list_display = ["title", "institution", "created_by", "updated_at"]
    search_fields = ["title", "text", "institution__name"]
    raw_id_fields = ["institution", "created_by"]


@admin.register(StaffSecurity)
class StaffSecurityAdmin(SuperuserOnly):
    """The secret itself is never shown; a superuser can only switch 2FA off (a lost phone)."""

    list_display = ["user", "totp_enabled", "totp_enabled_at"]
    search_fields = ["user__username"]
    fields = ["user", "totp_enabled", "totp_enabled_at"]
    readonly_fields = ["user", "totp_enabled_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
