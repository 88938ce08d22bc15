"""Privacy per role: who sees an application, its resume and the graduate's profile and phone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.models import ResumeAccess
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.factories import AssociationStaffFactory, GraduateFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    position = make_position()
    graduate = complete_graduate()
    application = services.apply(
        graduate=graduate, position=position, source="search", by=graduate.user
    )
    staff = AssociationStaffFactory(
        association=position.enterprise.memberships.get().association
    ).user
    return {
        "application": application,
        "anonymous": None,
        "graduate_self": graduate.user,
        "other_graduate": GraduateFactory(),
        "recruiter_applied": recruiter_of(position.enterprise),
        "recruiter_other": recruiter_of(make_position().enterprise),
        "staff": staff,
        "officer": OfficerFactory().user,
    }


ACTORS = [
    "anonymous",
    "graduate_self",
    "other_graduate",
    "recruiter_applied",
    "recruiter_other",
    "staff",
    "officer",
]
# (url name, how its pk is taken) → expected status per actor; 302 is the login redirect.
MATRIX = {
    "application": ("graduate", [302, 200, 404, 404, 404, 404, 404]),
    "pipeline_application": ("application", [302, 404, 404, 200, 404, 404, 404]),
    "pipeline_resume": ("application", [302, 404, 404, 200, 404, 404, 404]),
    "applicant_profile": ("profile", [302, 404, 404, 200, 404, 404, 404]),
    "resume": ("resume", [302, 200, 404, 404, 404, 404, 404]),
    # Lists: another recruiter sees their own enterprise's (empty) list, never this applicant.
    "pipeline": (None, [302, 404, 404, 200, 200, 404, 404]),
    "pipeline_export": (None, [302, 404, 404, 200, 200, 404, 404]),
}
CASES = [
    (name, actor, expected[i])
    for name, (_kind, expected) in MATRIX.items()
    for i, actor in enumerate(ACTORS)
]


def url_for(name, application):
    kind = MATRIX[name][0]
    pk = {
        "graduate": application.pk,
        "application": application.pk,
        "profile": application.graduate_id,
        "resume": application.resume_id,
        None: None,
    }[kind]
    return reverse(f"candidates:{name}", args=[pk] if pk else [])


@pytest.mark.parametrize(("name", "actor", "expected"), CASES)
def test_privacy_matrix(client, world, name, actor, expected):
    if world[actor] is not None:
        client.force_login(world[actor])
    response = client.get(url_for(name, world["application"]))
    assert response.status_code == expected
    if expected == 200 and actor == "recruiter_other":
        assert world["application"].graduate.full_name not in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("name", ["pipeline_application", "pipeline_resume", "applicant_profile"])
def test_missing_and_foreign_look_alike_to_another_recruiter(client, world, name):
    client.force_login(world["recruiter_other"])
    assert client.get(reverse(f"candidates:{name}", args=[999_999])).status_code == 404


def test_phone_is_masked_until_the_interview_stage(client, world):
    application, recruiter = world["application"], world["recruiter_applied"]
    client.force_login(recruiter)
    url = reverse("candidates:pipeline_application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page
    services.move_application(
        application=application,
        to="interview",
        by=recruiter,
        interview_at=timezone.now() + datetime.timedelta(days=1),
        interview_place="小店区",
    )
    page = client.get(url).content.decode()
    assert "13812345678" in page
    profile_page = client.get(
        reverse("candidates:applicant_profile", args=[application.graduate_id])
    )
    assert "13812345678" in profile_page.content.decode()


def test_resume_is_gone_for_the_recruiter_once_the_application_is_withdrawn(client, world):
    application, recruiter = world["application"], world["recruiter_applied"]
    services.withdraw_application(application=application, by=world["graduate_self"])
    client.force_login(recruiter)
    assert (
        client.get(reverse("candidates:pipeline_resume", args=[application.pk])).status_code == 404
    )
    assert (
        client.get(
            reverse("candidates:applicant_profile", args=[application.graduate_id])
        ).status_code
        == 404
    )
    page = client.get(reverse("candidates:pipeline_application", args=[application.pk]))
    assert "13812345678" not in page.content.decode()


def test_every_resume_view_is_logged_with_who_and_which_application(client, world):
    application, recruiter = world["application"], world["recruiter_applied"]
    client.force_login(recruiter)
    response = client.get(reverse("candidates:pipeline_resume", args=[application.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    access = ResumeAccess.objects.get()
    assert (access.viewer, access.application, access.refused) == (recruiter, application, False)


def test_bulk_downloading_is_refused_and_the_owner_and_staff_are_told(
    client, world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.RESUME_VIEWS_PER_HOUR = 3
    application, recruiter = world["application"], world["recruiter_applied"]
    owner = recruiter  # RecruiterFactory makes owners
    client.force_login(recruiter)
    url = reverse("candidates:pipeline_resume", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.get(url).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert ResumeAccess.objects.filter(refused=True).count() == 2
    told = {m.to[0] for m in mailoutbox}
    assert told == {owner.email, world["staff"].email}  # once, not per refusal
    assert owner.notifications.filter(kind="resume_throttled").count() == 1


def test_the_throttle_counts_only_the_last_hour(client, world, settings, time_machine):
    settings.RESUME_VIEWS_PER_HOUR = 1
    application, recruiter = world["application"], world["recruiter_applied"]
    client.force_login(recruiter)
    url = reverse("candidates:pipeline_resume", args=[application.pk])
    time_machine.move_to(timezone.now())
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    time_machine.shift(datetime.timedelta(minutes=61))
    assert client.get(url).status_code == 200
