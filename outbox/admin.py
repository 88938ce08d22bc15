"""Admin of the outbox: what is waiting, what failed and why; failed tasks can be retried."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox import core
from outbox.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("task", "status", "attempts", "created_at", "not_before", "done_at", "error")
    list_filter = ("status", "task")
    search_fields = ("task", "last_error")
    date_hierarchy = "created_at"
    actions = ("retry_now",)
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("last error"))
    def error(self, message: OutboxMessage) -> str:
        lines = message.last_error.strip().splitlines()
        return lines[-1][:120] if lines else ""

    @admin.action(description=_("Retry the selected tasks now"), permissions=["change"])
    def retry_now(self, request, queryset) -> None:
        count = core.retry_now(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d task will be retried.", "%(count)d tasks will be retried.", count)
            % {"count": count},
            messages.SUCCESS,
        )
