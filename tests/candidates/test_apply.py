"""Applying: one application per graduate and position, clear refusals, withdrawal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.models import Application, ApplicationEvent, Source
from jobs.models import Position
from tests.candidates.helpers import complete_graduate, make_position
from tests.factories import FairFactory, GraduateFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate():
    return complete_graduate()


@pytest.fixture
def position():
    return make_position()


def apply(graduate, position, **kwargs):
    kwargs.setdefault("source", Source.POSITION_PAGE)
    return services.apply(graduate=graduate, position=position, by=graduate.user, **kwargs)


def test_graduate_with_complete_profile_applies_and_an_event_is_recorded(graduate, position):
    fair = ParticipationFactory(enterprise=position.enterprise).fair
    application = apply(graduate, position, source=Source.FAIR_PAGE, fair=fair)
    assert application.status == "submitted"
    assert application.source == "fair_page"
    assert application.source_fair == fair
    assert application.resume == graduate.resumes.first()
    event = ApplicationEvent.objects.get(application=application)
    assert (event.from_status, event.to_status, event.actor) == ("", "submitted", graduate.user)


@pytest.mark.parametrize(
    "fair_of",
    [
        "no participation",
        "a draft fair",
        "a cancelled fair",
        "a rejected participation",
        "another enterprise's participation",
    ],
)
def test_an_application_credits_only_a_public_fair_its_enterprise_took_part_in(
    graduate, position, fair_of
):
    """A graduate cannot hand an unrelated association a hire (and its verification) by naming
    its fair: the fair must be public and have the enterprise taking part."""
    fair = {
        "no participation": lambda: FairFactory(),
        "a draft fair": lambda: (
            ParticipationFactory(
                enterprise=position.enterprise, fair=FairFactory(status="draft")
            ).fair
        ),
        "a cancelled fair": lambda: (
            ParticipationFactory(
                enterprise=position.enterprise, fair=FairFactory(status="cancelled")
            ).fair
        ),
        "a rejected participation": lambda: (
            ParticipationFactory(enterprise=position.enterprise, status="rejected").fair
        ),
        "another enterprise's participation": lambda: ParticipationFactory().fair,
    }[fair_of]()
    with pytest.raises(ValidationError) as refused:
        apply(graduate, position, source=Source.FAIR_PAGE, fair=fair)
    assert "fair" in refused.value.message_dict
    assert not Application.objects.exists()


def test_a_presentation_credits_the_enterprise_presenting(graduate, position):
    fair = FairFactory(format="presentation", presenting_enterprise=position.enterprise)
    application = apply(graduate, position, source=Source.PRESENTATION, fair=fair)
    assert application.source_fair == fair


def test_the_api_answers_an_unrelated_fair_with_400_and_writes_nothing(client, graduate, position):
    client.force_login(graduate.user)
    response = client.post(
        "/api/v1/applications/",
        {"position": position.pk, "source": "fair_page", "fair": FairFactory().pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "fair" in response.json()
    assert not Application.objects.exists()


def test_second_application_to_same_position_is_refused_with_the_existing_one(graduate, position):
    first = apply(graduate, position)
    with pytest.raises(services.AlreadyApplied) as error:
        apply(graduate, position)
    assert error.value.application == first
    assert Application.objects.count() == 1


def test_database_refuses_a_duplicate_even_without_the_service():
    from django.db import IntegrityError, transaction

    graduate, position = complete_graduate(), make_position()
    apply(graduate, position)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(graduate=graduate, position=position)


def test_an_application_another_request_made_is_found_by_the_insert_itself(graduate, position):
    """No look-up precedes the insert: ON CONFLICT finds the winner of a race and writes nothing."""
    winner = Application.objects.create(graduate=graduate, position=position)
    with pytest.raises(services.AlreadyApplied) as error:
        apply(graduate, position)
    assert error.value.application == winner
    assert Application.objects.count() == 1
    assert not ApplicationEvent.objects.exists()


def test_an_existing_application_is_the_answer_even_once_the_position_closed(graduate, position):
    first = apply(graduate, position)
    Position.objects.filter(pk=position.pk).update(status=Position.Status.CLOSED)
    position.refresh_from_db()
    with pytest.raises(services.AlreadyApplied) as error:
        apply(graduate, position)
    assert error.value.application == first


@pytest.mark.parametrize(
    "change",
    [
        {"status": Position.Status.CLOSED},
        {"status": Position.Status.DRAFT},
        {"status": Position.Status.FILLED},
        {"deadline": datetime.date(2020, 1, 1)},
        {"suspended_at": "now"},
    ],
    ids=["closed", "draft", "filled", "expired", "suspended"],
)
def test_positions_not_open_are_refused(graduate, change):
    if change.get("suspended_at") == "now":
        change = {"suspended_at": timezone.now()}
    position = make_position(**change)
    with pytest.raises(ValidationError) as error:
        apply(graduate, position)
    assert error.value.code == "closed"
    assert not Application.objects.exists()


def test_incomplete_profile_is_refused_and_told_what_is_missing(position):
    user = GraduateFactory()
    with pytest.raises(ValidationError) as error:
        services.apply(graduate=user.graduate_profile, position=position, source="search", by=user)
    assert error.value.code == "incomplete"
    assert "university" in error.value.messages[0] or "毕业院校" in error.value.messages[0]


def test_withdrawn_application_cannot_be_made_again(graduate, position):
    application = apply(graduate, position)
    services.withdraw_application(application=application, by=graduate.user, note="已签约")
    with pytest.raises(ValidationError) as error:
        apply(graduate, position)
    assert error.value.code == "withdrawn"


def test_unknown_source_is_refused(graduate, position):
    with pytest.raises(ValidationError):
        apply(graduate, position, source="telepathy")


def test_one_cannot_apply_for_someone_else(graduate, position):
    other = GraduateFactory()
    with pytest.raises(services.PermissionDenied):
        services.apply(graduate=graduate, position=position, source="search", by=other)


def test_withdrawal_is_allowed_until_an_offer(graduate, position):
    from tests.candidates.helpers import recruiter_of

    recruiter = recruiter_of(position.enterprise)
    application = apply(graduate, position)
    services.move_application(
        application=application,
        to="interview",
        by=recruiter,
        interview_at=timezone.now(),
        interview_place="太原市小店区",
    )
    services.move_application(application=application, to="offered", by=recruiter)
    with pytest.raises(ValidationError) as error:
        services.withdraw_application(application=application, by=graduate.user)
    assert error.value.code == "invalid_transition"


def test_double_click_on_the_apply_page_makes_one_application_and_a_friendly_message(
    client, graduate, position
):
    client.force_login(graduate.user)
    url = reverse("candidates:apply", args=[position.pk])
    first = client.post(url, {"source": "search"})
    second = client.post(url, {"source": "search"}, follow=True)
    application = Application.objects.get()
    assert first.url == reverse("candidates:application", args=[application.pk])
    assert second.redirect_chain[-1][0] == reverse("candidates:application", args=[application.pk])
    assert "已经申请" in second.content.decode() or "already applied" in second.content.decode()
    assert application.source == "search"


@pytest.mark.parametrize(
    "link", [{"source": "bogus"}, {"source": "fair_page", "fair": "99999999999999999999999"}]
)
def test_a_damaged_apply_link_says_so_and_applies_nothing(client, graduate, position, link):
    client.force_login(graduate.user)
    response = client.post(reverse("candidates:apply", args=[position.pk]), link)
    assert response.status_code == 200
    assert "链接已损坏" in response.content.decode()
    assert not Application.objects.exists()


def test_apply_page_tells_an_incomplete_graduate_what_is_missing(client, position):
    user = GraduateFactory()
    client.force_login(user)
    page = client.get(reverse("candidates:apply", args=[position.pk])).content.decode()
    assert "data-missing" in page
    assert "apply-form" not in page


def test_withdraw_page_flow(client, graduate, position):
    application = apply(graduate, position)
    client.force_login(graduate.user)
    client.post(reverse("candidates:withdraw", args=[application.pk]), {"note": "不合适"})
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.events.last().note == "不合适"


def test_applying_while_a_fair_listing_the_position_runs_records_that_fair(graduate, position):
    from django.utils import timezone

    from fairs.models import Participation

    now = timezone.now()
    fair = FairFactory(
        starts_at=now - timezone.timedelta(hours=1),
        ends_at=now + timezone.timedelta(hours=5),
        enterprise_registration_opens=now - timezone.timedelta(days=3),
        enterprise_registration_closes=now - timezone.timedelta(days=1),
        graduate_registration_opens=now - timezone.timedelta(days=3),
        graduate_registration_closes=now + timezone.timedelta(hours=4),
        status="ongoing",
    )
    participation = Participation.objects.create(
        fair=fair, enterprise=position.enterprise, status="approved"
    )
    participation.positions.add(position)
    application = apply(graduate, position, source=Source.SEARCH)
    assert application.source_fair == fair


def test_applying_outside_any_fair_records_none(graduate, position):
    assert apply(graduate, position, source=Source.SEARCH).source_fair is None


def test_the_positions_read_for_applying_load_their_other_fields_on_access(graduate, position):
    from candidates import selectors

    first = apply(graduate, position)
    found = selectors.application_to_position(user_id=graduate.user_id, position_id=position.pk)
    assert found.pk == first.pk
    assert found.position.title == position.title
    assert found.position.enterprise.name == position.enterprise.name
    assert found.position.enterprise.credit_code == position.enterprise.credit_code  # deferred
    assert found.position.salary_max == position.salary_max  # deferred
    opened = selectors.position_to_apply(position.pk)
    assert opened.city.name == position.city.name
    assert opened.enterprise.industry == position.enterprise.industry  # deferred
    assert selectors.application_to_position(user_id=graduate.user_id + 999, position_id=1) is None
