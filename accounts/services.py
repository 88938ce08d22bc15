"""Account use cases: finishing a sign-up, choosing a language, API tokens, creating officers."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts.models import DepartmentOfficer, SignupRole, User
from accounts.roles import forget_roles


def complete_signup(*, user: User, full_name: str, role: SignupRole, language: str = "") -> User:
    """Record the name and the role chosen at sign-up; a graduate gets an empty profile at once.

    A recruiter's membership comes later, when they create or join an enterprise.
    """
    with transaction.atomic():
        user.full_name = full_name.strip()
        user.signup_role = role
        user.language = language if language in dict(settings.LANGUAGES) else ""
        user.save(update_fields=["full_name", "signup_role", "language"])
        if role == SignupRole.GRADUATE:
            # candidates.GraduateProfile, reached through its relation to User: candidates sits
            # above accounts, which imports no app above it.
            profiles = User._meta.get_field("graduate_profile").related_model.objects
            profiles.get_or_create(user=user, defaults={"full_name": user.full_name})
    forget_roles(user)
    return user


def choose_language(*, user: User, language: str) -> User:
    """Remember the language `user` reads e-mails and notifications in (others' actions send them
    in it); a language the site does not offer is refused."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
    return user


def api_token(*, user: User) -> Token:
    """The user's API token, created on first asking; the same one until it is revoked."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


def has_verified_email(user: User) -> bool:
    """Whether the user has proved they own their login address (allauth's confirmation).

    Anything granted to an address, such as an enterprise's invitation to recruit, waits for it:
    signing up with someone else's address must not be enough.
    """
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def create_officer(*, email: str, full_name: str = "", password: str | None = None) -> User:
    """Make `email` a department officer, creating the account (with a verified address) if needed.

    Without a password the account gets an unusable one: the officer sets it through
    "forgot password", which also proves the address.
    """
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password, full_name=full_name)
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        DepartmentOfficer.objects.get_or_create(user=user)
    forget_roles(user)
    return user
