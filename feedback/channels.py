"""How a person is asked for feedback beyond the in-app notice, which everyone gets.

E-mail goes to everyone with an address, as every other message of the platform does: the
platform has no notification settings yet. SMS is the hook for issue 19 (h19 builds SMS sending
and the per-person opt-in in the notification settings): once it lands, `wanted` answers "sms"
for those who opted in and `send_sms` calls its sending interface; until then nobody is texted.
"""

from accounts.models import User

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
    """Hook (issue 19): whether the person opted in to SMS notifications. Nobody yet."""
    return False


def send_sms(user: User, text: str) -> None:  # pragma: no cover - see sms_opted_in
    """Hook (issue 19): text `user` through the SMS interface, after commit."""
    raise NotImplementedError("SMS sending arrives with issue 19")
