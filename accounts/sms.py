"""Sending SMS to people: codes (with their abuse limits) and opt-in notifications.

Every SMS is an `SmsMessage` row written in the caller's transaction and sent by the
`accounts.tasks.send_sms` task through the outbox after commit (core.sms's backend chosen by
SMS_URL). The rows
are also what the limits count: nothing is kept in counters that could drift from them.

Limits on messages someone asks for by typing a number (codes, and what is sent instead of a
code so that no answer tells whether a number has an account):
- one per SMS_CODE_COOLDOWN seconds to a number and from a browser session;
- SMS_PER_NUMBER_HOUR and SMS_PER_NUMBER_DAY to a number, SMS_PER_IP_HOUR from a client
  address, SMS_PER_SESSION_HOUR from a session;
- past SMS_CAPTCHA_AFTER requests in an hour from the session or address, an image captcha.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta

from captcha.models import CaptchaStore
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import REQUESTED_KINDS, SmsKind, SmsMessage, User
from core.mail import email_language
from outbox.core import is_suppressed

# The parameters of each kind's template, in order (Tencent numbers them {1}, {2}…; Alibaba
# names them ${code}…). Each value is cut to SMS_PARAM_MAX_LENGTH characters.
KIND_PARAMS: dict[str, tuple[str, ...]] = {
    SmsKind.CODE: ("code", "minutes"),
    SmsKind.UNKNOWN_ACCOUNT: (),
    SmsKind.ACCOUNT_EXISTS: (),
    SmsKind.INTERVIEW: ("enterprise", "position", "time", "place"),
    SmsKind.OFFER: ("enterprise", "position"),
    SmsKind.FAIR_REMINDER: ("fair", "time", "place"),
    SmsKind.SLOT_MOVED: ("enterprise", "time"),
    SmsKind.SLOT_CANCELLED: ("enterprise", "time"),
    SmsKind.FAIR_FEEDBACK: ("fair", "time"),
}


def _text(kind: str, params: dict[str, str]) -> str:
    """The message as it reads, in the active language (the provider's template says the same)."""
    texts = {
        SmsKind.CODE: _(
            "Your Jinpin code is %(code)s, valid for %(minutes)s minutes. Never tell it to anyone."
        ),
        SmsKind.UNKNOWN_ACCOUNT: _(
            "A Jinpin code was asked for this number, which has no account: sign up first."
        ),
        SmsKind.ACCOUNT_EXISTS: _(
            "This number has a Jinpin account already: sign in with a code instead."
        ),
        SmsKind.INTERVIEW: _(
            "%(enterprise)s invites you to interview for %(position)s at %(time)s, %(place)s. "
            "Details on Jinpin."
        ),
        SmsKind.OFFER: _("%(enterprise)s offers you the %(position)s position. Reply on Jinpin."),
        SmsKind.FAIR_REMINDER: _(
            "Reminder: %(fair)s is at %(time)s, %(place)s. Bring your ticket."
        ),
        SmsKind.SLOT_MOVED: _("Your interview with %(enterprise)s is now at %(time)s. See Jinpin."),
        SmsKind.SLOT_CANCELLED: _(
            "Your interview with %(enterprise)s at %(time)s is cancelled. See Jinpin."
        ),
        SmsKind.FAIR_FEEDBACK: _("How was %(fair)s? Rate it on Jinpin until %(time)s."),
    }
    body = texts[kind] % params
    return _("[%(sign)s] %(body)s") % {"sign": settings.SMS_SIGN_NAME, "body": body}


def sms_time(moment: datetime.datetime) -> str:
    """A moment as a short SMS says it, in Shanghai time and the active language."""
    local = timezone.localtime(moment)
    if translation.get_language() == "en":
        return local.strftime("%d %b %H:%M").lstrip("0")
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def _short(value) -> str:
    text = " ".join(str(value).split())
    limit = settings.SMS_PARAM_MAX_LENGTH
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _queue(
    *,
    phone: str,
    kind: str,
    params: dict,
    language: str,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> SmsMessage:
    from accounts.tasks import send_sms

    with translation.override(language):
        values = {name: _short(params[name]) for name in KIND_PARAMS[kind]}
        if kind == SmsKind.CODE:
            values["code"] = str(params["code"])  # never cut
        text = _text(kind, values)
    ip, session_key = _requester(request)
    message = SmsMessage.objects.create(
        phone=phone,
        user=user,
        kind=kind,
        params=values,
        text=text,
        language=language,
        client_ip=ip,
        session_key=session_key,
        created_at=timezone.now(),
    )
    # An outbox row in this transaction: sent after commit (by a worker, or in-process without
    # a broker), retried while the provider's error may pass; the row's status tells the person.
    send_sms.delay(message.pk)
    return message


def _requester(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    from allauth.account.adapter import get_adapter

    try:
        ip = get_adapter(request).get_client_ip(request) or None
    except Exception:  # a proxy chain allauth refuses: the connection's address
        ip = request.META.get("REMOTE_ADDR") or None
    return ip, session_key(request)


def session_key(request: HttpRequest) -> str:
    """The browser session's key, creating the session if the visitor has none yet (not for
    the API's clients, which have none: `api_request` marks their requests)."""
    session = getattr(request, "session", None)
    if session is None or getattr(request, "sms_api_client", False):
        return ""
    if not session.session_key:
        session.save()
    return session.session_key or ""


def api_request(request) -> HttpRequest:
    """The Django request under a DRF one, marked as an API client's (limits by address and
    number; no session is made for it)."""
    django_request = getattr(request, "_request", request)
    django_request.sms_api_client = True
    return django_request


# --- Codes ------------------------------------------------------------------------------------


def send_code(
    *, phone: str, code: str, user: User | None, request: HttpRequest | None
) -> SmsMessage:
    """Queue a verification code to `phone` (sign-in, sign-up or a number being added)."""
    minutes = settings.SMS_CODE_VALID_SECONDS // 60
    language = email_language(user) if user else translation.get_language() or ""
    return _queue(
        phone=phone,
        kind=SmsKind.CODE,
        params={"code": code, "minutes": minutes},
        language=language or settings.LANGUAGE_CODE,
        user=user,
        request=request,
    )


def send_no_account(*, phone: str, request: HttpRequest | None, exists: bool) -> SmsMessage:
    """What a number gets instead of a code when the answer must not tell whether it has an
    account: "no account, sign up" for a sign-in, "you have one, sign in" for a sign-up."""
    kind = SmsKind.ACCOUNT_EXISTS if exists else SmsKind.UNKNOWN_ACCOUNT
    language = translation.get_language() or settings.LANGUAGE_CODE
    return _queue(phone=phone, kind=kind, params={}, language=language, request=request)


@dataclass(frozen=True)
class Refusal:
    """Why a code cannot be sent now, and when it can be asked for again (seconds)."""

    message: str
    retry_after: int
    code: str = "rate_limited"


def _wait_message(seconds: int) -> str:
    if seconds >= 3600:
        hours = -(-seconds // 3600)
        return ngettext(
            "Too many codes were asked for. Try again in %(n)d hour.",
            "Too many codes were asked for. Try again in %(n)d hours.",
            hours,
        ) % {"n": hours}
    if seconds > 90:
        minutes = -(-seconds // 60)
        return ngettext(
            "Too many codes were asked for. Try again in %(n)d minute.",
            "Too many codes were asked for. Try again in %(n)d minutes.",
            minutes,
        ) % {"n": minutes}
    return ngettext(
        "A code was sent a moment ago. You can ask for another in %(n)d second.",
        "A code was sent a moment ago. You can ask for another in %(n)d seconds.",
        seconds,
    ) % {"n": seconds}


def _window_refusal(rows, limit: int, window: timedelta, now) -> int:
    """Seconds until fewer than `limit` of `rows` (creation times, newest first) are inside
    `window`; 0 when there is room now."""
    times = list(rows[:limit])
    if len(times) < limit:
        return 0
    oldest = times[limit - 1]
    return max(0, int((oldest + window - now).total_seconds()) + 1)


def code_refusal(
    *, phone: str | None, request: HttpRequest | None, now: datetime.datetime | None = None
) -> Refusal | None:
    """Whether a code to `phone` asked for by `request` must be refused now, and why.

    The same answer whether or not the number has an account: every request counts alike.
    """
    now = now or timezone.now()
    ip, key = _requester(request)
    requested = SmsMessage.objects.filter(kind__in=REQUESTED_KINDS)
    hour, day = timedelta(hours=1), timedelta(days=1)
    cooldown = timedelta(seconds=settings.SMS_CODE_COOLDOWN)

    def times(q: Q, since: timedelta):
        return (
            requested.filter(q, created_at__gt=now - since)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
        )

    checks = []  # (who, how many, within)
    if phone:
        checks += [
            (Q(phone=phone), 1, cooldown),
            (Q(phone=phone), settings.SMS_PER_NUMBER_HOUR, hour),
            (Q(phone=phone), settings.SMS_PER_NUMBER_DAY, day),
        ]
    if key:
        checks += [
            (Q(session_key=key), 1, cooldown),
            (Q(session_key=key), settings.SMS_PER_SESSION_HOUR, hour),
        ]
    if ip:
        checks.append((Q(client_ip=ip), settings.SMS_PER_IP_HOUR, hour))
    wait = max(
        (_window_refusal(times(who, within), limit, within, now) for who, limit, within in checks),
        default=0,
    )
    if not wait:
        return None
    return Refusal(_wait_message(wait), wait)


def new_captcha() -> str:
    """A fresh image captcha for the API; its key (the image is at `captcha-image`)."""
    return CaptchaStore.generate_key()


def captcha_answered(*, key: str, answer: str) -> bool:
    """Whether `answer` reads the captcha `key`; a captcha is used once, right or wrong (as
    the form field does)."""
    answer = answer.strip().lower()
    if not key or not answer:
        return False
    store = CaptchaStore.objects.filter(hashkey=key).first()
    if store is None:
        return False
    store.delete()
    return store.response == answer and store.expiration >= timezone.now()


def captcha_required(request: HttpRequest | None, now: datetime.datetime | None = None) -> bool:
    """After SMS_CAPTCHA_AFTER code requests in an hour from this session or client address, a
    person proves they are one before the next."""
    if request is None:
        return False
    now = now or timezone.now()
    ip, key = _requester(request)
    who = Q(session_key=key) if key else Q(pk__in=[])
    if ip:
        who |= Q(client_ip=ip)
    recent = SmsMessage.objects.filter(
        who, kind__in=REQUESTED_KINDS, created_at__gt=now - timedelta(hours=1)
    )
    return recent[: settings.SMS_CAPTCHA_AFTER].count() >= settings.SMS_CAPTCHA_AFTER


def cooldown_left(*, phone: str | None, request: HttpRequest | None) -> int:
    """Seconds before another code may be asked for (the countdown the pages show)."""
    refusal = code_refusal(phone=phone, request=request)
    return refusal.retry_after if refusal else 0


def latest_requested(*, phone: str, request: HttpRequest) -> SmsMessage | None:
    """The last code (or its stand-in) this browser session asked for to `phone`."""
    key = session_key(request)
    if not key:
        return None
    return (
        SmsMessage.objects.filter(phone=phone, session_key=key, kind__in=REQUESTED_KINDS)
        .order_by("-created_at", "-pk")
        .first()
    )


# --- Notifications ----------------------------------------------------------------------------


def notify_by_sms(*, user: User, kind: str, params: dict) -> SmsMessage | None:
    """Queue a notification to `user` if they opted in and proved their number; else nothing.

    `params` holds the kind's values; datetimes are written as an SMS says them, in the
    person's language (User.language), never the sender's. Nothing inside
    `outbox.core.suppressed()` (a bulk load such as the demo data: no row left waiting).
    """
    if is_suppressed() or not (user.sms_notifications and user.phone_verified and user.phone):
        return None
    language = email_language(user)
    with translation.override(language):
        values = {
            name: sms_time(value) if isinstance(value, datetime.datetime) else value
            for name, value in params.items()
        }
    return _queue(phone=user.phone, kind=kind, params=values, language=language, user=user)
