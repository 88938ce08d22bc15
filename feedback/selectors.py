"""Read queries of fair feedback: who may rate what and until when, a fair's results for its
organisers, its public average, and the department's averages per association and fair kind."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_for
from candidates.models import Application
from fairs.models import Fair, Lead, Participation, SlotBooking, Ticket
from feedback.models import BoothRating, FairRating

# The kinds of fair the department compares.
KIND_LABELS = {
    (Fair.Kind.CAMPUS, Fair.Format.FAIR): _("Campus fairs"),
    (Fair.Kind.CAMPUS, Fair.Format.PRESENTATION): _("Campus presentations"),
    (Fair.Kind.CLOUD, Fair.Format.FAIR): _("Cloud fairs"),
    (Fair.Kind.CLOUD, Fair.Format.PRESENTATION): _("Online presentations"),
}
# Fairs whose visitors are asked: held ones (a cancelled or draft fair has no visitors).
HELD = (Fair.Status.PUBLISHED, Fair.Status.ONGOING, Fair.Status.FINISHED)


def window_closes(fair: Fair) -> datetime.datetime:
    """Answers are given, and may be changed, until this moment."""
    return fair.ends_at + datetime.timedelta(days=settings.FAIR_FEEDBACK_DAYS)


def window_open(fair: Fair, now: datetime.datetime | None = None) -> bool:
    """From the fair's end until FAIR_FEEDBACK_DAYS later, for a fair that was held."""
    now = now or timezone.now()
    return fair.status in HELD and fair.ends_at <= now <= window_closes(fair)


def fairs_in_window() -> QuerySet[Fair]:
    now = timezone.now()
    return Fair.objects.filter(
        status__in=HELD,
        ends_at__lte=now,
        ends_at__gte=now - datetime.timedelta(days=settings.FAIR_FEEDBACK_DAYS),
    )


def checked_in(user, fair: Fair) -> bool:
    """Whether the user checked in at the fair with a ticket of theirs."""
    return Ticket.objects.filter(
        fair=fair, graduate_id=getattr(user, "pk", None), checked_in_at__isnull=False
    ).exists()


def visited_booths(user, fair: Fair) -> QuerySet[Participation]:
    """The approved booths of the fair the graduate is known to have visited: a recruiter scanned
    their ticket there (a lead), they booked an interview slot of it, or applied to one of its
    positions through the fair."""
    graduate_id = getattr(user, "pk", None)
    scanned = Lead.objects.filter(fair=fair, graduate_id=graduate_id).values("enterprise_id")
    booked = SlotBooking.objects.filter(
        fair=fair, graduate_id=graduate_id, status=SlotBooking.Status.BOOKED
    ).values("enterprise_id")
    applied = Application.objects.filter(source_fair=fair, graduate__user_id=graduate_id).values(
        "position__enterprise_id"
    )
    return (
        Participation.objects.filter(fair=fair, status=Participation.Status.APPROVED)
        .filter(
            Q(enterprise_id__in=scanned)
            | Q(enterprise_id__in=booked)
            | Q(enterprise_id__in=applied)
        )
        .select_related("enterprise")
        .order_by("booth_number", "enterprise__name")
    )


def enterprises_that_took_part(user, fair: Fair) -> list:
    """The user's enterprises (as an active recruiter) that took part in the fair: approved and
    not recorded as a no-show."""
    ids = roles_for(user).enterprise_ids
    if not ids:
        return []
    return [
        participation.enterprise
        for participation in Participation.objects.filter(
            fair=fair, enterprise_id__in=ids, status=Participation.Status.APPROVED, no_show=False
        ).select_related("enterprise")
    ]


@dataclass
class Rateable:
    """What one person may rate at one fair, with their answers so far."""

    fair: Fair
    as_graduate: bool
    fair_rating: FairRating | None
    booths: list  # (Participation, BoothRating | None)
    enterprises: list  # (Enterprise, FairRating | None)
    open: bool
    closes: datetime.datetime

    @property
    def anything(self) -> bool:
        return self.as_graduate or bool(self.enterprises)

    @property
    def opens_later(self) -> bool:
        return timezone.now() < self.fair.ends_at


def rateable(user, fair: Fair) -> Rateable:
    as_graduate = checked_in(user, fair)
    fair_rating = None
    booths = []
    if as_graduate:
        fair_rating = FairRating.objects.filter(
            fair=fair, role=FairRating.Role.GRADUATE, author=user
        ).first()
        given = {
            rating.participation_id: rating
            for rating in BoothRating.objects.filter(fair=fair, author=user)
        }
        booths = [(p, given.get(p.pk)) for p in visited_booths(user, fair)]
    enterprises = enterprises_that_took_part(user, fair)
    given_by = {
        rating.enterprise_id: rating
        for rating in FairRating.objects.filter(
            fair=fair, role=FairRating.Role.ENTERPRISE, enterprise__in=enterprises
        )
    }
    return Rateable(
        fair=fair,
        as_graduate=as_graduate,
        fair_rating=fair_rating,
        booths=booths,
        enterprises=[(e, given_by.get(e.pk)) for e in enterprises],
        open=window_open(fair),
        closes=window_closes(fair),
    )


def fairs_to_rate(user) -> QuerySet[Fair]:
    """Fairs the user was asked to rate whose window is still open, newest first."""
    return (
        fairs_in_window()
        .filter(feedback_requests__user=user)
        .select_related("organiser")
        .order_by("-ends_at")
    )


# --- results --------------------------------------------------------------------------------------


def public_average(fair: Fair) -> dict:
    """Graduates' ratings of the fair: how many, and their average once FAIR_RATING_PUBLIC_MIN
    of them rated it (fewer would say little, and could be one person's friends); None until."""
    figures = FairRating.objects.filter(fair=fair, role=FairRating.Role.GRADUATE).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    shown = figures["count"] >= settings.FAIR_RATING_PUBLIC_MIN
    return {"average": _rounded(figures["average"]) if shown else None, "count": figures["count"]}


def _summary(ratings: QuerySet) -> dict:
    figures = ratings.aggregate(
        average=Avg("rating"), count=Count("pk"), candidates=Avg("candidates_rating")
    )
    return {
        "average": _rounded(figures["average"]),
        "count": figures["count"],
        "candidates_average": _rounded(figures["candidates"]),
    }


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 1)


def fair_results(fair: Fair) -> dict:
    """Everything the organisers see: graduates' and enterprises' ratings of the fair, each
    booth's average, and every comment (hidden ones marked), newest first."""
    ratings = FairRating.objects.filter(fair=fair)
    booths = (
        Participation.objects.filter(fair=fair, status=Participation.Status.APPROVED)
        .select_related("enterprise")
        .annotate(average=Avg("ratings__rating"), count=Count("ratings"))
        .order_by("booth_number", "enterprise__name")
    )
    return {
        "graduates": _summary(ratings.filter(role=FairRating.Role.GRADUATE)),
        "enterprises": _summary(ratings.filter(role=FairRating.Role.ENTERPRISE)),
        "booths": [
            {
                "participation": booth,
                "enterprise": booth.enterprise,
                "booth_number": booth.booth_number,
                "average": _rounded(booth.average),
                "count": booth.count,
            }
            for booth in booths
        ],
        "fair_comments": list(
            ratings.exclude(comment="").select_related("enterprise").order_by("-created_at")
        ),
        "booth_comments": list(
            BoothRating.objects.filter(fair=fair)
            .exclude(comment="")
            .select_related("participation__enterprise")
            .order_by("-created_at")
        ),
    }


def booth_results(booth: Participation) -> dict:
    """A booth's ratings as its enterprise sees them: hidden comments left out."""
    ratings = BoothRating.objects.filter(participation=booth)
    figures = ratings.aggregate(average=Avg("rating"), count=Count("pk"))
    return {
        "average": _rounded(figures["average"]),
        "count": figures["count"],
        "comments": list(
            ratings.exclude(comment="").filter(comment_hidden_at=None).order_by("-created_at")
        ),
    }


def department_averages(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    association_id: int | None = None,
) -> dict[str, list[dict]]:
    """Graduates' and enterprises' average ratings of the fairs held in the period, per
    organising association and per kind of fair (campus or cloud; fair or presentation)."""
    ratings = FairRating.objects.all()
    if date_from:
        ratings = ratings.filter(fair__starts_at__date__gte=date_from)
    if date_to:
        ratings = ratings.filter(fair__starts_at__date__lte=date_to)
    if association_id:
        organised = Fair.objects.filter(
            Q(organiser_id=association_id) | Q(co_organisers=association_id)
        ).values("pk")
        ratings = ratings.filter(fair_id__in=organised)
    figures = {
        "graduates": Avg("rating", filter=Q(role=FairRating.Role.GRADUATE)),
        "graduate_ratings": Count("pk", filter=Q(role=FairRating.Role.GRADUATE)),
        "enterprises": Avg("rating", filter=Q(role=FairRating.Role.ENTERPRISE)),
        "candidates": Avg("candidates_rating", filter=Q(role=FairRating.Role.ENTERPRISE)),
        "enterprise_ratings": Count("pk", filter=Q(role=FairRating.Role.ENTERPRISE)),
        "fairs": Count("fair_id", distinct=True),
    }
    by_association = (
        ratings.values("fair__organiser_id", "fair__organiser__name")
        .annotate(**figures)
        .order_by("fair__organiser__name")
    )
    by_kind = ratings.values("fair__kind", "fair__format").annotate(**figures).order_by()

    def row(item, key, label) -> dict:
        return {
            "key": key,
            "label": str(label),
            "fairs": item["fairs"],
            "graduate_average": _rounded(item["graduates"]),
            "graduate_ratings": item["graduate_ratings"],
            "enterprise_average": _rounded(item["enterprises"]),
            "candidates_average": _rounded(item["candidates"]),
            "enterprise_ratings": item["enterprise_ratings"],
        }

    return {
        "association": [
            row(item, item["fair__organiser_id"], item["fair__organiser__name"])
            for item in by_association
        ],
        "kind": sorted(
            (
                row(
                    item,
                    f"{item['fair__kind']}-{item['fair__format']}",
                    KIND_LABELS.get((item["fair__kind"], item["fair__format"]), item["fair__kind"]),
                )
                for item in by_kind
            ),
            key=lambda r: r["key"],
        ),
    }
