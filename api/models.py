"""What the API remembers of writes sent with an Idempotency-Key (api/idempotency.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotentRequest(models.Model):
    """A write the API carried out for a client's key, and its answer: a repeat of the request
    with the same key (a client that lost the answer, or nginx sending it to another node after
    the first died under it) is answered with this, and nothing is done twice.

    The row is written in the same transaction as the write: if the write never committed,
    neither did its key, and a repeat runs afresh."""

    # Whose key: a digest of the request's credential (its Authorization header), so two clients
    # choosing the same key never meet, and no credential is stored.
    client = models.CharField(max_length=64)
    key = models.CharField(max_length=100)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    body_sha256 = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="one_answer_per_client_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
