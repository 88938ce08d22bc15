"""Demo fairs at real Shanxi universities: campus fairs, a presentation and a cloud fair, past and
upcoming, with participations, registrations and check-ins, all through the services.

Uses the demo associations, enterprises and graduates that exist when it runs (it loads after
accounts, associations, jobs and candidates); without an association that has staff it does nothing.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import DepartmentOfficer, User
from associations.models import AssociationStaff, EnterpriseRecruiter, Membership, Region
from fairs import services
from fairs.models import Campaign, Fair, Participation

CAMPAIGN_NAME = "百会千企促万生就业 2026"

# (title, kind, format, university, venue, city, days from now, hours long)
FAIRS = [
    (
        "山西大学2026届毕业生秋季双选会",
        "campus",
        "fair",
        "山西大学",
        "坞城校区体育馆",
        "太原市",
        -30,
        6,
    ),
    (
        "太原理工大学2026届春季大型双选会",
        "campus",
        "fair",
        "太原理工大学",
        "明向校区体育馆",
        "太原市",
        12,
        6,
    ),
    ("中北大学信息技术类专场招聘会", "campus", "fair", "中北大学", "主楼广场", "太原市", 20, 5),
    (
        "山西财经大学专场宣讲会",
        "campus",
        "presentation",
        "山西财经大学",
        "学术交流中心",
        "太原市",
        9,
        2,
    ),
    ("晋聘云聘月·数字经济专场", "cloud", "fair", "", "", "", 0, 72),
]


def _window(starts_at, hours):
    ends_at = starts_at + timedelta(hours=hours)
    now = timezone.now()
    return {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "enterprise_registration_opens": now - timedelta(days=10),
        "enterprise_registration_closes": ends_at - timedelta(hours=1),
        "graduate_registration_opens": now - timedelta(days=10),
        "graduate_registration_closes": ends_at - timedelta(minutes=30),
    }


def load(out) -> None:
    staff_row = (
        AssociationStaff.objects.select_related("association", "user").order_by("pk").first()
    )
    if staff_row is None or Fair.objects.filter(title=FAIRS[0][0]).exists():
        out.write("  fairs: no association staff yet, or demo fairs already loaded: skipped")
        return
    association, staff = staff_row.association, staff_row.user
    members = list(
        Membership.objects.approved()
        .filter(association=association)
        .select_related("enterprise")
        .order_by("pk")
    )
    recruiters = {
        row.enterprise_id: row.user
        for row in EnterpriseRecruiter.objects.filter(
            enterprise_id__in=[m.enterprise_id for m in members],
            status=EnterpriseRecruiter.Status.ACTIVE,
        )
    }
    enterprises = [m.enterprise for m in members if m.enterprise_id in recruiters]
    graduates = list(User.objects.filter(graduate_profile__isnull=False).order_by("pk")[:40])
    campaign = _campaign()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    made = 0
    for title, kind, fmt, university, venue, city, days, hours in FAIRS:
        past = days < 0
        # Past fairs are run "as if upcoming" and then moved back: every step goes through services.
        starts_at = now + timedelta(days=abs(days) or 0, hours=-1 if days == 0 else 9)
        presenter = enterprises[0] if fmt == "presentation" and enterprises else None
        if fmt == "presentation" and presenter is None:
            continue
        fair = services.create_fair(
            organiser=association,
            by=staff,
            title=title,
            kind=kind,
            format=fmt,
            host_university=university,
            venue=venue,
            room="报告厅A" if presenter else "",
            city=Region.objects.filter(name=city).first() if city else None,
            booth_capacity=60 if fmt == "fair" else 1,
            venue_capacity=1500 if fmt == "fair" else 300,
            presenting_enterprise=presenter,
            campaign=campaign,
            description=f"{association.name}主办。欢迎2026届毕业生参加。",
            industries=["I", "C"],
            **_window(starts_at, hours),
        )
        fair = services.publish_fair(fair=fair, by=staff)
        taking_part = [presenter] if presenter else enterprises[:8]
        for number, enterprise in enumerate(taking_part, start=1):
            recruiter = recruiters[enterprise.pk]
            positions = list(enterprise.positions.open()[:3])
            participation = services.register_participation(
                fair=fair,
                enterprise=enterprise,
                by=recruiter,
                positions=[p for p in positions if p.is_open],
                booth_preferences="靠近入口" if kind == "campus" else "",
                live_room_url=f"https://live.example.cn/room/{enterprise.pk}"
                if kind == "cloud"
                else "",
                introduction=enterprise.description[:200],
            )
            if number <= 6 or presenter:
                services.approve_participation(
                    participation=participation,
                    by=staff,
                    booth_number=f"A{number:02d}" if kind == "campus" else "",
                )
        tickets = []
        for graduate in graduates[: 30 if fmt == "fair" else 12]:
            try:
                tickets.append(services.register_graduate(fair=fair, by=graduate))
            except (ValidationError, PermissionDenied):
                continue  # an ineligible or incomplete demo graduate is simply skipped
        if days == 0:
            fair = services.start_fair(fair=fair, by=staff)
        if kind == "cloud":
            _slots(fair, recruiters)
        if past:
            # The doors open: tickets are checked in only while the fair runs.
            running = now - timedelta(hours=1)
            fair = services.update_fair(fair=fair, by=staff, **_window(running, hours))
            for ticket in tickets[: len(tickets) * 2 // 3]:
                services.check_in(fair=fair, code=ticket.code, by=staff)
            approved = fair.participations.filter(status=Participation.Status.APPROVED)
            for participation in approved[: max(approved.count() - 1, 0)]:
                services.mark_present(participation=participation, by=staff)
            moved = starts_at - timedelta(days=abs(days) * 2)
            services.update_fair(fair=fair, by=staff, **_past_window(moved, hours))
            services.finish_fair(fair=fair, by=staff)
        made += 1
    out.write(f"  fairs: {made} fairs of {association.name}, {len(enterprises)} enterprises")


def _past_window(starts_at, hours):
    ends_at = starts_at + timedelta(hours=hours)
    return {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "enterprise_registration_opens": starts_at - timedelta(days=20),
        "enterprise_registration_closes": starts_at - timedelta(days=1),
        "graduate_registration_opens": starts_at - timedelta(days=20),
        "graduate_registration_closes": ends_at - timedelta(minutes=30),
    }


def _campaign() -> Campaign | None:
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
    officer = DepartmentOfficer.objects.select_related("user").first()
    if campaign is None and officer is not None:
        today = timezone.localdate()
        campaign = services.create_campaign(
            by=officer.user,
            name=CAMPAIGN_NAME,
            starts_on=today.replace(month=1, day=1),
            ends_on=today.replace(month=12, day=31),
            target_associations=100,
            target_enterprises=1000,
            target_graduates=10000,
            target_positions=3000,
            target_placements=2000,
        )
    return campaign


def _slots(fair: Fair, recruiters) -> None:
    for participation in fair.participations.filter(status=Participation.Status.APPROVED)[:3]:
        recruiter = recruiters[participation.enterprise_id]
        for hour in (26, 27, 28):
            services.publish_slot(
                participation=participation,
                by=recruiter,
                starts_at=timezone.now().replace(minute=0, second=0, microsecond=0)
                + timedelta(hours=hour),
                minutes=20,
                link=f"https://meeting.example.cn/{participation.enterprise_id}/{hour}",
            )
