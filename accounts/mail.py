"""Sending e-mail after the current transaction commits, through the Celery task."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.tasks import send_email


def send_templated_email_on_commit(
    *, to: list[str], template: str, context: dict, language: str | None = None
) -> None:
    """Render `<template>_subject.txt` and `<template>_message.txt` now, send once committed.

    Robust: when the broker cannot take the message, the error is logged and the request that
    committed its change still succeeds (its rows are written; an e-mail is not worth a 500).
    """
    with translation.override(language or translation.get_language()):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
    transaction.on_commit(lambda: send_email.delay(to=to, subject=subject, body=body), robust=True)
