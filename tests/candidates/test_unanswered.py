"""No black hole: an application unanswered for 14 days reminds the recruiters (once); at 30 days,
or once its position has closed, it is closed for the graduate as "no answer", its own status,
with a courteous message, and counted apart from the enterprise's rejections. The clock is moved,
never slept; the beat task is safe to run twice."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from candidates import services, tasks
from candidates.followups import follow_up_unanswered_applications
from candidates.models import Application, Notification
from config.settings import CELERY_BEAT_SCHEDULE
from jobs import services as job_services
from outcomes import tally
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.factories import FairFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def position():
    return make_position(title="Java 开发工程师")


@pytest.fixture
def recruiter(position):
    return recruiter_of(position.enterprise)


@pytest.fixture
def application(position, recruiter):
    graduate = complete_graduate()
    return services.apply(graduate=graduate, position=position, source="search", by=graduate.user)


def later(days, hours=0):
    return time_machine.travel(
        timezone.now() + datetime.timedelta(days=days, hours=hours), tick=False
    )


def reminders(user):
    return Notification.objects.filter(user=user, kind=Notification.Kind.UNANSWERED)


def test_nothing_happens_before_fourteen_days(application, recruiter):
    with later(13, 23):
        assert follow_up_unanswered_applications() == {"closed": 0, "reminded": 0}
    assert not reminders(recruiter).exists()


def test_fourteen_days_unanswered_remind_the_recruiters_once(
    application, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = recruiter_of(application.position.enterprise)
    with later(14, 1), django_capture_on_commit_callbacks(execute=True):
        assert follow_up_unanswered_applications()["reminded"] == 1
    assert reminders(recruiter).count() == 1
    assert reminders(colleague).count() == 1
    assert {m.to[0] for m in mailoutbox} == {recruiter.email, colleague.email}
    assert "14" in reminders(recruiter).get().message
    with later(15), django_capture_on_commit_callbacks(execute=True):
        assert follow_up_unanswered_applications()["reminded"] == 0
    assert reminders(recruiter).count() == 1
    assert len(mailoutbox) == 2


def test_one_reminder_counts_all_of_an_enterprises_waiting_applications(
    position, recruiter, application
):
    other = complete_graduate()
    services.apply(graduate=other, position=position, source="search", by=other.user)
    with later(14, 1):
        assert follow_up_unanswered_applications()["reminded"] == 2
    assert reminders(recruiter).count() == 1
    assert "2" in reminders(recruiter).get().message


def test_a_viewed_application_is_still_waiting(application, recruiter):
    services.mark_viewed(application=application, by=recruiter)
    with later(14, 1):
        assert follow_up_unanswered_applications()["reminded"] == 1


def test_thirty_days_unanswered_close_the_application_for_the_graduate(
    application, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    graduate = application.graduate.user
    with later(30, 1), django_capture_on_commit_callbacks(execute=True):
        assert follow_up_unanswered_applications()["closed"] == 1
    application.refresh_from_db()
    assert application.status == Application.Status.NO_ANSWER
    event = application.events.last()
    assert (event.from_status, event.to_status, event.actor) == ("submitted", "no_answer", None)
    notice = Notification.objects.filter(user=graduate).latest("pk")
    assert "不代表" in notice.message or "not a rejection" in notice.message
    assert "30" in notice.message
    assert [m.to for m in mailoutbox] == [[graduate.email]]
    assert not application.can_withdraw
    # Running again changes nothing and tells nobody twice.
    with later(31), django_capture_on_commit_callbacks(execute=True):
        assert follow_up_unanswered_applications() == {"closed": 0, "reminded": 0}
    assert application.events.count() == 2
    assert len(mailoutbox) == 1


def test_the_graduate_reads_the_message_in_their_own_language(application, settings):
    graduate = application.graduate.user
    graduate.language = "en"
    graduate.save()
    with later(30, 1):
        follow_up_unanswered_applications()
    notice = Notification.objects.filter(user=graduate).latest("pk")
    assert notice.message.startswith("Your application to Java 开发工程师")
    assert "This is not a rejection" in notice.message


@pytest.mark.parametrize("end", ["close", "expire", "fill"])
def test_an_ended_position_closes_its_unanswered_applications_at_once(application, recruiter, end):
    position = application.position
    if end == "close":
        job_services.close_position(position=position, by=recruiter)
    elif end == "expire":
        position.deadline = timezone.localdate()
        position.save()
        with later(2):
            job_services.expire_positions()
    else:
        job_services.mark_filled_if_complete(position=position, hires=position.headcount)
    with later(2):
        assert follow_up_unanswered_applications()["closed"] == 1
    application.refresh_from_db()
    assert application.status == "no_answer"
    notice = Notification.objects.filter(user=application.graduate.user).latest("pk")
    assert "position has been closed" in notice.message or "职位已关闭" in notice.message


def test_answered_and_withdrawn_applications_are_left_alone(position, recruiter):
    answered, withdrawn = complete_graduate(), complete_graduate()
    a = services.apply(graduate=answered, position=position, source="search", by=answered.user)
    w = services.apply(graduate=withdrawn, position=position, source="search", by=withdrawn.user)
    services.move_application(
        application=a,
        to="interview",
        by=recruiter,
        interview_at=timezone.now() + 2 * DAY,
        interview_place="太原市小店区",
    )
    services.withdraw_application(application=w, by=withdrawn.user)
    with later(60):
        assert follow_up_unanswered_applications() == {"closed": 0, "reminded": 0}
    assert set(Application.objects.values_list("status", flat=True)) == {"interview", "withdrawn"}


def test_a_recruiter_cannot_move_a_closed_application(application, recruiter):
    from django.core.exceptions import ValidationError

    with later(30, 1):
        follow_up_unanswered_applications()
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.move_application(application=application, to="rejected", by=recruiter)


def test_no_answer_is_its_own_column_of_the_funnel_not_a_rejection(position, recruiter):
    fair = FairFactory(starts_at=timezone.now() - 2 * DAY, ends_at=timezone.now() - DAY)
    fair.status = "finished"
    fair.save()
    ParticipationFactory(fair=fair, enterprise=position.enterprise)
    graduates = [complete_graduate() for _ in range(3)]
    applications = [
        services.apply(graduate=g, position=position, source="fair_page", fair=fair, by=g.user)
        for g in graduates
    ]
    services.move_application(application=applications[0], to="rejected", by=recruiter)
    with later(30, 1):
        follow_up_unanswered_applications()
    row = next(r for r in tally.fair_funnels(tally.Scope()) if r["key"] == fair.pk)
    assert (row["applications"], row["rejected"], row["no_answer"]) == (3, 1, 2)


def test_the_beat_task_is_scheduled_and_runs_the_follow_up(application):
    scheduled = {entry["task"] for entry in CELERY_BEAT_SCHEDULE.values()}
    assert "candidates.tasks.follow_up_unanswered_applications" in scheduled
    with later(30, 1):
        assert tasks.follow_up_unanswered_applications.delay().get() == {
            "closed": 1,
            "reminded": 0,
        }


def test_the_graduates_page_says_it_was_closed_without_an_answer(application, client):
    with later(30, 1):
        follow_up_unanswered_applications()
    client.force_login(application.graduate.user)
    page = client.get(f"/me/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'data-status="no_answer"' in text
    assert "not a rejection" in text
