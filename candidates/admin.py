"""Admin of graduates and applications (read-mostly: changes go through the services)."""

from django.contrib import admin

from candidates.models import (
    Application,
    ApplicationEvent,
    GraduateProfile,
    Invitation,
    InvitationEvent,
    Notification,
    RecommendationDigest,
    Resume,
)


@admin.register(GraduateProfile)
class GraduateProfileAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "university",
        "major",
        "degree",
        "graduation_year",
        "discoverable",
        "daily_digest",
    ]
    list_filter = ["discoverable", "daily_digest", "degree"]
    search_fields = ["full_name", "user__email", "university", "major"]


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    readonly_fields = ["actor", "from_status", "to_status", "note", "created_at"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["graduate", "position", "status", "source", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["graduate__full_name", "position__title"]
    raw_id_fields = ["graduate", "position", "resume"]
    readonly_fields = ["status"]
    inlines = [ApplicationEventInline]


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = ["graduate", "kind", "original_name", "size", "created_at"]
    raw_id_fields = ["graduate"]
    readonly_fields = ["file", "sha256", "size", "pages"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "message", "read_at", "created_at"]
    raw_id_fields = ["user"]


class InvitationEventInline(admin.TabularInline):
    model = InvitationEvent
    extra = 0
    readonly_fields = ["actor", "from_status", "to_status", "note", "created_at"]
    can_delete = False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["position", "graduate", "status", "invited_by", "created_at", "answered_at"]
    list_filter = ["status"]
    search_fields = ["position__title", "graduate__full_name"]
    raw_id_fields = ["position", "graduate", "invited_by", "application"]
    readonly_fields = ["status", "answered_at", "application"]
    inlines = [InvitationEventInline]


@admin.register(RecommendationDigest)
class RecommendationDigestAdmin(admin.ModelAdmin):
    list_display = ["graduate", "day", "created_at"]
    raw_id_fields = ["graduate"]
    readonly_fields = ["positions"]
