"""Use cases the platform runs on its own, from beat (candidates.tasks), so that no application
falls into a black hole and no position stays up unfilled and unanswered:

- an application unanswered for UNANSWERED_REMIND_DAYS reminds the enterprise's recruiters (once);
- one unanswered for UNANSWERED_CLOSE_DAYS, or whose position has ended, is closed for the
  graduate as "no answer" (its own status, not a rejection), with a courteous message;
- a position idle for STILL_HIRING_IDLE_DAYS, or with many applications and none answered, asks
  its recruiters "still hiring?" (还在招吗？); unanswered for STILL_HIRING_CONFIRM_DAYS it is
  unlisted, and its recruiters and the staff of its associations are told.

Each function re-reads the rows under a lock and guards on their state, so running it twice, or
two workers at once, does nothing twice. Services: they write through jobs' and this app's rules,
and every message goes in the recipient's language.
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from candidates import selectors
from candidates.models import UNANSWERED, Application, ApplicationEvent, Notification
from candidates.services import active_recruiters, notify
from core.mail import email_language
from jobs import services as job_services
from jobs.models import Position
from jobs.selectors import positions_to_unlist

S = Application.Status


# --- applications left unanswered ----------------------------------------------------------------


def follow_up_unanswered_applications() -> dict[str, int]:
    """Close what is overdue, then remind the recruiters of what will be; returns the counts."""
    closed = 0
    for pk in selectors.applications_to_close_unanswered().values_list("pk", flat=True):
        closed += close_unanswered_application(application_id=pk)
    return {"closed": closed, "reminded": remind_recruiters_of_unanswered()}


def close_unanswered_application(*, application_id: int) -> bool:
    """Close one application the enterprise never answered, for the graduate; True when closed
    now (False: answered, withdrawn or closed meanwhile, or not due)."""
    due = selectors.applications_to_close_unanswered()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("graduate__user", "position__enterprise")
            .filter(pk=application_id)
            .first()
        )
        if application is None or not due.filter(pk=application_id).exists():
            return False
        if not Application.TRANSITIONS.allows("close_unanswered", application.status):
            return False
        from_status = application.status
        application.status = S.NO_ANSWER
        application.save(update_fields=["status", "updated_at"])
        ApplicationEvent.objects.create(
            application=application, actor=None, from_status=from_status, to_status=S.NO_ANSWER
        )
        _tell_graduate_of_no_answer(application)
    return True


def _tell_graduate_of_no_answer(application: Application) -> None:
    user = application.graduate.user
    position = application.position
    ended = position.status in selectors.ENDED_POSITION_STATUSES
    with translation.override(email_language(user)):
        if ended:
            reason = _("The position has been closed without an answer to your application.")
        else:
            reason = _("%(enterprise)s has not answered your application within %(days)s days.") % {
                "enterprise": position.enterprise.name,
                "days": settings.UNANSWERED_CLOSE_DAYS,
            }
        message = _(
            "Your application to %(title)s at %(enterprise)s is closed: %(reason)s "
            "This is not a rejection of you; we closed it so that you need not wait any longer. "
            "Thank you for applying, and good luck with your search."
        ) % {"title": position.title, "enterprise": position.enterprise.name, "reason": reason}
    url = reverse("candidates:application", args=[application.pk])
    notify(
        user=user,
        kind=Notification.Kind.STATUS_CHANGED,
        message=message,
        url=url,
        email_template="candidates/email/no_answer",
        context={"application": application, "message": message, "url": url},
    )


def remind_recruiters_of_unanswered() -> int:
    """Tell each enterprise's recruiters, in one message, of its applications waiting longer than
    UNANSWERED_REMIND_DAYS; each application is reminded of once. Returns how many were."""
    by_enterprise: dict[int, list[int]] = defaultdict(list)
    for pk, enterprise_id in selectors.applications_to_remind().values_list(
        "pk", "position__enterprise_id"
    ):
        by_enterprise[enterprise_id].append(pk)
    reminded = 0
    for enterprise_id, ids in by_enterprise.items():
        with transaction.atomic():
            due = list(
                Application.objects.select_for_update()
                .filter(pk__in=ids, status__in=UNANSWERED, unanswered_reminded_at=None)
                .values_list("pk", flat=True)
            )
            if not due:
                continue
            Application.objects.filter(pk__in=due).update(unanswered_reminded_at=timezone.now())
            _remind_recruiters(enterprise_id=enterprise_id, count=len(due))
            reminded += len(due)
    return reminded


def _remind_recruiters(*, enterprise_id: int, count: int) -> None:
    from associations.models import Enterprise

    enterprise = Enterprise.objects.get(pk=enterprise_id)
    url = f"{reverse('candidates:pipeline')}?enterprise={enterprise_id}&status={S.SUBMITTED}"
    for user in active_recruiters(enterprise_id):
        with translation.override(email_language(user)):
            message = _(
                "%(count)s applications to %(enterprise)s have waited more than %(days)s days "
                "for an answer. Invite, reject or answer them: after %(limit)s days they are "
                "closed for the graduates as unanswered, and your enterprise's response rate "
                "shows it."
            ) % {
                "count": count,
                "enterprise": enterprise.name,
                "days": settings.UNANSWERED_REMIND_DAYS,
                "limit": settings.UNANSWERED_CLOSE_DAYS,
            }
        notify(
            user=user,
            kind=Notification.Kind.UNANSWERED,
            message=message,
            url=url,
            email_template="candidates/email/unanswered",
            context={"message": message, "url": url},
        )


# --- still hiring? (还在招吗？) ----------------------------------------------------------------


def check_positions_still_hiring() -> dict[str, int]:
    """Unlist the positions whose question went unanswered, then ask the newly idle ones."""
    # Each step and its notices (their e-mails are outbox rows) commit together: a worker that
    # dies in between leaves neither a position unlisted unannounced nor one asked in silence.
    unlisted = 0
    for position in list(positions_to_unlist()):
        with transaction.atomic():
            if job_services.unlist_unconfirmed(position=position):
                _tell_of_unlisting(
                    Position.objects.select_related("enterprise").get(pk=position.pk)
                )
                unlisted += 1
    asked = 0
    for pk, reason in selectors.positions_to_ask_whether_still_hiring().items():
        position = Position.objects.select_related("enterprise").get(pk=pk)
        with transaction.atomic():
            if job_services.ask_whether_still_hiring(position=position, reason=reason):
                _ask_recruiters(position, reason=reason)
                asked += 1
    return {"asked": asked, "unlisted": unlisted}


def _ask_recruiters(position: Position, *, reason: str) -> None:
    url = reverse("jobs:still_hiring", args=[position.pk])
    for user in active_recruiters(position.enterprise_id):
        with translation.override(email_language(user)):
            if reason == "unanswered":
                why = _("Many applications to it are waiting and none has been answered.")
            else:
                why = _("Nothing has happened in its applications for %(days)s days.") % {
                    "days": settings.STILL_HIRING_IDLE_DAYS
                }
            message = _(
                "Still hiring for %(title)s? %(why)s Confirm it or close it in one click; "
                "without an answer within %(days)s days it leaves the search results."
            ) % {"title": position.title, "why": why, "days": settings.STILL_HIRING_CONFIRM_DAYS}
        notify(
            user=user,
            kind=Notification.Kind.STILL_HIRING,
            message=message,
            url=url,
            email_template="candidates/email/still_hiring",
            context={"message": message, "url": url, "position": position},
        )


def _tell_of_unlisting(position: Position) -> None:
    """The recruiters (who may confirm it and so list it again) and the staff of the
    enterprise's associations (who see it in their list of unconfirmed positions)."""
    from associations.models import AssociationStaff, Membership

    recruiters = active_recruiters(position.enterprise_id)
    associations = Membership.objects.filter(
        enterprise_id=position.enterprise_id, status=Membership.Status.APPROVED
    ).values("association_id")
    staff = User.objects.filter(
        association_staff__association_id__in=associations,
        association_staff__role__in=AssociationStaff.Role.values,
    ).distinct()
    for user, url in [
        *((user, reverse("jobs:still_hiring", args=[position.pk])) for user in recruiters),
        *((user, reverse("jobs:unconfirmed")) for user in staff if user not in recruiters),
    ]:
        with translation.override(email_language(user)):
            message = _(
                "%(title)s at %(enterprise)s has left the search results: its recruiters did "
                "not confirm within %(days)s days that it is still hiring. Confirming it lists "
                "it again."
            ) % {
                "title": position.title,
                "enterprise": position.enterprise.name,
                "days": settings.STILL_HIRING_CONFIRM_DAYS,
            }
        notify(
            user=user,
            kind=Notification.Kind.UNLISTED,
            message=message,
            url=url,
            email_template="candidates/email/unlisted",
            context={"message": message, "url": url, "position": position},
        )
