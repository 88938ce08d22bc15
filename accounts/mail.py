"""Sending e-mail after the current transaction commits, through the Celery task."""

from celery import current_app
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
    message = {"to": to, "subject": subject, "body": body}
    if current_app.conf.task_always_eager:
        # No broker: the task's code sends it here, once. `delay` would run the same code in the
        # same process through Celery's eager tracer, which cost more CPU than rendering and
        # sending together (bench/apply.py), and would retry a failing server inside the request.
        transaction.on_commit(lambda: send_email(**message), robust=True)
    else:
        transaction.on_commit(lambda: send_email.delay(**message), robust=True)
