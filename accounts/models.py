"""The user (an e-mail address or a mainland mobile number is the login), the SMS messages sent
to people, and the department-officer membership.

A user's roles are not a field: they come from memberships (a graduate profile, recruiter
memberships of enterprises, staff memberships of associations, the officer row below), and
`accounts.roles` answers what a user can act as.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.phone import national


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str | None, password: str | None, **extra):
        if not email and not extra.get("phone"):
            raise ValueError("An e-mail address or a mobile number is required.")
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str | None = None, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class SignupRole(models.TextChoices):
    GRADUATE = "graduate", _("Graduate looking for a job")
    RECRUITER = "recruiter", _("Enterprise recruiter")


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    # Optional for those who sign up with a mobile number (graduates and recruiters); association
    # staff and officers are invited and created by e-mail.
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    # The account's mobile number, +86 and 11 digits (accounts.phone), and whether its holder
    # proved it with an SMS code. One field for everything: signing in by code, SMS notices, and
    # the number a graduate's applications show recruiters (masked until the interview stage).
    phone = models.CharField(_("mobile number"), max_length=16, null=True, blank=True)
    phone_verified = models.BooleanField(
        _("mobile number verified"), default=False, db_default=False
    )
    # Opt-in: interview invitations, offers, fair reminders and moved or cancelled slots by SMS
    # too (to a verified number), besides the site and e-mail.
    sms_notifications = models.BooleanField(_("notify me by SMS"), default=False, db_default=False)
    full_name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    # What the person said at sign-up: it guides onboarding only; roles come from memberships.
    signup_role = models.CharField(
        _("signed up as"), max_length=20, choices=SignupRole.choices, blank=True
    )
    # The language the person last chose on the site (or signed up in): what others' actions
    # write to them in, e-mails and notifications. Empty: the product's default.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            # A number belongs to one account: the one whose holder proved it. Anyone may type a
            # number (sign-up asks for a code next); an unproved claim never blocks its owner,
            # and proving it takes it from every other account (accounts.services).
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(phone_verified=True),
                name="user_verified_phone_unique",
            ),
            models.CheckConstraint(
                condition=Q(phone_verified=False) | Q(phone__isnull=False),
                name="user_verified_phone_present",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.login_name

    def save(self, *args, **kwargs):
        # No address is NULL, never "": several accounts have none, and the address is unique.
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)

    @property
    def login_name(self) -> str:
        """What identifies the account to its holder: the e-mail address, else the number."""
        return self.email or national(self.phone)

    @property
    def login_phone(self) -> str:
        """The account's number as its holder reads it (13812345678), "" for none."""
        return national(self.phone)

    @property
    def verified_phone(self) -> str | None:
        """The number SMS may be sent to, or None."""
        return self.phone if self.phone_verified else None

    def get_full_name(self) -> str:
        return self.full_name or self.login_name

    def get_short_name(self) -> str:
        return self.full_name or self.login_name.split("@")[0]


class SmsKind(models.TextChoices):
    """What an SMS says; each is one provider template (SMS_TEMPLATES) with its parameters."""

    CODE = "code", _("verification code")
    UNKNOWN_ACCOUNT = "unknown_account", _("no account with this number")
    ACCOUNT_EXISTS = "account_exists", _("an account has this number already")
    INTERVIEW = "interview", _("interview invitation")
    OFFER = "offer", _("offer")
    FAIR_REMINDER = "fair_reminder", _("fair reminder")
    SLOT_MOVED = "slot_moved", _("interview slot moved")
    SLOT_CANCELLED = "slot_cancelled", _("interview slot cancelled")
    FAIR_FEEDBACK = "fair_feedback", _("request to rate a fair")


# Messages someone asks for by typing a number (and that abuse limits count): a code, or what is
# sent instead of one so that the answer never tells whether the number has an account.
REQUESTED_KINDS = (SmsKind.CODE, SmsKind.UNKNOWN_ACCOUNT, SmsKind.ACCOUNT_EXISTS)


class SmsMessage(models.Model):
    """One SMS: written when it is asked for, sent by a Celery task after commit.

    The rows are the record the abuse limits count (per number, client address and session) and
    what the code page reads to say "sent" or "not sent, try again in N s". A code in `params`
    and `text` is blanked once sent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent")

    phone = models.CharField(_("mobile number"), max_length=16, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SmsKind.choices)
    params = models.JSONField(_("template parameters"), default=dict, blank=True)
    text = models.CharField(_("text"), max_length=500)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    provider_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    # Who asked (abuse limits): the client's address and the browser session, when known.
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    session_key = models.CharField(_("session"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["client_ip", "created_at"], name="sms_ip_created"),
            models.Index(fields=["session_key", "created_at"], name="sms_session_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {national(self.phone)}"


class LoginCode(models.Model):
    """A sign-in code the API sent by SMS (POST /api/v1/auth/sms/), exchanged for a token.

    The pages keep theirs in the browser session (allauth); an API client has none. Only a
    keyed hash of the code is stored. Valid SMS_CODE_VALID_SECONDS, used once, and ended by
    the fifth wrong try, as on the pages.
    """

    phone = models.CharField(_("mobile number"), max_length=16, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    created_at = models.DateTimeField(_("created at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")

    def __str__(self) -> str:
        return national(self.phone)


class DepartmentOfficer(models.Model):
    """Membership of the department that runs the campaign (社会工作部)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer",
        verbose_name=_("user"),
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("department officer")
        verbose_name_plural = _("department officers")

    def __str__(self) -> str:
        return str(self.user)


class StateEvent(models.Model):
    """An event row: who (`actor`, empty for the system), when, from which status to which.

    Every state change that matters to someone else leaves one (DESIGN.md, Conventions); each
    app's event model adds the object it belongs to and its note or reason.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class ActionEvent(StateEvent):
    """An event that names its action, since some (edited, reported…) change no status."""

    action = models.CharField(_("action"), max_length=30)
    to_status = models.CharField(_("to"), max_length=20, blank=True)

    class Meta(StateEvent.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.action}: {super().__str__()}"
