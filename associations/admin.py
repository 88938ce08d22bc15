"""Admin of associations, enterprises and their people."""

from django.contrib import admin

from associations.models import (
    Association,
    AssociationStaff,
    Enterprise,
    EnterpriseRecruiter,
    StaffInvitation,
)


class AssociationStaffInline(admin.TabularInline):
    model = AssociationStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "level"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name"]
    inlines = [AssociationStaffInline]


class EnterpriseRecruiterInline(admin.TabularInline):
    model = EnterpriseRecruiter
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code"]
    search_fields = ["name", "credit_code"]
    inlines = [EnterpriseRecruiterInline]


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "association", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "association__name"]
    readonly_fields = ["token_digest", "accepted_at", "accepted_by"]
