"""Demo graduates: complete profiles, generated resumes and applications at every stage.

Applications go to the demo positions that exist when this runs (none before the jobs demo).
"""

import datetime
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import SignupRole, User
from accounts.services import complete_signup
from associations.models import EnterpriseRecruiter, Region
from candidates import invitations, services, talent
from candidates.models import GraduateProfile
from candidates.universities import SHANXI_UNIVERSITIES
from jobs.models import Position
from outbox import core as outbox

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
    "晓雨",
    "子涵",
    "浩然",
    "欣怡",
    "梓轩",
    "思远",
    "雨桐",
    "一诺",
    "嘉怡",
    "俊杰",
]
MAJORS = [
    ("计算机科学与技术", "计算机科学与技术学院", "Python, Java, MySQL"),
    ("软件工程", "软件学院", "Java, Spring, Vue"),
    ("数据科学与大数据技术", "大数据学院", "Python, SQL, 数据分析"),
    ("会计学", "会计学院", "财务报表, 用友, Excel"),
    ("市场营销", "工商管理学院", "市场调研, 新媒体运营"),
    ("采矿工程", "矿业工程学院", "AutoCAD, 矿山安全"),
    ("电气工程及其自动化", "电气与动力工程学院", "PLC, 电力系统"),
    ("护理学", "护理学院", "临床护理, 急救"),
    ("汉语言文学", "文学院", "公文写作, 新媒体写作"),
    ("土木工程", "土木工程学院", "BIM, 结构设计"),
    ("社会工作", "社会学院", "社区服务, 个案工作"),
    ("机械设计制造及其自动化", "机械工程学院", "SolidWorks, 数控"),
]
DEGREES = ["associate", "bachelor", "bachelor", "bachelor", "master", "master", "doctorate"]
# Where the demo's applications end up, in order of how often.
STAGES = ["submitted", "viewed", "interview", "rejected", "offered", "hired", "withdrawn"]
STAGE_WEIGHTS = [8, 6, 5, 4, 2, 2, 2]


def _profile_data(rng: random.Random, name: str) -> dict:
    major, college, skills = rng.choice(MAJORS)
    return {
        "full_name": name,
        "university": rng.choice(SHANXI_UNIVERSITIES[:20]),
        "college": college,
        "major": major,
        "degree": rng.choice(DEGREES),
        "graduation_year": rng.choice([2025, 2026, 2026, 2026]),
        "expected_salary": rng.choice([4000, 5000, 6000, 7000, 8000, None]),
        "skills": skills,
        "self_introduction": f"{name}，{major}专业应届毕业生，愿意扎根山西发展。",
    }


def _graduates(rng: random.Random, count: int) -> list[GraduateProfile]:
    cities = list(Region.objects.filter(level=Region.Level.CITY))
    profiles = []
    lead = demo_user("graduate@jinpin.demo", "李明")
    users = [(lead, "李明")]
    for n in range(1, count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        users.append((demo_user(f"graduate{n:02d}@jinpin.demo", name), name))
    for user, name in users:
        complete_signup(user=user, full_name=name, role=SignupRole.GRADUATE)
        profile = user.graduate_profile
        chosen = rng.sample(cities, k=min(len(cities), rng.randint(1, 3))) if cities else []
        services.update_profile(
            profile=profile, by=user, data=_profile_data(rng, name), cities=chosen
        )
        if not profile.resumes.exists():
            services.generate_resume(graduate=profile, by=user)
        profiles.append(profile)
    return profiles


def _recruiter_for(enterprise_id: int):
    row = (
        EnterpriseRecruiter.objects.filter(
            enterprise_id=enterprise_id, status=EnterpriseRecruiter.Status.ACTIVE
        )
        .select_related("user")
        .first()
    )
    return row.user if row else None


def _advance(application, stage: str, rng: random.Random) -> None:
    graduate_user = application.graduate.user
    if stage == "withdrawn":
        services.withdraw_application(
            application=application, by=graduate_user, note="已有其他选择"
        )
        return
    recruiter = _recruiter_for(application.position.enterprise_id)
    if recruiter is None or stage == "submitted":
        return
    services.mark_viewed(application=application, by=recruiter)
    path = {
        "interview": ["interview"],
        "rejected": ["rejected"],
        # Hires are recorded by outcomes (its demo hires some of these offers).
        "offered": ["interview", "offered"],
        "hired": ["interview", "offered"],
    }.get(stage, [])
    for to in path:
        services.move_application(
            application=application,
            to=to,
            by=recruiter,
            note="感谢投递，岗位暂时不匹配。" if to == "rejected" else "",
            interview_at=timezone.now() + datetime.timedelta(days=rng.randint(1, 10), hours=2),
            interview_place="企业总部三楼会议室",
        )


def load(out) -> None:

    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    profiles = _graduates(rng, 36)
    positions = [p for p in Position.objects.select_related("enterprise") if p.is_open]
    made = 0
    for profile in profiles:
        if not positions:
            break
        for position in rng.sample(positions, k=min(len(positions), rng.randint(1, 3))):
            if profile.applications.filter(position=position).exists():
                continue
            source = rng.choice(["search", "position_page", "recommendation", "search"])
            try:
                application = services.apply(
                    graduate=profile, position=position, source=source, by=profile.user
                )
            except ValidationError:  # filled meanwhile by a demo hire
                continue
            _advance(application, rng.choices(STAGES, weights=STAGE_WEIGHTS)[0], rng)
            made += 1
    out.write(
        f"  {len(profiles)} graduates (graduate@jinpin.demo, graduate01…{len(profiles) - 1:02d}"
        f"@jinpin.demo), {made} applications"
    )
    _matching(profiles, out)
    _trust(rng, profiles, out)


def _matching(profiles: list[GraduateProfile], out) -> None:
    """人才推荐 and the daily digest: a third of the graduates (the lead among them) let
    enterprises find them, some want the digest; the first enterprise's recruiter has invited
    some of its suggestions to a position, and the answers are in (open, accepted, declined)."""
    # Demo addresses are not real: the invitations' and answers' e-mails are dropped.
    with outbox.suppressed():
        _invitations(profiles, out)


def _invitations(profiles: list[GraduateProfile], out) -> None:
    lead = profiles[0]
    for n, profile in enumerate(profiles):
        services.set_matching_preferences(
            profile=profile,
            by=profile.user,
            discoverable=n % 3 == 0,
            daily_digest=n % 4 == 0,
        )
    recruiter = User.objects.filter(email="recruiter@jinpin.demo").first()
    if recruiter is None:  # the associations demo did not run
        return
    enterprise_ids = EnterpriseRecruiter.objects.filter(user=recruiter).values("enterprise_id")
    position = next(
        (
            p
            for p in Position.objects.filter(
                enterprise_id__in=enterprise_ids, category="software"
            ).select_related("enterprise", "city")
            if p.is_open
        ),
        None,
    )
    if position is None:
        return
    suggested = [s.graduate.id for s in talent.suggest_graduates(position, limit=50)]
    # The lead graduate's invitation stays open: logging in as them shows one to answer.
    ordered = sorted(suggested, key=lambda pk: pk != lead.pk)
    answers = ["open", "accepted", "declined", "open", "accepted", "declined"]
    made = []
    for graduate_id, answer in zip(ordered, answers, strict=False):
        graduate = GraduateProfile.objects.select_related("user").get(pk=graduate_id)
        invitation = invitations.invite_graduate(
            position=position,
            graduate=graduate,
            message=f"你好！我们正在招聘“{position.title}”，你的专业和技能很合适，欢迎投递。",
            by=recruiter,
        )
        if answer == "accepted":
            invitations.accept_invitation(invitation=invitation, by=graduate.user)
        elif answer == "declined":
            invitations.decline_invitation(
                invitation=invitation, by=graduate.user, reason="已签约其他单位，谢谢邀请。"
            )
        made.append(answer)
    discoverable = sum(1 for p in profiles if p.discoverable)
    out.write(
        f"  {discoverable} discoverable graduates; {len(made)} invitations to “{position.title}” "
        f"({', '.join(made)})"
    )


# --- Trust: enterprises that answer fast or slowly, unanswered applications, ghost positions ------

# Days from an application to the enterprise's first answer (None: it never answers).
FAST = [0.2, 0.4, 0.7, 1.1, 1.6, 3, None]  # "usually replies within 1 day"
SLOW = [6, 9, 12, None, None, None]  # "slow to reply": half unanswered, the rest after a week
SLOW_EVERY = 3  # every third demo enterprise is slow


def _trust(rng: random.Random, profiles: list[GraduateProfile], out) -> None:
    """Applications dated as they would have happened, so that each enterprise's responsiveness
    says something (fast, slow, or too few to judge), some waiting past the reminder and the
    closing limits; and positions idle for weeks, asked "still hiring?" (还在招吗？), then
    confirmed, closed, unlisted or left waiting. Through the services, then dated back."""
    from candidates import followups
    from jobs.models import Position

    now = timezone.now()
    open_positions = [
        p
        for p in Position.objects.select_related("enterprise").order_by("enterprise_id", "pk")
        if p.is_open and _recruiter_for(p.enterprise_id) is not None
    ]
    by_enterprise: dict[int, list] = {}
    for position in open_positions:
        by_enterprise.setdefault(position.enterprise_id, []).append(position)
    enterprises = list(by_enterprise)
    split = min(15, (len(enterprises) + 1) // 2)  # the rest have positions left idle
    answering, idle = enterprises[:split], enterprises[split : split + 12]
    slow = set(answering[SLOW_EVERY - 1 :: SLOW_EVERY])
    dated = _date_earlier_applications(rng, slow, now)
    for enterprise_id in answering:
        position = by_enterprise[enterprise_id][0]
        delays = SLOW if enterprise_id in slow else FAST
        applicants = [p for p in profiles if not p.applications.filter(position=position).exists()]
        chosen = rng.sample(applicants, len(delays))
        for k, (profile, delay) in enumerate(zip(chosen, delays, strict=True)):
            try:
                application = services.apply(
                    graduate=profile, position=position, source="search", by=profile.user
                )
            except ValidationError:
                continue
            waited = [16, 35][k % 2] if delay is None and enterprise_id in slow else None
            applied_at = now - datetime.timedelta(days=waited or (delay or 0) + rng.uniform(1, 8))
            answered_at = None
            if delay is not None:
                answered_at = applied_at + datetime.timedelta(days=delay)
                _advance(application, rng.choice(["interview", "rejected"]), rng)
            elif waited:  # opened, never answered: "viewed" is no answer
                services.mark_viewed(application=application, by=_recruiter_for(enterprise_id))
            dated.append((application, applied_at, answered_at))
        _published_days_ago(position, 40)
    _date_applications(dated)
    followed = followups.follow_up_unanswered_applications()
    # Idle positions: published weeks ago, nothing done since.
    ghosts = [
        position
        for enterprise_id in [enterprises[0], *idle]
        for position in [
            p for p in by_enterprise[enterprise_id][1:] if not p.applications.exists()
        ][:2]
    ]
    for position in ghosts:
        _published_days_ago(position, rng.randint(25, 45))
    asked = followups.check_positions_still_hiring()["asked"]
    _answer_hiring_checks([p for p in ghosts if p.enterprise_id != enterprises[0]])
    unlisted = followups.check_positions_still_hiring()["unlisted"]
    out.write(
        f"  trust: {len(dated)} applications dated ({followed['closed']} closed without an "
        f"answer, {followed['reminded']} reminded); {asked} positions asked whether still "
        f"hiring, {unlisted} unlisted"
    )


def _date_earlier_applications(rng: random.Random, slow: set, now) -> list:
    """The demo's applications so far, all made within the hour, as if made over the last days
    and answered after the delays of their enterprise (slow ones' or fast ones')."""
    from candidates.models import ANSWERS, Application

    dated = []
    for application in (
        Application.objects.select_related("position").prefetch_related("events").order_by("pk")
    ):
        statuses = {event.to_status for event in application.events.all()}
        answered = bool(statuses & ANSWERS)
        profile = SLOW if application.position.enterprise_id in slow else FAST
        delay = rng.choice([d for d in profile if d is not None]) if answered else 0
        applied_at = now - datetime.timedelta(days=delay + rng.uniform(0.5, 6))
        answer = applied_at + datetime.timedelta(days=delay) if answered else None
        dated.append((application, applied_at, answer))
    return dated


def _published_days_ago(position, days: int) -> None:
    from jobs.models import Position, PositionEvent

    when = timezone.now() - datetime.timedelta(days=days)
    Position.objects.filter(pk=position.pk).update(published_at=when, created_at=when)
    PositionEvent.objects.filter(position=position).update(created_at=when)


def _date_applications(dated: list) -> None:
    """Each application and its steps at the time they would have happened."""
    from candidates.models import Application, ApplicationEvent

    for application, applied_at, answered_at in dated:
        Application.objects.filter(pk=application.pk).update(
            created_at=applied_at, updated_at=answered_at or applied_at
        )
        steps = ApplicationEvent.objects.filter(application=application)
        steps.filter(to_status="submitted").update(created_at=applied_at)
        later = answered_at or applied_at + datetime.timedelta(hours=5)
        steps.exclude(to_status="submitted").update(created_at=later)


def _answer_hiring_checks(asked: list) -> None:
    """Two asked positions go unanswered past the limit (dated back, so the next run unlists
    them); recruiters confirm two and close one; the rest keep waiting for an answer."""
    from django.conf import settings

    from jobs import services as job_services
    from jobs.models import Position, PositionEvent

    asked = [Position.objects.get(pk=p.pk) for p in asked]
    asked = [p for p in asked if p.hiring_check_at is not None]
    overdue = timezone.now() - datetime.timedelta(days=settings.STILL_HIRING_CONFIRM_DAYS + 1)
    for position in asked[:2]:
        Position.objects.filter(pk=position.pk).update(hiring_check_at=overdue)
        PositionEvent.objects.filter(position=position, action="hiring_check").update(
            created_at=overdue
        )
    for position in asked[2:4]:
        job_services.confirm_still_hiring(
            position=position, by=_recruiter_for(position.enterprise_id)
        )
    for position in asked[4:5]:
        job_services.close_position(position=position, by=_recruiter_for(position.enterprise_id))
