"""Demo accounts: a department officer and a graduate (passwords in the README)."""

from allauth.account.models import EmailAddress

from accounts.models import SignupRole, User
from accounts.services import complete_signup, create_officer

DEMO_PASSWORD = "jinpin-demo-2026"  # noqa: S105 - documented demo password, demo data only


def demo_user(email: str, full_name: str) -> User:
    """A demo account with a verified address and the demo password."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load(out) -> None:
    create_officer(email="officer@jinpin.demo", full_name="王主任", password=DEMO_PASSWORD)
    graduate = demo_user("graduate@jinpin.demo", "李明")
    complete_signup(user=graduate, full_name="李明", role=SignupRole.GRADUATE)
    out.write("  officer@jinpin.demo, graduate@jinpin.demo")
