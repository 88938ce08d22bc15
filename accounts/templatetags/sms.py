"""`{% sms_status phone %}`: whether the last code this session asked for was sent, and the
countdown before another may be asked for (pages that send codes show it)."""

from django import template

from accounts import sms
from accounts.phone import normalize_phone

register = template.Library()


def status_context(request, phone: str) -> dict:
    """What the status fragment shows (also the polled view's context)."""
    try:
        phone = normalize_phone(phone)
    except Exception:  # a number that never got a code: nothing to report
        return {"message": None, "cooldown": 0, "phone": ""}
    message = sms.latest_requested(phone=phone, request=request)
    return {
        "message": message,
        "cooldown": sms.cooldown_left(phone=phone, request=request),
        "phone": phone,
    }


@register.inclusion_tag("accounts/partials/sms_status.html", takes_context=True)
def sms_status(context, phone):
    return status_context(context["request"], phone or "")


@register.filter
def local_phone(phone: str) -> str:
    """+8613812345678 as people read it at home: 13812345678."""
    from accounts.phone import national

    return national(phone)
