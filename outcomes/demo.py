"""The campaign demo: tops the smaller demo sets up to the scale the department reported.

百会千企促万生就业: 370 associations mobilised, 105 fairs and presentations held, at least 3,000
positions posted, 2,205 verified placements and 3,000 community assistants recruited. It counts
what the earlier demos made (with the tally) and creates the rest through the services, in batches
of one transaction each; search indexing, brochures and e-mail are held back while it runs (the
Makefile's setup runs search_reindex afterwards).
"""

import contextlib
import datetime
import io
import logging
import random
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import DepartmentOfficer, SignupRole, User
from accounts.services import complete_signup, verify_phone
from associations import services as association_services
from associations.credit_code import make_credit_code
from associations.models import Association, Enterprise, EnterpriseRecruiter, Region
from candidates import services as candidate_services
from candidates.models import Application, ApplicationEvent, ApplicationStatus
from candidates.universities import SHANXI_UNIVERSITIES
from fairs import services as fair_services
from fairs.models import Campaign, Fair, Participation, ParticipationEvent
from jobs import services as job_services
from jobs.models import Position
from outbox import core as outbox
from outcomes import services
from outcomes.tally import Scope, summary

CAMPAIGN_NAME = "百会千企促万生就业 2026"
TARGETS = {
    "associations_mobilised": 370,
    "fairs_held": 105,
    "positions_posted": 3000,
    "placements_verified": 2205,
    "community_assistants": 3000,
}
BATCH = 100
FORMAT_WORDS = {"presentation": "宣讲会", "fair": "双选会"}
REGULAR_HEADCOUNT = 3
ASSISTANT_HEADCOUNT = 25
SECTORS = [
    *("装备制造", "煤炭能源", "数字经济", "文化旅游", "现代物流"),
    *("新材料", "农产品加工", "医药健康", "建筑工程", "金融服务"),
]
TITLES = [
    ("软件开发工程师", "software", "I"),
    ("数据分析师", "data", "I"),
    ("机械设计工程师", "engineering", "C"),
    ("生产技术员", "manufacturing", "C"),
    ("采矿技术员", "mining_energy", "B"),
    ("土建施工员", "construction", "E"),
    ("销售代表", "sales", "F"),
    ("新媒体运营", "marketing", "R"),
    ("会计", "finance", "J"),
    ("人力资源专员", "admin", "L"),
    ("物流调度员", "logistics", "G"),
    ("护士", "healthcare", "Q"),
]
MAJORS = [
    *("计算机科学与技术", "软件工程", "会计学", "市场营销"),
    *("采矿工程", "电气工程及其自动化", "护理学", "土木工程"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静磊洋艳勇杰娟涛明超霞晨曦宇轩佳怡子涵浩然欣怡梓萱思远雨桐一诺嘉怡俊杰"


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
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))


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
        hosts = associations or list(Association.objects.filter(staff__user=staff)[:1])
        regular, assistant = _positions(staff, hosts, missing, rng, say)
        say(f"{len(regular) + len(assistant)} positions posted")
        # Presenting enterprises are the new ones: members of new associations only, so a
        # presentation mobilises no association beyond the target.
        presenters = list(
            Enterprise.objects.filter(recruiters__user__email__endswith="@campaign.jinpin.demo")[
                :50
            ]
        )
        fairs = _fairs(staff, campaign, associations, missing["fairs_held"], rng, presenters)
        say(f"{len(fairs)} fairs and presentations held")
        fairs = fairs or list(Fair.objects.filter(status=Fair.Status.FINISHED)[:20])
        _hires(staff, regular, missing["placements_verified"], fairs, rng, say, assistant=False)
        _hires(staff, assistant, missing["community_assistants"], fairs, rng, say, assistant=True)
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


def _associations(officer, staff, count: int, rng) -> list[Association]:
    made = []
    cities = list(Region.objects.filter(level=Region.Level.CITY).values_list("name", flat=True))
    for n in range(count):
        with transaction.atomic():
            city = cities[n % len(cities)] if cities else "山西"
            sector = SECTORS[n % len(SECTORS)]
            kind = "chamber" if n % 3 == 0 else "industry"
            label = "商会" if kind == "chamber" else "行业协会"
            association, _inv = association_services.create_association(
                by=officer,
                admin_email=staff.email,
                name=f"{city}{sector}{label}（第{n + 1}分会）",
                short_name=f"{sector}{label}{n + 1}",
                kind=kind,
                level="city" if cities else "provincial",
            )
        made.append(association)
    return made


def _fairs(staff, campaign, associations, count: int, rng, presenters) -> list[Fair]:
    """Past fairs: each new association organises or co-organises at least one."""
    made = []
    if not count:
        return made
    pool = associations or list(Association.objects.filter(staff__user=staff))
    cities = list(Region.objects.filter(level=Region.Level.CITY))
    per_fair = max(1, -(-len(pool) // count))
    today = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for n in range(count):
        group = pool[n * per_fair : (n + 1) * per_fair] or [rng.choice(pool)]
        kind = "cloud" if n % 5 == 4 else "campus"
        fmt = "presentation" if n % 4 == 3 and kind == "campus" else "fair"
        starts = today - datetime.timedelta(days=20 + (n * 260) // max(1, count))
        hours = 72 if kind == "cloud" else (2 if fmt == "presentation" else 6)
        university = SHANXI_UNIVERSITIES[n % 30]
        fields = {
            "title": f"{university}2026届{FORMAT_WORDS[fmt]}·第{n + 1}场",
            "kind": kind,
            "format": fmt,
            "campaign": campaign,
            "host_university": university if kind == "campus" else "",
            "venue": "体育馆" if kind == "campus" else "",
            "city": cities[n % len(cities)] if cities else None,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=hours),
            "enterprise_registration_opens": starts - datetime.timedelta(days=20),
            "enterprise_registration_closes": starts - datetime.timedelta(days=1),
            "graduate_registration_opens": starts - datetime.timedelta(days=20),
            "graduate_registration_closes": starts + datetime.timedelta(hours=1),
        }
        if fmt == "presentation":
            if presenters:
                fields["presenting_enterprise"] = presenters[n % len(presenters)]
            else:
                fields["format"] = "fair"
        with transaction.atomic():
            fair = fair_services.create_fair(
                organiser=group[0], by=staff, co_organisers=group[1:], **fields
            )
            fair_services.publish_fair(fair=fair, by=staff)
            fair = fair_services.finish_fair(fair=fair, by=staff)
        made.append(fair)
    return made


def _positions(staff, hosts, missing, rng, say) -> tuple[list, list]:
    """Enterprises (members of the new associations) and their published positions."""
    need_regular = -(-missing["placements_verified"] // REGULAR_HEADCOUNT)
    need_assistant = -(-missing["community_assistants"] // ASSISTANT_HEADCOUNT)
    total = max(missing["positions_posted"], need_regular + need_assistant)
    need_regular = total - need_assistant
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    cities = list(Region.objects.filter(level=Region.Level.CITY)) or [None]
    regular, assistant = [], []
    per_enterprise = 25
    n_regular_ent = -(-need_regular // per_enterprise)
    n_assistant_ent = -(-need_assistant // 5)
    base = 900_000 + Enterprise.objects.count()
    for n in range(n_regular_ent + n_assistant_ent):
        is_assistant = n >= n_regular_ent
        city = cities[n % len(cities)]
        industry = TITLES[n % len(TITLES)][2]
        with transaction.atomic():
            recruiter = _user(f"hr{n:04d}@campaign.jinpin.demo", _name(rng), SignupRole.RECRUITER)
            name = (
                f"{city.name if city else ''}第{n + 1}社区服务中心"
                if is_assistant
                else f"山西{SECTORS[n % len(SECTORS)]}{n + 1}号有限公司"
            )
            enterprise = association_services.create_enterprise(
                by=recruiter,
                credit_code=make_credit_code(base + n),
                name=name,
                industry="S" if is_assistant else industry,
                city=city,
            )
            membership = association_services.request_membership(
                enterprise=enterprise, association=hosts[n % len(hosts)], by=recruiter
            )
            association_services.approve_membership(membership=membership, by=staff)
            if is_assistant:
                count = min(5, need_assistant - len(assistant))
                rows = [
                    {
                        "title": "社区助理（社区工作者）",
                        "category": "community",
                        "description": "协助社区开展居民服务、网格管理和政策宣传。",
                        "city": city,
                        "headcount": ASSISTANT_HEADCOUNT,
                        "job_type": "community_assistant",
                        "deadline": deadline,
                    }
                    for _ in range(count)
                ]
            else:
                count = min(per_enterprise, need_regular - len(regular))
                rows = [
                    {
                        "title": TITLES[(n + k) % len(TITLES)][0],
                        "category": TITLES[(n + k) % len(TITLES)][1],
                        "description": "面向山西高校应届毕业生招聘，提供岗前培训与五险一金。",
                        "city": city,
                        "headcount": REGULAR_HEADCOUNT,
                        "job_type": "full_time",
                        "education": "bachelor",
                        "deadline": deadline,
                    }
                    for k in range(count)
                ]
            ids = job_services.import_positions(
                enterprise=enterprise, by=recruiter, rows=rows, publish=True
            )
        slots = [(pk, recruiter) for pk in ids]
        (assistant if is_assistant else regular).extend(slots)
        if n % 20 == 19:
            say(f"{n + 1} enterprises with their positions")
    return regular, assistant


def _hires(staff, positions, count: int, fairs, rng, say, *, assistant: bool) -> None:
    """Graduates apply (mostly through a fair), are interviewed, offered and hired, then confirm
    (a tenth are confirmed by association staff on their behalf)."""

    if not count:
        return
    headcount = ASSISTANT_HEADCOUNT if assistant else REGULAR_HEADCOUNT
    slots = [(pk, recruiter) for pk, recruiter in positions for _ in range(headcount)][:count]
    pdf = _tiny_pdf()
    cities = list(Region.objects.filter(level=Region.Level.CITY))
    offset = User.objects.filter(email__endswith="@graduates.jinpin.demo").count()
    label = "community assistants" if assistant else "verified placements"
    for start in range(0, len(slots), BATCH):
        with transaction.atomic():
            batch = slots[start : start + BATCH]
            loaded = Position.objects.select_related("enterprise", "city").in_bulk(
                {pk for pk, _r in batch}
            )
            hired = [
                _one_hire(
                    staff,
                    recruiter,
                    loaded[position_id],
                    offset + i,
                    fairs,
                    cities,
                    pdf,
                    rng,
                    assistant,
                )
                for i, (position_id, recruiter) in enumerate(batch, start=start)
            ]
            _backdate(hired)
        say(f"{min(start + BATCH, len(slots))}/{len(slots)} {label}")


def _one_hire(staff, recruiter, position, n, fairs, cities, pdf, rng, assistant) -> tuple:
    """A graduate from sign-up to a confirmed hire: (application, applied at, hire date)."""
    name = _name(rng)
    user = _user(f"g{n:05d}@graduates.jinpin.demo", name, SignupRole.GRADUATE)
    verify_phone(user=user, phone=f"+86139{n:08d}")
    profile = user.graduate_profile
    candidate_services.update_profile(
        profile=profile,
        by=user,
        data={
            "full_name": name,
            "university": SHANXI_UNIVERSITIES[n % 30],
            "major": "社会工作" if assistant else rng.choice(MAJORS),
            "degree": rng.choice(["associate", "bachelor", "bachelor", "master"]),
            "graduation_year": 2026,
        },
        cities=[position.city] if position.city_id else cities[:1],
    )
    candidate_services.upload_resume(
        graduate=profile,
        upload=SimpleUploadedFile("简历.pdf", pdf, content_type="application/pdf"),
        by=user,
    )
    fair = fairs[n % len(fairs)] if fairs and n % 5 else None
    if fair is not None:
        _took_part(fair, position, recruiter, staff)
    application = candidate_services.apply(
        graduate=profile,
        position=position,
        source="fair_page" if fair else "search",
        fair=fair,
        by=user,
    )
    hire_date = timezone.localdate() - datetime.timedelta(days=rng.randint(1, 240))
    if fair is not None:
        hire_date = max(hire_date, timezone.localdate(fair.starts_at))
    for to in ("interview", "offered"):
        application = candidate_services.move_application(
            application=application,
            to=to,
            by=recruiter,
            interview_at=timezone.now() - datetime.timedelta(days=30),
            interview_place="企业人力资源部会议室",
        )
    application = services.record_hire(
        application=application,
        by=recruiter,
        hire_date=hire_date,
        contract_type="community_assistant" if assistant else "labour_contract",
        monthly_salary=rng.choice([3500, 4200, 5000, 6000, 7500]),
    )
    placement = application.placement
    if n % 10 == 0:
        services.confirm_placement(placement=placement, by=staff, reason="已电话联系毕业生核实")
    else:
        services.confirm_placement(placement=placement, by=user)
    if fair is not None:
        applied_at = fair.starts_at + datetime.timedelta(hours=2)
    else:
        applied_at = _at(hire_date - datetime.timedelta(days=21), hour=10)
    return application, applied_at, hire_date


def _took_part(fair: Fair, position, recruiter: User, staff: User) -> None:
    """Record that the enterprise took part in the past fair, with the position: registered by its
    recruiter and approved by the organisers before the fair, as the services would have done
    then (they refuse it now: registration closed before the fair began). An application
    credits only a fair its enterprise took part in."""
    participation = Participation.objects.filter(
        fair=fair, enterprise=position.enterprise, status=Participation.Status.APPROVED
    ).first()
    if participation is None:
        participation = Participation.objects.create(
            fair=fair,
            enterprise=position.enterprise,
            status=Participation.Status.APPROVED,
            registered_by=recruiter,
            present_at=fair.starts_at,
        )
        registered = fair.enterprise_registration_opens or fair.starts_at
        for actor, action, before, after, at in (
            (recruiter, "registered", "", "pending", registered),
            (staff, "approved", "pending", "approved", registered + datetime.timedelta(days=1)),
        ):
            event = ParticipationEvent.objects.create(
                participation=participation,
                actor=actor,
                action=action,
                from_status=before,
                to_status=after,
            )
            ParticipationEvent.objects.filter(pk=event.pk).update(created_at=at)
    participation.positions.add(position)


def _at(day: datetime.date, *, hour: int) -> datetime.datetime:
    zone = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def _backdate(hired: list[tuple]) -> None:
    """Date each application and its steps as they would have happened: applied at the fair (or
    three weeks before a direct hire), viewed, interviewed and offered in between, hired on the
    hire date. The demo runs in minutes; undated, every application would fall on the day it ran
    and the dashboard's monthly chart would have one bar. All dates stay inside the campaign."""
    applications = [application for application, _applied, _hired in hired]
    events: dict[int, list] = {}
    for event in ApplicationEvent.objects.filter(application__in=applications):
        events.setdefault(event.application_id, []).append(event)
    changed = []
    for application, applied_at, hire_date in hired:
        hired_at = max(applied_at, _at(hire_date, hour=17))
        step = (hired_at - applied_at) / 4
        when = {
            "submitted": applied_at,
            "viewed": applied_at + step,
            "interview": applied_at + 2 * step,
            "offered": applied_at + 3 * step,
            "hired": hired_at,
        }
        application.created_at = applied_at
        application.interview_at = application.interview_reached_at = when["interview"]
        application.updated_at = hired_at
        if application.viewed_at is not None:
            application.viewed_at = when["viewed"]
        for event in events.get(application.pk, []):
            event.created_at = when.get(event.to_status, event.created_at)
            changed.append(event)
    Application.objects.bulk_update(
        applications,
        ["created_at", "viewed_at", "interview_at", "interview_reached_at", "updated_at"],
    )
    ApplicationEvent.objects.bulk_update(changed, ["created_at"])
