"""Reminders of slots and presentations: a periodic scan sends each due reminder once, follows a
moved time, skips a reminder whose time came before the booking, and over the real Redis broker
delivers one e-mail however often the scan runs."""

import time
from datetime import timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from config.celery import app as celery_app
from fairs import services, tasks
from fairs.models import SlotBooking, Ticket
from tests.factories import FairFactory, GraduateFactory, ParticipationFactory, TicketFactory
from tests.fairs.conftest import member_enterprise
from tests.services import requires_broker


def cloud_booth(association):
    now = timezone.now()  # a cloud fair tomorrow: its slots may start from now on
    fair = FairFactory(
        organiser=association,
        kind="cloud",
        venue="",
        host_university="",
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=6),
    )
    enterprise, recruiter = member_enterprise(association, "山西云聘示例公司")
    return ParticipationFactory(fair=fair, enterprise=enterprise), recruiter


def booked_slot(association, *, hours: float = 7 * 24 + 1):
    booth, recruiter = cloud_booth(association)
    slot = services.publish_slot(
        participation=booth,
        by=recruiter,
        starts_at=timezone.now() + timedelta(hours=hours),
        minutes=20,
        link="https://meeting.example.cn/room/1",
    )
    graduate = GraduateFactory()
    return services.book_slot(slot=slot, by=graduate), recruiter


def scan_at(moment) -> int:
    with time_machine.travel(moment):
        return services.send_due_reminders()


@pytest.mark.django_db
def test_the_scan_sends_the_24h_and_the_1h_reminder_once_each(association, mailoutbox):
    booking, _recruiter = booked_slot(association)
    start = booking.slot.starts_at
    assert scan_at(start - timedelta(hours=25)) == 0  # not due yet
    assert scan_at(start - timedelta(hours=23, minutes=59)) == 1
    assert scan_at(start - timedelta(hours=23)) == 0  # sent already
    assert scan_at(start - timedelta(minutes=59)) == 1
    assert scan_at(start - timedelta(minutes=30)) == 0
    assert scan_at(start + timedelta(minutes=1)) == 0  # started: nothing more
    booking.refresh_from_db()
    assert booking.reminded_24h_for == booking.reminded_1h_for == start


@pytest.mark.django_db
def test_a_moved_slot_is_reminded_of_its_new_time(association):
    booking, recruiter = booked_slot(association)
    old = booking.slot.starts_at
    assert scan_at(old - timedelta(hours=23)) == 1
    new = old + timedelta(hours=3)
    services.move_slot(slot=booking.slot, by=recruiter, starts_at=new)
    assert scan_at(old - timedelta(minutes=30)) == 1  # not the old time's 1 h: the new time's
    booking.refresh_from_db()
    assert booking.reminded_24h_for == new
    assert scan_at(new - timedelta(hours=2)) == 0
    assert scan_at(new - timedelta(minutes=30)) == 1
    booking.refresh_from_db()
    assert (booking.reminded_24h_for, booking.reminded_1h_for) == (new, new)


@pytest.mark.django_db
def test_a_booking_made_after_a_reminders_time_gets_only_the_later_one(association):
    booking, _recruiter = booked_slot(association, hours=3)
    start = booking.slot.starts_at
    assert scan_at(start - timedelta(hours=2)) == 0  # no "24 h" reminder for it
    assert scan_at(start - timedelta(minutes=50)) == 1
    booking.refresh_from_db()
    assert (booking.reminded_24h_for, booking.reminded_1h_for) == (None, start)


@pytest.mark.django_db
def test_after_an_outage_only_the_nearest_reminder_goes(association):
    booking, _recruiter = booked_slot(association)
    start = booking.slot.starts_at
    assert scan_at(start - timedelta(minutes=40)) == 1  # the 24 h one was never sent: skipped
    booking.refresh_from_db()
    assert (booking.reminded_24h_for, booking.reminded_1h_for) == (None, start)


@pytest.mark.django_db
def test_a_cancelled_booking_is_not_reminded(association):
    booking, _recruiter = booked_slot(association)
    services.cancel_booking(booking=booking, by=booking.graduate)
    assert scan_at(booking.slot.starts_at - timedelta(minutes=30)) == 0


@pytest.mark.django_db
def test_registered_graduates_are_reminded_of_a_presentation_not_of_a_fair(
    association, mailoutbox, django_capture_on_commit_callbacks
):
    enterprise, _recruiter = member_enterprise(association)
    presentation = FairFactory(organiser=association, format="presentation")
    presentation.presenting_enterprise = enterprise
    presentation.save()
    fair = FairFactory(organiser=association)
    ticket = TicketFactory(fair=presentation)
    TicketFactory(fair=fair)
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_at(presentation.starts_at - timedelta(minutes=30)) == 1
    assert [m.to for m in mailoutbox] == [[ticket.graduate.email]]
    ticket.refresh_from_db()
    assert ticket.reminded_1h_for == presentation.starts_at


# --- Over the real broker ----------------------------------------------------------------------


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.broker
@requires_broker
@pytest.mark.django_db(transaction=True)
def test_over_the_redis_broker_a_reminder_is_delivered_once_however_often_the_scan_runs(
    association,
):
    """The scan task is delivered five times (beat every minute, a redelivery, a second beat)
    to a worker on the real broker while this process scans too; one e-mail goes out."""
    booking, _recruiter = booked_slot(association, hours=0.75)  # due for its 1 h reminder
    SlotBooking.objects.filter(pk=booking.pk).update(created_at=timezone.now() - timedelta(days=2))
    Ticket.objects.all().delete()
    celery_app.conf.task_always_eager = False
    mail.outbox.clear()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        for _ in range(5):
            tasks.send_due_reminders.apply_async(ignore_result=True)
        services.send_due_reminders()
        assert wait_for(lambda: len(mail.outbox) >= 1)
        time.sleep(2)  # time for any second e-mail to arrive
    reminders = [m for m in mail.outbox if booking.graduate.email in m.to]
    assert len(reminders) == 1
    booking.refresh_from_db()
    assert booking.reminded_1h_for == booking.slot.starts_at
