"""Read queries of graduates and applications, scoped to the asking user (pages and API)."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connections, router
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import roles_for
from associations.models import Enterprise, Region
from candidates.majors import match_major
from candidates.models import (
    ANSWERS,
    UNANSWERED,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    GraduateProfile,
    Invitation,
    InvitationStatus,
    Notification,
    Resume,
)
from candidates.recommendations import recommend
from core.db import RowQuery
from core.params import int_param
from jobs.models import Position

# What a graduate must fill in before applying, in the order the profile page shows it.
REQUIRED_FOR_APPLYING = (
    ("full_name", pgettext_lazy("person", "name")),
    ("university", _("university")),
    ("major", _("major")),
    ("degree", _("degree")),
    ("graduation_year", _("graduation year")),
    ("mobile", _("mobile number")),
    ("expected_cities", _("at least one expected city")),
    ("resume", _("a resume (upload a PDF or generate one from the profile)")),
)


@dataclass(frozen=True)
class Completeness:
    missing: tuple[str, ...]  # field names
    labels: tuple[str, ...]  # what the graduate still has to fill in, readable

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def percent(self) -> int:
        total = len(REQUIRED_FOR_APPLYING)
        return round(100 * (total - len(self.missing)) / total)


def completeness(profile: GraduateProfile) -> Completeness:
    """Which required parts of the profile are missing before the graduate can apply."""
    missing = []
    for name, label in REQUIRED_FOR_APPLYING:
        # The profile may carry these from permissions.graduate_of (one query, not three).
        if name == "expected_cities":
            done = getattr(profile, "has_expected_cities", None)
            if done is None:
                done = profile.pk is not None and profile.expected_cities.exists()
        elif name == "resume":
            done = getattr(profile, "current_resume_id", None) is not None or (
                profile.pk is not None
                and not hasattr(profile, "current_resume_id")
                and profile.resumes.exists()
            )
        else:
            done = getattr(profile, name) not in (None, "")
        if not done:
            missing.append((name, label))
    return Completeness(tuple(n for n, _l in missing), tuple(str(lab) for _n, lab in missing))


# A position one may apply to (any but drafts, which only their enterprise sees) with the names its
# answer shows. Written out in SQL for the apply endpoint, its hot path: the ORM took three times
# as much CPU to build the select_related query as to run it. bench/sql.py (PostgreSQL 15,
# 2026-12-06): 5.5 times the CPU with the ORM (1,436 against 261 µs a call, machine loaded).
_POSITION_TO_APPLY = RowQuery(
    Position,
    """
    SELECT {fields}, e.{Enterprise.name}, c.{Region.name}
    FROM {Position} p
    JOIN {Enterprise} e ON e.{Enterprise.pk} = p.{Position.enterprise}
    JOIN {Region} c ON c.{Region.pk} = p.{Position.city}
    WHERE p.{Position.pk} = %s AND p.{Position.status} <> %s
    """,
    alias="p",
    extra=("enterprise_name", "city_name"),
    tables={"Position": Position, "Enterprise": Enterprise, "Region": Region},
)


def position_to_apply(pk: int):
    """The position a graduate applies to, with its enterprise's and city's names; 404 for a draft.

    The enterprise and city are attached as instances holding their id and name (other fields
    load on access, as with `only()`).
    """

    if int_param(pk) is None:  # a URL's <int:> takes any digits; plain SQL would overflow
        raise Http404
    position = _POSITION_TO_APPLY.get([pk, Position.Status.DRAFT])
    if position is None:
        raise Http404
    return _with_names(position, position.enterprise_name, position.city_name)


def _with_names(position, enterprise_name: str, city_name: str):
    """Attach the enterprise and city as instances holding only their id and name."""

    db = position._state.db
    position.enterprise = _partial(Enterprise, db, id=position.enterprise_id, name=enterprise_name)
    position.city = _partial(Region, db, id=position.city_id, name=city_name)
    return position


def _partial(model, db: str, **values):
    """An instance loaded with only these fields; the others load on access, as with `only()`.

    `Model.from_db` takes the values in the model's field order, whatever order they come in.
    """
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


# The user's application to a position, with what the answer to a repeated application shows
# of the position. Plain SQL for the same reason as above: every repeated request runs it.
# bench/sql.py (PostgreSQL 15, 2026-12-06): 7.5 times the CPU with the ORM (2,133 against 285 µs).
_APPLICATION_OF_USER_TO_POSITION = RowQuery(
    Application,
    """
    SELECT {fields}, p.{Position.title}, p.{Position.enterprise}, p.{Position.city},
        e.{Enterprise.name}, c.{Region.name}
    FROM {Application} a
    JOIN {Profile} g ON g.{Profile.pk} = a.{Application.graduate}
    JOIN {Position} p ON p.{Position.pk} = a.{Application.position}
    JOIN {Enterprise} e ON e.{Enterprise.pk} = p.{Position.enterprise}
    JOIN {Region} c ON c.{Region.pk} = p.{Position.city}
    WHERE g.{Profile.user} = %s AND a.{Application.position} = %s
    """,
    alias="a",
    extra=("position_title", "enterprise_id", "city_id", "enterprise_name", "city_name"),
    tables={
        "Application": Application,
        "Profile": GraduateProfile,
        "Position": Position,
        "Enterprise": Enterprise,
        "Region": Region,
    },
)


def application_to_position(*, user_id: int, position_id: int) -> Application | None:
    """The user's application to the position (at most one), its position's title and names
    attached; None when the user has not applied there (or is no graduate)."""

    application = _APPLICATION_OF_USER_TO_POSITION.get([user_id, position_id])
    if application is not None:
        position = _partial(
            Position,
            application._state.db,
            id=position_id,
            title=application.position_title,
            enterprise_id=application.enterprise_id,
            city_id=application.city_id,
        )
        application.position = _with_names(
            position, application.enterprise_name, application.city_name
        )
    return application


def current_resume(profile: GraduateProfile) -> Resume | None:
    return profile.resumes.first()


def resumes_of(profile: GraduateProfile) -> QuerySet[Resume]:
    return profile.resumes.all()


def _with_details(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related(
        "graduate__user", "position__enterprise", "position__city", "resume"
    ).prefetch_related(
        Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor"))
    )


def applications_of_graduate(profile: GraduateProfile, *, status: str = "") -> QuerySet:
    """The graduate's own applications, newest first, with their events."""
    qs = _with_details(Application.objects.filter(graduate=profile))
    if status:
        qs = qs.filter(status=status)
    return qs


def pipeline_for(
    user,
    *,
    enterprise_id: int | None = None,
    position_id: int | None = None,
    status: str = "",
    query: str = "",
) -> QuerySet[Application]:
    """Applications to the user's enterprises (as an active recruiter), filtered."""
    enterprise_ids = roles_for(user).enterprise_ids
    qs = Application.objects.filter(position__enterprise_id__in=enterprise_ids)
    if enterprise_id:
        qs = qs.filter(position__enterprise_id=enterprise_id)
    if position_id:
        qs = qs.filter(position_id=position_id)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(
            Q(graduate__full_name__icontains=query)
            | Q(graduate__major__icontains=query)
            | Q(graduate__university__icontains=query)
        )
    return qs.select_related("graduate__user", "position__enterprise", "position__city").order_by(
        "-created_at", "-pk"
    )


def pipeline_counts(user, *, enterprise_id: int | None = None, position_id: int | None = None):
    """Number of applications per status, for the pipeline's tabs."""
    qs = pipeline_for(user, enterprise_id=enterprise_id, position_id=position_id)
    rows = qs.order_by().values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices]


def pipeline_positions(user):
    """The positions of the user's enterprises that have applications, for the filter."""

    return (
        Position.objects.filter(enterprise_id__in=roles_for(user).enterprise_ids)
        .annotate(n=Count("applications"))
        .filter(n__gt=0)
        .order_by("title")
    )


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def recommended_positions(profile: GraduateProfile, *, limit: int = 20) -> list:
    """Open positions ranked by their fit with the graduate, with the reasons (为你推荐)."""
    return recommend(profile, limit=limit)


# --- Responsiveness (回复率): how an enterprise answers its applicants ---------------------------


@dataclass(frozen=True)
class Responsiveness:
    """An enterprise's answers over the window: counted applications, answered ones, and the
    median hours from an application to its first answer (None when none was answered)."""

    applications: int
    answered: int
    median_hours: float | None

    @property
    def rate(self) -> float:
        return self.answered / self.applications if self.applications else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.rate)

    @property
    def slow(self) -> bool:
        """Slow to reply: fewer than RESPONSE_SLOW_RATE answered, or a median over
        RESPONSE_SLOW_DAYS."""
        if self.median_hours is None or self.rate < settings.RESPONSE_SLOW_RATE:
            return True
        return self.median_hours > settings.RESPONSE_SLOW_DAYS * 24

    @property
    def window_days(self) -> int:
        return settings.RESPONSE_WINDOW_DAYS

    @property
    def usual_days(self) -> int:
        """ "Usually replies within N days": the median in whole days, at least one."""
        return max(1, math.ceil((self.median_hours or 0) / 24))


def _hours_between(vendor: str, start: str, end: str) -> str:
    if vendor == "postgresql":
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)"
    return f"((julianday({end}) - julianday({start})) * 24.0)"


def responsiveness_of(enterprise_ids) -> dict[int, Responsiveness]:
    """Responsiveness of each of these enterprises that has enough applications to judge (at
    least RESPONSE_MIN_APPLICATIONS in the last RESPONSE_WINDOW_DAYS days); the others are left
    out, so that nothing misleading is shown for them. One query for all of them.

    Computed from application events, not a stored counter. An application counts unless the
    graduate withdrew it before any answer; it is answered at its first event into an answer
    status (ANSWERS: interview, offer, hire, rejection), so moving it to "viewed", or to viewed and
    back, answers nothing, and closing it for want of an answer is no answer either.
    """
    ids = sorted({int(pk) for pk in enterprise_ids if pk is not None})
    if not ids:
        return {}
    connection = connections[router.db_for_read(Application)]
    since = timezone.now() - timedelta(days=settings.RESPONSE_WINDOW_DAYS)
    answers = sorted(ANSWERS)
    hours = _hours_between(connection.vendor, "applied_at", "answered_at")
    marks = ", ".join(["%s"] * len(ids))
    answer_marks = ", ".join(["%s"] * len(answers))
    # Table names and the vendor's hours expression are ours; every value is a parameter.
    sql = f"""
        WITH applied AS (
            SELECT p.enterprise_id AS enterprise_id, a.created_at AS applied_at,
                (SELECT MIN(e.created_at) FROM candidates_applicationevent e
                 WHERE e.application_id = a.id AND e.to_status IN ({answer_marks})) AS answered_at,
                (SELECT MIN(e.created_at) FROM candidates_applicationevent e
                 WHERE e.application_id = a.id AND e.to_status = %s) AS withdrawn_at
            FROM candidates_application a
            JOIN jobs_position p ON p.id = a.position_id
            WHERE p.enterprise_id IN ({marks}) AND a.created_at >= %s
        ),
        counted AS (
            SELECT enterprise_id, applied_at, answered_at FROM applied
            WHERE withdrawn_at IS NULL OR answered_at < withdrawn_at
        ),
        answered AS (
            SELECT enterprise_id, {hours} AS hours,
                ROW_NUMBER() OVER (PARTITION BY enterprise_id ORDER BY {hours}) AS n,
                COUNT(*) OVER (PARTITION BY enterprise_id) AS total
            FROM counted WHERE answered_at IS NOT NULL
        ),
        medians AS (
            SELECT enterprise_id, AVG(hours) AS median_hours FROM answered
            WHERE n IN ((total + 1) / 2, (total + 2) / 2)
            GROUP BY enterprise_id
        )
        SELECT c.enterprise_id, COUNT(*), COUNT(c.answered_at), MAX(m.median_hours)
        FROM counted c LEFT JOIN medians m ON m.enterprise_id = c.enterprise_id
        GROUP BY c.enterprise_id
        HAVING COUNT(*) >= %s
    """  # noqa: S608
    params = [
        *answers,
        ApplicationStatus.WITHDRAWN,
        *ids,
        connection.ops.adapt_datetimefield_value(since),
        settings.RESPONSE_MIN_APPLICATIONS,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        enterprise_id: Responsiveness(
            applications=total,
            answered=answered,
            median_hours=None if median is None else float(median),
        )
        for enterprise_id, total, answered, median in rows
    }


# --- Follow-ups: unanswered applications and positions that may no longer be hiring -----------

# Positions that take no more applications: their unanswered applications are closed at once.
ENDED_POSITION_STATUSES = ("closed", "expired", "filled")
# A recruiter's step in the pipeline (the graduate's withdrawal and the platform's closing are not).
RECRUITER_STEPS = (
    ApplicationStatus.VIEWED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.OFFERED,
    ApplicationStatus.HIRED,
    ApplicationStatus.REJECTED,
)


def applications_to_close_unanswered() -> QuerySet[Application]:
    """Applications still unanswered (submitted or viewed) UNANSWERED_CLOSE_DAYS after they were
    made, or whose position has closed, expired or been filled."""
    limit = timezone.now() - timedelta(days=settings.UNANSWERED_CLOSE_DAYS)
    return Application.objects.filter(status__in=UNANSWERED).filter(
        Q(created_at__lte=limit) | Q(position__status__in=ENDED_POSITION_STATUSES)
    )


def applications_to_remind() -> QuerySet[Application]:
    """Applications unanswered UNANSWERED_REMIND_DAYS after they were made whose recruiters were
    not reminded yet."""
    limit = timezone.now() - timedelta(days=settings.UNANSWERED_REMIND_DAYS)
    return Application.objects.filter(
        status__in=UNANSWERED, created_at__lte=limit, unanswered_reminded_at=None
    )


def positions_to_ask_whether_still_hiring() -> dict[int, str]:
    """Open positions to ask "still hiring?" (还在招吗？), with why: "idle" when neither a
    recruiter's step in its pipeline nor its publication or a confirmation happened in the last
    STILL_HIRING_IDLE_DAYS; "unanswered" when STILL_HIRING_UNANSWERED applications have waited a
    week or more and none of its applications was answered in that time. Positions already asked
    are left out."""
    from jobs.models import Position, PositionEvent

    now = timezone.now()
    idle_since = now - timedelta(days=settings.STILL_HIRING_IDLE_DAYS)
    week_ago = now - timedelta(days=7)
    candidates = Position.objects.open().filter(hiring_check_at=None)
    signs_of_life = PositionEvent.objects.filter(
        position=OuterRef("pk"),
        action__in=("published", "reopened", "imported", "hiring_confirmed"),
        created_at__gt=idle_since,
    )
    steps = ApplicationEvent.objects.filter(
        application__position=OuterRef("pk"),
        to_status__in=RECRUITER_STEPS,
        created_at__gt=idle_since,
    )
    idle = (
        candidates.filter(
            Q(published_at__lte=idle_since) | Q(published_at=None, created_at__lte=idle_since)
        )
        .exclude(Exists(signs_of_life))
        .exclude(Exists(steps))
        .values_list("pk", flat=True)
    )
    answers = ApplicationEvent.objects.filter(
        application__position=OuterRef("pk"), to_status__in=ANSWERS, created_at__gt=idle_since
    )
    confirmed = PositionEvent.objects.filter(
        position=OuterRef("pk"), action="hiring_confirmed", created_at__gt=idle_since
    )
    unanswered = (
        candidates.annotate(
            waiting=Count(
                "applications",
                filter=Q(
                    applications__status__in=UNANSWERED,
                    applications__created_at__lte=week_ago,
                ),
            )
        )
        .filter(waiting__gte=settings.STILL_HIRING_UNANSWERED)
        .exclude(Exists(answers))
        .exclude(Exists(confirmed))
        .values_list("pk", flat=True)
    )
    found = {pk: "unanswered" for pk in unanswered}
    found.update({pk: "idle" for pk in idle if pk not in found})
    return found


def major_of(profile: GraduateProfile):
    """What the graduate's major was read as (a catalogue class and major), or None."""
    return match_major(profile.major or "")


# --- Invitations (人才推荐) -------------------------------------------------------------------


def invitations_of(profile: GraduateProfile) -> QuerySet[Invitation]:
    """The invitations the graduate received, open ones first, newest first."""
    return (
        Invitation.objects.filter(graduate=profile)
        .select_related("position__enterprise", "position__city", "application")
        .order_by(Case(When(status=InvitationStatus.OPEN, then=0), default=1), "-created_at", "-pk")
    )


def open_invitations_count(profile: GraduateProfile) -> int:
    return Invitation.objects.filter(graduate=profile, status=InvitationStatus.OPEN).count()


def invitations_for_position(position) -> QuerySet[Invitation]:
    """The invitations sent for a position, newest first, for its recruiters."""
    return (
        Invitation.objects.filter(position=position)
        .select_related("graduate", "invited_by", "application")
        .order_by("-created_at", "-pk")
    )
