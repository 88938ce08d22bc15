"""Demo feedback: three fairs that ended yesterday (a campus fair, a presentation and a cloud fair
of three associations), run through the services as they would have been (registrations,
check-ins, booth scans, presence), then rated by their visitors and enterprises with a spread of
stars and comments, one abusive comment hidden by staff, and everyone asked in-app.

graduate@jinpin.demo checked in at the campus fair and was scanned at two booths but has not rated
it yet, nor has recruiter@jinpin.demo's enterprise: both can try. Loads before the outcomes demo,
which counts these fairs among the 105.
"""

import random
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from associations.models import Association, AssociationStaff, EnterpriseRecruiter, Membership
from fairs import services as fair_services
from fairs.models import Fair, Participation
from feedback import services
from feedback.models import FairRating
from outbox import core as outbox

# (title, kind, format, university, venue, hours)
FAIRS = [
    ("山西农业大学2026届毕业生冬季双选会", "campus", "fair", "山西农业大学", "体育馆", 6),
    ("太原科技大学专场宣讲会", "campus", "presentation", "太原科技大学", "图书馆报告厅", 2),
    ("晋聘云聘·先进制造专场", "cloud", "fair", "", "", 8),
]
STARS = [5, 4, 3, 2, 1]
GRADUATE_WEIGHTS = [5, 7, 4, 2, 1]
FAIR_COMMENTS = {
    5: ["企业多、岗位对口，现场秩序很好", "签到很快，指引清楚", "收获了两个面试机会", ""],
    4: ["整体不错，就是人有点多", "岗位信息比较全，希望多一些本地企业", ""],
    3: ["一般，部分展位没人", "排队时间较长", ""],
    2: ["对口岗位太少", "场地太挤，空调不够"],
    1: ["白跑一趟，企业都是来凑数的"],
}
BOOTH_COMMENTS = {
    5: ["HR 很耐心，讲解详细", "当场约了面试", ""],
    4: ["岗位介绍清楚", ""],
    3: ["只收了简历，没多聊", ""],
    2: ["岗位要求与宣传不符"],
    1: ["展位没人接待"],
}
ENTERPRISE_COMMENTS = ["学生准备充分，简历质量高", "人流量大，但对口专业偏少", "组织得力，下次还来"]
ABUSIVE = "什么破招聘会，主办方都是骗子！"


def load(out) -> None:
    # Demo addresses are not real: the e-mails asking for feedback (and the fairs' brochures and
    # reminders) are dropped; the in-app notices stay, for the demo accounts to see.
    with outbox.suppressed():
        _load(out)


def _load(out) -> None:
    if Fair.objects.filter(title=FAIRS[0][0]).exists():
        out.write("  feedback: demo fairs already rated: skipped")
        return
    hosts = _hosts()
    if not hosts:
        out.write("  feedback: no association with staff and member enterprises: skipped")
        return
    rng = random.Random(21)  # noqa: S311 - demo data, not security
    graduates = list(User.objects.filter(graduate_profile__isnull=False).order_by("pk")[:36])
    lead = User.objects.filter(email="graduate@jinpin.demo").first()
    held = []
    for (title, kind, fmt, university, venue, hours), (association, staff, members) in zip(
        FAIRS, hosts, strict=False
    ):
        fair = _held_fair(
            association, staff, members, graduates, title, kind, fmt, university, venue, hours
        )
        if fair is not None:
            held.append((fair, staff))
    rated = 0
    for fair, staff in held:
        rated += _rate(fair, staff, rng, keep_unrated={lead.pk} if lead else set())
    asked = services.ask_for_fair_feedback()
    out.write(
        f"  feedback: {len(held)} fairs held yesterday, {rated} ratings, {asked} people asked"
    )


def _hosts() -> list:
    """Associations with staff and at least two member enterprises that have a recruiter."""
    hosts = []
    associations = (
        Association.objects.filter(staff__role=AssociationStaff.Role.ADMIN)
        .annotate(n=Count("memberships"))
        .filter(n__gte=2)
        .order_by("pk")
        .distinct()
    )
    for association in associations:
        staff = AssociationStaff.objects.filter(association=association).order_by("pk").first()
        members = []
        for membership in (
            Membership.objects.filter(association=association, status=Membership.Status.APPROVED)
            .select_related("enterprise")
            .order_by("pk")
        ):
            recruiter = (
                EnterpriseRecruiter.objects.filter(
                    enterprise=membership.enterprise, status=EnterpriseRecruiter.Status.ACTIVE
                )
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if recruiter is not None:
                members.append((membership.enterprise, recruiter.user))
        if len(members) >= 2:
            hosts.append((association, staff.user, members[:6]))
        if len(hosts) == len(FAIRS):
            break
    return hosts


def _held_fair(association, staff, members, graduates, title, kind, fmt, university, venue, hours):
    """The fair as it ran: open now through the services (registrations, check-in at the door,
    booth scans, presence), then dated to yesterday and finished."""
    now = timezone.now().replace(second=0, microsecond=0)
    presenter = members[0][0] if fmt == "presentation" else None
    ends_at = now + timedelta(hours=3)  # open now; dated to its real length below
    fair = fair_services.create_fair(
        organiser=association,
        by=staff,
        title=title,
        kind=kind,
        format=fmt,
        host_university=university,
        venue=venue,
        room="报告厅B" if presenter else "",
        booth_capacity=1 if presenter else 40,
        venue_capacity=800,
        presenting_enterprise=presenter,
        description=f"{association.name}主办。",
        starts_at=now - timedelta(hours=1),
        ends_at=ends_at,
        enterprise_registration_opens=now - timedelta(days=10),
        enterprise_registration_closes=ends_at - timedelta(hours=1),
        graduate_registration_opens=now - timedelta(days=10),
        graduate_registration_closes=ends_at - timedelta(minutes=30),
    )
    fair = fair_services.publish_fair(fair=fair, by=staff)
    booths = []
    for number, (enterprise, recruiter) in enumerate(members[:1] if presenter else members, 1):
        participation = fair_services.register_participation(
            fair=fair,
            enterprise=enterprise,
            by=recruiter,
            positions=[p for p in enterprise.positions.filter(status="published")[:2] if p.is_open],
        )
        participation = fair_services.approve_participation(
            participation=participation,
            by=staff,
            booth_number=f"B{number:02d}" if kind == "campus" and not presenter else "",
        )
        booths.append((participation, recruiter))
    fair = fair_services.start_fair(fair=fair, by=staff)
    tickets = []
    for graduate in graduates:
        try:
            tickets.append(fair_services.register_graduate(fair=fair, by=graduate))
        except (ValidationError, PermissionDenied):
            continue
    for n, ticket in enumerate(tickets[: len(tickets) * 3 // 4]):
        fair_services.check_in(fair=fair, code=ticket.code, by=staff)
        # Each visitor is scanned at one to three booths.
        for participation, recruiter in booths[n % len(booths) :][: 1 + (n + 1) % 3]:
            fair_services.capture_lead(participation=participation, code=ticket.code, by=recruiter)
    for participation, _recruiter in booths:
        fair_services.mark_present(participation=participation, by=staff)
    yesterday = now - timedelta(days=1, hours=hours)
    fair_services.update_fair(
        fair=fair,
        by=staff,
        starts_at=yesterday,
        ends_at=yesterday + timedelta(hours=hours),
        enterprise_registration_opens=yesterday - timedelta(days=20),
        enterprise_registration_closes=yesterday - timedelta(days=1),
        graduate_registration_opens=yesterday - timedelta(days=20),
        graduate_registration_closes=yesterday + timedelta(hours=hours - 1),
    )
    return fair_services.finish_fair(fair=fair, by=staff)


def _rate(fair: Fair, staff: User, rng: random.Random, *, keep_unrated: set) -> int:
    """Visitors rate the fair (a spread of stars) and most of the booths that scanned them;
    enterprises rate it but the first; staff hide the abusive comment."""
    rated = 0
    visitors = User.objects.filter(
        fair_tickets__fair=fair, fair_tickets__checked_in_at__isnull=False
    ).exclude(pk__in=keep_unrated)
    for visitor in visitors.order_by("pk"):
        if rng.random() < 0.15:  # some never answer
            continue
        stars = rng.choices(STARS, weights=GRADUATE_WEIGHTS)[0]
        services.rate_fair(
            fair=fair, by=visitor, rating=stars, comment=rng.choice(FAIR_COMMENTS[stars])
        )
        rated += 1
        for lead in visitor.fair_leads.filter(fair=fair):
            if rng.random() < 0.7:
                booth = fair.participations.get(enterprise_id=lead.enterprise_id)
                booth_stars = max(1, min(5, stars + rng.choice([-1, 0, 0, 1])))
                services.rate_booth(
                    participation=booth,
                    by=visitor,
                    rating=booth_stars,
                    comment=rng.choice(BOOTH_COMMENTS[booth_stars]),
                )
                rated += 1
    approved = (
        fair.participations.filter(status=Participation.Status.APPROVED)
        # recruiter@jinpin.demo's enterprise is left to rate it in the demo
        .exclude(enterprise__recruiters__user__email="recruiter@jinpin.demo")
        .order_by("pk")
    )
    for participation in approved:
        recruiter = (
            EnterpriseRecruiter.objects.filter(
                enterprise_id=participation.enterprise_id,
                status=EnterpriseRecruiter.Status.ACTIVE,
            )
            .order_by("pk")
            .first()
        )
        if recruiter is None:
            continue
        services.rate_fair_as_enterprise(
            fair=fair,
            enterprise=participation.enterprise,
            by=recruiter.user,
            rating=rng.choice([3, 4, 4, 5, 5]),
            candidates_rating=rng.choice([2, 3, 4, 4, 5]),
            comment=rng.choice(ENTERPRISE_COMMENTS),
        )
        rated += 1
    low = FairRating.objects.filter(fair=fair, role=FairRating.Role.GRADUATE, rating__lte=2)
    abusive = low.order_by("pk").first()
    if abusive is not None:
        abusive = services.change_fair_rating(
            fair_rating=abusive, by=abusive.author, rating=1, comment=ABUSIVE
        )
        services.hide_comment(answer=abusive, by=staff)
    return rated
