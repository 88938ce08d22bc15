"""Admin of associations, enterprises and their people."""

from django.contrib import admin

from associations.models import (
    Association,
    AssociationStaff,
    Enterprise,
    EnterpriseRecruiter,
    Membership,
    MembershipEvent,
    RecruiterInvitation,
    Region,
    StaffInvitation,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Shanxi ships with a data migration; add other cities and districts here."""

    list_display = ["code", "name", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["parent"]


class MembershipEventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_status", "to_status", "reason", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Read-only: memberships change through the workspaces (services), which keep events."""

    list_display = ["enterprise", "association", "status", "updated_at"]
    list_filter = ["status", "association"]
    search_fields = ["enterprise__name", "enterprise__credit_code", "association__name"]
    readonly_fields = ["enterprise", "association", "status", "reason", "created_at", "updated_at"]
    inlines = [MembershipEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(RecruiterInvitation)
class RecruiterInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "enterprise", "created_at", "accepted_at"]
    search_fields = ["email", "enterprise__name"]


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
    list_display = ["name", "credit_code", "industry", "city"]
    list_filter = ["industry", "size", "ownership", "city"]
    search_fields = ["name", "credit_code"]
    inlines = [EnterpriseRecruiterInline]


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "association", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "association__name"]
    readonly_fields = ["token_digest", "accepted_at", "accepted_by"]
