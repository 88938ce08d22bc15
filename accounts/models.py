"""The user (e-mail is the login) and the department-officer membership.

A user's roles are not a field: they come from memberships (a graduate profile, recruiter
memberships of enterprises, staff memberships of associations, the officer row below), and
`accounts.roles` answers what a user can act as.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
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
    email = models.EmailField(_("e-mail address"), unique=True)
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
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email.split("@")[0]


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
