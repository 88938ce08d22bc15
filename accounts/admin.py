"""Admin of users, department officers and the SMS sent."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import DepartmentOfficer, SmsMessage, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "phone", "full_name", "signup_role", "is_active", "date_joined"]
    search_fields = ["email", "phone", "full_name"]
    list_filter = ["is_active", "is_staff", "signup_role"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "signup_role", "language")}),
        # Read only: a number changes only with a code sent to it (accounts.services).
        (_("Mobile number"), {"fields": ("phone", "phone_verified", "sms_notifications")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["phone", "phone_verified"]


@admin.register(DepartmentOfficer)
class DepartmentOfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    """What was sent to whom and whether it went out (codes are blanked once sent)."""

    list_display = ["created_at", "phone", "kind", "status", "attempts", "error"]
    list_filter = ["kind", "status"]
    search_fields = ["phone"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
