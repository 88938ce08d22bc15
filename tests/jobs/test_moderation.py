"""Moderation (举报): reports queue for the staff of the enterprise's associations; officers see
all; suspension with a reason the recruiter sees; every step an event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jobs import selectors, services
from jobs.models import PositionEvent, PositionReport

pytestmark = pytest.mark.django_db


def _report(world, position=None, by=None):
    return services.report_position(
        position=position or world.position(),
        by=by or world.graduate,
        reason="fraud",
        details="要求先交培训费。",
    )


def test_a_report_is_suspended_with_a_reason_and_events_are_recorded(world):
    report = _report(world)
    position = report.position
    assert list(selectors.report_queue(world.staff_a)) == [report]
    services.suspend_position(position=position, by=world.staff_a, reason="收取求职者费用")
    position.refresh_from_db()
    report.refresh_from_db()
    assert position.suspended_at is not None
    assert position.suspension_reason == "收取求职者费用"
    assert not position.is_searchable
    assert (report.status, report.handled_by) == ("upheld", world.staff_a)
    assert list(selectors.report_queue(world.staff_a)) == []
    services.reinstate_position(position=position, by=world.staff_a)
    position.refresh_from_db()
    assert position.suspended_at is None
    assert position.is_searchable
    actions = list(position.events.values_list("action", "actor"))
    assert actions == [
        ("reported", world.graduate.pk),
        ("suspended", world.staff_a.pk),
        ("reinstated", world.staff_a.pk),
    ]


def test_a_report_is_dismissed_and_the_position_stays(world):
    report = _report(world)
    services.dismiss_report(report=report, by=world.officer, note="信息属实")
    report.refresh_from_db()
    assert (report.status, report.resolution) == ("dismissed", "信息属实")
    assert report.position.suspended_at is None
    assert PositionEvent.objects.filter(action="report_dismissed").count() == 1
    with pytest.raises(ValidationError):
        services.dismiss_report(report=report, by=world.officer)


def test_staff_of_another_association_cannot_see_or_act_on_the_report(world, client):
    report = _report(world)
    assert list(selectors.report_queue(world.staff_b)) == []
    assert list(selectors.report_queue(world.officer)) == [report]
    with pytest.raises(PermissionDenied):
        services.suspend_position(position=report.position, by=world.staff_b, reason="x")
    with pytest.raises(PermissionDenied):
        services.dismiss_report(report=report, by=world.staff_b)
    client.force_login(world.staff_b)
    assert report.position.title not in client.get("/jobs/moderation/").content.decode()
    assert client.post(f"/jobs/reports/{report.pk}/dismiss/").status_code == 404
    response = client.post(f"/jobs/{report.position.pk}/suspend/", {"reason": "x"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == "open"


def test_staff_act_from_the_queue_page(world, client):
    report = _report(world)
    client.force_login(world.staff_a)
    page = client.get("/jobs/moderation/").content.decode()
    assert "要求先交培训费" in page
    client.post(
        f"/jobs/{report.position.pk}/suspend/", {"reason": "虚假招聘", "next": "moderation"}
    )
    report.position.refresh_from_db()
    assert report.position.suspension_reason == "虚假招聘"
    client.force_login(world.recruiter_x)
    page = client.get(f"/jobs/{report.position.pk}/").content.decode()
    assert "虚假招聘" in page


def test_suspending_needs_a_reason(world):
    position = world.position()
    with pytest.raises(ValidationError):
        services.suspend_position(position=position, by=world.officer, reason=" ")


def test_reports_need_a_reason_and_details_and_are_not_repeated(world):
    position = world.position()
    with pytest.raises(ValidationError) as error:
        services.report_position(position=position, by=world.graduate, reason="x", details="")
    assert set(error.value.message_dict) == {"reason", "details"}
    _report(world, position)
    with pytest.raises(ValidationError):
        _report(world, position)
    assert PositionReport.objects.count() == 1


def test_drafts_and_own_positions_cannot_be_reported(world):
    with pytest.raises(PermissionDenied):
        _report(world, world.position(status="draft"))
    with pytest.raises(PermissionDenied):
        _report(world, by=world.recruiter_x)


def test_a_graduate_reports_from_the_page(world, client):
    position = world.position()
    client.force_login(world.graduate)
    response = client.post(
        f"/jobs/{position.pk}/report/",
        {"reason": "discrimination", "details": "限男性，与岗位无关。"},
    )
    assert response.status_code == 302
    assert PositionReport.objects.get().reason == "discrimination"
