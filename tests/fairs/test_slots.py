"""Cloud-fair interview slots: publishing, booking, the one-booking rules and reminders."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from fairs import services
from fairs.models import SlotBooking
from tests.concurrency import collide
from tests.factories import FairFactory, GraduateFactory, ParticipationFactory
from tests.fairs.conftest import member_enterprise
from tests.services import requires_postgresql


@pytest.fixture
def cloud_fair(association):
    return FairFactory(organiser=association, kind="cloud", venue="", host_university="")


@pytest.fixture
def booth(cloud_fair, association):
    enterprise, recruiter = member_enterprise(association, "山西云聘示例公司")
    participation = ParticipationFactory(fair=cloud_fair, enterprise=enterprise)
    participation.recruiter = recruiter
    return participation


def publish(booth, *, hours=7 * 24 + 1, minutes=20):
    return services.publish_slot(
        participation=booth,
        by=booth.recruiter,
        starts_at=timezone.now() + timedelta(hours=hours),
        minutes=minutes,
        link="https://meeting.example.cn/room/1",
    )


@pytest.mark.django_db
def test_a_graduate_books_one_slot_per_enterprise_and_fair(booth):
    first, second = publish(booth), publish(booth, hours=7 * 24 + 2)
    graduate = GraduateFactory()
    services.book_slot(slot=first, by=graduate)
    with pytest.raises(ValidationError):
        services.book_slot(slot=second, by=graduate)
    assert SlotBooking.objects.count() == 1


@pytest.mark.django_db
def test_a_taken_slot_cannot_be_booked(booth):
    slot = publish(booth)
    services.book_slot(slot=slot, by=GraduateFactory())
    with pytest.raises(ValidationError):
        services.book_slot(slot=slot, by=GraduateFactory())
    assert SlotBooking.objects.count() == 1


@pytest.mark.django_db
def test_a_past_slot_cannot_be_booked(booth):
    slot = publish(booth)
    with time_machine.travel(slot.starts_at + timedelta(minutes=1)), pytest.raises(ValidationError):
        services.book_slot(slot=slot, by=GraduateFactory())
    assert not SlotBooking.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_booking_frees_the_slot(booth):
    slot = publish(booth)
    graduate = GraduateFactory()
    booking = services.book_slot(slot=slot, by=graduate)
    services.cancel_booking(booking=booking, by=graduate)
    assert services.book_slot(slot=slot, by=GraduateFactory()).status == "booked"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["graduate", "enterprise"])
def test_the_graduate_is_told_when_the_enterprise_cancels_not_when_they_do(
    booth, mailoutbox, django_capture_on_commit_callbacks, who
):
    slot = publish(booth)
    graduate = GraduateFactory()
    booking = services.book_slot(slot=slot, by=graduate)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel_booking(
            booking=booking, by=graduate if who == "graduate" else booth.recruiter
        )
    assert cancelled.status == "cancelled"
    assert [m.to for m in mailoutbox] == ([] if who == "graduate" else [[graduate.email]])


@pytest.mark.django_db
def test_an_enterprise_that_withdraws_cancels_its_coming_interviews_and_says_so(
    booth, mailoutbox, django_capture_on_commit_callbacks
):
    coming = publish(booth)
    graduate = GraduateFactory()
    booking = services.book_slot(slot=coming, by=graduate)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_participation(participation=booth, by=booth.recruiter)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert [m.to for m in mailoutbox] == [[graduate.email]]
    assert booth.enterprise.name in mailoutbox[0].subject
    with pytest.raises(ValidationError):  # and its slots cannot be booked any more
        services.book_slot(slot=publish_unchecked(booth), by=GraduateFactory())


def publish_unchecked(booth):
    """A free slot of the booth written directly (publishing is refused once withdrawn)."""
    from fairs.models import InterviewSlot

    return InterviewSlot.objects.create(
        fair=booth.fair,
        enterprise=booth.enterprise,
        starts_at=timezone.now() + timedelta(days=8),
        minutes=20,
        link="https://meeting.example.cn/room/2",
    )


@pytest.mark.django_db
def test_bad_slots_are_refused(booth):
    with pytest.raises(ValidationError) as error:
        services.publish_slot(
            participation=booth,
            by=booth.recruiter,
            starts_at=timezone.now() - timedelta(hours=1),
            minutes=2,
            link="meeting",
        )
    assert set(error.value.message_dict) == {"starts_at", "minutes", "link"}


@pytest.mark.django_db
def test_reminders_go_once_and_only_for_the_current_time(booth, mailoutbox):
    slot = publish(booth)
    graduate = GraduateFactory()
    booking = services.book_slot(slot=slot, by=graduate)
    old_start = slot.starts_at
    with time_machine.travel(old_start - timedelta(hours=24)):
        # Run twice: the second run sends nothing.
        assert services.send_slot_reminder(booking_id=booking.pk, starts_at=old_start, kind="24h")
        assert not services.send_slot_reminder(
            booking_id=booking.pk, starts_at=old_start, kind="24h"
        )
    new_start = old_start + timedelta(hours=3)
    services.move_slot(slot=slot, by=booth.recruiter, starts_at=new_start)
    with time_machine.travel(old_start - timedelta(hours=1)):
        # The reminder scheduled for the old time lapses.
        assert not services.send_slot_reminder(
            booking_id=booking.pk, starts_at=old_start, kind="1h"
        )
    with time_machine.travel(new_start - timedelta(hours=1)):
        assert services.send_slot_reminder(booking_id=booking.pk, starts_at=new_start, kind="1h")
    assert len(mailoutbox) == 0 or all(m.to == [graduate.email] for m in mailoutbox)


@pytest.mark.django_db
def test_a_reminder_run_early_sends_nothing(booth):
    slot = publish(booth)
    booking = services.book_slot(slot=slot, by=GraduateFactory())
    assert not services.send_slot_reminder(
        booking_id=booking.pk, starts_at=slot.starts_at, kind="1h"
    )


@pytest.mark.django_db
def test_reminder_mail_reaches_the_booked_graduate(
    booth, mailoutbox, django_capture_on_commit_callbacks
):
    slot = publish(booth)
    graduate = GraduateFactory()
    booking = services.book_slot(slot=slot, by=graduate)
    with (
        time_machine.travel(slot.starts_at - timedelta(minutes=59)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.send_slot_reminder(booking_id=booking.pk, starts_at=slot.starts_at, kind="1h")
    assert [m.to for m in mailoutbox] == [[graduate.email]]
    assert slot.link in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
@requires_postgresql("row locks need PostgreSQL: SQLite serialises writers itself")
def test_concurrent_bookings_of_one_slot_yield_one_booking(booth):
    slot = publish(booth)
    graduates = GraduateFactory.create_batch(6)
    results, meeting = collide(
        *[lambda g=g: services.book_slot(slot=slot, by=g) for g in graduates],
        expected=(ValidationError,),
    )
    assert meeting.waited  # the bookings queued behind the slot's row lock
    outcomes = ["refused" if isinstance(r, ValidationError) else "booked" for r in results]
    assert sorted(outcomes) == ["booked"] + ["refused"] * 5
    assert SlotBooking.objects.filter(slot=slot, status="booked").count() == 1
