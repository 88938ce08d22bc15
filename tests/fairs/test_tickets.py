"""Graduates registering for fairs, tickets, cancellation and check-in at the door."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from fairs import services
from fairs.models import Ticket
from tests.factories import (
    FairFactory,
    GraduateFactory,
    OfficerFactory,
    TicketFactory,
    UserFactory,
)
from tests.fairs.conftest import at_the_fair

pytestmark = pytest.mark.django_db


def test_a_graduate_registers_and_gets_a_ticket_with_a_code(fair, graduate):
    ticket = services.register_graduate(fair=fair, by=graduate)
    assert ticket.is_active
    assert len(ticket.code) == 10


def test_registering_twice_is_refused(fair, graduate):
    services.register_graduate(fair=fair, by=graduate)
    with pytest.raises(ValidationError):
        services.register_graduate(fair=fair, by=graduate)
    assert Ticket.objects.count() == 1


def test_registering_after_the_window_is_refused_and_says_when_it_closed(fair, graduate):
    fair.graduate_registration_closes = timezone.now() - timedelta(hours=1)
    fair.save()
    with pytest.raises(ValidationError) as error:
        services.register_graduate(fair=fair, by=graduate)
    assert timezone.localtime(fair.graduate_registration_closes).strftime("%Y-%m-%d") in str(
        error.value
    )
    assert not Ticket.objects.exists()


def test_a_user_without_a_graduate_profile_cannot_register(fair):
    with pytest.raises(PermissionDenied):
        services.register_graduate(fair=fair, by=UserFactory())


def test_venue_capacity_is_enforced_and_a_cancellation_frees_the_place(fair):
    fair.venue_capacity = 1
    fair.save()
    first, second = GraduateFactory.create_batch(2)
    ticket = services.register_graduate(fair=fair, by=first)
    with pytest.raises(ValidationError):
        services.register_graduate(fair=fair, by=second)
    services.cancel_ticket(ticket=ticket, by=first)
    assert services.register_graduate(fair=fair, by=second).is_active


def test_eligibility_rules_say_why_a_graduate_is_not_eligible(fair, graduate):
    fair.eligible_graduation_years = [2026]
    fair.eligible_majors = ["计算机"]
    fair.save()
    profile = graduate.graduate_profile
    profile.graduation_year = 2025
    profile.major = "汉语言文学"
    profile.save()
    with pytest.raises(ValidationError) as error:
        services.register_graduate(fair=fair, by=graduate)
    text = " ".join(error.value.messages)
    assert "2026" in text
    assert "2025" in text
    assert "计算机" in text
    profile.graduation_year = 2026
    profile.major = "计算机科学与技术"
    profile.save()
    assert services.register_graduate(fair=fair, by=graduate).is_active


def test_check_in_twice_is_harmless_and_says_when_the_first_was(fair, staff, graduate):
    ticket = services.register_graduate(fair=fair, by=graduate)
    with at_the_fair(fair):
        first = services.check_in(fair=fair, code=ticket.code.lower(), by=staff)
    assert first.first_time
    with at_the_fair(fair, minutes=90):
        second = services.check_in(fair=fair, code=ticket.code, by=staff)
    assert not second.first_time
    when = timezone.localtime(first.ticket.checked_in_at).strftime("%H:%M")
    assert when in second.message
    ticket.refresh_from_db()
    assert ticket.checked_in_at == first.ticket.checked_in_at


@pytest.mark.parametrize(
    ("moment", "opens_hours", "accepted", "message"),
    [
        (timedelta(days=-6), 3, False, "Check-in opens at"),  # weeks or days ahead: refused
        (timedelta(hours=-4), 3, False, "Check-in opens at"),
        (timedelta(hours=-2, minutes=-59), 3, True, ""),  # within the hours before the start
        (timedelta(hours=-2, minutes=-59), 2, False, "Check-in opens at"),  # configurable
        (timedelta(hours=5, minutes=59), 3, True, ""),  # until the end (6 h after the start)
        (timedelta(hours=6, minutes=1), 3, False, "Check-in closed when the fair ended"),
    ],
)
def test_check_in_opens_hours_before_the_start_and_closes_at_the_end(
    fair, staff, graduate, settings, moment, opens_hours, accepted, message
):
    settings.CHECKIN_OPENS_HOURS_BEFORE = opens_hours
    settings.LANGUAGE_CODE = "en"
    ticket = services.register_graduate(fair=fair, by=graduate)
    with translation.override("en"), time_machine.travel(fair.starts_at + moment):
        if accepted:
            assert services.check_in(fair=fair, code=ticket.code, by=staff).first_time
        else:
            with pytest.raises(ValidationError, match=message) as refused:
                services.check_in(fair=fair, code=ticket.code, by=staff)
            assert refused.value.code == "check_in_closed"
            assert services.check_in_refusal(fair).startswith(message)
    ticket.refresh_from_db()
    assert (ticket.checked_in_at is not None) == accepted


def test_the_check_in_page_says_when_check_in_opens(client, fair, staff):
    client.force_login(staff)
    page = client.get(reverse("fairs:checkin", args=[fair.pk])).content.decode()
    assert 'id="checkin-closed"' in page
    with at_the_fair(fair):
        page = client.get(reverse("fairs:checkin", args=[fair.pk])).content.decode()
    assert 'id="checkin-closed"' not in page


def test_a_ticket_for_another_fair_is_refused(fair, staff, graduate, association):
    other = FairFactory(organiser=association, title="中北大学专场")
    ticket = services.register_graduate(fair=other, by=graduate)
    with pytest.raises(ValidationError, match="中北大学专场"):
        services.check_in(fair=fair, code=ticket.code, by=staff)
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_a_cancelled_ticket_cannot_be_checked_in(fair, staff, graduate):
    ticket = services.register_graduate(fair=fair, by=graduate)
    services.cancel_ticket(ticket=ticket, by=graduate)
    with pytest.raises(ValidationError):
        services.check_in(fair=fair, code=ticket.code, by=staff)
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_an_unknown_code_is_refused_clearly(fair, staff):
    with pytest.raises(ValidationError, match="NOPE"):
        services.check_in(fair=fair, code="nope", by=staff)


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("staff", True), ("officer", True), ("other_staff", False), ("graduate", False)],
)
def test_who_may_check_in(fair, staff, other_staff, graduate, actor, allowed):
    ticket = services.register_graduate(fair=fair, by=graduate)
    users = {
        "staff": staff,
        "officer": OfficerFactory().user,
        "other_staff": other_staff,
        "graduate": graduate,
    }
    if allowed:
        with at_the_fair(fair):
            assert services.check_in(fair=fair, code=ticket.code, by=users[actor]).first_time
    else:
        with at_the_fair(fair), pytest.raises(PermissionDenied):
            services.check_in(fair=fair, code=ticket.code, by=users[actor])
        ticket.refresh_from_db()
        assert ticket.checked_in_at is None


def test_counters_count_registrations_check_ins_and_present_enterprises(fair, staff):
    from fairs.selectors import fair_counters
    from tests.factories import ParticipationFactory

    tickets = [services.register_graduate(fair=fair, by=g) for g in GraduateFactory.create_batch(3)]
    with at_the_fair(fair):
        services.check_in(fair=fair, code=tickets[0].code, by=staff)
    services.mark_present(participation=ParticipationFactory(fair=fair), by=staff)
    ParticipationFactory(fair=fair)
    counters = fair_counters(fair)
    assert counters["registered"] == 3
    assert counters["checked_in"] == 1
    assert counters["present"] == 1
    assert counters["approved"] == 2


def test_a_presentation_reminder_goes_once_and_not_for_a_moved_presentation(
    mailoutbox, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(fair__format="presentation")
    starts_at = ticket.fair.starts_at
    with time_machine.travel(starts_at - timedelta(hours=24)):
        assert not services.send_presentation_reminder(
            ticket_id=ticket.pk, starts_at=starts_at, kind="1h"
        )  # not due yet
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_presentation_reminder(
                ticket_id=ticket.pk, starts_at=starts_at, kind="24h"
            )
        assert not services.send_presentation_reminder(
            ticket_id=ticket.pk, starts_at=starts_at, kind="24h"
        )  # sent already for this time
        assert not services.send_presentation_reminder(
            ticket_id=ticket.pk, starts_at=starts_at + timedelta(hours=2), kind="24h"
        )  # the presentation no longer starts then
    assert [m.to for m in mailoutbox] == [[ticket.graduate.email]]
