"""What a user can act as: the one place that turns memberships into roles.

Navigation, permission predicates and templates all ask `roles_for(user)`; nothing else reads the
membership tables to decide what someone is.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import DepartmentOfficer, SignupRole, User


@dataclass(frozen=True)
class OrgRef:
    """A membership of an organisation, as navigation and permission checks need it."""

    id: int
    name: str
    is_admin: bool  # association admin, or enterprise owner


@dataclass(frozen=True)
class Roles:
    graduate: bool = False
    officer: bool = False
    enterprises: tuple[OrgRef, ...] = ()  # active recruiter memberships
    pending_enterprises: tuple[OrgRef, ...] = ()  # recruiter requests awaiting the owner
    associations: tuple[OrgRef, ...] = ()  # staff memberships
    signed_up_as_recruiter: bool = False
    names: tuple[str, ...] = field(default=())

    @property
    def recruiter(self) -> bool:
        return bool(self.enterprises)

    @property
    def association_staff(self) -> bool:
        return bool(self.associations)

    @property
    def needs_enterprise(self) -> bool:
        """A recruiter who has no enterprise yet: onboarding asks them to create or join one."""
        return self.signed_up_as_recruiter and not self.enterprises

    @property
    def enterprise_ids(self) -> frozenset[int]:
        return frozenset(ref.id for ref in self.enterprises)

    @property
    def association_ids(self) -> frozenset[int]:
        return frozenset(ref.id for ref in self.associations)

    def is_recruiter_of(self, enterprise_id: int) -> bool:
        return enterprise_id in self.enterprise_ids

    def is_owner_of(self, enterprise_id: int) -> bool:
        return any(ref.id == enterprise_id and ref.is_admin for ref in self.enterprises)

    def is_staff_of(self, association_id: int) -> bool:
        return association_id in self.association_ids

    def is_admin_of(self, association_id: int) -> bool:
        return any(ref.id == association_id and ref.is_admin for ref in self.associations)

    @property
    def workspace_url(self) -> str:
        """Where this person's work starts: the workspace of the one role they hold; the hub
        that lists every role's tasks when they hold several, none, or have an enterprise to
        set up. Sign-in lands here and the header links here."""
        if self.needs_enterprise or len(self.names) != 1:
            return reverse("accounts:onboarding")
        return reverse(WORKSPACES[self.names[0]])

    @property
    def labels(self) -> list[tuple[str, str]]:
        """(name, translated label) of each role held, for badges in the navigation."""
        return [(name, ROLE_LABELS[name]) for name in self.names]


ROLE_LABELS = {
    "graduate": _("Graduate"),
    "recruiter": _("Recruiter"),
    "association_staff": _("Association staff"),
    "officer": _("Department officer"),
}
# The page each role works from (URL names: accounts imports none of those apps).
WORKSPACES = {
    "graduate": "candidates:workspace",
    "recruiter": "associations:enterprise_workspace",
    "association_staff": "associations:staff_workspace",
    "officer": "outcomes:dashboard",
}
NO_ROLES = Roles()
_CACHE_ATTR = "_jinpin_roles"


def roles_for(user: User | AnonymousUser | None) -> Roles:
    """The roles of `user`, read once per user object (a request's user is read once)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles = _load_roles(user)
    setattr(user, _CACHE_ATTR, roles)
    return roles


def forget_roles(user: User) -> None:
    """Drop the cached roles after a membership of this user object changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _load_roles(user: User) -> Roles:
    # The membership rows belong to apps above accounts (associations, candidates): they are
    # read through the relations those apps declare to User, so accounts imports none of them.
    recruiter_rows = user.enterprise_recruiters.select_related("enterprise")
    Recruiter = recruiter_rows.model
    enterprises, pending = [], []
    for row in recruiter_rows.order_by("enterprise__name"):
        ref = OrgRef(row.enterprise_id, row.enterprise.name, row.role == Recruiter.Role.OWNER)
        (enterprises if row.status == Recruiter.Status.ACTIVE else pending).append(ref)
    staff_rows = user.association_staff.select_related("association")
    Staff = staff_rows.model
    associations = tuple(
        OrgRef(row.association_id, row.association.name, row.role == Staff.Role.ADMIN)
        for row in staff_rows.order_by("association__name")
    )
    graduate = User.objects.filter(pk=user.pk, graduate_profile__isnull=False).exists()
    officer = DepartmentOfficer.objects.filter(user=user).exists()
    names = tuple(
        name
        for name, held in (
            ("graduate", graduate),
            ("recruiter", bool(enterprises)),
            ("association_staff", bool(associations)),
            ("officer", officer),
        )
        if held
    )
    return Roles(
        graduate=graduate,
        officer=officer,
        enterprises=tuple(enterprises),
        pending_enterprises=tuple(pending),
        associations=associations,
        signed_up_as_recruiter=user.signup_role == SignupRole.RECRUITER,
        names=names,
    )
