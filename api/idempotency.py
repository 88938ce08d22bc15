"""Writes to the API that are safe to send twice: `Idempotency-Key: <the client's unique key>`.

A client that sends a write (POST, PUT, PATCH, DELETE under /api/) with an Idempotency-Key gets
it carried out once, however often it sends it: the first time the write and a record of its
answer (IdempotentRequest) commit in one transaction; a repeat with the same key and credential
is answered from that record (`Idempotent-Replayed: true`), and the same key with another
request is refused (422). A write that failed with a server error commits nothing, its key
included, so a repeat runs afresh; a repeat that arrives while the first is still running waits
for it (the database's unique index) and is then answered from it.

This is what lets nginx send a keyed write to another app node when the one handling it died
mid-request (deploy/nginx/jinpin-app.conf): whether or not the first try committed, the second
finds out. Answers are kept IDEMPOTENCY_KEEP_HOURS (the nightly
`api.tasks.prune_idempotent_requests` deletes older ones): a client repeats a write within
seconds or minutes, not days.
"""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from api.models import IdempotentRequest

HEADER = "Idempotency-Key"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_KEY = re.compile(r"[\x21-\x7e]{1,100}")  # printable ASCII, no spaces: a UUID or a token


class IdempotencyMiddleware:
    """Carries out an API write sent with an Idempotency-Key once (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        credential = request.headers.get("Authorization", "")
        if (
            key is None
            or request.method not in WRITES
            or not request.path.startswith("/api/")
            or not credential
        ):
            return self.get_response(request)
        if not _KEY.fullmatch(key):
            return JsonResponse(
                {"detail": _("The Idempotency-Key must be 1 to 100 printable characters.")},
                status=400,
            )
        client = hashlib.sha256(credential.encode()).hexdigest()
        body_sha256 = hashlib.sha256(request.body).hexdigest()
        with transaction.atomic():
            kept = _kept(client, key)
            if kept is None:
                response = self.get_response(request)
                if response.status_code >= 500 or getattr(response, "streaming", False):
                    transaction.set_rollback(True)  # nothing done, the key free for a repeat
                    return response
                try:
                    with transaction.atomic():
                        IdempotentRequest.objects.create(
                            client=client,
                            key=key,
                            method=request.method,
                            path=request.path[:500],
                            body_sha256=body_sha256,
                            status_code=response.status_code,
                            content_type=response.get("Content-Type", "")[:100],
                            body=response.content,
                        )
                    return response
                except IntegrityError:
                    # The same key ran meanwhile in another request, and committed first: this
                    # one's write must not commit; answer as the first did.
                    transaction.set_rollback(True)
                    kept = _kept(client, key)
        if (kept.method, kept.path, kept.body_sha256) != (
            request.method,
            request.path[:500],
            body_sha256,
        ):
            return JsonResponse(
                {
                    "detail": _(
                        "This Idempotency-Key was used for another request: use a new key for "
                        "each write."
                    )
                },
                status=422,
            )
        response = HttpResponse(
            bytes(kept.body), status=kept.status_code, content_type=kept.content_type or None
        )
        response["Idempotent-Replayed"] = "true"
        return response


def _kept(client: str, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(client=client, key=key).first()
