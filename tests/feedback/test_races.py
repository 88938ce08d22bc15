"""Races of the trust features (PostgreSQL only, as in tests/test_races.py): a double click on
"rate", two recruiters answering for one enterprise, a recruiter answering an application while
the hourly follow-up closes it for want of an answer."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates import followups
from candidates import services as candidate_services
from candidates.models import Application, ApplicationEvent
from feedback import services
from feedback.models import FairRating
from tests.candidates.helpers import make_position, recruiter_of
from tests.factories import (
    FairFactory,
    GraduateFactory,
    ParticipationFactory,
    RecruiterFactory,
    TicketFactory,
)
from tests.test_races import _collision, collide, pytestmark, succeeded  # noqa: F401

DAY = datetime.timedelta(days=1)


def held_yesterday():
    now = timezone.now()
    return FairFactory(
        status="finished",
        starts_at=now - 30 * datetime.timedelta(hours=1),
        ends_at=now - DAY,
        graduate_registration_opens=now - 20 * DAY,
        graduate_registration_closes=now - 2 * DAY,
    )


def test_a_double_click_on_rate_stores_one_answer_and_a_readable_refusal():
    fair = held_yesterday()
    graduate = GraduateFactory()
    TicketFactory(fair=fair, graduate=graduate, checked_in_at=fair.starts_at)
    results = collide(
        *[
            lambda: services.rate_fair(fair=fair, by=graduate, rating=4, comment="好")
            for _ in range(4)
        ]
    )
    assert len(succeeded(results)) == 1
    refused = [r for r in results if r not in succeeded(results)]
    assert all(isinstance(r, ValidationError) and r.code == "already_rated" for r in refused)
    assert FairRating.objects.filter(fair=fair).count() == 1


def test_two_recruiters_rating_for_their_enterprise_at_once_store_one_answer():
    fair = held_yesterday()
    booth = ParticipationFactory(fair=fair)
    recruiters = [RecruiterFactory(enterprise=booth.enterprise).user for _ in range(2)]
    results = collide(
        *[
            lambda by=by: services.rate_fair_as_enterprise(
                fair=fair, enterprise=booth.enterprise, by=by, rating=5, candidates_rating=4
            )
            for by in recruiters
        ]
    )
    assert len(succeeded(results)) == 1
    assert FairRating.objects.filter(fair=fair, enterprise=booth.enterprise).count() == 1


def test_an_answer_racing_the_no_answer_follow_up_leaves_one_outcome_and_a_valid_history():
    position = make_position()
    recruiter = recruiter_of(position.enterprise)
    graduate = GraduateFactory().graduate_profile
    application = Application.objects.create(
        graduate=graduate, position=position, source="search", status="submitted"
    )
    ApplicationEvent.objects.create(
        application=application, actor=graduate.user, from_status="", to_status="submitted"
    )
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - 31 * DAY)
    results = collide(
        lambda: followups.close_unanswered_application(application_id=application.pk),
        lambda: candidate_services.move_application(
            application=application, to="rejected", by=recruiter, note="不合适"
        ),
    )
    application.refresh_from_db()
    assert application.status in {"no_answer", "rejected"}
    steps = list(application.events.order_by("pk").values_list("from_status", "to_status"))
    assert [to for _, to in steps] == ["submitted", application.status]
    assert all(steps[i][1] == steps[i + 1][0] for i in range(len(steps) - 1))
    closed_now = results[0] is True
    assert closed_now == (application.status == "no_answer")
