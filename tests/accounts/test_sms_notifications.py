"""SMS notifications to graduates who opted in: interview invitations, offers, fair reminders the
day before, interview slots moved or cancelled; in their language; never without opting in."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import SmsMessage
from candidates import services as candidate_services
from fairs import services as fair_services
from tests.accounts.sms_helpers import outbox
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.factories import (
    AssociationFactory,
    FairFactory,
    GraduateFactory,
    ParticipationFactory,
    TicketFactory,
)
from tests.fairs.conftest import member_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_dir(settings, tmp_path):
    settings.SMS_URL = f"file://{tmp_path}"
    return tmp_path


def opted_in(user, number="+8613912345678", language="zh-hans"):
    user.phone, user.phone_verified, user.sms_notifications = number, True, True
    user.language = language
    user.save()
    return user


def test_an_interview_invitation_reaches_the_graduate_by_sms_with_time_and_place(
    sms_dir, django_capture_on_commit_callbacks
):
    position = make_position()
    recruiter = recruiter_of(position.enterprise)
    graduate = complete_graduate()
    opted_in(graduate.user)
    application = candidate_services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    when = (timezone.localtime() + timedelta(days=3)).replace(
        hour=14, minute=30, second=0, microsecond=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        candidate_services.move_application(
            application=application,
            to="interview",
            by=recruiter,
            interview_at=when,
            interview_place="太原市小店区长风街1号",
        )
        candidate_services.move_application(application=application, to="offered", by=recruiter)
    interview, offer = outbox(sms_dir, "+8613912345678")
    assert interview["kind"] == "interview"
    assert f"{when.month}月{when.day}日 14:30" in interview["text"]
    assert "长风街1号" in interview["text"]
    assert offer["kind"] == "offer"
    assert position.title[:10] in offer["text"]


def test_the_sms_is_written_in_the_graduates_language(sms_dir, django_capture_on_commit_callbacks):
    position = make_position()
    graduate = complete_graduate()
    opted_in(graduate.user, language="en")
    application = candidate_services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        candidate_services.move_application(
            application=application,
            to="interview",
            by=recruiter_of(position.enterprise),
            interview_at=timezone.now() + timedelta(days=3),
            interview_link="https://meeting.example.cn/1",
        )
    [message] = outbox(sms_dir)
    assert "invites you to interview" in message["text"]
    assert "online" in message["text"]


def test_no_sms_for_a_graduate_who_did_not_opt_in(sms_dir, django_capture_on_commit_callbacks):
    position = make_position()
    graduate = complete_graduate()
    application = candidate_services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        candidate_services.move_application(
            application=application,
            to="interview",
            by=recruiter_of(position.enterprise),
            interview_at=timezone.now() + timedelta(days=3),
            interview_place="会议室",
        )
    assert not SmsMessage.objects.exists()


def test_a_fair_reminder_goes_by_sms_the_day_before(sms_dir, django_capture_on_commit_callbacks):
    ticket = TicketFactory(fair__format="presentation")
    opted_in(ticket.graduate)
    starts_at = ticket.fair.starts_at
    for before in (timedelta(hours=24), timedelta(hours=1)):  # the reminders' scan, each time
        with (
            time_machine.travel(starts_at - before + timedelta(minutes=1)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert fair_services.send_due_reminders() == 1
    [reminder] = outbox(sms_dir)  # the day before only
    assert reminder["kind"] == "fair_reminder"
    assert ticket.fair.title[:8] in reminder["text"]


def test_a_moved_and_a_cancelled_slot_are_told_by_sms(sms_dir, django_capture_on_commit_callbacks):
    association = AssociationFactory(name="山西省软件行业协会")
    fair = FairFactory(organiser=association, kind="cloud", venue="", host_university="")
    enterprise, recruiter = member_enterprise(association, "山西云聘示例公司")
    booth = ParticipationFactory(fair=fair, enterprise=enterprise)
    slot = fair_services.publish_slot(
        participation=booth,
        by=recruiter,
        starts_at=timezone.now() + timedelta(hours=7 * 24 + 1),
        minutes=20,
        link="https://meeting.example.cn/room/1",
    )
    graduate = opted_in(GraduateFactory())
    booking = fair_services.book_slot(slot=slot, by=graduate)
    with django_capture_on_commit_callbacks(execute=True):
        fair_services.move_slot(
            slot=slot, by=recruiter, starts_at=slot.starts_at + timedelta(hours=1)
        )
        fair_services.cancel_booking(booking=booking, by=recruiter)
    moved, cancelled = outbox(sms_dir)
    assert (moved["kind"], cancelled["kind"]) == ("slot_moved", "slot_cancelled")
    assert "山西云聘示例公司" in moved["text"]


def test_opting_in_needs_a_verified_number(client):
    user = GraduateFactory(phone="+8613912345678", phone_verified=False)
    client.force_login(user)
    client.post(reverse("accounts:settings"), {"sms_notifications": "on"})
    user.refresh_from_db()
    assert not user.sms_notifications
    user.phone_verified = True
    user.save()
    client.post(reverse("accounts:settings"), {"sms_notifications": "on"})
    user.refresh_from_db()
    assert user.sms_notifications
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "13912345678" in page
