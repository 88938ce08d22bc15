"""Use cases of associations: staff invitations (more in later sections of this module)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import send_templated_email_on_commit
from accounts.models import User
from accounts.roles import forget_roles
from associations.models import Association, AssociationStaff, StaffInvitation
from associations.permissions import can_manage_staff


class InvitationError(Exception):
    """Why an invitation link cannot be used; `code` picks the error page."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_path(token: str) -> str:
    return reverse("associations:invitation", kwargs={"token": token})


def invite_staff(
    *,
    association: Association,
    email: str,
    role: str = AssociationStaff.Role.MEMBER,
    by: User,
    base_url: str = "",
) -> tuple[StaffInvitation, str]:
    """Invite `email` to the association's staff; returns the invitation and the secret token.

    Only the association's admins (and officers) invite. Someone already on the staff cannot be
    invited again; an earlier pending invitation to the same address is replaced.
    """
    if not can_manage_staff(by, association):
        raise PermissionDenied(_("Only the association's administrators can invite staff."))
    email = User.objects.normalize_email(email).strip().lower()
    if role not in AssociationStaff.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if AssociationStaff.objects.filter(association=association, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s is already on this association's staff.") % {"email": email}}
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        StaffInvitation.objects.filter(
            association=association, email__iexact=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=now)
        invitation = StaffInvitation.objects.create(
            association=association,
            email=email,
            role=role,
            token_digest=_digest(token),
            invited_by=by,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        send_templated_email_on_commit(
            to=[email],
            template="associations/email/staff_invitation",
            context={
                "invitation": invitation,
                "association": association,
                "link": base_url + invitation_path(token),
                "inviter": by,
            },
        )
    return invitation, token


def check_invitation(token: str) -> StaffInvitation:
    """The pending invitation behind `token`, or an InvitationError saying why it is unusable."""
    invitation = (
        StaffInvitation.objects.select_related("association")
        .filter(token_digest=_digest(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(
            "invalid",
            _(
                "This invitation link is not valid. Check that you copied the whole link, "
                "or ask the association for a new invitation."
            ),
        )
    if invitation.accepted_at is not None:
        raise InvitationError(
            "used",
            _(
                "This invitation has already been used on %(when)s. Log in with the account "
                "that accepted it, or ask the association for a new invitation."
            )
            % {"when": timezone.localtime(invitation.accepted_at).strftime("%Y-%m-%d %H:%M")},
        )
    if invitation.revoked_at is not None:
        raise InvitationError(
            "revoked",
            _(
                "This invitation was withdrawn or replaced by a newer one. Use the newest "
                "invitation e-mail, or ask the association for a new one."
            ),
        )
    if invitation.is_expired:
        raise InvitationError(
            "expired",
            _("This invitation expired on %(when)s. Ask the association for a new one.")
            % {"when": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")},
        )
    return invitation


def accept_invitation(*, token: str, user: User) -> AssociationStaff:
    """Make `user` staff of the invitation's association; the link works once, for its address."""
    with transaction.atomic():
        invitation = check_invitation(token)
        # Lock the row so two tabs accepting at once cannot both succeed.
        invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationError("used", _("This invitation has already been used."))
        if invitation.email.lower() != user.email.lower():
            raise InvitationError(
                "wrong_account",
                _(
                    "This invitation is for %(invited)s, but you are logged in as %(current)s. "
                    "Log out and open the link again."
                )
                % {"invited": invitation.email, "current": user.email},
            )
        try:
            with transaction.atomic():
                staff = AssociationStaff.objects.create(
                    association=invitation.association, user=user, role=invitation.role
                )
        except IntegrityError:
            staff = AssociationStaff.objects.get(association=invitation.association, user=user)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    return staff


def create_account_from_invitation(*, token: str, full_name: str, password: str) -> User:
    """Create the invited person's account and accept the invitation in one step.

    The link reached the invited address, so that address counts as verified.
    """
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        invitation = check_invitation(token)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(
                "account_exists",
                _("An account with %(email)s exists already: log in to accept the invitation.")
                % {"email": invitation.email},
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name.strip()
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        accept_invitation(token=token, user=user)
    return user


def require_verified(enterprise) -> None:
    """Refuse with a readable error unless the enterprise is verified (see selectors.is_verified).

    Publishing positions and registering for fairs call this.
    """
    from associations.selectors import is_verified

    if not is_verified(enterprise):
        raise ValidationError(
            _(
                "%(name)s is not verified yet: an association must approve it as a member "
                "before it can publish positions or take part in fairs."
            )
            % {"name": enterprise.name}
        )
