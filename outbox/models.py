"""One row per side effect to carry out after the change that asked for it committed."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A task call written in the same transaction as the change it follows from.

    `not_before` is when it may next be sent: its due time (a reminder's), the end of a retry's
    back-off, or the end of the lease of a send or a run in progress (the sweep re-sends rows
    whose lease ran out: their message or their worker was lost).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # A UUID, also the Celery task id: a message from another database sharing the broker (or a
    # stale one) can never claim this row.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("positional arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(_("not before"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # The request (or task) that asked for it (outbox.correlation): its log lines carry the same.
    # A database default too, so the release before this column (which inserts without it) works
    # against the migrated database during a rolling deploy.
    request_id = models.CharField(
        _("request id"), max_length=64, blank=True, default="", db_default="", editable=False
    )

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ["-created_at"]
        indexes = [
            # The sweep's question: what is due and not done?
            models.Index(fields=["status", "not_before"], name="outbox_due"),
            models.Index(fields=["status", "done_at"], name="outbox_done"),
        ]

    def __str__(self) -> str:
        return f"{self.task} ({self.get_status_display()})"
