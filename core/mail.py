"""Sending e-mail after the current transaction commits, through the outbox."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from core.tasks import send_email
from outbox.core import is_suppressed


def send_templated_email_on_commit(
    *, to: list[str], template: str, context: dict, language: str | None = None
) -> None:
    """Render `<template>_subject.txt` and `<template>_message.txt` now, send once committed.

    In `language`, else in each recipient's (see `email_language`; recipients sharing one get one
    message): never in the language the acting user happens to browse in. Accounts without an
    e-mail address (signed up with a mobile number) are left out.
    """
    to = [address for address in to if address]
    if not to or is_suppressed():  # no address (a mobile-number account), or a bulk load
        return
    groups = {language: to} if language else _recipients_by_language(to)
    for lang, addresses in groups.items():
        with translation.override(lang):
            message = {"site_url": settings.SITE_URL, **context}  # links in mail are absolute
            subject = " ".join(render_to_string(f"{template}_subject.txt", message).split())
            body = render_to_string(f"{template}_message.txt", message)
        send_email_on_commit(to=addresses, subject=subject, body=body)


def email_language(user=None) -> str:
    """The language to write to `user` in: the one they last chose on the site, else the
    product's default (Chinese unless configured)."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _recipients_by_language(addresses: list[str]) -> dict[str, list[str]]:
    chosen = dict(
        get_user_model()
        .objects.filter(email__in=[a.lower() for a in addresses])
        .exclude(language="")
        .values_list("email", "language")
    )
    groups: dict[str, list[str]] = {}
    for address in addresses:
        groups.setdefault(chosen.get(address.lower()) or settings.LANGUAGE_CODE, []).append(address)
    return groups


def send_email_on_commit(**message) -> None:
    """Send `message` (the arguments of the `send_email` task) once the transaction commits.

    An outbox row written with the change: the e-mail goes out after commit and, when the
    broker or the mail server is down, later; the request that committed still succeeds.
    """
    message["to"] = [address for address in message.get("to") or [] if address]
    if not message["to"]:
        return  # nobody with an address: people who signed up with a mobile number
    send_email.delay(**message)
