"""How a person is asked for feedback beyond the in-app notice, which everyone gets.

E-mail goes to everyone with an address, as every other message of the platform does; SMS to
those who opted in to SMS notifications with a proved number (accounts.sms.notify_by_sms decides,
and sends it through the outbox after commit).
"""

import datetime

from accounts.models import SmsKind, User
from accounts.sms import notify_by_sms

IN_APP = "in_app"
EMAIL = "email"
SMS = "sms"


def wanted(user: User) -> list[str]:
    """The channels to ask `user` by, in_app first."""
    channels = [IN_APP]
    if user.email:
        channels.append(EMAIL)
    if sms_opted_in(user):
        channels.append(SMS)
    return channels


def sms_opted_in(user: User) -> bool:
    """Whether the person opted in to SMS notifications and proved their number."""
    return bool(user.sms_notifications and user.phone_verified and user.phone)


def send_sms(user: User, *, fair_title: str, until: datetime.datetime) -> None:
    """Ask `user` by SMS to rate a fair until the feedback window closes (after commit)."""
    notify_by_sms(user=user, kind=SmsKind.FAIR_FEEDBACK, params={"fair": fair_title, "time": until})
