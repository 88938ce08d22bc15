"""Invitations to apply (邀请投递): a recruiter invites a graduate the position's talent
suggestions show; the graduate accepts (an application through the invitation) or declines.

Each step is an event row (who, when, from, to) and tells the other side in the app and by
e-mail, in the reader's own language.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from candidates import permissions, services
from candidates.models import (
    Application,
    GraduateProfile,
    Invitation,
    InvitationEvent,
    InvitationStatus,
    Notification,
    Source,
)
from candidates.talent import is_suggestible, masked_name, not_suggested
from core.mail import email_language

MAX_MESSAGE = 1000
MAX_REASON = 500


def invitations_per_position_per_day() -> int:
    return int(getattr(settings, "INVITATIONS_PER_POSITION_PER_DAY", 20))


def _today_start() -> datetime.datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def invite_graduate(*, position, graduate: GraduateProfile, message: str, by: User) -> Invitation:
    """A recruiter invites a suggested graduate to apply to an open position.

    Only recruiters of the position's verified enterprise; only a graduate among its suggestions
    (discoverable, fitting, not applied, not having declined it); one open invitation per
    graduate and position; at most INVITATIONS_PER_POSITION_PER_DAY a day for a position.
    """
    if not permissions.can_suggest_talent(by, position):
        raise PermissionDenied(_("You cannot invite graduates to this position."))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a few words to the graduate.")})
    if len(message) > MAX_MESSAGE:
        raise ValidationError(
            {"message": _("Keep the message under %(n)s characters.") % {"n": MAX_MESSAGE}}
        )
    with transaction.atomic():
        # One position's invitations are counted one request after another: two recruiters
        # inviting at once would each see the count below the limit.
        type(position).objects.select_for_update().filter(pk=position.pk).first()
        if Invitation.objects.filter(
            position=position, graduate=graduate, status=InvitationStatus.OPEN
        ).exists():
            raise ValidationError(
                _("This graduate has been invited to this position already."),
                code="already_invited",
            )
        if not is_suggestible(graduate, position):
            raise not_suggested()
        sent_today = Invitation.objects.filter(
            position=position, created_at__gte=_today_start()
        ).count()
        limit = invitations_per_position_per_day()
        if sent_today >= limit:
            raise ValidationError(
                _(
                    "%(limit)s invitations have been sent for this position today, the most "
                    "allowed a day. Invite more tomorrow."
                )
                % {"limit": limit},
                code="rate_limited",
            )
        invitation = Invitation.objects.create(
            position=position, graduate=graduate, invited_by=by, message=message
        )
        InvitationEvent.objects.create(
            invitation=invitation, actor=by, from_status="", to_status=InvitationStatus.OPEN
        )
        _tell_graduate(invitation)
    return invitation


def accept_invitation(*, invitation: Invitation, by: User) -> Application:
    """The graduate accepts: an application to the position with the invitation as its source
    channel (so the outcomes count it as such). The rules of applying hold: an open position and
    a complete profile. Applied meanwhile by another way: that application answers it."""
    if invitation.graduate.user_id != by.pk:
        raise PermissionDenied(_("Only the invited graduate can answer this invitation."))
    with transaction.atomic():
        locked = _lock_open(invitation, action="accept")
        graduate = permissions.require_graduate(by)
        try:
            application = services.apply(
                graduate=graduate, position=locked.position, source=Source.INVITATION, by=by
            )
        except services.AlreadyApplied as already:
            application = already.application
        locked.application_id = application.pk
        _answer(locked, action="accept", by=by)
    invitation.refresh_from_db()
    return application


def decline_invitation(*, invitation: Invitation, by: User, reason: str = "") -> Invitation:
    """The graduate declines, optionally saying why; the position will not suggest them again."""
    if invitation.graduate.user_id != by.pk:
        raise PermissionDenied(_("Only the invited graduate can answer this invitation."))
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": MAX_REASON}}
        )
    with transaction.atomic():
        locked = _lock_open(invitation, action="decline")
        locked.decline_reason = reason
        _answer(locked, action="decline", by=by, note=reason)
    invitation.refresh_from_db()
    return invitation


def _lock_open(invitation: Invitation, *, action: str) -> Invitation:
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("position__enterprise", "graduate__user", "invited_by")
        .get(pk=invitation.pk)
    )
    Invitation.TRANSITIONS.require(
        action,
        locked.status,
        _("This invitation has been answered already (%(status)s).")
        % {"status": locked.get_status_display()},
    )
    return locked


def _answer(invitation: Invitation, *, action: str, by: User, note: str = "") -> None:
    from_status = invitation.status
    to = Invitation.TRANSITIONS.target(action)
    invitation.status = to
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at", "decline_reason", "application"])
    InvitationEvent.objects.create(
        invitation=invitation, actor=by, from_status=from_status, to_status=to, note=note
    )
    _tell_inviter(invitation)


def _tell_graduate(invitation: Invitation) -> None:
    user = invitation.graduate.user
    position = invitation.position
    url = reverse("candidates:invitations")
    with translation.override(email_language(user)):
        message = _("%(enterprise)s invites you to apply to %(title)s.") % {
            "enterprise": position.enterprise.name,
            "title": position.title,
        }
    services.notify(
        user=user,
        kind=Notification.Kind.INVITATION,
        message=message,
        url=url,
        email_template="candidates/email/invitation",
        context={"invitation": invitation, "position": position, "message": message, "url": url},
    )


def _tell_inviter(invitation: Invitation) -> None:
    user = invitation.invited_by
    if user is None or not user.is_active:
        return
    position = invitation.position
    url = reverse("candidates:talent", args=[position.pk])
    if invitation.status == InvitationStatus.ACCEPTED and invitation.application_id:
        url = reverse("candidates:pipeline_application", args=[invitation.application_id])
    with translation.override(email_language(user)):
        if invitation.status == InvitationStatus.ACCEPTED:
            message = _("%(name)s accepted your invitation to %(title)s and applied.") % {
                "name": invitation.graduate.full_name,
                "title": position.title,
            }
        else:
            # Declining is not applying: the recruiter still sees only the masked name.
            message = _("%(name)s declined your invitation to %(title)s.") % {
                "name": masked_name(invitation.graduate.full_name),
                "title": position.title,
            }
    services.notify(
        user=user,
        kind=Notification.Kind.INVITATION_ANSWERED,
        message=message,
        url=url,
        email_template="candidates/email/invitation_answered",
        context={"invitation": invitation, "position": position, "message": message, "url": url},
    )
