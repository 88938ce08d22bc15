"""Admin of positions and reports: read-mostly; state changes go through the services."""

from django.contrib import admin

from jobs.models import Position, PositionEvent, PositionReport


class PositionEventInline(admin.TabularInline):
    model = PositionEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_status", "to_status", "actor", "note", "created_at")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("title", "enterprise", "city", "status", "job_type", "published_at")
    list_filter = ("status", "job_type", "category", "education")
    search_fields = ("title", "enterprise__name")
    raw_id_fields = ("enterprise", "created_by")
    readonly_fields = ("status", "published_at", "closed_at", "suspended_at", "suspension_reason")
    inlines = [PositionEventInline]


@admin.register(PositionReport)
class PositionReportAdmin(admin.ModelAdmin):
    list_display = ("position", "reason", "status", "created_at", "handled_at")
    list_filter = ("status", "reason")
    raw_id_fields = ("position", "reporter", "handled_by")
