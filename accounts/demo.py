"""Demo accounts: a department officer and a graduate (passwords and numbers in the README)."""

import re

from allauth.account.models import EmailAddress

from accounts.models import SignupRole, User
from accounts.services import complete_signup, create_officer, verify_phone

DEMO_PASSWORD = "jinpin-demo-2026"  # noqa: S105 - documented demo password, demo data only

# Demo accounts' mobile numbers (verified), so SMS sign-in can be tried with SMS_URL=console://
# or file://. The 138 0000 00xx series is reserved to the demo; README lists them.
_NAMED_PHONES = {
    "officer@jinpin.demo": "13800000001",
    "graduate@jinpin.demo": "13800000002",
    "recruiter@jinpin.demo": "13800000003",
    "recruiter-pending@jinpin.demo": "13800000004",
    "recruiter-joining@jinpin.demo": "13800000005",
    **{
        f"{key}@jinpin.demo": f"138000001{n:02d}"
        for n, key in enumerate(
            [
                "software",
                "coal",
                "logistics",
                "catering",
                "tourism",
                "construction",
                "pharma",
                "ecommerce",
                "jinzhong",
                "zhejiang",
                "jiangsu",
                "fujian",
            ],
            start=1,
        )
    },
}
_SERIES = {"graduate": "138000002", "hr": "138000003"}  # graduate01… and hr01… (two digits)


def demo_phone(email: str) -> str | None:
    """The demo account's mobile number (+86…), or None."""
    if email in _NAMED_PHONES:
        return "+86" + _NAMED_PHONES[email]
    match = re.fullmatch(r"(graduate|hr)(\d\d)@jinpin\.demo", email)
    if match:
        return "+86" + _SERIES[match[1]] + match[2]
    return None


def demo_user(email: str, full_name: str) -> User:
    """A demo account with a verified address, its verified number and the demo password."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    phone = demo_phone(email)
    if phone and not user.phone_verified:
        verify_phone(user=user, phone=phone)
    return user


def load(out) -> None:
    officer = create_officer(
        email="officer@jinpin.demo", full_name="王主任", password=DEMO_PASSWORD
    )
    verify_phone(user=officer, phone=demo_phone("officer@jinpin.demo"))
    graduate = demo_user("graduate@jinpin.demo", "李明")
    complete_signup(user=graduate, full_name="李明", role=SignupRole.GRADUATE)
    out.write("  officer@jinpin.demo, graduate@jinpin.demo (mobile numbers 138 0000 0001, …0002)")
