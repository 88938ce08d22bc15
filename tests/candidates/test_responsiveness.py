"""An enterprise's responsiveness (回复率): the share of applications it answered and the median
time to a first answer over the last 90 days, computed from application events, shown on its page,
its positions, the search cards and in the API; nothing while it has too few applications."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from candidates import services
from candidates.followups import follow_up_unanswered_applications
from candidates.models import ApplicationEvent
from candidates.selectors import responsiveness_of
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def position():
    return make_position(title="数据分析师")


@pytest.fixture
def recruiter(position):
    return recruiter_of(position.enterprise)


def applied(position, *, at):
    """An application made at `at` (the clock moved there), through the service."""
    with time_machine.travel(at, tick=False):
        graduate = complete_graduate()
        return services.apply(
            graduate=graduate, position=position, source="search", by=graduate.user
        )


def answered(application, by, *, at, to="rejected"):
    with time_machine.travel(at, tick=False):
        if to == "interview":
            return services.move_application(
                application=application,
                to="interview",
                by=by,
                interview_at=at + 2 * DAY,
                interview_link="https://meeting.example.cn/1",
            )
        return services.move_application(application=application, to=to, by=by)


def applications_answered_after(position, recruiter, delays, *, start=None):
    """One application per delay, each answered that long after it was made (None: never)."""
    start = start or timezone.now() - 40 * DAY
    made = []
    for index, delay in enumerate(delays):
        at = start + index * HOUR
        application = applied(position, at=at)
        if delay is not None:
            answered(application, recruiter, at=at + delay)
        made.append(application)
    return made


def test_rate_and_median_first_answer_come_from_the_events(position, recruiter):
    applications_answered_after(position, recruiter, [10 * HOUR, DAY, 30 * HOUR, 2 * DAY, None])
    figure = responsiveness_of([position.enterprise_id])[position.enterprise_id]
    assert (figure.applications, figure.answered) == (5, 4)
    assert figure.rate == pytest.approx(0.8)
    # Median of 10, 24, 30 and 48 hours.
    assert figure.median_hours == pytest.approx(27.0)
    assert figure.usual_days == 2
    assert not figure.slow


def test_the_first_answer_counts_not_later_steps(position, recruiter):
    applications = applications_answered_after(position, recruiter, [None] * 5)
    for application in applications:
        made = application.created_at
        answered(application, recruiter, at=made + 5 * HOUR, to="interview")
        answered(application, recruiter, at=made + 9 * DAY, to="offered")
    figure = responsiveness_of([position.enterprise_id])[position.enterprise_id]
    assert figure.answered == 5
    assert figure.median_hours == pytest.approx(5, abs=0.1)


def test_an_enterprise_with_too_few_applications_shows_nothing(
    position, recruiter, client, settings
):
    settings.RESPONSE_MIN_APPLICATIONS = 5
    applications_answered_after(position, recruiter, [HOUR] * 4)
    assert responsiveness_of([position.enterprise_id]) == {}
    page = client.get(f"/associations/enterprises/{position.enterprise_id}/").content.decode()
    assert "data-responsiveness" not in page
    api = client.get(f"/api/v1/enterprises/{position.enterprise_id}/").json()
    assert api["response_rate"] is None
    assert api["median_first_response_hours"] is None


def test_viewing_is_no_answer_and_viewed_and_back_cannot_game_the_rate(position, recruiter):
    """A recruiter who opens every application (and even moves it back) answers none."""
    applications = applications_answered_after(position, recruiter, [None] * 5)
    for application in applications:
        services.mark_viewed(application=application, by=recruiter)
        # Were the pipeline ever to allow a step back to submitted, it would answer nothing.
        ApplicationEvent.objects.create(
            application=application, actor=recruiter, from_status="viewed", to_status="submitted"
        )
    figure = responsiveness_of([position.enterprise_id])[position.enterprise_id]
    assert (figure.applications, figure.answered) == (5, 0)
    assert figure.median_hours is None
    assert figure.slow


def test_closing_an_application_for_want_of_an_answer_is_no_answer(position, recruiter):
    applications = applications_answered_after(position, recruiter, [HOUR] * 4 + [None])
    follow_up_unanswered_applications()  # 40 days old: closed as "no answer"
    applications[-1].refresh_from_db()
    assert applications[-1].status == "no_answer"
    figure = responsiveness_of([position.enterprise_id])[position.enterprise_id]
    assert (figure.applications, figure.answered) == (5, 4)


def test_an_application_withdrawn_before_any_answer_is_not_counted(position, recruiter):
    applications = applications_answered_after(position, recruiter, [HOUR] * 5 + [None])
    services.withdraw_application(application=applications[-1], by=applications[-1].graduate.user)
    figure = responsiveness_of([position.enterprise_id])[position.enterprise_id]
    assert (figure.applications, figure.answered) == (5, 5)


def test_only_applications_of_the_last_90_days_count(position, recruiter, settings):
    settings.RESPONSE_WINDOW_DAYS = 90
    applications_answered_after(position, recruiter, [None] * 5, start=timezone.now() - 100 * DAY)
    applications_answered_after(position, recruiter, [HOUR] * 5, start=timezone.now() - 30 * DAY)
    figure = responsiveness_of([position.enterprise_id])[position.enterprise_id]
    assert (figure.applications, figure.answered) == (5, 5)
    # Sixty days on, the answered ones fall out of the window too.
    with time_machine.travel(timezone.now() + 61 * DAY, tick=False):
        assert responsiveness_of([position.enterprise_id]) == {}


@pytest.mark.parametrize(
    ("delays", "slow"),
    [
        ([HOUR, HOUR, HOUR, None, None], False),  # 60 % answered within hours
        ([HOUR, HOUR, None, None, None], True),  # fewer than half answered
        ([8 * DAY] * 5, True),  # all answered, but after more than a week
        ([6 * DAY] * 5, False),
    ],
)
def test_slow_to_reply_under_the_thresholds(position, recruiter, settings, delays, slow):
    settings.RESPONSE_SLOW_RATE = 0.5
    settings.RESPONSE_SLOW_DAYS = 7
    applications_answered_after(position, recruiter, delays)
    assert responsiveness_of([position.enterprise_id])[position.enterprise_id].slow is slow


def test_each_enterprise_gets_its_own_figures_in_one_call(position, recruiter):
    other = make_position(title="会计")
    other_recruiter = recruiter_of(other.enterprise)
    applications_answered_after(position, recruiter, [HOUR] * 5)
    applications_answered_after(other, other_recruiter, [3 * DAY] * 6)
    figures = responsiveness_of([position.enterprise_id, other.enterprise_id])
    assert figures[position.enterprise_id].median_hours == pytest.approx(1)
    assert figures[other.enterprise_id].median_hours == pytest.approx(72)
    assert figures[other.enterprise_id].applications == 6


def test_the_line_shows_on_the_enterprise_page_and_its_positions(position, recruiter, client):
    applications_answered_after(position, recruiter, [HOUR, 20 * HOUR, 30 * HOUR, DAY, DAY])
    for url in (
        f"/associations/enterprises/{position.enterprise_id}/",
        f"/jobs/{position.pk}/",
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert 'data-responsiveness="1"' in page, url
        assert "通常 1 天内回复" in page, url


def test_a_slow_enterprise_reads_slow_to_reply(position, recruiter, client):
    applications_answered_after(position, recruiter, [HOUR, None, None, None, None])
    page = client.get(f"/jobs/{position.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-responsiveness="slow"' in page
    assert "回复较慢" in page


def test_the_search_card_shows_the_line(position, recruiter, client):
    applications_answered_after(position, recruiter, [2 * DAY - HOUR] * 5)
    page = client.get("/search/", {"q": "数据分析师"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert f'data-position="{position.pk}"' in text
    assert "通常 2 天内回复" in text


def test_the_enterprise_api_gives_rate_and_median(position, recruiter, client):
    applications_answered_after(position, recruiter, [HOUR, 2 * HOUR, 3 * HOUR, None, None])
    one = client.get(f"/api/v1/enterprises/{position.enterprise_id}/").json()
    assert one["response_rate"] == pytest.approx(0.6)
    assert one["median_first_response_hours"] == pytest.approx(2.0)
    listed = client.get("/api/v1/enterprises/").json()["results"]
    mine = next(e for e in listed if e["id"] == position.enterprise_id)
    assert mine["response_rate"] == pytest.approx(0.6)


def test_the_schema_documents_the_new_fields(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    fields = schema["components"]["schemas"]["EnterpriseWithResponsiveness"]["properties"]
    assert fields["response_rate"]["nullable"] is True
    assert "median_first_response_hours" in fields
