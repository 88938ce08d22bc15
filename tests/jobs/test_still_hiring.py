"""No ghost jobs: a published position with no pipeline activity for 21 days, or with many
applications waiting and none answered, asks its recruiters "still hiring?" (还在招吗？); confirmed,
it stays; closed, it closes; unanswered for 7 days it leaves search with a notice to its recruiters
and its associations' staff, who list such positions per enterprise. Each step is a position event;
the department counts the positions confirmed active from them. The clock is moved, never slept."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

import search
from candidates import followups
from candidates import services as candidate_services
from candidates.followups import check_positions_still_hiring
from candidates.models import Notification
from config.settings import CELERY_BEAT_SCHEDULE
from jobs import services
from jobs.models import Position, PositionEvent
from outbox.models import OutboxMessage
from outcomes import tally
from search import SearchQuery
from tests.candidates.helpers import complete_graduate

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def later(days, hours=0):
    return time_machine.travel(
        timezone.now() + datetime.timedelta(days=days, hours=hours), tick=False
    )


@pytest.fixture
def position(world):
    """Published three weeks and a day ago (the clock is moved back to publish it)."""
    with later(-22):
        position = world.position(title="土木工程师", published_at=timezone.now())
        PositionEvent.objects.create(position=position, action="published", to_status="published")
    search.index_position_now(position.pk)
    return position


def fresh(position) -> Position:
    return Position.objects.get(pk=position.pk)


def asked(user):
    return Notification.objects.filter(user=user, kind=Notification.Kind.STILL_HIRING)


def actions(position) -> list[str]:
    return list(position.events.order_by("pk").values_list("action", flat=True))


def found(position) -> bool:
    result = search.search_positions(SearchQuery(text=position.title))
    return position.pk in result.ids


def test_an_idle_position_asks_its_recruiters_once(
    world, position, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert check_positions_still_hiring() == {"asked": 1, "unlisted": 0}
    assert fresh(position).hiring_check_at is not None
    assert actions(position)[-1] == "hiring_check"
    assert position.events.last().note == "idle"
    assert asked(world.recruiter_x).count() == 1
    assert not asked(world.recruiter_y).exists()
    assert [m.to for m in mailoutbox] == [[world.recruiter_x.email]]
    assert f"/jobs/{position.pk}/still-hiring/" in mailoutbox[0].body
    # The next day's run asks nothing again.
    with later(1), django_capture_on_commit_callbacks(execute=True):
        assert check_positions_still_hiring() == {"asked": 0, "unlisted": 0}
    assert asked(world.recruiter_x).count() == 1


def test_the_question_and_its_email_are_written_together_through_the_outbox(world, position):
    """Before the commit is relayed, the e-mail is an outbox row beside the question: a broker
    or worker lost now delays it, never drops it."""
    check_positions_still_hiring()
    emails = OutboxMessage.objects.filter(task="core.tasks.send_email")
    assert [m.kwargs["to"] for m in emails] == [[world.recruiter_x.email]]
    assert f"/jobs/{position.pk}/still-hiring/" in emails.get().kwargs["body"]
    assert OutboxMessage.objects.filter(task="search.tasks.index_position").count() == 0


def test_a_failure_while_telling_the_recruiters_leaves_the_position_unasked(
    world, position, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("mail template missing")

    monkeypatch.setattr(followups, "notify", broken)
    with pytest.raises(RuntimeError):
        check_positions_still_hiring()
    assert fresh(position).hiring_check_at is None
    assert "hiring_check" not in actions(position)
    assert not OutboxMessage.objects.exists()
    monkeypatch.undo()
    assert check_positions_still_hiring() == {"asked": 1, "unlisted": 0}  # the next run asks


def test_a_position_younger_than_three_weeks_is_not_asked(world):
    world.position(published_at=timezone.now() - 20 * DAY)
    assert check_positions_still_hiring() == {"asked": 0, "unlisted": 0}


def test_a_recruiters_step_in_the_pipeline_keeps_it_alive(world, position):
    graduate = complete_graduate()
    with later(-10):
        application = candidate_services.apply(
            graduate=graduate, position=position, source="search", by=graduate.user
        )
        candidate_services.mark_viewed(application=application, by=world.recruiter_x)
    assert check_positions_still_hiring()["asked"] == 0
    with later(12):  # 22 days after the step
        assert check_positions_still_hiring()["asked"] == 1


def test_many_applications_none_answered_ask_even_a_busy_position(world, settings):
    settings.STILL_HIRING_UNANSWERED = 3
    position = world.position(title="仓库管理员")
    with later(-8):
        for _ in range(3):
            graduate = complete_graduate()
            application = candidate_services.apply(
                graduate=graduate, position=position, source="search", by=graduate.user
            )
            # Viewing is pipeline activity, but answers nothing.
            candidate_services.mark_viewed(application=application, by=world.recruiter_x)
    assert check_positions_still_hiring()["asked"] == 1
    assert position.events.last().note == "unanswered"
    assert "none has been answered" in asked(world.recruiter_x).get().message or (
        "均未答复" in asked(world.recruiter_x).get().message
    )


def test_one_answer_is_enough_to_leave_a_busy_position_alone(world, settings):
    settings.STILL_HIRING_UNANSWERED = 3
    position = world.position(title="仓库管理员")
    with later(-8):
        applications = []
        for _ in range(4):
            graduate = complete_graduate()
            applications.append(
                candidate_services.apply(
                    graduate=graduate, position=position, source="search", by=graduate.user
                )
            )
        candidate_services.move_application(
            application=applications[0], to="rejected", by=world.recruiter_x
        )
    assert check_positions_still_hiring()["asked"] == 0


def test_confirming_keeps_it_listed_and_quiet_for_three_weeks(world, position):
    check_positions_still_hiring()
    with later(3):
        services.confirm_still_hiring(position=position, by=world.recruiter_x)
    assert fresh(position).hiring_check_at is None
    with later(9):  # past the 7 days: nothing to unlist, nothing to ask
        assert check_positions_still_hiring() == {"asked": 0, "unlisted": 0}
    assert fresh(position).status == "published"
    assert found(position)
    with later(25):  # three weeks after the confirmation: asked again
        assert check_positions_still_hiring()["asked"] == 1
    assert actions(position)[-3:] == ["hiring_check", "hiring_confirmed", "hiring_check"]


def test_closing_answers_no_longer_hiring(world, position, django_capture_on_commit_callbacks):
    check_positions_still_hiring()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_position(position=position, by=world.recruiter_x)
    position = fresh(position)
    assert (position.status, position.hiring_check_at) == ("closed", None)
    assert position.events.last().note == "hiring_check"
    assert not found(position)


def test_unanswered_for_seven_days_it_leaves_search_with_notices(
    world, position, mailoutbox, django_capture_on_commit_callbacks
):
    check_positions_still_hiring()
    assert found(position)
    with later(6, 23):
        assert check_positions_still_hiring()["unlisted"] == 0
    with later(7, 1), django_capture_on_commit_callbacks(execute=True):
        assert check_positions_still_hiring() == {"asked": 0, "unlisted": 1}
    position = fresh(position)
    assert position.status == "unlisted"
    assert not position.is_open
    assert not found(position)
    assert actions(position)[-1] == "unlisted"
    told = {m.to[0] for m in mailoutbox}
    assert told == {world.recruiter_x.email, world.staff_a.email}
    for user in (world.recruiter_x, world.staff_a):
        assert Notification.objects.filter(user=user, kind=Notification.Kind.UNLISTED).exists()
    assert not Notification.objects.filter(user=world.staff_b).exists()
    # Again: nothing more.
    with later(8), django_capture_on_commit_callbacks(execute=True):
        assert check_positions_still_hiring() == {"asked": 0, "unlisted": 0}
    assert len(told) == len(mailoutbox)


def test_confirming_an_unlisted_position_lists_it_again(
    world, position, django_capture_on_commit_callbacks
):
    check_positions_still_hiring()
    with later(8), django_capture_on_commit_callbacks(execute=True):
        check_positions_still_hiring()
    assert not found(position)
    with later(8), django_capture_on_commit_callbacks(execute=True):
        services.confirm_still_hiring(position=position, by=world.recruiter_x)
    position = fresh(position)
    assert (position.status, position.hiring_check_at) == ("published", None)
    assert found(position)
    event = position.events.last()
    assert (event.action, event.from_status, event.to_status) == (
        "hiring_confirmed",
        "unlisted",
        "published",
    )


def test_an_unlisted_position_past_its_deadline_cannot_be_listed_again(world, position):
    position.deadline = timezone.localdate() + 2 * DAY
    position.save()
    check_positions_still_hiring()
    with later(8):
        check_positions_still_hiring()
        with pytest.raises(ValidationError):
            services.confirm_still_hiring(position=position, by=world.recruiter_x)
        assert fresh(position).status == "unlisted"


def test_confirming_when_nobody_asked_is_refused(world, position):
    with pytest.raises(ValidationError) as refused:
        services.confirm_still_hiring(position=position, by=world.recruiter_x)
    assert refused.value.code == "not_asked"
    assert actions(position) == ["published"]


def test_suspended_and_closed_positions_are_not_asked(world, position):
    other = world.position(title="测量员", published_at=timezone.now() - 30 * DAY)
    services.suspend_position(position=position, by=world.officer, reason="信息不实")
    services.close_position(position=other, by=world.recruiter_x)
    assert check_positions_still_hiring()["asked"] == 0


def test_the_recruiter_answers_from_the_positions_list(world, position, client):
    check_positions_still_hiring()
    client.force_login(world.recruiter_x)
    page = client.get(f"/jobs/manage/?enterprise={world.enterprise_x.pk}").content.decode()
    assert 'id="still-hiring"' in page
    response = client.post(f"/jobs/{position.pk}/still-hiring/confirm/", {"next": "manage"})
    assert response.url == f"/jobs/manage/?enterprise={world.enterprise_x.pk}"
    assert fresh(position).hiring_check_at is None
    page = client.get(f"/jobs/manage/?enterprise={world.enterprise_x.pk}").content.decode()
    assert 'id="still-hiring"' not in page


def test_staff_list_their_members_unconfirmed_positions_by_enterprise(world, position, client):
    quiet = world.position(
        enterprise=world.enterprise_y, title="快递员", published_at=timezone.now() - 30 * DAY
    )
    check_positions_still_hiring()
    with later(8):
        check_positions_still_hiring()
    for user, sees, hidden in (
        (world.staff_a, position, quiet),
        (world.staff_b, quiet, position),
    ):
        client.force_login(user)
        page = client.get("/jobs/unconfirmed/").content.decode()
        assert f'data-position="{sees.pk}"' in page
        assert f'data-position="{hidden.pk}"' not in page
        assert f'data-enterprise="{sees.enterprise_id}"' in page
    client.force_login(world.officer)
    page = client.get("/jobs/unconfirmed/").content.decode()
    assert f'data-position="{position.pk}"' in page
    assert f'data-position="{quiet.pk}"' in page


@pytest.mark.parametrize(
    ("actor", "status"),
    [("graduate", 403), ("recruiter_x", 403), ("staff_a", 200), ("officer", 200)],
)
def test_only_staff_and_officers_open_the_unconfirmed_list(world, client, actor, status):
    client.force_login(world.actor(actor))
    assert client.get("/jobs/unconfirmed/").status_code == status


def test_the_department_counts_positions_confirmed_active_from_events(world, position):
    closed = world.position(title="资料员", published_at=timezone.now() - 30 * DAY)
    check_positions_still_hiring()
    services.confirm_still_hiring(position=position, by=world.recruiter_x)
    services.close_position(position=closed, by=world.recruiter_x)
    figures = tally.hiring_checks(tally.Scope())
    assert figures == {"asked": 2, "confirmed": 1, "closed": 1, "unlisted": 0}
    scoped = tally.hiring_checks(tally.Scope(association_id=world.association_b.pk))
    assert scoped == {"asked": 0, "confirmed": 0, "closed": 0, "unlisted": 0}


def test_the_trust_api_ignores_a_day_it_cannot_count_from(world, position, client):
    check_positions_still_hiring()
    client.force_login(world.officer)
    response = client.get(
        "/api/v1/outcomes/trust/", {"date_from": "0001-01-01", "date_to": "9999-12-31"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["hiring_checks"]["asked"] == 1
    assert "date_from" not in body["scope"]
    assert "date_to" not in body["scope"]


def test_the_beat_task_is_scheduled(world, position):
    from candidates import tasks

    assert "candidates.tasks.check_positions_still_hiring" in {
        entry["task"] for entry in CELERY_BEAT_SCHEDULE.values()
    }
    assert tasks.check_positions_still_hiring.delay().get() == {"asked": 1, "unlisted": 0}
