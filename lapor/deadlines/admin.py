from django.contrib import admin

from lapor.deadlines.models import CalendarOverride, Leg


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "province", "name"]
    list_filter = ["kind", "province"]


@admin.register(Leg)
class LegAdmin(admin.ModelAdmin):
    list_display = ["report", "name", "holder", "institution", "due_at", "stopped_at", "outcome"]
    list_filter = ["name", "outcome", "holder"]
    raw_id_fields = ["report", "institution", "unit"]
