"""Admin of campaigns, fairs and their records (read mostly: changes go through the services)."""

from django.contrib import admin

from fairs.models import (
    Campaign,
    Fair,
    FairEvent,
    InterviewSlot,
    Lead,
    Participation,
    ParticipationEvent,
    SlotBooking,
    Ticket,
)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "hire_window_days"]


class FairEventInline(admin.TabularInline):
    model = FairEvent
    extra = 0
    readonly_fields = ["actor", "action", "from_status", "to_status", "note", "created_at"]


@admin.register(Fair)
class FairAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "format", "organiser", "starts_at", "status"]
    list_filter = ["kind", "format", "status", "campaign"]
    search_fields = ["title", "host_university", "venue"]
    inlines = [FairEventInline]


class ParticipationEventInline(admin.TabularInline):
    model = ParticipationEvent
    extra = 0
    readonly_fields = ["actor", "action", "from_status", "to_status", "reason", "created_at"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "fair", "status", "booth_number", "present_at", "no_show"]
    list_filter = ["status", "no_show"]
    inlines = [ParticipationEventInline]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["code", "fair", "graduate", "status", "checked_in_at"]
    list_filter = ["status"]
    search_fields = ["code", "graduate__email"]


admin.site.register(InterviewSlot)
admin.site.register(SlotBooking)
admin.site.register(Lead)
