"""Admin of graduates and applications (read-mostly: changes go through the services)."""

from django.contrib import admin

from candidates.models import Application, ApplicationEvent, GraduateProfile, Notification, Resume


@admin.register(GraduateProfile)
class GraduateProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "university", "major", "degree", "graduation_year"]
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
