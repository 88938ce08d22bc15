"""The campaign demo: tops the smaller demo sets up to the scale the department reported.

百会千企促万生就业: 370 associations mobilised, 105 fairs and presentations held, at least 3,000
positions posted, 2,205 verified placements and 3,000 community assistants recruited. It counts
what the earlier demos made (with the tally) and creates the rest: associations, enterprises,
positions and fairs through the services, as staff and recruiters would; the five thousand
graduates and their applications, tickets and placements in bulk, row for row what the services
write (the steps of `candidates.services.apply` and `move_application`, `outcomes.services.
declare_placement` and `confirm_placement`), dated as they would have happened. Search indexing,
brochures and e-mail are held back while it runs (the Makefile's setup runs search_reindex after).

Names, positions and fairs come from outcomes/demo_data.py so that the demo reads like a real
campaign: fairs on weekdays and Saturdays in term time, in daytime; funnels that narrow from
applications to hires; no check-in after its fair.
"""

import contextlib
import datetime
import hashlib
import io
import logging
import random
import time
import uuid
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import DepartmentOfficer, SignupRole, User
from accounts.services import complete_signup
from associations import services as association_services
from associations.credit_code import make_credit_code
from associations.models import Association, Enterprise, EnterpriseRecruiter, Region
from candidates.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    GraduateProfile,
    Resume,
    private_storage,
)
from candidates.universities import SHANXI_UNIVERSITIES
from fairs import services as fair_services
from fairs.models import Campaign, Fair, Participation, ParticipationEvent, Ticket
from jobs import services as job_services
from jobs.models import Position, PositionEvent
from outbox import core as outbox
from outcomes import demo_data as words
from outcomes import services
from outcomes.models import Attribution, Placement, PlacementEvent, PlacementTouch
from outcomes.tally import Scope, summary

CAMPAIGN_NAME = "百会千企促万生就业 2026"
TARGETS = {
    "associations_mobilised": 370,
    "fairs_held": 105,
    "positions_posted": 3000,
    "placements_verified": 2205,
    "community_assistants": 3000,
}
BATCH = 1000
ASSISTANT_HEADCOUNT = 25
ASSISTANT_POSITIONS_PER_CENTRE = 5
# A placement in fifty is declared by the enterprise and not yet confirmed by the graduate.
UNCONFIRMED_EVERY = 50
MAJORS = [
    *("计算机科学与技术", "软件工程", "会计学", "市场营销", "采矿工程", "电气工程及其自动化"),
    *("护理学", "土木工程", "机械设计制造及其自动化", "物流管理", "汉语言文学", "财务管理"),
    *("数据科学与大数据技术", "药学", "旅游管理", "食品科学与工程", "材料科学与工程"),
]
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏"
    "卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾"
    "侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜敏静磊洋艳勇杰娟涛明超霞晨曦宇轩佳怡涵浩然欣梓萱思远雨桐一诺嘉俊博文鑫瑞婷"
    "琳晓昊辰子墨若宁安泽凯悦"
)
# Area codes of Shanxi's prefecture-level cities, for the associations' phone numbers.
AREA_CODES = {
    **{"太原": "0351", "大同": "0352", "阳泉": "0353", "晋中": "0354", "长治": "0355"},
    **{"晋城": "0356", "临汾": "0357", "吕梁": "0358", "运城": "0359", "忻州": "0350"},
    "朔州": "0349",
}
VENUES = ["体育馆", "学生活动中心", "大学生就业指导中心", "图书馆", "北区运动场", "逸夫楼"]
ROOMS = ["学术报告厅", "201室", "多功能厅", "第一报告厅"]
OUTCOMES = [  # what became of a graduate's other applications at a fair, and how often
    (("viewed",), 25),
    (("viewed", "rejected"), 35),
    (("viewed", "interview"), 10),
    (("viewed", "interview", "rejected"), 20),
    (("viewed", "interview", "offered"), 5),
    ((), 5),
]


def _tiny_pdf() -> bytes:
    # Imported when used: loading pypdf takes about 0.2 s, which every process would pay.
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet():
    """No per-row search indexing, brochures, reminders or e-mail while thousands of rows are
    written: the outbox records none of them (search_reindex runs after the demo)."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(outbox.suppressed())
        loggers = [logging.getLogger(name) for name in ("celery", "weasyprint", "fontTools")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.WARNING)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


@contextlib.contextmanager
def _as_dated(*models):
    """Let bulk inserts keep the times the demo gives them: auto_now(_add) fields would stamp
    every row with the minute the demo ran."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _user(email: str, name: str, role: str) -> User:
    """A demo account without a password (log in as the documented demo accounts instead)."""
    user = User.objects.filter(email=email).first() or User.objects.create_user(email=email)
    complete_signup(user=user, full_name=name, role=role)
    return user


def _staff_user() -> User:
    email = "campaign.staff@jinpin.demo"
    return User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, full_name="赵干事"
    )


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2, 2])))


def _at(day: datetime.date, *, hour: int, minute: int = 0) -> datetime.datetime:
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def _short(city: Region | None) -> str:
    return (city.name if city else "山西").removesuffix("市")


class Progress:
    def __init__(self, out, started: float):
        self.out, self.started = out, started

    def __call__(self, text: str) -> None:
        self.out.write(f"  [{time.monotonic() - self.started:6.1f} s] {text}")


def load(out) -> None:
    started = time.monotonic()
    say = Progress(out, started)
    officer_row = DepartmentOfficer.objects.select_related("user").order_by("pk").first()
    if officer_row is None:
        out.write("  outcomes: no department officer: skipped")
        return
    officer = officer_row.user
    rng = random.Random(2205)  # noqa: S311 - demo data, not security
    with _quiet():
        hired = _hire_demo_offers(rng)
    say(f"outcomes: {hired} of the demo graduates' offers hired")
    now = summary(Scope())
    missing = {key: max(0, target - now[key]) for key, target in TARGETS.items()}
    say(f"outcomes: the campaign tops up {missing}")
    if not any(missing.values()):
        return
    with _quiet():
        campaign = _campaign(officer)
        staff = _staff_user()
        associations = _associations(officer, staff, missing["associations_mobilised"], rng)
        say(f"{len(associations)} associations")
        # The new enterprises join associations the campaign's staff member runs: the new ones,
        # else one they run already, else one more (the other apps' demos met the target).
        hosts = (
            associations
            or list(Association.objects.filter(staff__user=staff)[:1])
            or _associations(officer, staff, 1, rng)
        )
        regular, assistant = _positions(staff, hosts, missing, rng, say)
        say(f"{len(regular) + len(assistant)} positions posted")
        # Presenting enterprises are the new ones: members of new associations only, so a
        # presentation mobilises no association beyond the target.
        presenters = list(
            Enterprise.objects.filter(recruiters__user__email__endswith="@campaign.jinpin.demo")
            .exclude(industry="S")
            .order_by("pk")[:60]
        )
        fairs = _fairs(staff, campaign, associations, missing["fairs_held"], rng, presenters)
        say(f"{len(fairs)} fairs and presentations held")
        fairs = fairs or list(Fair.objects.filter(status=Fair.Status.FINISHED)[:20])
        writer = _HireWriter(staff, fairs, rng, regular)
        writer.write(regular, missing["placements_verified"], say, assistant=False)
        writer.write(assistant, missing["community_assistants"], say, assistant=True)
        _fill_and_date_positions(
            regular + assistant, writer.first_applied, rng, since=campaign.starts_on
        )
        say("positions dated; filled ones closed")
    final = summary(Scope())
    say(f"outcomes: done; tally {final}")


def _hire_demo_offers(rng) -> int:
    """The candidates demo stops at offers: every second demo graduate's offer is hired here,
    by a recruiter of the enterprise, as recruiters would record it."""
    offers = (
        Application.objects.filter(
            status=ApplicationStatus.OFFERED, graduate__user__email__endswith="@jinpin.demo"
        )
        .select_related("position")
        .order_by("pk")
    )
    hired = 0
    for application in list(offers)[::2]:
        recruiter = (
            EnterpriseRecruiter.objects.filter(
                enterprise_id=application.position.enterprise_id,
                status=EnterpriseRecruiter.Status.ACTIVE,
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if recruiter is None:
            continue
        services.record_hire(
            application=application,
            by=recruiter.user,
            hire_date=timezone.localdate() + datetime.timedelta(days=rng.randint(7, 30)),
            contract_type="labour_contract",
            monthly_salary=rng.choice([5000, 6000, 7500]),
        )
        hired += 1
    return hired


def _campaign(officer: User) -> Campaign:
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
    today = timezone.localdate()
    if campaign is None:
        campaign = fair_services.create_campaign(
            by=officer,
            name=CAMPAIGN_NAME,
            starts_on=today - datetime.timedelta(days=300),
            ends_on=today + datetime.timedelta(days=65),
        )
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=min(campaign.starts_on, today - datetime.timedelta(days=300)),
        target_associations=max(campaign.target_associations, 100),
        target_enterprises=max(campaign.target_enterprises, 1000),
        target_graduates=max(campaign.target_graduates, 10000),
        target_positions=max(campaign.target_positions, 3000),
        target_placements=max(campaign.target_placements, 5000),
    )
    campaign.refresh_from_db()
    return campaign


def _association_names(cities: list[Region], rng) -> list[tuple]:
    """(name, kind, level, sections, city) of associations a province like Shanxi has: each
    city's trade associations, chambers of other provinces' enterprises in Shanxi and in its
    cities. Shuffled, so any number of them mixes trades, cities and chambers."""
    rows = [
        (f"{city.name}{ending}", "industry", "city", sections, city)
        for ending, sections in words.CITY_ASSOCIATIONS
        for city in cities
    ]
    rows += [(f"山西{p}商会", "chamber", "provincial", "CFL", None) for p in words.PROVINCES]
    rows += [
        (f"{city.name}{p}商会", "chamber", "city", "CF", city)
        for city in cities
        for p in words.PROVINCES[:8]
    ]
    rng.shuffle(rows)
    taken = set(Association.objects.values_list("name", flat=True))
    return [row for row in rows if row[0] not in taken]


def _associations(officer, staff, count: int, rng) -> list[Association]:
    made = []
    cities = list(Region.objects.filter(level=Region.Level.CITY))
    for name, kind, level, sections, city in _association_names(cities, rng)[:count]:
        short = _short(city)
        founded = rng.randint(1995, 2020)
        about = (
            f"在晋{name.removeprefix('山西').removesuffix('商会')}籍企业家自愿组成的商会，"
            f"成立于{founded}年。"
            if kind == "chamber"
            else f"{short}市{name.removeprefix(city.name).removesuffix('协会')}企业自愿组成的"
            f"行业组织，成立于{founded}年，现有会员单位{rng.randint(40, 400)}家。"
        )
        with transaction.atomic():
            association, _inv = association_services.create_association(
                by=officer,
                admin_email=staff.email,
                name=name,
                short_name=name.removeprefix("山西").removesuffix("协会")[:20],
                kind=kind,
                level=level,
                industries=sections,
                description=about,
                contact_person=_name(rng),
                phone=f"{AREA_CODES.get(short, '0351')}-{rng.randint(2000000, 8999999)}",
            )
        made.append(association)
    return made


def _enterprise_name(city: Region | None, trade: str, rng, taken: set[str]) -> str:
    while True:
        name = f"{_short(city)}{rng.choice(words.BRANDS)}{trade}{rng.choice(words.SUFFIXES)}"
        if name not in taken:
            taken.add(name)
            return name


def _positions(staff, hosts, missing, rng, say) -> tuple[list, list]:
    """Enterprises (members of the new associations) and their published positions: each with
    its own titles (none twice), salary and description; street offices with community-assistant
    positions. Returns [(position id, headcount, recruiter)] for regular and assistant ones."""
    hires = missing["placements_verified"]
    need_heads = hires + hires // UNCONFIRMED_EVERY  # enough headcount for every hire
    need_assistant = -(-missing["community_assistants"] // ASSISTANT_HEADCOUNT)
    need_regular = max(missing["positions_posted"] - need_assistant, 0)

    def regular_short(more: list) -> bool:
        return (
            len(regular) + len(more) < need_regular
            or sum(h for _p, h, _r in regular) + sum(r["headcount"] for r in more) < need_heads
        )

    cities = list(Region.objects.filter(level=Region.Level.CITY).order_by("code")) or [None]
    districts = defaultdict(list)
    for district in Region.objects.filter(level=Region.Level.DISTRICT):
        districts[district.parent_id].append(district)
    # Taiyuan has about a third of the province's enterprises.
    weighted = [cities[0]] * 5 + cities if cities[0] is not None else cities
    taken = set(Enterprise.objects.values_list("name", flat=True))
    sectors = list(words.SECTORS)
    regular, assistant = [], []
    base = 900_000 + Enterprise.objects.count()
    n = 0
    while regular_short([]) or len(assistant) < need_assistant:
        is_assistant = not regular_short([])
        city = rng.choice(weighted)
        district = rng.choice(districts[city.pk]) if city and districts[city.pk] else None
        if is_assistant:
            street = rng.choice(words.STREETS)
            name = f"{district.name if district else _short(city)}{street}街道办事处"
            if name in taken:
                continue
            taken.add(name)
            sector, industry = None, "S"
            jobs = rng.sample(words.ASSISTANT_JOBS, ASSISTANT_POSITIONS_PER_CENTRE)
            about = f"{name}下设社区服务中心，负责辖区居民服务、社区治理和公共服务工作。"
        else:
            sector = sectors[n % len(sectors)]
            industry, trades, pool = words.SECTORS[sector]
            name = _enterprise_name(city, rng.choice(trades), rng, taken)
            jobs = rng.sample(pool, rng.randint(4, min(7, len(pool))))
            jobs += rng.sample(words.GENERAL, rng.randint(1, 3))
            about = f"{name}是一家{sector}领域的企业，立足山西，服务全国客户。"
        deadline_base = timezone.localdate() + datetime.timedelta(days=30)
        with transaction.atomic():
            recruiter = _user(f"hr{n:04d}@campaign.jinpin.demo", _name(rng), SignupRole.RECRUITER)
            enterprise = association_services.create_enterprise(
                by=recruiter,
                credit_code=make_credit_code(
                    base + n, division=district.code if district else "140100"
                ),
                name=name,
                industry=industry,
                size="medium"
                if is_assistant
                else rng.choice(["micro", "small", "small", "medium", "large"]),
                ownership="institution"
                if is_assistant
                else rng.choice(["private"] * 4 + ["state"]),
                city=city,
                district=district,
                address=f"{city.name if city else ''}{district.name if district else ''}"
                f"{rng.choice(words.STREETS)}{rng.randint(1, 300)}号",
                description=about,
            )
            membership = association_services.request_membership(
                enterprise=enterprise, association=hosts[n % len(hosts)], by=recruiter
            )
            association_services.approve_membership(membership=membership, by=staff)
            rows = []
            for job in jobs:
                if is_assistant and len(assistant) + len(rows) >= need_assistant:
                    break
                if not is_assistant and not regular_short(rows):
                    break
                low, high = words.salary(job, rng)
                rows.append(
                    {
                        "title": job.title,
                        "category": job.category,
                        "description": words.description(job, rng),
                        "requirements": words.requirements(job),
                        "city": city,
                        "district": district,
                        "salary_min": low,
                        "salary_max": high,
                        "education": job.education,
                        "majors": job.majors,
                        "headcount": ASSISTANT_HEADCOUNT
                        if is_assistant
                        else rng.choice([1, 2, 2, 3, 3, 3, 5, 8]),
                        "job_type": "community_assistant" if is_assistant else "full_time",
                        "deadline": deadline_base + datetime.timedelta(days=rng.randint(0, 90)),
                    }
                )
            ids = job_services.import_positions(
                enterprise=enterprise, by=recruiter, rows=rows, publish=True
            )
        made = [(pk, row["headcount"], recruiter) for pk, row in zip(ids, rows, strict=True)]
        (assistant if is_assistant else regular).extend(made)
        n += 1
        if n % 50 == 0:
            say(f"{n} enterprises with their positions")
    return regular, assistant


def _fair_days(count: int, rng) -> list[datetime.date]:
    """Past days a campus would hold a fair: term time (not the winter and summer breaks),
    Monday to Saturday, the newest three weeks ago; spread over the campaign."""
    today = timezone.localdate()

    def in_term(day: datetime.date) -> bool:
        winter = (day.month == 1 and day.day >= 15) or (day.month == 2 and day.day <= 25)
        summer = (day.month == 7 and day.day >= 10) or day.month == 8
        return day.weekday() != 6 and not winter and not summer

    days = [today - datetime.timedelta(days=d) for d in range(20, 290)]
    days = [day for day in days if in_term(day)]
    if count >= len(days):
        return sorted(days * (count // len(days) + 1))[:count]
    step = len(days) / count
    return sorted(days[int(k * step)] for k in range(count))


def _city_of(university: str, cities: list[Region]) -> Region | None:
    for city in cities:
        if city.name.removesuffix("市") in university:
            return city
    if "农业大学" in university:
        return next((c for c in cities if c.name == "晋中市"), None)
    return cities[0] if cities else None


def _fair_title(fmt: str, kind: str, day: datetime.date, university: str, presenter, rng) -> str:
    cohort = day.year + 1 if day.month >= 9 else day.year
    season = "秋季" if day.month >= 9 else ("春季" if day.month <= 6 else "")
    if kind == "cloud":
        return f"晋聘云聘·{rng.choice(list(words.SECTORS))}专场（{day.month}月）"
    if fmt == "presentation" and presenter is not None:
        return f"{presenter.name}{cohort}届校园宣讲会·{university}"
    name = rng.choice(
        [
            "毕业生双选会",
            "校园双选会",
            "大型招聘会",
            f"{rng.choice(list(words.SECTORS))}类专场招聘会",
        ]
    )
    return f"{university}{cohort}届{season}{name}"


def _fairs(staff, campaign, associations, count: int, rng, presenters) -> list[Fair]:
    """Past fairs: each new association organises or co-organises at least one."""
    made = []
    if not count:
        return made
    pool = associations or list(Association.objects.filter(staff__user=staff))
    cities = list(Region.objects.filter(level=Region.Level.CITY).order_by("code"))
    per_fair = max(1, -(-len(pool) // count))
    universities = SHANXI_UNIVERSITIES[:40]
    for n, day in enumerate(_fair_days(count, rng)):
        group = pool[n * per_fair : (n + 1) * per_fair] or [rng.choice(pool)]
        kind = "cloud" if n % 5 == 4 else "campus"
        fmt = "presentation" if n % 4 == 3 and kind == "campus" and presenters else "fair"
        presenter = presenters[n % len(presenters)] if fmt == "presentation" else None
        university = universities[n % len(universities)]
        if kind == "cloud":
            starts, ends = _at(day, hour=9), _at(day + datetime.timedelta(days=2), hour=18)
        elif fmt == "presentation":
            hour = rng.choice([10, 14, 15])
            starts = _at(day, hour=hour, minute=30 if hour != 10 else 0)
            ends = starts + datetime.timedelta(hours=2)
        else:
            starts = _at(day, hour=9, minute=rng.choice([0, 0, 30]))
            ends = _at(day, hour=rng.choice([12, 15, 16]))
        fields = {
            "title": _fair_title(fmt, kind, day, university, presenter, rng),
            "kind": kind,
            "format": fmt,
            "campaign": campaign,
            "host_university": university if kind == "campus" else "",
            "venue": rng.choice(VENUES) if kind == "campus" else "",
            "room": rng.choice(ROOMS) if fmt == "presentation" else "",
            "city": _city_of(university, cities) if kind == "campus" else None,
            "starts_at": starts,
            "ends_at": ends,
            "booth_capacity": 1 if fmt == "presentation" else rng.choice([40, 60, 80, 120]),
            "venue_capacity": 300 if fmt == "presentation" else rng.choice([800, 1500, 3000]),
            "description": "面向2026届高校毕业生，用人单位现场收取简历、进行初步面试。",
            "enterprise_registration_opens": starts - datetime.timedelta(days=30),
            "enterprise_registration_closes": starts - datetime.timedelta(days=3),
            "graduate_registration_opens": starts - datetime.timedelta(days=14),
            "graduate_registration_closes": ends - datetime.timedelta(hours=1),
        }
        if presenter is not None:
            fields["presenting_enterprise"] = presenter
        with transaction.atomic():
            fair = fair_services.create_fair(
                organiser=group[0], by=staff, co_organisers=group[1:], **fields
            )
            fair_services.publish_fair(fair=fair, by=staff)
            fair = fair_services.finish_fair(fair=fair, by=staff)
        made.append(fair)
    return made


class _HireWriter:
    """Graduates hired, in bulk: each signs up, fills the profile, uploads a resume, registers
    for the fair (and is checked in at a campus one), applies there or directly, is viewed,
    interviewed, offered and hired, then confirms (a tenth are confirmed by association staff on
    their behalf). At a fair they also apply to other enterprises there, most of which turn them
    down: the fair's funnel narrows from applications to hires."""

    def __init__(self, staff: User, fairs: list[Fair], rng, regular: list):
        self.staff, self.fairs, self.rng = staff, fairs, rng
        self.organisers = {fair.pk: fair.organiser_ids() for fair in fairs}
        self.cities = list(Region.objects.filter(level=Region.Level.CITY))
        self.pdf = _tiny_pdf()
        self.sha = hashlib.sha256(self.pdf).hexdigest()
        # Five thousand graduates nobody logs in as share one blank page as their resume.
        self.resume_file = private_storage().save(
            f"resumes/demo/{uuid.uuid4().hex}.pdf", ContentFile(self.pdf)
        )
        self.password = make_password(None)
        self.first_applied: dict[int, datetime.datetime] = {}
        live = Participation.objects.filter(fair__in=fairs, status=Participation.Status.APPROVED)
        self.took_part = {
            (fair_id, enterprise_id): pk
            for pk, fair_id, enterprise_id in live.values_list("pk", "fair_id", "enterprise_id")
        }
        self.booths = defaultdict(int)  # fair id → booths handed out
        for fair_id, _enterprise_id in self.took_part:
            self.booths[fair_id] += 1
        self.positions = Position.objects.in_bulk([pk for pk, _h, _r in regular])
        self.by_enterprise = defaultdict(list)
        for position in self.positions.values():
            self.by_enterprise[position.enterprise_id].append(position.pk)
        self.recruiter_of = {}
        for pk, _h, recruiter in regular:
            self.recruiter_of[self.positions[pk].enterprise_id] = recruiter
        self.at_fair = defaultdict(set)  # fair id → enterprise ids taking part
        for fair_id, enterprise_id in self.took_part:
            self.at_fair[fair_id].add(enterprise_id)
        self.made = User.objects.filter(email__endswith="@graduates.jinpin.demo").count()

    def write(self, positions: list, count: int, say, *, assistant: bool) -> None:
        if not count:
            return
        self.positions.update(Position.objects.in_bulk([pk for pk, _h, _r in positions]))
        order = list(positions)
        self.rng.shuffle(order)
        slots = [(pk, recruiter) for pk, headcount, recruiter in order for _ in range(headcount)]
        extra = count // UNCONFIRMED_EVERY
        slots = slots[: count + extra]
        label = "community assistants" if assistant else "verified placements"
        confirmed = 0
        for start in range(0, len(slots), BATCH):
            batch = slots[start : start + BATCH]
            plans = []
            for position_id, recruiter in batch:
                confirm = confirmed < count
                confirmed += confirm
                plans.append(self._plan(position_id, recruiter, confirm=confirm))
            with transaction.atomic(), _as_dated(*DATED_MODELS):
                self._write(plans, assistant=assistant)
            say(f"{min(confirmed, count)}/{count} {label}")

    def _plan(self, position_id: int, recruiter: User, *, confirm: bool) -> dict:
        rng, n = self.rng, self.made
        self.made += 1
        position = self.positions[position_id]
        fair = self.fairs[n % len(self.fairs)] if self.fairs and n % 5 else None
        today = timezone.localdate()
        if fair is not None:
            fair_day = timezone.localdate(fair.starts_at)
            hire_date = min(fair_day + datetime.timedelta(days=rng.randint(14, 75)), today)
            applied_at = fair.starts_at + datetime.timedelta(minutes=rng.randint(20, 150))
        else:
            hire_date = today - datetime.timedelta(days=rng.randint(1, 240))
            applied_at = _at(
                hire_date - datetime.timedelta(days=rng.randint(18, 40)),
                hour=rng.randint(8, 21),
                minute=rng.randint(0, 59),
            )
        return {
            "n": n,
            "name": _name(rng),
            "position": position,
            "recruiter": recruiter,
            "fair": fair,
            "hire_date": hire_date,
            "applied_at": applied_at,
            # Hired at the end of the hire day, or earlier today when that hour has not come.
            "hired_at": min(
                max(applied_at + datetime.timedelta(days=3), _at(hire_date, hour=17)),
                timezone.now() - datetime.timedelta(minutes=30),
            ),
            "confirm": confirm,
            "on_behalf": n % 10 == 0,
        }

    def _write(self, plans: list[dict], *, assistant: bool) -> None:
        rng = self.rng
        users = User.objects.bulk_create(
            [
                User(
                    email=f"g{p['n']:05d}@graduates.jinpin.demo",
                    full_name=p["name"],
                    signup_role=SignupRole.GRADUATE,
                    password=self.password,
                    date_joined=p["applied_at"] - datetime.timedelta(days=rng.randint(2, 40)),
                    # The account's number, proved at sign-up (verify_phone), one per person.
                    phone=f"+86150{p['n']:08d}",  # 138 0000 … are the named demo accounts'
                    phone_verified=True,
                )
                for p in plans
            ]
        )
        profiles = GraduateProfile.objects.bulk_create(
            [
                GraduateProfile(
                    user=user,
                    full_name=p["name"],
                    university=SHANXI_UNIVERSITIES[p["n"] % 40],
                    major="社会工作" if assistant else rng.choice(MAJORS),
                    degree=rng.choice(["associate", "bachelor", "bachelor", "master"]),
                    graduation_year=2026,
                    created_at=user.date_joined,
                    updated_at=user.date_joined,
                )
                for p, user in zip(plans, users, strict=True)
            ]
        )
        GraduateProfile.expected_cities.through.objects.bulk_create(
            [
                GraduateProfile.expected_cities.through(
                    graduateprofile_id=profile.pk,
                    region_id=p["position"].city_id or self.cities[0].pk,
                )
                for p, profile in zip(plans, profiles, strict=True)
                if p["position"].city_id or self.cities
            ]
        )
        resumes = Resume.objects.bulk_create(
            [
                Resume(
                    graduate=profile,
                    kind=Resume.Kind.UPLOADED,
                    file=self.resume_file,
                    original_name=f"{profile.full_name}-简历.pdf",
                    size=len(self.pdf),
                    pages=1,
                    sha256=self.sha,
                    created_at=profile.created_at,
                )
                for profile in profiles
            ]
        )
        self._took_part(plans)
        self._tickets(plans, users)
        hired = []
        for p, profile, resume in zip(plans, profiles, resumes, strict=True):
            p["profile"], p["resume"], p["user"] = profile, resume, profile.user
            hired.append(self._application(p, steps=("viewed", "interview", "offered", "hired")))
        others = []
        for p in plans:
            if p["fair"] is not None and not assistant:
                others += self._other_applications(p)
        rows = hired + others
        applications = Application.objects.bulk_create([a for a, _e in rows])
        ApplicationEvent.objects.bulk_create(
            [
                ApplicationEvent(application=application, **event)
                for application, (_a, events) in zip(applications, rows, strict=True)
                for event in events
            ]
        )
        for application in applications:
            when = self.first_applied.get(application.position_id)
            if when is None or application.created_at < when:
                self.first_applied[application.position_id] = application.created_at
        self._placements(plans, applications[: len(hired)], assistant=assistant)

    def _took_part(self, plans: list[dict]) -> None:
        """The enterprise took part in the fair with the position: registered by its recruiter
        and approved by the organisers before the fair (the services refuse that now that
        registration has closed). An application credits only a fair its enterprise took part
        in."""
        new = {}
        for p in plans:
            fair, position = p["fair"], p["position"]
            if fair is None:
                continue
            key = (fair.pk, position.enterprise_id)
            if key not in self.took_part and key not in new:
                registered = fair.enterprise_registration_opens + datetime.timedelta(
                    days=self.rng.randint(1, 20)
                )
                new[key] = (p["recruiter"], registered, fair)
        made = Participation.objects.bulk_create(
            [
                Participation(
                    fair_id=fair.pk,
                    enterprise_id=enterprise_id,
                    status=Participation.Status.APPROVED,
                    registered_by=recruiter,
                    booth_number=self._booth(fair) if fair.kind == Fair.Kind.CAMPUS else "",
                    present_at=fair.starts_at - datetime.timedelta(minutes=30),
                    created_at=registered,
                    updated_at=registered,
                )
                for (_f, enterprise_id), (recruiter, registered, fair) in new.items()
            ]
        )
        events = []
        for participation, (recruiter, registered, _fair) in zip(made, new.values(), strict=True):
            self.took_part[(participation.fair_id, participation.enterprise_id)] = participation.pk
            self.at_fair[participation.fair_id].add(participation.enterprise_id)
            events += [
                ParticipationEvent(
                    participation=participation,
                    actor=recruiter,
                    action="registered",
                    from_status="",
                    to_status="pending",
                    created_at=registered,
                ),
                ParticipationEvent(
                    participation=participation,
                    actor=self.staff,
                    action="approved",
                    from_status="pending",
                    to_status="approved",
                    created_at=registered + datetime.timedelta(days=1),
                ),
            ]
        ParticipationEvent.objects.bulk_create(events)
        through = Participation.positions.through
        through.objects.bulk_create(
            [
                through(
                    participation_id=self.took_part[(p["fair"].pk, p["position"].enterprise_id)],
                    position_id=p["position"].pk,
                )
                for p in plans
                if p["fair"] is not None
            ],
            ignore_conflicts=True,
        )

    def _booth(self, fair: Fair) -> str:
        k = self.booths[fair.pk]
        self.booths[fair.pk] += 1
        return f"{'ABCDEFGH'[k // 30 % 8]}{k % 30 + 1:02d}"

    def _tickets(self, plans: list[dict], users: list[User]) -> None:
        """Registered for the fair a few days before; checked in at the door of a campus fair
        during its opening hours."""
        tickets = []
        for p, user in zip(plans, users, strict=True):
            fair = p["fair"]
            if fair is None:
                continue
            campus = fair.kind == Fair.Kind.CAMPUS
            tickets.append(
                Ticket(
                    fair=fair,
                    graduate=user,
                    created_at=fair.starts_at - datetime.timedelta(days=self.rng.randint(1, 12)),
                    checked_in_at=fair.starts_at
                    + datetime.timedelta(minutes=self.rng.randint(0, 15))
                    if campus
                    else None,
                    checked_in_by=self.staff if campus else None,
                )
            )
        Ticket.objects.bulk_create(tickets)

    def _application(self, p: dict, *, steps: tuple, end: datetime.datetime | None = None):
        """An application and its events: submitted at applied_at, each step after it."""
        applied, recruiter = p["applied_at"], p["recruiter"]
        end = end or p["hired_at"]
        gap = (end - applied) / max(len(steps), 1)
        times = [applied + gap * (k + 1) for k in range(len(steps))]
        if steps and steps[-1] == "hired":
            times[-1] = end
        status = steps[-1] if steps else "submitted"
        when = dict(zip(steps, times, strict=True))
        application = Application(
            graduate=p["profile"],
            position_id=p["position"].pk,
            resume=p["resume"],
            status=status,
            source="fair_page" if p["fair"] else "search",
            source_fair=p["fair"],
            viewed_at=when.get("viewed"),
            interview_at=when.get("interview"),
            interview_reached_at=when.get("interview"),
            interview_place="企业人力资源部会议室" if "interview" in when else "",
            created_at=applied,
            updated_at=times[-1] if times else applied,
        )
        events = [
            {"actor": p["user"], "from_status": "", "to_status": "submitted", "created_at": applied}
        ]
        before = "submitted"
        for step, at in zip(steps, times, strict=True):
            note = "感谢投递，岗位暂时不匹配。" if step == "rejected" else ""
            events.append(
                {
                    "actor": recruiter,
                    "from_status": before,
                    "to_status": step,
                    "created_at": at,
                    "note": note,
                }
            )
            before = step
        return application, events

    def _other_applications(self, p: dict) -> list:
        """At the fair the graduate also gave a resume to one to three other enterprises."""
        fair, own = p["fair"], p["position"]
        choices = [
            pk
            for enterprise_id in self.at_fair[fair.pk]
            for pk in self.by_enterprise.get(enterprise_id, ())
            if pk != own.pk
        ]
        if not choices:
            return []
        rows = []
        steps_by_weight = [steps for steps, weight in OUTCOMES for _ in range(weight)]
        for position_id in self.rng.sample(choices, min(len(choices), self.rng.randint(1, 3))):
            position = self.positions[position_id]
            recruiter = self.recruiter_of.get(position.enterprise_id, p["recruiter"])
            other = {
                **p,
                "position": position,
                "recruiter": recruiter,
                "applied_at": p["applied_at"] + datetime.timedelta(minutes=self.rng.randint(5, 90)),
            }
            steps = self.rng.choice(steps_by_weight)
            end = other["applied_at"] + datetime.timedelta(days=self.rng.randint(3, 25))
            rows.append(self._application(other, steps=steps, end=end))
        # The participation lists the positions the graduates applied to.
        through = Participation.positions.through
        through.objects.bulk_create(
            [
                through(
                    participation_id=self.took_part[
                        (fair.pk, self.positions[a.position_id].enterprise_id)
                    ],
                    position_id=a.position_id,
                )
                for a, _e in rows
            ],
            ignore_conflicts=True,
        )
        return rows

    def _placements(self, plans: list[dict], applications: list, *, assistant: bool) -> None:
        placements = []
        for p, application in zip(plans, applications, strict=True):
            fair = p["fair"]
            confirmed_by = self.staff if p["on_behalf"] else p["user"]
            placements.append(
                Placement(
                    application=application,
                    graduate=p["profile"],
                    enterprise_id=p["position"].enterprise_id,
                    position_id=p["position"].pk,
                    hire_date=p["hire_date"],
                    contract_type="community_assistant" if assistant else "labour_contract",
                    monthly_salary=self.rng.choice([3500, 4200, 5000, 6000, 7500]),
                    community_assistant=assistant,
                    declared_by=p["recruiter"],
                    source_fair=fair,
                    attribution=Attribution.FAIR if fair else Attribution.DIRECT,
                    status=Placement.Status.CONFIRMED
                    if p["confirm"]
                    else Placement.Status.DECLARED,
                    confirmed_at=p["hired_at"] + datetime.timedelta(days=2)
                    if p["confirm"]
                    else None,
                    confirmed_by=confirmed_by if p["confirm"] else None,
                    confirmation_reason="已电话联系毕业生核实"
                    if p["confirm"] and p["on_behalf"]
                    else "",
                    created_at=p["hired_at"],
                    updated_at=p["hired_at"] + datetime.timedelta(days=2),
                )
            )
        placements = Placement.objects.bulk_create(placements)
        events, touches = [], []
        for p, placement in zip(plans, placements, strict=True):
            events.append(
                PlacementEvent(
                    placement=placement,
                    actor=p["recruiter"],
                    action="declared",
                    from_status="",
                    to_status=Placement.Status.DECLARED,
                    created_at=placement.created_at,
                )
            )
            if p["confirm"]:
                events.append(
                    PlacementEvent(
                        placement=placement,
                        actor=placement.confirmed_by,
                        action="confirmed_on_behalf" if p["on_behalf"] else "confirmed",
                        from_status=Placement.Status.DECLARED,
                        to_status=Placement.Status.CONFIRMED,
                        note=placement.confirmation_reason,
                        created_at=placement.confirmed_at,
                    )
                )
            if p["fair"] is not None:
                touches += [
                    PlacementTouch(
                        placement=placement,
                        fair_id=p["fair"].pk,
                        association_id=association_id,
                        role=PlacementTouch.Role.PRIMARY,
                    )
                    for association_id in self.organisers[p["fair"].pk]
                ]
        PlacementEvent.objects.bulk_create(events)
        PlacementTouch.objects.bulk_create(touches, ignore_conflicts=True)


DATED_MODELS = (
    User,
    GraduateProfile,
    Resume,
    Application,
    ApplicationEvent,
    Participation,
    ParticipationEvent,
    Ticket,
    Placement,
    PlacementEvent,
)


def _fill_and_date_positions(
    positions: list, first_applied: dict, rng, *, since: datetime.date
) -> None:
    """Positions were posted before anyone applied: weeks before the first application (and
    the fair it was listed at), never before the campaign began, or within the last two months
    when no one applied yet. Those whose hires reached the headcount are filled, through the
    jobs service."""
    today = timezone.localdate()
    ids = [pk for pk, _h, _r in positions]
    rows = Position.objects.in_bulk(ids)
    for position in rows.values():
        first = first_applied.get(position.pk)
        if first is not None:
            posted = first - datetime.timedelta(days=rng.randint(20, 45), hours=rng.randint(0, 8))
            posted = max(posted, _at(since, hour=9) + datetime.timedelta(hours=rng.randint(0, 48)))
        else:
            posted = _at(
                today - datetime.timedelta(days=rng.randint(0, 60)),
                hour=rng.randint(8, 18),
                minute=rng.randint(0, 59),
            )
            # Today's hour may not have come yet: a position is never posted in the future.
            posted = min(posted, timezone.now() - datetime.timedelta(minutes=rng.randint(5, 120)))
        position.published_at = position.created_at = position.updated_at = posted
    # One statement run for every row: bulk_update's CASE over thousands of rows is slower.
    at = connection.ops.adapt_datetimefield_value  # as the ORM stores a time (UTC)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Position._meta.db_table} "  # noqa: S608 - table names from the models
            "SET published_at = %s, created_at = %s, updated_at = %s WHERE id = %s",
            [(at(p.published_at),) * 3 + (p.pk,) for p in rows.values()],
        )
        cursor.executemany(
            f"UPDATE {PositionEvent._meta.db_table} "  # noqa: S608
            "SET created_at = %s WHERE position_id = %s AND action = 'imported'",
            [(at(p.published_at), p.pk) for p in rows.values()],
        )
    hires = defaultdict(int)
    for position_id in Application.objects.filter(position_id__in=ids, status="hired").values_list(
        "position_id", flat=True
    ):
        hires[position_id] += 1
    for position_id, count in hires.items():
        if count >= rows[position_id].headcount:
            job_services.mark_filled_if_complete(position=rows[position_id], hires=count)
