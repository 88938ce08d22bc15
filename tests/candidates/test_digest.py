"""The daily digest (推荐职位日报): once a day, to graduates who switched it on, the new positions
that fit them, in their language; never twice for one day, whoever runs the task how often."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from candidates import services, tasks
from candidates.models import RecommendationDigest
from outbox.models import OutboxMessage
from tests.factories import GraduateFactory, PositionFactory, RegionFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def morning(days: int = 0) -> datetime.datetime:
    """07:30 in Shanghai, `days` from today: when beat runs the digest."""
    today = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(today, datetime.time(7, 30), tzinfo=SHANGHAI)


@pytest.fixture
def taiyuan():
    return RegionFactory()


def graduate(*, digest=True, language="", **fields):
    user = GraduateFactory(full_name="李明", language=language)
    profile = user.graduate_profile
    services.update_profile(
        profile=profile,
        by=user,
        data={"major": "软件工程", "degree": "bachelor"} | fields,
        cities=[RegionFactory()],
    )
    services.set_matching_preferences(profile=profile, by=user, daily_digest=digest)
    return profile


def publish(title: str, at: datetime.datetime, **fields):
    return PositionFactory(title=title, published_at=at, **({"category": "software"} | fields))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Beat's morning run `day_offset` days from today; its outbox messages (the digests, then
    their e-mails) are delivered after commit, at that morning too."""

    def run(day_offset: int = 0) -> None:
        with (
            time_machine.travel(morning(day_offset), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            tasks.send_recommendation_digests.delay()

    return run


def test_a_graduate_who_switched_it_on_gets_the_new_matches_once_a_day(
    run, django_capture_on_commit_callbacks
):
    profile = graduate()
    publish("Java 开发工程师", morning() - datetime.timedelta(hours=3))
    publish(
        "护士",
        morning() - datetime.timedelta(hours=3),
        category="healthcare",
        majors=["护理学"],
        description="病房护理",
    )
    run()
    run()  # beat twice, or a retried task: still one e-mail
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_recommendation_digest.delay(profile.pk, timezone.localdate().isoformat())
    assert len(mail.outbox) == 1
    (message,) = mail.outbox
    assert message.to == [profile.user.email]
    assert "1 个新职位与你匹配" in message.subject
    assert "Java 开发工程师" in message.body
    assert "护士" not in message.body
    assert "职位要求的专业：软件工程" in message.body
    assert RecommendationDigest.objects.filter(graduate=profile).count() == 1


def test_the_next_day_brings_only_what_was_published_since_the_last_digest(run):
    graduate()
    publish("Java 开发工程师", morning() - datetime.timedelta(hours=3))
    run()
    publish("Python 开发工程师", morning() + datetime.timedelta(hours=5))
    run(day_offset=1)
    run(day_offset=1)
    assert len(mail.outbox) == 2
    second = mail.outbox[1].body
    assert "Python 开发工程师" in second
    assert "Java 开发工程师" not in second


def test_a_day_with_nothing_new_sends_nothing_but_counts_as_that_days_digest(run):
    profile = graduate()
    publish("Java 开发工程师", morning(-5))  # old news
    run()
    assert mail.outbox == []
    assert RecommendationDigest.objects.get(graduate=profile).positions == []


def test_graduates_who_did_not_switch_it_on_get_nothing(run):
    profile = graduate(digest=False)
    assert profile.daily_digest is False
    publish("Java 开发工程师", morning() - datetime.timedelta(hours=3))
    run()
    assert mail.outbox == []
    assert not RecommendationDigest.objects.exists()


def test_the_digest_is_off_by_default():
    assert GraduateFactory().graduate_profile.daily_digest is False


def test_the_digest_is_written_in_the_graduates_language(run):
    graduate(language="en")
    publish("Java developer", morning() - datetime.timedelta(hours=3))
    run()
    (message,) = mail.outbox
    assert message.subject == "1 new position fits you"
    assert "The position asks for your major: 软件工程" in message.body
    assert "turn it off in your profile" in message.body


def test_beat_runs_the_digest_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["recommendation-digests"]
    assert entry["task"] == "candidates.tasks.send_recommendation_digests"
    assert entry["schedule"].hour == {7}


def test_each_digest_is_an_outbox_message_so_a_broker_outage_loses_none(run):
    profile = graduate()
    publish("Java 开发工程师", morning() - datetime.timedelta(hours=3))
    run()
    message = OutboxMessage.objects.get(task="candidates.tasks.send_recommendation_digest")
    assert message.args == [profile.pk, timezone.localdate().isoformat()]
    assert message.status == OutboxMessage.Status.DONE
    assert len(mail.outbox) == 1


def test_a_graduate_without_an_e_mail_address_is_told_the_digest_needs_one(client):
    graduate = GraduateFactory(email=None, phone="+8613812345678", verified=False)
    client.force_login(graduate)
    page = client.get("/me/profile/").content.decode()
    assert "账号还没有电子邮箱" in page
    with_address = GraduateFactory()
    client.force_login(with_address)
    assert "账号还没有电子邮箱" not in client.get("/me/profile/").content.decode()
