"""Every state change of fair feedback: rating a fair or a booth, changing the answer, hiding and
showing a comment, and asking the visitors after a fair.

The rules (feedback.selectors): graduates rate fairs they checked in at and booths they visited;
enterprises (one answer for each, by any of its recruiters) rate fairs they took part in and the
candidates they met; 1 to 5 stars and a plain-text comment of at most COMMENT_MAX_LENGTH
characters; one answer each, given and changed from the fair's end until FAIR_FEEDBACK_DAYS
later. A refused answer writes nothing and says why.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from associations.models import Enterprise
from candidates.models import Notification
from candidates.services import notify
from core.mail import email_language
from core.times import local_minute
from fairs.models import Fair, Participation
from feedback import channels, permissions, selectors
from feedback.models import COMMENT_MAX_LENGTH, BoothRating, FairRating, FeedbackRequest

# A tag, a comment or a character entity: comments are plain text, shown as written.
_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#?\w+;")


def _stars(value) -> int | None:
    """1 to 5 from an int or its digit as text (a form's value); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip() in {"1", "2", "3", "4", "5"}:
        return int(value.strip())
    if isinstance(value, int) and 1 <= value <= 5:
        return value
    return None


def clean_answer(rating, comment, *, field: str = "rating") -> tuple[int, str]:
    """The stars as an int from 1 to 5 and the comment stripped, or a ValidationError naming
    each field at fault."""
    errors = {}
    stars = _stars(rating)
    if stars is None:
        errors[field] = [_("Choose from 1 to 5 stars.")]
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = [
            _("Keep the comment to %(limit)s characters; it has %(length)s.")
            % {"limit": COMMENT_MAX_LENGTH, "length": len(comment)}
        ]
    elif _HTML.search(comment):
        errors["comment"] = [
            _("Write the comment as plain text, without HTML tags or entities (< >, &…;).")
        ]
    if errors:
        raise ValidationError(errors)
    return stars, comment


def _require_window(fair: Fair) -> None:
    now = timezone.now()
    if fair.status not in selectors.HELD:
        raise ValidationError(_("This fair was not held: there is nothing to rate."), code="closed")
    if now < fair.ends_at:
        raise ValidationError(
            _("Ratings open when the fair ends, at %(when)s.")
            % {"when": local_minute(fair.ends_at)},
            code="not_yet",
        )
    if now > selectors.window_closes(fair):
        raise ValidationError(
            _("Ratings of this fair closed on %(when)s.")
            % {"when": local_minute(selectors.window_closes(fair))},
            code="closed",
        )


def _require_checked_in(fair: Fair, by: User) -> None:
    if not selectors.checked_in(by, fair):
        raise ValidationError(
            _("Only graduates who checked in at this fair can rate it."), code="not_attended"
        )


def _already(message: str) -> ValidationError:
    return ValidationError(message, code="already_rated")


# --- graduates ------------------------------------------------------------------------------------


def rate_fair(*, fair: Fair, by: User, rating, comment: str = "") -> FairRating:
    """A graduate who checked in rates the fair, once (then changes that answer)."""
    stars, comment = clean_answer(rating, comment)
    _require_window(fair)
    _require_checked_in(fair, by)
    already = _already(
        _("You have rated this fair already; change your answer until %(when)s.")
        % {"when": local_minute(selectors.window_closes(fair))}
    )
    if FairRating.objects.filter(fair=fair, role=FairRating.Role.GRADUATE, author=by).exists():
        raise already
    try:
        with transaction.atomic():
            return FairRating.objects.create(
                fair=fair,
                role=FairRating.Role.GRADUATE,
                author=by,
                rating=stars,
                comment=comment,
            )
    except IntegrityError:  # a double click's twin was first
        raise already from None


def rate_booth(*, participation: Participation, by: User, rating, comment: str = "") -> BoothRating:
    """A graduate who checked in rates a booth they visited at the fair, once."""
    stars, comment = clean_answer(rating, comment)
    fair = participation.fair
    _require_window(fair)
    _require_checked_in(fair, by)
    if not selectors.visited_booths(by, fair).filter(pk=participation.pk).exists():
        raise ValidationError(
            _(
                "You can rate the booths you visited: those that scanned your ticket, where you "
                "booked an interview or applied through the fair."
            ),
            code="not_visited",
        )
    already = _already(_("You have rated this booth already; change your answer instead."))
    if BoothRating.objects.filter(participation=participation, author=by).exists():
        raise already
    try:
        with transaction.atomic():
            return BoothRating.objects.create(
                participation=participation, fair=fair, author=by, rating=stars, comment=comment
            )
    except IntegrityError:
        raise already from None


# --- enterprises ----------------------------------------------------------------------------------


def rate_fair_as_enterprise(
    *, fair: Fair, enterprise: Enterprise, by: User, rating, candidates_rating, comment: str = ""
) -> FairRating:
    """A recruiter rates, for an enterprise that took part, the fair and the quality of the
    candidates it met; one answer per enterprise."""
    stars, comment = clean_answer(rating, comment)
    candidates, _comment = clean_answer(candidates_rating, "", field="candidates_rating")
    _require_window(fair)
    if enterprise not in selectors.enterprises_that_took_part(by, fair):
        raise ValidationError(
            _("Only recruiters of an enterprise that took part in this fair can rate it for it."),
            code="not_attended",
        )
    already = _already(
        _("%(enterprise)s has rated this fair already; change the answer instead.")
        % {"enterprise": enterprise.name}
    )
    if FairRating.objects.filter(
        fair=fair, role=FairRating.Role.ENTERPRISE, enterprise=enterprise
    ).exists():
        raise already
    try:
        with transaction.atomic():
            return FairRating.objects.create(
                fair=fair,
                role=FairRating.Role.ENTERPRISE,
                author=by,
                enterprise=enterprise,
                rating=stars,
                candidates_rating=candidates,
                comment=comment,
            )
    except IntegrityError:
        raise already from None


# --- changing an answer ---------------------------------------------------------------------------


def change_fair_rating(
    *, fair_rating: FairRating, by: User, rating, comment: str = "", candidates_rating=None
) -> FairRating:
    """Its author (for an enterprise, any of its recruiters) changes the answer, in the window.
    A comment hidden by staff stays hidden only while it is the same text."""
    if not permissions.is_own_fair_rating(by, fair_rating):
        raise PermissionDenied(_("This is not your rating."))
    stars, comment = clean_answer(rating, comment)
    candidates = None
    if fair_rating.role == FairRating.Role.ENTERPRISE:
        candidates, _comment = clean_answer(candidates_rating, "", field="candidates_rating")
    _require_window(fair_rating.fair)
    with transaction.atomic():
        locked = FairRating.objects.select_for_update().get(pk=fair_rating.pk)
        _change(locked, by=by, stars=stars, comment=comment)
        if locked.role == FairRating.Role.ENTERPRISE:
            locked.candidates_rating = candidates
            locked.author = by
        locked.save()
    return locked


def change_booth_rating(
    *, booth_rating: BoothRating, by: User, rating, comment: str = ""
) -> BoothRating:
    """The graduate changes their rating of a booth, in the window."""
    if booth_rating.author_id != by.pk:
        raise PermissionDenied(_("This is not your rating."))
    stars, comment = clean_answer(rating, comment)
    _require_window(booth_rating.fair)
    with transaction.atomic():
        locked = BoothRating.objects.select_for_update().get(pk=booth_rating.pk)
        _change(locked, by=by, stars=stars, comment=comment)
        locked.save()
    return locked


def _change(answer, *, by: User, stars: int, comment: str) -> None:
    if comment != answer.comment:  # new words are not covered by an earlier moderation
        answer.comment_hidden_at = None
        answer.comment_hidden_by = None
    answer.rating = stars
    answer.comment = comment


# --- moderation -----------------------------------------------------------------------------------


def hide_comment(*, answer, by: User):
    """The fair's organisers (or an officer) hide an abusive comment: its stars still count,
    its text is shown to nobody else."""
    if not permissions.can_moderate(by, answer.fair):
        raise PermissionDenied(_("Only the fair's organisers moderate its feedback."))
    with transaction.atomic():
        locked = type(answer).objects.select_for_update().get(pk=answer.pk)
        if locked.comment_hidden_at is None:
            locked.comment_hidden_at = timezone.now()
            locked.comment_hidden_by = by
            locked.save(update_fields=["comment_hidden_at", "comment_hidden_by", "updated_at"])
    return locked


def show_comment(*, answer, by: User):
    """Undo hiding a comment."""
    if not permissions.can_moderate(by, answer.fair):
        raise PermissionDenied(_("Only the fair's organisers moderate its feedback."))
    with transaction.atomic():
        locked = type(answer).objects.select_for_update().get(pk=answer.pk)
        locked.comment_hidden_at = None
        locked.comment_hidden_by = None
        locked.save(update_fields=["comment_hidden_at", "comment_hidden_by", "updated_at"])
    return locked


# --- asking ---------------------------------------------------------------------------------------


def ask_for_fair_feedback() -> int:
    """After each fair, ask its checked-in graduates and the recruiters of the enterprises that
    took part to rate it: once each (a FeedbackRequest row), in-app and by the channels they may
    be reached by (feedback.channels). Returns how many people were asked now."""
    asked = 0
    for fair in selectors.fairs_in_window():
        graduates = User.objects.filter(
            fair_tickets__fair=fair, fair_tickets__checked_in_at__isnull=False
        )
        recruiters = User.objects.filter(
            enterprise_recruiters__status="active",
            enterprise_recruiters__enterprise__fair_participations__fair=fair,
            enterprise_recruiters__enterprise__fair_participations__status=(
                Participation.Status.APPROVED
            ),
            enterprise_recruiters__enterprise__fair_participations__no_show=False,
        )
        already = FeedbackRequest.objects.filter(fair=fair).values("user_id")
        for user in (graduates | recruiters).exclude(pk__in=already).distinct().order_by("pk"):
            asked += _ask(fair, user)
    return asked


def _ask(fair: Fair, user: User) -> bool:
    wanted = channels.wanted(user)
    with transaction.atomic():
        try:
            with transaction.atomic():
                FeedbackRequest.objects.create(fair=fair, user=user, channels=",".join(wanted))
        except IntegrityError:  # asked meanwhile by an overlapping run
            return False
        url = reverse("feedback:rate", args=[fair.pk])
        with translation.override(email_language(user)):
            if selectors.checked_in(user, fair):
                text = _(
                    "How was %(fair)s? Rate the fair and the booths you visited with 1 to 5 "
                    "stars and a short comment until %(when)s: the organisers read every answer."
                )
            else:
                text = _(
                    "How was %(fair)s? Rate the fair and the candidates you met with 1 to 5 "
                    "stars and a short comment until %(when)s: the organisers read every answer."
                )
            message = text % {
                "fair": fair.title,
                "when": local_minute(selectors.window_closes(fair)),
            }
        notify(
            user=user,
            kind=Notification.Kind.FAIR_FEEDBACK,
            message=message,
            url=url,
            email_template="feedback/email/rate_fair" if channels.EMAIL in wanted else "",
            context={"fair": fair, "message": message, "url": url},
        )
        if channels.SMS in wanted:
            channels.send_sms(user, fair_title=fair.title, until=selectors.window_closes(fair))
    return True
