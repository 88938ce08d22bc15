"""The position lifecycle through the services: rules, transitions, events, indexing, expiry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from associations.models import Region
from jobs import services
from jobs.models import Position, PositionEvent
from jobs.tasks import expire_positions

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _fields(**overrides):
    fields = {
        "title": "Java开发工程师",
        "category": "software",
        "description": "参与**政务云**平台开发。",
        "city": Region.objects.get(code="140100"),
        "salary_min": 6000,
        "salary_max": 10000,
        "education": "bachelor",
        "majors": "计算机科学与技术、软件工程",
        "headcount": 3,
        "job_type": "full_time",
        "deadline": TODAY() + datetime.timedelta(days=30),
    }
    fields.update(overrides)
    return fields


def _actions(position):
    return list(PositionEvent.objects.filter(position=position).values_list("action", flat=True))


def test_a_recruiter_creates_publishes_closes_and_reopens_a_position(world):
    by = world.recruiter_x
    position = services.create_position(enterprise=world.enterprise_x, by=by, **_fields())
    assert position.status == "draft"
    assert position.majors == ["计算机科学与技术", "软件工程"]
    services.publish_position(position=position, by=by)
    position.refresh_from_db()
    assert position.status == "published"
    assert position.published_at is not None
    assert position.is_open
    services.close_position(position=position, by=by)
    position.refresh_from_db()
    assert position.status == "closed"
    assert not position.is_open
    services.reopen_position(position=position, by=by)
    position.refresh_from_db()
    assert position.status == "published"
    assert _actions(position) == ["created", "published", "closed", "reopened"]
    event = PositionEvent.objects.filter(position=position, action="closed").get()
    assert (event.actor, event.from_status, event.to_status) == (by, "published", "closed")


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("published", "publish_position"),
        ("closed", "publish_position"),
        ("draft", "close_position"),
        ("closed", "close_position"),
        ("draft", "reopen_position"),
        ("published", "reopen_position"),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(world, status, action):
    position = world.position(status=status)
    with pytest.raises(ValidationError):
        getattr(services, action)(position=position, by=world.recruiter_x)
    position.refresh_from_db()
    assert position.status == status
    assert _actions(position) == []


def test_an_unverified_enterprise_cannot_publish(unverified):
    enterprise, recruiter = unverified
    position = services.create_position(enterprise=enterprise, by=recruiter, **_fields())
    with pytest.raises(ValidationError, match="尚未认证"):
        services.publish_position(position=position, by=recruiter)
    position.refresh_from_db()
    assert position.status == "draft"


def test_only_recruiters_of_the_enterprise_manage_its_positions(world):
    position = world.position(status="draft")
    for outsider in (world.recruiter_y, world.graduate, world.staff_a, world.officer):
        with pytest.raises(PermissionDenied):
            services.publish_position(position=position, by=outsider)
        with pytest.raises(PermissionDenied):
            services.update_position(position=position, by=outsider, title="改")
    with pytest.raises(PermissionDenied):
        services.create_position(enterprise=world.enterprise_x, by=world.recruiter_y, **_fields())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"salary_min": 9000, "salary_max": 5000}, "salary_max"),
        ({"headcount": 0}, "headcount"),
        ({"title": ""}, "title"),
        ({"category": "astronaut"}, "category"),
    ],
)
def test_bad_positions_are_refused_with_the_field_named(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.create_position(
            enterprise=world.enterprise_x, by=world.recruiter_x, **_fields(**overrides)
        )
    assert field in error.value.message_dict
    assert not Position.objects.exists()


def test_a_district_must_belong_to_the_city(world):
    elsewhere = Region.objects.filter(level="district").exclude(parent__code="140100").first()
    with pytest.raises(ValidationError) as error:
        services.create_position(
            enterprise=world.enterprise_x, by=world.recruiter_x, **_fields(district=elsewhere)
        )
    assert "district" in error.value.message_dict
    inside = Region.objects.filter(level="district", parent__code="140100").first()
    position = services.create_position(
        enterprise=world.enterprise_x, by=world.recruiter_x, **_fields(district=inside)
    )
    assert position.district == inside


def test_both_salaries_empty_means_negotiable(world):
    position = services.create_position(
        enterprise=world.enterprise_x,
        by=world.recruiter_x,
        **_fields(salary_min=None, salary_max=None),
    )
    assert position.salary_negotiable


def test_a_deadline_in_the_past_blocks_publishing(world):
    position = world.position(status="draft", deadline=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.publish_position(position=position, by=world.recruiter_x)
    assert "deadline" in error.value.message_dict


def test_duplicating_makes_a_new_draft_with_the_same_content(world):
    original = world.position(deadline=TODAY() - datetime.timedelta(days=3), status="expired")
    copy = services.duplicate_position(position=original, by=world.recruiter_x)
    assert copy.pk != original.pk
    assert (copy.status, copy.title, copy.majors) == ("draft", original.title, original.majors)
    assert copy.deadline is None
    assert _actions(copy) == ["duplicated"]


def test_only_drafts_are_deleted(world):
    draft = world.position(status="draft")
    services.delete_position(position=draft, by=world.recruiter_x)
    assert not Position.objects.filter(pk=draft.pk).exists()
    published = world.position()
    with pytest.raises(ValidationError):
        services.delete_position(position=published, by=world.recruiter_x)


def test_a_position_is_filled_when_hires_reach_the_headcount(world):
    position = world.position(headcount=2)
    assert services.mark_filled_if_complete(position=position, hires=1) is False
    position.refresh_from_db()
    assert position.status == "published"
    assert services.mark_filled_if_complete(position=position, hires=2) is True
    position.refresh_from_db()
    assert position.status == "filled"
    assert _actions(position) == ["filled"]
    assert services.mark_filled_if_complete(position=position, hires=3) is False


def test_the_expiry_task_expires_passed_deadlines_once(world):
    yesterday = TODAY() - datetime.timedelta(days=1)
    late = world.position(deadline=yesterday)
    today = world.position(deadline=TODAY())
    draft = world.position(deadline=yesterday, status="draft")
    assert expire_positions.delay().get() == 1
    assert expire_positions.delay().get() == 0
    statuses = {p.pk: p.status for p in Position.objects.all()}
    assert statuses == {late.pk: "expired", today.pk: "published", draft.pk: "draft"}
    assert _actions(late) == ["expired"]


def test_an_expired_position_reopens_after_its_deadline_moves(world):
    position = world.position(deadline=TODAY() - datetime.timedelta(days=1))
    services.expire_positions()
    position.refresh_from_db()
    with pytest.raises(ValidationError):
        services.reopen_position(position=position, by=world.recruiter_x)
    services.update_position(
        position=position, by=world.recruiter_x, deadline=TODAY() + datetime.timedelta(days=10)
    )
    services.reopen_position(position=position, by=world.recruiter_x)
    position.refresh_from_db()
    assert position.status == "published"


def test_services_schedule_indexing_after_commit(world, django_capture_on_commit_callbacks):
    position = world.position(status="draft")
    with django_capture_on_commit_callbacks() as callbacks:
        services.publish_position(position=position, by=world.recruiter_x)
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        services.close_position(position=position, by=world.recruiter_x)
    assert len(callbacks) == 1
