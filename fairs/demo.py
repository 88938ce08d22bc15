"""Demo fairs at real Shanxi universities: campus fairs, a presentation and a cloud fair, past and
upcoming, with participations, registrations and check-ins, all through the services.

Fairs open in the morning and presentations in the afternoon, local time, never on a Sunday; a
campus fair and the presentation fall within the coming week, as the home page shows them. The
past fair is run "as if upcoming" and then moved back; its check-ins are then dated at its doors.

Uses the demo associations, enterprises and graduates that exist when it runs (it loads after
accounts, associations, jobs and candidates); without an association that has staff it does nothing.
"""

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import DepartmentOfficer, User
from associations.models import AssociationStaff, EnterpriseRecruiter, Membership, Region
from fairs import services
from fairs.models import Campaign, Fair, Participation, Ticket

CAMPAIGN_NAME = "百会千企促万生就业 2026"

# (title, kind, format, university, venue, city, days from now, opens at, hours long)
FAIRS = [
    ("山西大学毕业生双选会", "campus", "fair", "山西大学", "坞城校区体育馆", "太原市", -30, 9, 6),
    (
        "太原理工大学大型双选会",
        "campus",
        "fair",
        "太原理工大学",
        "明向校区体育馆",
        "太原市",
        12,
        9,
        6,
    ),
    (
        "中北大学信息技术类专场招聘会",
        "campus",
        "fair",
        "中北大学",
        "主楼广场",
        "太原市",
        5,
        9,
        5,
    ),
    (
        "山西财经大学专场宣讲会",
        "campus",
        "presentation",
        "山西财经大学",
        "学术交流中心",
        "太原市",
        3,
        14,
        2,
    ),
    ("晋聘云聘月·数字经济专场", "cloud", "fair", "", "", "", -1, 9, 57),
]
# Graduates register for this one from a week before it: until then its page says when.
LATE_REGISTRATION = "太原理工大学大型双选会"
# This one is split into arrival slots (分时段入场), with a waiting list on the first.
ARRIVAL_SLOTS = "中北大学信息技术类专场招聘会"


def _day_at(days: int, hour: int, *, move_off_sunday: bool = True) -> datetime:
    """`hours` o'clock local time, `days` from today, moved off a Sunday."""
    day = timezone.localdate() + timedelta(days=days)
    if move_off_sunday and day.weekday() == 6:
        day += timedelta(days=1 if days >= 0 else -1)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _window(starts_at, hours, *, title: str = ""):
    ends_at = starts_at + timedelta(hours=hours)
    now = timezone.now()
    graduates_from = now - timedelta(days=10)
    if title == LATE_REGISTRATION:
        graduates_from = starts_at - timedelta(days=7)
    return {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "enterprise_registration_opens": now - timedelta(days=10),
        "enterprise_registration_closes": ends_at - timedelta(hours=1),
        "graduate_registration_opens": graduates_from,
        "graduate_registration_closes": ends_at - timedelta(minutes=30),
    }


def load(out) -> None:
    staff_row = (
        AssociationStaff.objects.select_related("association", "user").order_by("pk").first()
    )
    if staff_row is None or Fair.objects.filter(organiser=staff_row.association).exists():
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
    rng = random.Random(5)  # noqa: S311 - demo data, not security
    made = 0
    for name, kind, fmt, university, venue, city, days, hour, hours in FAIRS:
        past = days < -1
        # Past fairs are run "as if upcoming" and then moved back: every step goes through services.
        starts_at = _day_at(abs(days) if past else days, hour)
        if not past:
            # A start moved off a Sunday still ends when planned: the cloud fair running since
            # yesterday (a Sunday, so Saturday) keeps its registration open until tomorrow.
            planned = _day_at(days, hour, move_off_sunday=False) + timedelta(hours=hours)
            hours = max(hours, (planned - starts_at) / timedelta(hours=1))
        cohort = _cohort(_day_at(days, hour).date())  # where a past fair ends up
        title = name if kind == "cloud" else f"{university}{cohort}届{name[len(university) :]}"
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
            **_window(starts_at, hours, title=name),
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
        if name == ARRIVAL_SLOTS:
            _arrival_slots(fair, staff)
        tickets = []
        for graduate in graduates[: 30 if fmt == "fair" else 12]:
            try:
                tickets.append(services.register_graduate(fair=fair, by=graduate))
            except (ValidationError, PermissionDenied):
                continue  # an ineligible or incomplete demo graduate is simply skipped
        if name == ARRIVAL_SLOTS:
            _waiting_list(fair, graduates[30:33])
        if days == -1:
            fair = services.start_fair(fair=fair, by=staff)
        if kind == "cloud":
            _slots(fair, recruiters)
        if past:
            # The doors open: tickets are checked in only while the fair runs.
            running = timezone.now() - timedelta(hours=1)
            fair = services.update_fair(fair=fair, by=staff, **_window(running, hours))
            _fair_day(fair, staff, tickets[: len(tickets) * 2 // 3])
            approved = fair.participations.filter(status=Participation.Status.APPROVED)
            for participation in approved[: max(approved.count() - 1, 0)]:
                services.mark_present(participation=participation, by=staff)
            moved = _day_at(days, hour)
            services.update_fair(fair=fair, by=staff, **_past_window(moved, hours))
            services.finish_fair(fair=fair, by=staff)
            _date_at_the_doors(fair, rng)
        made += 1
    out.write(f"  fairs: {made} fairs of {association.name}, {len(enterprises)} enterprises")


def _cohort(day: date) -> int:
    """The graduating class a fair recruits: from September on, next summer's."""
    return day.year + 1 if day.month >= 9 else day.year


def _date_at_the_doors(fair: Fair, rng: random.Random) -> None:
    """The check-ins of a fair moved back happened at its doors, not on the day the demo ran:
    tickets taken in the days before, scanned in its first hours; enterprises present before
    it opened."""
    fair = Fair.objects.get(pk=fair.pk)
    for ticket in Ticket.objects.filter(fair=fair):
        registered = fair.starts_at - timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 9))
        scanned = ticket.checked_in_at and fair.starts_at + timedelta(minutes=rng.randint(0, 120))
        Ticket.objects.filter(pk=ticket.pk).update(created_at=registered, checked_in_at=scanned)
    Participation.objects.filter(fair=fair, present_at__isnull=False).update(
        present_at=fair.starts_at - timedelta(minutes=30)
    )


def _arrival_slots(fair: Fair, staff) -> None:
    for start_hour, hours, places in ((0, 1.5, 10), (1.5, 1.5, 10), (3, 2, 8)):
        starts_at = fair.starts_at + timedelta(hours=start_hour)
        services.add_arrival_slot(
            fair=fair,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            capacity=places,
            by=staff,
        )


def _waiting_list(fair: Fair, graduates) -> None:
    first = fair.entry_windows.order_by("starts_at").first()
    for graduate in graduates:
        try:
            services.register_graduate(fair=fair, by=graduate, entry_window=first, waitlist=True)
        except (ValidationError, PermissionDenied):
            continue


def _fair_day(fair: Fair, staff, tickets) -> None:
    """Check-in at two doors and a kiosk, and a door that worked offline: its sync admits one
    graduate and reports a double entry (a ticket already in at the other door)."""
    kiosk, key = services.create_kiosk(fair=fair, name="北门自助机", by=staff)
    for number, ticket in enumerate(tickets):
        if number % 4 == 2:
            services.check_in_at(services.kiosk_desk(key), ticket.code)
        else:
            services.check_in(
                fair=fair, code=ticket.code, by=staff, door=("东门", "西门")[number % 2]
            )
    rest = fair.tickets.filter(status="active", checked_in_at=None).first()
    desk = services.staff_desk(staff.pk, fair.pk)
    if desk is not None and tickets and rest is not None:
        now = timezone.now()
        services.sync_offline_admissions(
            desk=desk,
            admissions=[
                services.OfflineAdmission(uuid.uuid4(), rest.code, now, "南门"),
                services.OfflineAdmission(uuid.uuid4(), tickets[0].code, now, "南门"),
            ],
        )
    services.revoke_kiosk(kiosk=kiosk, by=staff)


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
        for k in range(3):  # tomorrow morning, every half hour from ten
            starts_at = _day_at(1, 10) + timedelta(minutes=30 * k)
            services.publish_slot(
                participation=participation,
                by=recruiter,
                starts_at=starts_at,
                minutes=20,
                link=f"https://meeting.example.cn/{participation.enterprise_id}/{k + 1}",
            )
