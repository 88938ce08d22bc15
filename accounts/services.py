"""Account use cases: finishing a sign-up, choosing a language, API tokens, mobile numbers, SMS
preferences, officers."""

import hashlib
import hmac
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts.models import DepartmentOfficer, LoginCode, SignupRole, User
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


# --- Mobile numbers ---------------------------------------------------------------------------


def user_by_phone(phone: str) -> User | None:
    """The active account whose holder proved `phone` (+86…), or None.

    A number typed but never proved signs nobody in: whoever holds the phone proves it.
    """
    return User.objects.filter(phone=phone, phone_verified=True, is_active=True).first()


def claim_phone(*, user: User, phone: str) -> User:
    """Record `phone` on `user`'s account, not yet proved (sign-up, before its code is entered).

    Several accounts may claim a number; only proving it makes it one account's.
    """
    if user.phone == phone and user.phone_verified:
        return user
    user.phone, user.phone_verified = phone, False
    user.save(update_fields=["phone", "phone_verified"])
    return user


def verify_phone(*, user: User, phone: str) -> User:
    """`user` proved `phone` with a code: it becomes the account's number (replacing any other)
    and is taken from every account that only claimed it.

    A number another account proved first is refused: a number belongs to one account.
    """
    taken = _("This mobile number belongs to another account.")
    with transaction.atomic():
        if User.objects.filter(phone=phone, phone_verified=True).exclude(pk=user.pk).exists():
            raise ValidationError(taken, code="phone_taken")
        User.objects.filter(phone=phone, phone_verified=False).exclude(pk=user.pk).update(
            phone=None
        )
        user.phone, user.phone_verified = phone, True
        try:
            with transaction.atomic():
                user.save(update_fields=["phone", "phone_verified"])
        except IntegrityError as error:  # proved by another account a moment ago
            raise ValidationError(taken, code="phone_taken") from error
    return user


def set_sms_notifications(*, user: User, enabled: bool) -> User:
    """Opt in to (or out of) SMS notifications; they need a proved number."""
    if enabled and not user.phone_verified:
        raise ValidationError(
            _("Add and verify your mobile number first: notifications go only to a proved number."),
            code="phone_unverified",
        )
    user.sms_notifications = enabled
    user.save(update_fields=["sms_notifications"])
    return user


# --- Sign-in codes of the API -----------------------------------------------------------------


def _code_hash(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"login-code:{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def send_api_login_code(*, phone: str, request) -> None:
    """Send a sign-in code to `phone` for an API client, or, when no account has proved that
    number, the "no account" SMS instead: the caller learns nothing either way.

    The caller has checked the limits (accounts.sms.code_refusal); an earlier unused code of
    the number ends here, so only the latest works.
    """
    from allauth.core.internal.cryptokit import generate_user_code

    from accounts import sms

    user = user_by_phone(phone)
    with transaction.atomic():
        if user is None:
            sms.send_no_account(phone=phone, request=request, exists=False)
            return
        LoginCode.objects.filter(phone=phone, used_at=None).update(used_at=timezone.now())
        code = generate_user_code(**settings.ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT)
        LoginCode.objects.create(
            phone=phone, user=user, code_hash=_code_hash(phone, code), created_at=timezone.now()
        )
        sms.send_code(phone=phone, code=code, user=user, request=request)


class CodeRefused(ValidationError):
    pass


def exchange_login_code(*, phone: str, code: str) -> User:
    """The account a right, fresh, unused code of `phone` signs in; the code is used up.

    A wrong code counts against the latest one; the fifth wrong try ends it. The same message
    for a number without an account, an expired, used or wrong code.
    """
    wrong = _("That code is not right or has expired. Ask for a new one if needed.")
    now = timezone.now()
    fresh_since = now - timedelta(seconds=settings.SMS_CODE_VALID_SECONDS)
    refusal = None
    with transaction.atomic():  # the wrong try is recorded, so the refusal is raised after
        login_code = (
            LoginCode.objects.select_for_update()
            .filter(phone=phone, used_at=None, created_at__gt=fresh_since)
            .order_by("-created_at", "-pk")
            .first()
        )
        if login_code is None:
            refusal = CodeRefused(wrong, code="invalid_code")
        elif not hmac.compare_digest(login_code.code_hash, _code_hash(phone, code.strip())):
            login_code.failed_attempts += 1
            refusal = CodeRefused(wrong, code="invalid_code")
            if login_code.failed_attempts >= settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS:
                login_code.used_at = now
                refusal = CodeRefused(
                    _("Too many wrong codes: this code no longer works. Ask for a new one."),
                    code="code_locked",
                )
            login_code.save(update_fields=["failed_attempts", "used_at"])
        else:
            login_code.used_at = now
            login_code.save(update_fields=["used_at"])
    if refusal is not None:
        raise refusal
    user = User.objects.get(pk=login_code.user_id)
    if not user.is_active or user.phone != phone or not user.phone_verified:
        raise CodeRefused(wrong, code="invalid_code")
    return user
