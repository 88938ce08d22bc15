"""After a fair its checked-in graduates and the recruiters of the enterprises that took part are
asked, once, in-app, by e-mail and by SMS to those who opted in; the department sees the
averages per association and per kind of fair."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import SmsMessage
from config.settings import CELERY_BEAT_SCHEDULE
from feedback import services, tasks
from feedback.models import FeedbackRequest
from outcomes import tally
from tests.accounts.sms_helpers import outbox
from tests.factories import AssociationFactory, GraduateFactory, TicketFactory
from tests.feedback.conftest import ended_fair

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def asked_users(fair):
    return set(FeedbackRequest.objects.filter(fair=fair).values_list("user__email", flat=True))


def test_visitors_and_participants_are_asked_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.ask_for_fair_feedback() == 3
    assert asked_users(world.fair) == {
        world.visitor.email,
        world.recruiter_x.email,
        world.recruiter_y.email,
    }
    assert world.absentee.email not in {m.to[0] for m in mailoutbox}
    assert {m.to[0] for m in mailoutbox} == asked_users(world.fair)
    notice = world.visitor.notifications.get(kind="fair_feedback")
    assert notice.url == f"/feedback/fairs/{world.fair.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.ask_for_fair_feedback() == 0
    assert len(mailoutbox) == 3


def test_nobody_is_asked_before_the_fair_ends_or_after_the_window(world):
    with time_machine.travel(world.fair.ends_at - datetime.timedelta(minutes=5), tick=False):
        assert services.ask_for_fair_feedback() == 0
    with time_machine.travel(world.fair.ends_at + 8 * DAY, tick=False):
        assert services.ask_for_fair_feedback() == 0
    assert not FeedbackRequest.objects.exists()


def test_a_no_show_enterprise_is_not_asked(world):
    world.booth_y.no_show = True
    world.booth_y.save()
    services.ask_for_fair_feedback()
    assert world.recruiter_y.email not in asked_users(world.fair)


def test_the_channels_are_recorded_and_sms_goes_only_to_those_who_opted_in(world):
    services.ask_for_fair_feedback()
    request = FeedbackRequest.objects.get(user=world.visitor)
    assert request.channels == "in_app,email"
    assert not SmsMessage.objects.exists()


def test_a_visitor_who_opted_in_to_sms_is_asked_by_sms_until_the_window_closes(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_URL = f"file://{tmp_path}"
    visitor = world.visitor
    visitor.phone, visitor.phone_verified, visitor.sms_notifications = "+8613912345678", True, True
    visitor.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_for_fair_feedback()
    assert FeedbackRequest.objects.get(user=visitor).channels == "in_app,email,sms"
    (sms,) = outbox(tmp_path, "+8613912345678")
    closes = timezone.localtime(world.fair.ends_at + 7 * DAY)
    assert sms["kind"] == "fair_feedback"
    assert world.fair.title in sms["text"]
    assert f"{closes.month}月{closes.day}日" in sms["text"]
    assert SmsMessage.objects.filter(user=world.recruiter_x).count() == 0


def test_the_beat_task_is_scheduled_and_asks(world):
    assert "feedback.tasks.ask_for_fair_feedback" in {
        entry["task"] for entry in CELERY_BEAT_SCHEDULE.values()
    }
    assert tasks.ask_for_fair_feedback.delay().get() == 3


def test_the_graduate_finds_the_fair_to_rate_in_app(world, client):
    services.ask_for_fair_feedback()
    client.force_login(world.visitor)
    page = client.get("/feedback/").content.decode()
    assert f'data-fair="{world.fair.pk}"' in page
    tickets = client.get("/fairs/me/tickets/").content.decode()
    assert f"/feedback/fairs/{world.fair.pk}/" in tickets


def _rated_world(world):
    """Ratings of two fairs of A (a campus fair and a cloud presentation) and one of B."""
    services.rate_fair(fair=world.fair, by=world.visitor, rating=4)
    services.rate_fair_as_enterprise(
        fair=world.fair,
        enterprise=world.booth_x.enterprise,
        by=world.recruiter_x,
        rating=5,
        candidates_rating=3,
    )
    cloud = ended_fair(world.fair.organiser, kind="cloud", format="presentation")
    other = ended_fair(AssociationFactory(name="山西省旅游协会"))
    for fair, stars in ((cloud, 2), (other, 5), (other, 3)):
        graduate = GraduateFactory()
        TicketFactory(fair=fair, graduate=graduate, checked_in_at=fair.starts_at)
        services.rate_fair(fair=fair, by=graduate, rating=stars)
    return cloud, other


def test_the_department_sees_averages_per_association_and_kind(world):
    _cloud, other = _rated_world(world)
    averages = tally.trust(tally.Scope())["fair_ratings"]
    by_association = {row["key"]: row for row in averages["association"]}
    mine = by_association[world.fair.organiser_id]
    assert (mine["fairs"], mine["graduate_average"], mine["graduate_ratings"]) == (2, 3.0, 2)
    assert (mine["enterprise_average"], mine["candidates_average"]) == (5.0, 3.0)
    assert by_association[other.organiser_id]["graduate_average"] == 4.0
    by_kind = {row["key"]: row for row in averages["kind"]}
    assert by_kind["campus-fair"]["graduate_average"] == 4.0  # (4 + 5 + 3) / 3
    assert by_kind["cloud-presentation"]["graduate_average"] == 2.0


def test_association_staff_see_their_associations_averages_only(world):
    _rated_world(world)
    api = APIClient()
    api.force_authenticate(world.staff_a)
    body = api.get("/api/v1/outcomes/trust/").json()
    assert [row["key"] for row in body["fair_ratings"]["association"]] == [
        str(world.fair.organiser_id)
    ]
    api.force_authenticate(world.officer)
    body = api.get("/api/v1/outcomes/trust/").json()
    assert len(body["fair_ratings"]["association"]) == 2
    assert set(body["hiring_checks"]) == {"asked", "confirmed", "closed", "unlisted"}
    api.force_authenticate(world.visitor)
    assert api.get("/api/v1/outcomes/trust/").status_code == 403


def test_the_dashboard_shows_the_trust_section(world, client):
    _rated_world(world)
    client.force_login(world.officer)
    page = client.get("/outcomes/").content.decode()
    assert 'id="trust"' in page
    assert 'data-ratings="association"' in page
    assert 'data-ratings="kind"' in page


def test_the_period_selects_fairs_by_their_date(world):
    _rated_world(world)
    past = timezone.localdate() - 30 * DAY
    scope = tally.Scope(date_from=past - 30 * DAY, date_to=past)
    assert tally.trust(scope)["fair_ratings"] == {"association": [], "kind": []}
