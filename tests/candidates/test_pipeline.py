"""The recruiters' pipeline: valid transitions only, events, bulk rejection, notes, CSV, hires."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.models import Application, ApplicationEvent, Notification
from outbox.core import sweep
from outcomes import services as outcome_services
from outcomes.models import Placement
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.factories import form_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def position():
    return make_position()


@pytest.fixture
def recruiter(position):
    return recruiter_of(position.enterprise)


@pytest.fixture
def application(position, recruiter):
    graduate = complete_graduate()
    return services.apply(graduate=graduate, position=position, source="search", by=graduate.user)


def move(application, to, by, **kwargs):
    if to == "interview":
        kwargs.setdefault("interview_at", timezone.now() + datetime.timedelta(days=2))
        kwargs.setdefault("interview_link", "https://meeting.example.cn/123")
    if to == "hired":  # a hire is recorded by outcomes, with its date and contract
        kwargs.setdefault("hire_date", timezone.localdate())
        kwargs.setdefault("contract_type", "labour_contract")
        return outcome_services.record_hire(application=application, by=by, **kwargs)
    return services.move_application(application=application, to=to, by=by, **kwargs)


def test_full_path_to_hired_records_each_step_and_declares_a_placement(application, recruiter):
    services.mark_viewed(application=application, by=recruiter)
    for to in ["interview", "offered"]:
        application = move(application, to, recruiter)
    application = move(application, "hired", recruiter, monthly_salary=6500)
    steps = list(application.events.values_list("from_status", "to_status"))
    assert steps == [
        ("", "submitted"),
        ("submitted", "viewed"),
        ("viewed", "interview"),
        ("interview", "offered"),
        ("offered", "hired"),
    ]
    assert all(e.actor == recruiter for e in application.events.all()[1:])
    placement = Placement.objects.get(application=application)
    assert placement.status == "declared"
    assert placement.enterprise == application.position.enterprise
    assert placement.graduate == application.graduate
    assert placement.events.count() == 1


def test_internship_hire_creates_no_placement(recruiter):
    position = make_position(
        enterprise=recruiter.enterprise_recruiters.get().enterprise, job_type="internship"
    )
    graduate = complete_graduate()
    application = services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    for to in ["interview", "offered", "hired"]:
        application = move(application, to, recruiter)
    assert application.status == "hired"
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("path", "invalid"),
    [
        ([], "offered"),
        ([], "hired"),
        ([], "withdrawn"),
        ([], "submitted"),
        (["rejected"], "interview"),
        (["interview"], "hired"),
        (["interview", "offered", "hired"], "rejected"),
        (["interview"], "viewed"),
    ],
)
def test_invalid_transitions_are_rejected(application, recruiter, path, invalid):
    for to in path:
        application = move(application, to, recruiter)
    before = ApplicationEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        move(application, invalid, recruiter)
    assert error.value.code == "invalid_transition"
    application.refresh_from_db()
    assert application.status == (path[-1] if path else "submitted")
    assert ApplicationEvent.objects.count() == before


def test_withdrawn_application_cannot_be_moved(application, recruiter):
    services.withdraw_application(application=application, by=application.graduate.user)
    with pytest.raises(ValidationError):
        move(application, "interview", recruiter)


def test_interview_needs_a_time_and_a_place_or_link(application, recruiter):
    with pytest.raises(ValidationError) as error:
        services.move_application(application=application, to="interview", by=recruiter)
    assert set(error.value.message_dict) == {"interview_at", "interview_place"}


def test_hire_needs_a_date_and_contract_type(application, recruiter):
    move(application, "interview", recruiter)
    move(application, "offered", recruiter)
    with pytest.raises(ValidationError) as error:
        outcome_services.record_hire(
            application=application, by=recruiter, hire_date=None, contract_type=""
        )
    assert set(error.value.message_dict) == {"hire_date", "contract_type"}
    application.refresh_from_db()
    assert application.status == "offered"


def test_a_hire_is_not_a_bare_move_it_is_recorded_with_its_placement(application, recruiter):
    move(application, "interview", recruiter)
    move(application, "offered", recruiter)
    before = ApplicationEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.move_application(application=application, to="hired", by=recruiter)
    assert error.value.code == "hire_elsewhere"
    application.refresh_from_db()
    assert application.status == "offered"
    assert ApplicationEvent.objects.count() == before
    assert not Placement.objects.exists()


def test_the_hire_form_records_the_hire_and_its_placement(client, application, recruiter):
    move(application, "interview", recruiter)
    move(application, "offered", recruiter)
    client.force_login(recruiter)
    page = client.get(reverse("candidates:pipeline_application", args=[application.pk]))
    assert reverse("outcomes:record_hire", args=[application.pk]) in page.content.decode()
    response = client.post(
        reverse("outcomes:record_hire", args=[application.pk]),
        {"hire_date": timezone.localdate().isoformat(), "contract_type": "labour_contract"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "hired"
    assert Placement.objects.get(application=application).contract_type == "labour_contract"


def test_a_bad_hire_form_changes_nothing(client, application, recruiter):
    move(application, "interview", recruiter)
    move(application, "offered", recruiter)
    client.force_login(recruiter)
    response = client.post(
        reverse("outcomes:record_hire", args=[application.pk]), {"contract_type": "labour_contract"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "offered"
    assert not Placement.objects.exists()


def test_recruiter_of_another_enterprise_cannot_move_it(application):
    other = recruiter_of(make_position().enterprise)
    with pytest.raises(services.PermissionDenied):
        move(application, "interview", other)


def test_first_open_by_a_recruiter_marks_viewed_once(client, application, recruiter):
    client.force_login(recruiter)
    url = reverse("candidates:pipeline_application", args=[application.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    application.refresh_from_db()
    assert application.status == "viewed"
    assert application.viewed_at is not None
    assert application.events.filter(to_status="viewed").count() == 1


def test_bulk_rejection_rejects_only_what_can_be_rejected(position, recruiter):
    apps = []
    for _ in range(3):
        graduate = complete_graduate()
        apps.append(
            services.apply(graduate=graduate, position=position, source="search", by=graduate.user)
        )
    services.withdraw_application(application=apps[2], by=apps[2].graduate.user)
    foreign_graduate = complete_graduate()
    foreign = services.apply(
        graduate=foreign_graduate,
        position=make_position(),
        source="search",
        by=foreign_graduate.user,
    )
    count = services.bulk_reject(
        applications=[*apps, foreign], by=recruiter, message="感谢关注，岗位已满。"
    )
    assert count == 2
    statuses = {a.pk: a.status for a in Application.objects.all()}
    assert [statuses[a.pk] for a in apps] == ["rejected", "rejected", "withdrawn"]
    assert statuses[foreign.pk] == "submitted"
    assert (
        ApplicationEvent.objects.filter(to_status="rejected", note="感谢关注，岗位已满。").count()
        == 2
    )


def test_bulk_reject_page(client, application, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("candidates:pipeline_bulk_reject"),
        {"applications": [application.pk], "message": "谢谢"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected"


def test_private_notes_are_for_recruiters_only(client, application, recruiter):
    services.add_recruiter_note(application=application, body="沟通能力强", by=recruiter)
    client.force_login(recruiter)
    page = client.get(reverse("candidates:pipeline_application", args=[application.pk]))
    assert "沟通能力强" in page.content.decode()
    client.force_login(application.graduate.user)
    page = client.get(reverse("candidates:application", args=[application.pk]))
    assert "沟通能力强" not in page.content.decode()


def test_csv_export_holds_only_the_enterprises_own_applicants_with_masked_phones(
    client, application, recruiter
):
    other_graduate = complete_graduate(full_name="赵六")
    services.apply(
        graduate=other_graduate, position=make_position(), source="search", by=other_graduate.user
    )
    client.force_login(recruiter)
    response = client.get(reverse("candidates:pipeline_export"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2
    assert application.graduate.full_name in lines[1]
    assert "138****5678" in lines[1]
    assert "赵六" not in text


def test_csv_export_neutralises_formulas(client, position, recruiter):
    graduate = complete_graduate(full_name='=HYPERLINK("http://evil")')
    services.apply(graduate=graduate, position=position, source="search", by=graduate.user)
    client.force_login(recruiter)
    text = client.get(reverse("candidates:pipeline_export")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_graduate_is_notified_of_every_status_change_in_app_and_by_email(
    application, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_viewed(application=application, by=recruiter)
        move(application, "interview", recruiter, note="请带上成绩单")
    user = application.graduate.user
    notes = Notification.objects.filter(user=user, kind="status_changed")
    assert notes.count() == 2
    assert [m.to for m in mailoutbox] == [[user.email], [user.email]]
    assert "请带上成绩单" in mailoutbox[1].body


def test_recruiters_are_notified_of_new_applications(
    position, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    graduate = complete_graduate()
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(graduate=graduate, position=position, source="search", by=graduate.user)
    assert Notification.objects.filter(user=recruiter, kind="new_application").count() == 1
    assert [m.to for m in mailoutbox] == [[recruiter.email]]


def test_an_application_stands_while_the_broker_is_down_and_its_e_mail_goes_when_it_is_back(
    position, recruiter, broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    graduate = complete_graduate()
    with django_capture_on_commit_callbacks(execute=True):
        application = services.apply(
            graduate=graduate, position=position, source="search", by=graduate.user
        )
    assert broker_down.refused == 1  # the e-mail was offered to the broker after the commit
    assert Application.objects.filter(pk=application.pk).exists()
    assert Notification.objects.filter(user=recruiter, kind="new_application").exists()
    assert mailoutbox == []
    broker_down.restore()
    assert [m.to for m in mailoutbox] == [[recruiter.email]]
    broker_down.restore()  # a second sweep finds nothing left to send
    assert len(mailoutbox) == 1


def test_an_application_stands_when_the_mail_server_is_down_and_its_e_mail_is_retried(
    position, recruiter, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMultiAlternatives

    from outbox.models import OutboxMessage

    send = EmailMultiAlternatives.send

    def mail_server_down(self, fail_silently=False):
        raise OSError("connection refused")

    monkeypatch.setattr(EmailMultiAlternatives, "send", mail_server_down)
    graduate = complete_graduate()
    with django_capture_on_commit_callbacks(execute=True):
        application = services.apply(
            graduate=graduate, position=position, source="search", by=graduate.user
        )
    assert Application.objects.filter(pk=application.pk).exists()
    message = OutboxMessage.objects.get(task="core.tasks.send_email")
    assert (message.status, message.attempts) == ("pending", 1)
    assert "connection refused" in message.last_error
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    with time_machine.travel(message.not_before, tick=False):
        sweep()
    assert [m.to for m in mailoutbox] == [[recruiter.email]]


def test_without_a_broker_the_e_mail_is_sent_once_committed(
    position, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    graduate = complete_graduate()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.apply(graduate=graduate, position=position, source="search", by=graduate.user)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [message.to for message in mailoutbox] == [[recruiter.email]]


def test_header_shows_the_unread_count_and_reading_clears_it(client, application, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("home")).content.decode()
    assert 'data-notifications="1"' in page
    client.post(reverse("candidates:notifications"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-notifications="0"' in page


def test_pipeline_page_lists_and_filters(client, application, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("candidates:pipeline")).content.decode()
    assert application.graduate.full_name in page
    page = client.get(reverse("candidates:pipeline") + "?status=rejected").content.decode()
    assert f'data-application="{application.pk}"' not in page


def test_move_page_sets_an_interview(client, application, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("candidates:pipeline_move", args=[application.pk]),
        {"to": "interview", "interview_at": form_time(3, 10), "interview_place": "公司201会议室"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "interview"
    assert application.interview_place == "公司201会议室"
