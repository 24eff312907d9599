from django.contrib import admin

from .models import AutoDispose, RoutingModel


@admin.register(RoutingModel)
class RoutingModelAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at", "reports", "labels", "seconds", "active"]
    readonly_fields = ["version", "created_at", "reports", "labels", "seconds", "sha256", "metrics"]


@admin.register(AutoDispose)
class AutoDisposeAdmin(admin.ModelAdmin):
    list_display = ["category", "min_confidence", "enabled"]
    autocomplete_fields = ["category"]
