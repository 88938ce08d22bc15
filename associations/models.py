"""Associations (行业协会商会), enterprises, their staff and recruiters, and staff invitations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Association(models.Model):
    """An industry association or chamber of commerce that runs fairs (行业协会 / 商会)."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("Industry association")
        CHAMBER = "chamber", _("Chamber of commerce")

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")
        COUNTY = "county", _("County")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDUSTRY)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.PROVINCIAL
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssociationStaff(models.Model):
    """A user working for an association (协会工作人员)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Staff member")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="staff", verbose_name=_("association")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="association_staff",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("association staff member")
        verbose_name_plural = _("association staff")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user"], name="staff_once_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.association}"


class Enterprise(models.Model):
    """An employer; verified while an association has it as an approved member."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EnterpriseRecruiter(models.Model):
    """A user recruiting for an enterprise (企业招聘专员); the owner approves the others."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        RECRUITER = "recruiter", _("Recruiter")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="recruiters",
        verbose_name=_("enterprise"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise_recruiters",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RECRUITER)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise recruiter")
        verbose_name_plural = _("enterprise recruiters")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "user"], name="recruiter_once_per_enterprise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"


class StaffInvitation(models.Model):
    """A single-use, expiring link that makes the invited e-mail address a staff member.

    Only a SHA-256 digest of the token is stored: the link in the e-mail is the only copy.
    """

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("association"),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=AssociationStaff.Role.choices,
        default=AssociationStaff.Role.MEMBER,
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.association}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
