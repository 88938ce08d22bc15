"""Use cases of associations and enterprises: every state change of the app lives here.

Sections: staff invitations; associations and their staff; enterprises and their recruiters;
memberships (the state machine that makes an enterprise verified).
"""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import forget_roles
from accounts.services import has_verified_email
from associations.credit_code import credit_code_errors
from associations.credit_code import normalise as normalise_code
from associations.models import (
    ASSOCIATION_PROFILE_FIELDS,
    ENTERPRISE_PROFILE_FIELDS,
    Association,
    AssociationStaff,
    Enterprise,
    EnterpriseRecruiter,
    Industry,
    Membership,
    MembershipEvent,
    RecruiterInvitation,
    StaffInvitation,
)
from associations.permissions import (
    can_act_for_enterprise,
    can_create_association,
    can_decide_memberships,
    can_edit_association,
    can_manage_recruiters,
    can_manage_staff,
    can_register_enterprise,
)
from associations.selectors import is_verified
from core.mail import send_templated_email_on_commit
from core.times import local_minute
from search import sync


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
                "link": (base_url or settings.SITE_URL) + invitation_path(token),
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
            % {"when": local_minute(invitation.accepted_at)},
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
            % {"when": local_minute(invitation.expires_at)},
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

    if not is_verified(enterprise):
        raise ValidationError(
            _(
                "%(name)s is not verified yet: an association must approve it as a member "
                "before it can publish positions or take part in fairs."
            )
            % {"name": enterprise.name}
        )


# --- associations and their staff -----------------------------------------------------------


def _clean_industries(value) -> str:
    """Accept "CI" or ["C", "I"]; keep known section letters once, in order."""

    letters = value if isinstance(value, str) else "".join(value or [])
    return "".join(sorted({c for c in letters.upper() if c in Industry.values}))


def create_association(
    *, by: User, admin_email: str, admin_name: str = "", base_url: str = "", **fields
) -> tuple[Association, StaffInvitation | None]:
    """The department creates an association and its first administrator.

    An address that has an account becomes admin at once; any other address gets an admin
    invitation link (returned, with the association).
    """

    if not can_create_association(by):
        raise PermissionDenied(_("Only department officers create associations."))
    unknown = set(fields) - set(ASSOCIATION_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown association fields: {sorted(unknown)}")
    fields["industries"] = _clean_industries(fields.get("industries", ""))
    admin_email = User.objects.normalize_email(admin_email or "").strip().lower()
    if not admin_email:
        raise ValidationError(
            {"admin_email": _("Give the e-mail address of its first administrator.")}
        )
    association = Association(**fields)
    association.full_clean()
    invitation = None
    with transaction.atomic():
        association.save()
        admin = User.objects.filter(email__iexact=admin_email).first()
        if admin is not None:
            AssociationStaff.objects.create(
                association=association, user=admin, role=AssociationStaff.Role.ADMIN
            )
            forget_roles(admin)
        else:
            invitation, _token = invite_staff(
                association=association,
                email=admin_email,
                role=AssociationStaff.Role.ADMIN,
                by=by,
                base_url=base_url,
            )
    return association, invitation


def update_association(*, association: Association, by: User, **fields) -> Association:
    """Admins (and officers) edit the association's profile."""

    if not can_edit_association(by, association):
        raise PermissionDenied(_("Only the association's administrators edit its profile."))
    for name, value in fields.items():
        if name not in ASSOCIATION_PROFILE_FIELDS:
            raise TypeError(f"unknown association field: {name}")
        setattr(association, name, _clean_industries(value) if name == "industries" else value)
    association.full_clean()
    with transaction.atomic():
        association.save()
    return association


def remove_staff(*, staff: AssociationStaff, by: User) -> None:
    """Admins remove staff (anyone may leave); the last administrator cannot be removed."""
    association = staff.association
    if not (can_manage_staff(by, association) or staff.user_id == by.pk):
        raise PermissionDenied(_("Only the association's administrators remove staff."))
    with transaction.atomic():
        admins = list(
            AssociationStaff.objects.select_for_update()
            .filter(association=association, role=AssociationStaff.Role.ADMIN)
            .values_list("pk", flat=True)
        )
        if staff.role == AssociationStaff.Role.ADMIN and admins == [staff.pk]:
            raise ValidationError(
                _(
                    "%(name)s is the association's last administrator: make someone else "
                    "administrator first."
                )
                % {"name": staff.user.get_full_name()}
            )
        staff.delete()
    forget_roles(staff.user)
    forget_roles(by)


def set_staff_role(*, staff: AssociationStaff, role: str, by: User) -> AssociationStaff:
    """Admins change a staff member's role; the last administrator stays one."""
    if not can_manage_staff(by, staff.association):
        raise PermissionDenied(_("Only the association's administrators change roles."))
    if role not in AssociationStaff.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        admins = list(
            AssociationStaff.objects.select_for_update()
            .filter(association=staff.association, role=AssociationStaff.Role.ADMIN)
            .values_list("pk", flat=True)
        )
        if role != AssociationStaff.Role.ADMIN and admins == [staff.pk]:
            raise ValidationError(_("The association must keep at least one administrator."))
        staff.role = role
        staff.save(update_fields=["role"])
    forget_roles(staff.user)
    return staff


# --- enterprises and their recruiters -------------------------------------------------------


def _check_district(enterprise: Enterprise) -> None:
    if enterprise.district_id and enterprise.district.parent_id != enterprise.city_id:
        raise ValidationError(
            {
                "district": _("%(district)s is not in the chosen city.")
                % {"district": enterprise.district}
            }
        )


def create_enterprise(*, by: User, credit_code: str, **fields) -> Enterprise:
    """A recruiter registers an enterprise and becomes its owner (active at once).

    The credit code must pass the GB 32100 checks and be new; the enterprise is not verified
    until an association approves it as a member.
    """
    if not can_register_enterprise(by):
        raise PermissionDenied(
            _("Only recruiters register enterprises: sign up as an enterprise recruiter.")
        )
    unknown = set(fields) - set(ENTERPRISE_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown enterprise fields: {sorted(unknown)}")
    enterprise = Enterprise(credit_code=normalise_code(credit_code), **fields)
    enterprise.full_clean()
    _check_district(enterprise)
    with transaction.atomic():
        enterprise.save()
        EnterpriseRecruiter.objects.create(
            enterprise=enterprise,
            user=by,
            role=EnterpriseRecruiter.Role.OWNER,
            status=EnterpriseRecruiter.Status.ACTIVE,
        )
    forget_roles(by)
    return enterprise


def update_enterprise(*, enterprise: Enterprise, by: User, **fields) -> Enterprise:
    """Active recruiters edit their enterprise's profile; the credit code never changes."""
    if not can_act_for_enterprise(by, enterprise):
        raise PermissionDenied(_("You can edit only the enterprises you recruit for."))
    for name, value in fields.items():
        if name not in ENTERPRISE_PROFILE_FIELDS:
            raise TypeError(f"unknown enterprise field: {name}")
        setattr(enterprise, name, value)
    enterprise.full_clean()
    _check_district(enterprise)
    with transaction.atomic():
        enterprise.save()
        _reindex_positions(enterprise)
    return enterprise


def find_enterprise_by_code(credit_code: str) -> Enterprise:
    """The registered enterprise with this code, or an error that says what is wrong."""
    code = normalise_code(credit_code)
    errors = credit_code_errors(code)
    if errors:
        raise ValidationError({"credit_code": errors})
    enterprise = Enterprise.objects.filter(credit_code=code).first()
    if enterprise is None:
        raise ValidationError(
            {
                "credit_code": _(
                    "No enterprise with the code %(code)s is registered yet: register it instead."
                )
                % {"code": code}
            }
        )
    return enterprise


def request_to_join_enterprise(*, credit_code: str, by: User) -> EnterpriseRecruiter:
    """Ask to recruit for a registered enterprise: pending until an owner approves.

    An address the owner invited earlier is approved at once, once its holder has confirmed it
    (an unconfirmed account may belong to someone who merely typed that address).
    """
    if not can_register_enterprise(by):
        raise PermissionDenied(
            _("Only recruiters join enterprises: sign up as an enterprise recruiter.")
        )
    enterprise = find_enterprise_by_code(credit_code)
    existing = EnterpriseRecruiter.objects.filter(enterprise=enterprise, user=by).first()
    if existing is not None:
        if existing.status == EnterpriseRecruiter.Status.ACTIVE:
            message = _("You recruit for %(name)s already.")
        else:
            message = _("Your request to join %(name)s is already waiting for its owner.")
        raise ValidationError({"credit_code": message % {"name": enterprise.name}})
    with transaction.atomic():
        invitation = (
            RecruiterInvitation.objects.select_for_update()
            .filter(enterprise=enterprise, email__iexact=by.email, accepted_at=None)
            .first()
            if has_verified_email(by)
            else None
        )
        recruiter = EnterpriseRecruiter.objects.create(
            enterprise=enterprise,
            user=by,
            role=EnterpriseRecruiter.Role.RECRUITER,
            status=(
                EnterpriseRecruiter.Status.ACTIVE
                if invitation
                else EnterpriseRecruiter.Status.PENDING
            ),
        )
        if invitation:
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
        else:
            owners = _owner_emails(enterprise)
            if owners:
                send_templated_email_on_commit(
                    to=owners,
                    template="associations/email/recruiter_request",
                    context={"enterprise": enterprise, "requester": by},
                )
    forget_roles(by)
    return recruiter


def _owner_emails(enterprise: Enterprise) -> list[str]:
    return list(
        User.objects.filter(
            enterprise_recruiters__enterprise=enterprise,
            enterprise_recruiters__role=EnterpriseRecruiter.Role.OWNER,
            enterprise_recruiters__status=EnterpriseRecruiter.Status.ACTIVE,
        ).values_list("email", flat=True)
    )


def approve_recruiter(*, recruiter: EnterpriseRecruiter, by: User) -> EnterpriseRecruiter:
    """An owner approves a pending request to recruit for the enterprise."""
    if not can_manage_recruiters(by, recruiter.enterprise):
        raise PermissionDenied(_("Only the enterprise's owners approve recruiters."))
    with transaction.atomic():
        recruiter = EnterpriseRecruiter.objects.select_for_update().get(pk=recruiter.pk)
        if recruiter.status != EnterpriseRecruiter.Status.PENDING:
            raise ValidationError(_("This recruiter is active already."))
        recruiter.status = EnterpriseRecruiter.Status.ACTIVE
        recruiter.save(update_fields=["status"])
        send_templated_email_on_commit(
            to=[recruiter.user.email],
            template="associations/email/recruiter_approved",
            context={"enterprise": recruiter.enterprise, "approver": by},
        )
    forget_roles(recruiter.user)
    return recruiter


def remove_recruiter(*, recruiter: EnterpriseRecruiter, by: User) -> None:
    """Owners remove recruiters or refuse requests (anyone may leave); the last owner stays."""
    enterprise = recruiter.enterprise
    if not (can_manage_recruiters(by, enterprise) or recruiter.user_id == by.pk):
        raise PermissionDenied(_("Only the enterprise's owners remove recruiters."))
    with transaction.atomic():
        owners = list(
            EnterpriseRecruiter.objects.select_for_update()
            .filter(
                enterprise=enterprise,
                role=EnterpriseRecruiter.Role.OWNER,
                status=EnterpriseRecruiter.Status.ACTIVE,
            )
            .values_list("pk", flat=True)
        )
        if owners == [recruiter.pk]:
            raise ValidationError(
                _("%(name)s is the enterprise's only owner and cannot be removed.")
                % {"name": recruiter.user.get_full_name()}
            )
        recruiter.delete()
    forget_roles(recruiter.user)
    forget_roles(by)


def invite_recruiter(
    *, enterprise: Enterprise, email: str, by: User, base_url: str = ""
) -> EnterpriseRecruiter | RecruiterInvitation:
    """An owner invites someone by e-mail to recruit for the enterprise.

    An existing account with a confirmed address becomes an active recruiter at once (and is
    told); any other address gets an e-mail asking to sign up and join with the enterprise's code,
    which is then approved at once.
    """
    if not can_manage_recruiters(by, enterprise):
        raise PermissionDenied(_("Only the enterprise's owners invite recruiters."))
    email = User.objects.normalize_email(email or "").strip().lower()
    try:
        EmailValidator()(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not has_verified_email(user):
        # Whoever signed up with the address has not proved it is theirs: they are invited like a
        # new address, and join (approved at once) after confirming it.
        user = None
    context = {
        "enterprise": enterprise,
        "inviter": by,
        "link": (base_url or settings.SITE_URL) + reverse("account_signup"),
    }
    with transaction.atomic():
        if user is not None:
            existing = EnterpriseRecruiter.objects.filter(enterprise=enterprise, user=user).first()
            if existing is not None and existing.status == EnterpriseRecruiter.Status.ACTIVE:
                raise ValidationError(
                    {
                        "email": _("%(email)s recruits for this enterprise already.")
                        % {"email": email}
                    }
                )
            if existing is not None:  # a pending request: the invitation approves it
                existing.status = EnterpriseRecruiter.Status.ACTIVE
                existing.save(update_fields=["status"])
                result = existing
            else:
                result = EnterpriseRecruiter.objects.create(
                    enterprise=enterprise,
                    user=user,
                    role=EnterpriseRecruiter.Role.RECRUITER,
                    status=EnterpriseRecruiter.Status.ACTIVE,
                )
            send_templated_email_on_commit(
                to=[email], template="associations/email/recruiter_added", context=context
            )
        else:
            if RecruiterInvitation.objects.filter(
                enterprise=enterprise, email__iexact=email, accepted_at=None
            ).exists():
                raise ValidationError(
                    {"email": _("%(email)s has been invited already.") % {"email": email}}
                )
            try:
                with transaction.atomic():  # a concurrent invitation of the address wins
                    result = RecruiterInvitation.objects.create(
                        enterprise=enterprise, email=email, invited_by=by
                    )
            except IntegrityError:
                raise ValidationError(
                    {"email": _("%(email)s has been invited already.") % {"email": email}}
                ) from None
            send_templated_email_on_commit(
                to=[email], template="associations/email/recruiter_invitation", context=context
            )
    if user is not None:
        forget_roles(user)
    return result


# --- memberships: the state machine ---------------------------------------------------------
#
#   (none) --request--> requested --approve (staff)-----> approved --end (either)--> ended
#   (none) --invite---> invited   --accept (enterprise)--> approved
#   requested --reject (staff)--> rejected;  invited --decline (enterprise)--> rejected
#   requested / invited --withdraw (either)--> ended

Status = Membership.Status
T = Membership.TRANSITIONS


def _record(membership: Membership, *, by: User, to: str, reason: str = "") -> Membership:
    from_status = membership.status if membership.pk else ""
    membership.status = to
    membership.reason = reason
    membership.save()
    MembershipEvent.objects.create(
        membership=membership, actor=by, from_status=from_status, to_status=to, reason=reason
    )
    return membership


def _reindex_positions(enterprise: Enterprise) -> None:
    """Positions carry their enterprise's associations in the index: refresh them on commit."""
    for position_id in enterprise.positions.values_list("pk", flat=True):
        sync.schedule_position_index(position_id)


def _live_membership_error(live: Membership) -> ValidationError:
    messages = {
        Status.REQUESTED: _(
            "%(enterprise)s has already asked to join %(association)s; the request is waiting "
            "for the association's staff."
        ),
        Status.INVITED: _(
            "%(association)s has already invited %(enterprise)s: accept or decline that invitation."
        ),
        Status.APPROVED: _("%(enterprise)s is a member of %(association)s already."),
    }
    return ValidationError(
        messages[live.status]
        % {"enterprise": live.enterprise.name, "association": live.association.name},
        code="live_membership",
    )


def _start_membership(
    *, enterprise: Enterprise, association: Association, by: User, status: str, reason: str
) -> Membership:
    with transaction.atomic():
        # Lock the enterprise row: two clicks at once cannot both pass the check below.
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        live = (
            Membership.objects.select_related("enterprise", "association")
            .filter(
                enterprise=enterprise,
                association=association,
                status__in=Membership.LIVE_STATUSES,
            )
            .first()
        )
        if live is not None:
            raise _live_membership_error(live)
        try:
            with transaction.atomic():
                membership = _record(
                    Membership(enterprise=enterprise, association=association),
                    by=by,
                    to=status,
                    reason=reason,
                )
        except IntegrityError:
            live = Membership.objects.get(
                enterprise=enterprise,
                association=association,
                status__in=Membership.LIVE_STATUSES,
            )
            raise _live_membership_error(live) from None
    return membership


def request_membership(
    *, enterprise: Enterprise, association: Association, by: User, reason: str = ""
) -> Membership:
    """An enterprise asks to join an association; refused while a request, invitation or
    membership of the same pair is live."""
    if not can_act_for_enterprise(by, enterprise):
        raise PermissionDenied(_("Only the enterprise's recruiters ask for membership."))
    membership = _start_membership(
        enterprise=enterprise,
        association=association,
        by=by,
        status=Status.REQUESTED,
        reason=reason.strip(),
    )
    staff_emails = list(
        User.objects.filter(association_staff__association=association).values_list(
            "email", flat=True
        )
    )
    if staff_emails:
        send_templated_email_on_commit(
            to=staff_emails,
            template="associations/email/membership_requested",
            context={"membership": membership},
        )
    return membership


def invite_enterprise(
    *, association: Association, enterprise: Enterprise, by: User, reason: str = ""
) -> Membership:
    """Association staff invite an enterprise to become a member; its recruiters accept."""
    if not can_decide_memberships(by, association):
        raise PermissionDenied(_("Only the association's staff invite enterprises."))
    return _start_membership(
        enterprise=enterprise,
        association=association,
        by=by,
        status=Status.INVITED,
        reason=reason.strip(),
    )


def _transition(membership: Membership, *, by: User, action: str, reason: str = "") -> Membership:
    """Take `action` of the membership's transition table on the locked row."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("enterprise", "association")
            .get(pk=membership.pk)
        )
        before, to = membership.status, T.target(action)
        if not T.allows(action, before):
            raise ValidationError(
                _("This membership is %(status)s: it cannot become %(to)s.")
                % {"status": membership.get_status_display(), "to": Status(to).label},
                code="bad_transition",
            )
        _record(membership, by=by, to=to, reason=reason)
        if Status.APPROVED in (before, to):
            _reindex_positions(membership.enterprise)
        _notify_decision(membership)
    return membership


def _notify_decision(membership: Membership) -> None:
    emails = list(
        User.objects.filter(
            enterprise_recruiters__enterprise=membership.enterprise,
            enterprise_recruiters__status=EnterpriseRecruiter.Status.ACTIVE,
        ).values_list("email", flat=True)
    )
    if emails:
        send_templated_email_on_commit(
            to=emails,
            template="associations/email/membership_changed",
            context={"membership": membership},
        )


def approve_membership(*, membership: Membership, by: User) -> Membership:
    """Staff approve a request; an enterprise's recruiter accepts an invitation.

    An approved membership makes the enterprise verified.
    """
    if membership.status == Status.INVITED:
        if not can_act_for_enterprise(by, membership.enterprise):
            raise PermissionDenied(_("Only the invited enterprise's recruiters accept."))
    elif not can_decide_memberships(by, membership.association):
        raise PermissionDenied(_("Only the association's staff approve membership requests."))
    action = "accept" if membership.status == Status.INVITED else "approve"
    return _transition(membership, by=by, action=action)


def reject_membership(*, membership: Membership, by: User, reason: str) -> Membership:
    """Staff reject a request with a reason; an enterprise declines an invitation."""
    reason = (reason or "").strip()
    if membership.status == Status.INVITED:
        if not can_act_for_enterprise(by, membership.enterprise):
            raise PermissionDenied(_("Only the invited enterprise's recruiters decline."))
    else:
        if not can_decide_memberships(by, membership.association):
            raise PermissionDenied(_("Only the association's staff reject membership requests."))
        if not reason:
            raise ValidationError({"reason": _("Say why the request is rejected.")})
    action = "decline" if membership.status == Status.INVITED else "reject"
    return _transition(membership, by=by, action=action, reason=reason)


def end_membership(*, membership: Membership, by: User, reason: str = "") -> Membership:
    """Either side ends a membership, or withdraws its request or invitation."""
    if not (
        can_decide_memberships(by, membership.association)
        or can_act_for_enterprise(by, membership.enterprise)
    ):
        raise PermissionDenied(_("Only the association's staff or the enterprise end it."))
    return _transition(membership, by=by, action="end", reason=(reason or "").strip())
