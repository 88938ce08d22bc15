"""Admin of placements."""

from django.contrib import admin

from outcomes.models import Placement, PlacementEvent


class PlacementEventInline(admin.TabularInline):
    model = PlacementEvent
    extra = 0
    readonly_fields = ["actor", "from_status", "to_status", "note", "created_at"]
    can_delete = False


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["graduate", "enterprise", "position", "status", "hire_date", "contract_type"]
    list_filter = ["status", "contract_type"]
    raw_id_fields = ["graduate", "enterprise", "position", "application", "declared_by"]
    inlines = [PlacementEventInline]
