"""Creating, editing, publishing and cancelling fairs, and the bad input that changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fairs import services
from fairs.models import Fair, FairEvent
from tests.factories import GraduateFactory, OfficerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def fair_fields(**overrides):
    now = timezone.now()
    fields = {
        "title": "太原理工大学春季双选会",
        "kind": Fair.Kind.CAMPUS,
        "format": Fair.Format.FAIR,
        "host_university": "太原理工大学",
        "venue": "明向校区体育馆",
        "starts_at": now + timedelta(days=10),
        "ends_at": now + timedelta(days=10, hours=5),
        "enterprise_registration_opens": now,
        "enterprise_registration_closes": now + timedelta(days=8),
        "graduate_registration_opens": now,
        "graduate_registration_closes": now + timedelta(days=10, hours=4),
        "booth_capacity": 80,
        "venue_capacity": 2000,
    }
    fields.update(overrides)
    return fields


def test_staff_create_a_draft_fair_with_an_event_row(association, staff):
    fair = services.create_fair(organiser=association, by=staff, **fair_fields())
    assert fair.status == Fair.Status.DRAFT
    assert FairEvent.objects.filter(fair=fair, action="created", actor=staff).exists()


def test_staff_of_another_association_cannot_create_its_fair(association, other_staff):
    with pytest.raises(PermissionDenied):
        services.create_fair(organiser=association, by=other_staff, **fair_fields())
    assert not Fair.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": timezone.now() + timedelta(days=9)}, "ends_at"),
        (
            {"graduate_registration_closes": timezone.now() + timedelta(days=11)},
            "graduate_registration_closes",
        ),
        (
            {"enterprise_registration_closes": timezone.now() + timedelta(days=12)},
            "enterprise_registration_closes",
        ),
        (
            {
                "enterprise_registration_opens": timezone.now() + timedelta(days=5),
                "enterprise_registration_closes": timezone.now() + timedelta(days=4),
            },
            "enterprise_registration_closes",
        ),
        ({"venue": ""}, "venue"),
        ({"format": Fair.Format.PRESENTATION}, "presenting_enterprise"),
    ],
)
def test_bad_dates_and_missing_details_are_refused_and_nothing_is_saved(
    association, staff, overrides, field
):
    with pytest.raises(ValidationError) as error:
        services.create_fair(organiser=association, by=staff, **fair_fields(**overrides))
    assert field in error.value.message_dict
    assert not Fair.objects.exists()


def test_an_end_before_the_start_says_so(association, staff):
    with pytest.raises(ValidationError) as error:
        services.create_fair(
            organiser=association,
            by=staff,
            **fair_fields(ends_at=timezone.now() + timedelta(days=9)),
        )
    assert "结束" in error.value.message_dict["ends_at"][0] or "end" in str(error.value)


def test_capacity_cannot_go_below_the_graduates_registered(fair, staff):
    TicketFactory.create_batch(3, fair=fair)
    with pytest.raises(ValidationError) as error:
        services.update_fair(fair=fair, by=staff, venue_capacity=2)
    assert "venue_capacity" in error.value.message_dict
    fair.refresh_from_db()
    assert fair.venue_capacity == 100
    services.update_fair(fair=fair, by=staff, venue_capacity=3)
    fair.refresh_from_db()
    assert fair.venue_capacity == 3


def test_publishing_makes_a_draft_public(association, staff):
    fair = services.create_fair(organiser=association, by=staff, **fair_fields())
    services.publish_fair(fair=fair, by=staff)
    fair.refresh_from_db()
    assert fair.status == Fair.Status.PUBLISHED
    with pytest.raises(ValidationError):
        services.publish_fair(fair=fair, by=staff)


def test_co_organiser_staff_manage_the_fair(fair, other_staff):
    from accounts.roles import roles_for

    fair.co_organisers.add(roles_for(other_staff).associations[0].id)
    services.update_fair(fair=fair, by=other_staff, title="联合双选会")
    fair.refresh_from_db()
    assert fair.title == "联合双选会"


def test_cancelling_tells_every_registered_graduate_and_enterprise(
    fair, staff, enterprise_and_recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import ParticipationFactory

    enterprise, recruiter = enterprise_and_recruiter
    ParticipationFactory(fair=fair, enterprise=enterprise)
    graduates = GraduateFactory.create_batch(2)
    for graduate in graduates:
        TicketFactory(fair=fair, graduate=graduate)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_fair(fair=fair, by=staff, reason="场馆维修")
    recipients = {address for message in mailoutbox for address in message.to}
    assert recipients == {g.email for g in graduates} | {recruiter.email}
    assert all("场馆维修" in message.body for message in mailoutbox)
    assert FairEvent.objects.filter(fair=fair, action="cancelled").exists()


def test_cancelling_without_a_reason_is_refused(fair, staff):
    with pytest.raises(ValidationError):
        services.cancel_fair(fair=fair, by=staff, reason=" ")
    fair.refresh_from_db()
    assert fair.status == Fair.Status.PUBLISHED


def test_officers_create_campaigns_and_others_cannot(staff):
    officer = OfficerFactory().user
    today = timezone.localdate()
    campaign = services.create_campaign(
        by=officer, name="百会千企促万生就业 2026", starts_on=today, ends_on=today
    )
    assert campaign.hire_window_days == 90
    with pytest.raises(PermissionDenied):
        services.create_campaign(by=staff, name="x", starts_on=today, ends_on=today)
    with pytest.raises(ValidationError):
        services.create_campaign(
            by=officer, name="y", starts_on=today, ends_on=today - timedelta(days=1)
        )


def test_finishing_a_campus_fair_records_absent_enterprises_as_no_shows(fair, staff):
    from tests.factories import ParticipationFactory

    present = ParticipationFactory(fair=fair)
    absent = ParticipationFactory(fair=fair)
    services.mark_present(participation=present, by=staff)
    services.finish_fair(fair=fair, by=staff)
    present.refresh_from_db()
    absent.refresh_from_db()
    assert not present.no_show
    assert absent.no_show
