"""Associations (行业协会商会), enterprises, their staff and recruiters, and staff invitations."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import StateEvent
from associations.credit_code import validate_credit_code
from core.transitions import Transition, Transitions


class Industry(models.TextChoices):
    """Sections (门类) of the national industry classification GB/T 4754-2017."""

    A = "A", _("Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("Mining")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, heat, gas and water supply")
    E = "E", _("Construction")
    F = "F", _("Wholesale and retail trade")
    G = "G", _("Transport, storage and postal services")
    H = "H", _("Accommodation and catering")
    I = "I", _("Information transmission, software and IT services")  # noqa: E741
    J = "J", _("Finance")
    K = "K", _("Real estate")
    L = "L", _("Leasing and business services")
    M = "M", _("Scientific research and technical services")
    N = "N", _("Water conservancy, environment and public facilities")
    O = "O", _("Resident services, repair and other services")  # noqa: E741
    P = "P", _("Education")
    Q = "Q", _("Health and social work")
    R = "R", _("Culture, sports and entertainment")
    S = "S", _("Public administration, social security and social organisations")
    T = "T", _("International organisations")


phone_validator = RegexValidator(
    r"^[0-9+()\- ]{5,30}$", _("Enter a phone number: digits, spaces, +, - and brackets.")
)


class Region(models.Model):
    """A prefecture-level city or one of its districts/counties; Shanxi ships, the admin extends."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District or county")

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("city"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


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
    # Sections (门类) of GB/T 4754 served, as a string of letters ("CI"): portable filtering.
    industries = models.CharField(_("industries served"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail address"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/associations/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def industry_list(self) -> list[str]:
        return [letter for letter in self.industries if letter in Industry.values]

    @property
    def industry_labels(self) -> list[str]:
        return [Industry(letter).label for letter in self.industry_list]


# What an association's profile page, API and services edit.
ASSOCIATION_PROFILE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "level",
    "industries",
    "description",
    "contact_person",
    "phone",
    "email",
    "address",
    "website",
    "logo",
)


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

    class Size(models.TextChoices):
        MICRO = "micro", _("Fewer than 20 employees")
        SMALL = "small", _("20 to 99 employees")
        MEDIUM = "medium", _("100 to 299 employees")
        LARGE = "large", _("300 to 999 employees")
        HUGE = "huge", _("1,000 employees or more")

    class Ownership(models.TextChoices):
        STATE = "state", _("State-owned")  # 国有企业
        PRIVATE = "private", _("Private")  # 民营企业
        FOREIGN = "foreign", _("Foreign-invested")  # 外商投资企业
        HMT = "hmt", _("Hong Kong, Macao or Taiwan invested")  # 港澳台投资企业
        COLLECTIVE = "collective", _("Collective")  # 集体企业
        INSTITUTION = "institution", _("Public institution")  # 事业单位
        NONPROFIT = "nonprofit", _("Social organisation")  # 社会组织
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this credit code is registered already.")},
    )
    industry = models.CharField(
        _("industry"), max_length=1, choices=Industry.choices, default=Industry.I
    )
    city = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": Region.Level.CITY},
        verbose_name=_("city"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": Region.Level.DISTRICT},
        verbose_name=_("district"),
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    ownership = models.CharField(
        _("ownership type"), max_length=20, choices=Ownership.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/enterprises/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# What an enterprise's profile page, API and services edit (the credit code has its own rules).
ENTERPRISE_PROFILE_FIELDS = (
    "name",
    "industry",
    "size",
    "ownership",
    "city",
    "district",
    "address",
    "website",
    "description",
    "logo",
)


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


class RecruiterInvitation(models.Model):
    """An owner's invitation of an e-mail address without an account yet to recruit for the
    enterprise: when that address asks to join by credit code, the request is approved at once."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="recruiter_invitations",
        verbose_name=_("enterprise"),
    )
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recruiter invitation")
        verbose_name_plural = _("recruiter invitations")
        ordering = ["-created_at"]
        constraints = [
            # Addresses are stored in lower case (services.invite_recruiter): two owners inviting
            # the same address at once make one invitation.
            models.UniqueConstraint(
                fields=["enterprise", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_recruiter_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.enterprise}"


class MembershipQuerySet(models.QuerySet):
    def approved(self) -> "MembershipQuerySet":
        """Approved memberships: the enterprise is a member (会员) of the association, which makes
        it verified and credits the association with it. The one rule; filter on from here."""
        return self.filter(status=Membership.Status.APPROVED)


class Membership(models.Model):
    """An enterprise's membership of an association (会员); approved ones make it verified."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested by the enterprise")
        INVITED = "invited", _("Invited by the association")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        ENDED = "ended", _("Ended")

    # Statuses in which a pair (enterprise, association) counts as "in progress or member".
    LIVE_STATUSES = (Status.REQUESTED, Status.INVITED, Status.APPROVED)

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("enterprise"),
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("association"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "association"],
                condition=models.Q(status__in=["requested", "invited", "approved"]),
                name="one_live_membership_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ∈ {self.association} ({self.status})"


# Which action leads a membership from which statuses to which (core.transitions): the
# enterprise accepts or declines an invitation, the association's staff approve or reject a
# request, either side ends a live one. Services, the API's `actions` and the buttons read it.
_M = Membership.Status
Membership.TRANSITIONS = Transitions(
    Transition("accept", (_M.INVITED,), _M.APPROVED),
    Transition("decline", (_M.INVITED,), _M.REJECTED),
    Transition("approve", (_M.REQUESTED,), _M.APPROVED),
    Transition("reject", (_M.REQUESTED,), _M.REJECTED),
    Transition("end", Membership.LIVE_STATUSES, _M.ENDED),
)


class MembershipEvent(StateEvent):
    """Each change of a membership: who, when, from, to, why."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="events", verbose_name=_("membership")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta(StateEvent.Meta):
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")


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
