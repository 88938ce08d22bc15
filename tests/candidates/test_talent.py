"""人才推荐: a recruiter sees the discoverable graduates who fit a position, masked, ranked by the
same fit as 为你推荐, and invites them; the graduate accepts (an application through the channel
`invitation`, counted as such in the outcomes) or declines."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from candidates import invitations, services
from candidates.matching import Opening, Seeker, fit
from candidates.models import (
    Application,
    Invitation,
    InvitationEvent,
    InvitationStatus,
    Notification,
)
from candidates.talent import masked_name, suggest_graduates
from outcomes.tally import Scope, channel_funnels
from tests.candidates.helpers import complete_profile, recruiter_of
from tests.factories import GraduateFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def position():
    return PositionFactory(
        title="Python 开发工程师",
        category="software",
        majors=[],
        requirements="熟悉 Python",
        published_at=timezone.now(),
    )


@pytest.fixture
def recruiter(position):
    return recruiter_of(position.enterprise)


def discoverable(full_name="王晋阳", *, major="计算机科学与技术", degree="bachelor", language=""):
    """A graduate with a complete profile (resume included) who lets enterprises find them."""
    profile = complete_profile(
        GraduateFactory(full_name=full_name, language=language).graduate_profile
    )
    services.update_profile(
        profile=profile, by=profile.user, data={"major": major, "degree": degree}
    )
    services.set_matching_preferences(profile=profile, by=profile.user, discoverable=True)
    return profile


def invite(position, graduate, recruiter, message="欢迎投递我们的职位！"):
    return invitations.invite_graduate(
        position=position, graduate=graduate, message=message, by=recruiter
    )


def test_graduates_are_not_discoverable_until_they_say_so(position):
    hidden = complete_profile(GraduateFactory().graduate_profile)
    assert hidden.discoverable is False
    assert suggest_graduates(position) == []


def test_only_discoverable_graduates_who_fit_are_suggested_best_first(position):
    best = discoverable("王晋阳")  # 计算机科学与技术, Taiyuan, Python: major, city, skills
    services.update_profile(profile=best, by=best.user, data={"expected_salary": 5000})
    other = discoverable("李汾河", major="软件工程")
    services.update_profile(profile=other, by=other.user, data={"skills": "Java"})
    nurse = discoverable("赵护理", major="护理学")  # no fit
    services.update_profile(profile=nurse, by=nurse.user, data={"skills": "静脉输液"})
    discoverable("钱专科", degree="associate")  # degree below the requirement
    suggestions = suggest_graduates(position)
    assert [s.graduate.id for s in suggestions] == [best.pk, other.pk]
    assert suggestions[0].score > suggestions[1].score
    assert [r.code for r in suggestions[0].reasons][:3] == ["major_category", "city", "skills"]
    assert "fresh" not in [r.code for r in suggestions[0].reasons]  # a graduate's reason only


def test_the_same_function_scores_both_directions(position):
    graduate = discoverable()
    (suggestion,) = suggest_graduates(position)
    both_ways = fit(Seeker.of(graduate), Opening.of(position))
    assert suggestion.score == both_ways.score
    from candidates.recommendations import recommend

    (recommendation,) = recommend(graduate)
    assert recommendation.score == both_ways.score


def test_a_recruiter_sees_a_masked_card_never_the_name_phone_email_or_resume(
    client, position, recruiter
):
    graduate = discoverable("欧阳晋阳")
    services.update_profile(
        profile=graduate, by=graduate.user, data={"self_introduction": "我是欧阳晋阳。"}
    )
    client.force_login(recruiter)
    html = client.get(reverse("candidates:talent", args=[position.pk])).content.decode()
    assert "欧阳同学" in html
    api = APIClient()
    api.force_authenticate(recruiter)
    (row,) = api.get(f"/api/v1/positions/{position.pk}/talent/").json()
    assert row["graduate"]["name"] == "欧阳同学"
    for page in (html, str(row)):
        for secret in ("欧阳晋阳", graduate.mobile, graduate.user.email, "我是", "resume", ".pdf"):
            assert secret not in page, secret
    assert row["graduate"]["university"] == "太原理工大学"
    assert row["graduate"]["skills"] == ["Python", "Django", "数据分析"]


def test_masked_names_keep_compound_surnames_and_speak_both_languages():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert [masked_name("李明"), masked_name("欧阳娜娜"), masked_name("")] == [
            "李同学",
            "欧阳同学",
            "一位毕业生",
        ]
    with translation.override("en"):
        assert masked_name("李明") == "李 (graduate)"


def test_an_invitation_reaches_the_graduate_in_app_and_by_email_in_their_language(
    position, recruiter, django_capture_on_commit_callbacks
):
    graduate = discoverable(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(position, graduate, recruiter, "We like your profile!")
    note = Notification.objects.get(user=graduate.user, kind="invitation")
    assert note.message == f"{position.enterprise.name} invites you to apply to {position.title}."
    (message,) = mail.outbox
    assert message.to == [graduate.user.email]
    assert message.subject == f"{position.enterprise.name} invites you to apply: {position.title}"
    assert "We like your profile!" in message.body
    event = InvitationEvent.objects.get(invitation=invitation)
    assert (event.actor, event.from_status, event.to_status) == (recruiter, "", "open")


def test_accepting_applies_through_the_invitation_channel_and_tells_the_recruiter(
    position, recruiter, django_capture_on_commit_callbacks
):
    graduate = discoverable()
    invitation = invite(position, graduate, recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        application = invitations.accept_invitation(invitation=invitation, by=graduate.user)
    assert application.source == "invitation"
    invitation.refresh_from_db()
    assert (invitation.status, invitation.application_id) == ("accepted", application.pk)
    assert invitation.answered_at is not None
    events = list(invitation.events.values_list("actor", "from_status", "to_status"))
    assert events == [(recruiter.pk, "", "open"), (graduate.user.pk, "open", "accepted")]
    answered = Notification.objects.get(user=recruiter, kind="invitation_answered")
    assert "王晋阳" in answered.message  # applied: the name comes with the application
    assert answered.url == reverse("candidates:pipeline_application", args=[application.pk])
    api = APIClient()
    api.force_authenticate(recruiter)
    pipeline = api.get("/api/v1/pipeline/").json()["results"]
    assert [(row["id"], row["source"]) for row in pipeline] == [(application.pk, "invitation")]
    assert suggest_graduates(position) == []  # applied: no longer a suggestion


def test_once_accepted_the_recruiter_sees_an_application_like_any_other(position, recruiter):
    """Masked until they accept: then the name and the resume, the phone from the interview on,
    as for every application."""
    graduate = discoverable()
    invitation = invite(position, graduate, recruiter)
    application = invitations.accept_invitation(invitation=invitation, by=graduate.user)
    api = APIClient()
    api.force_authenticate(recruiter)
    row = api.get(f"/api/v1/pipeline/{application.pk}/").json()
    assert row["graduate"]["full_name"] == "王晋阳"
    assert row["has_resume"] is True
    assert row["graduate"]["mobile"] == graduate.masked_mobile
    services.move_application(
        application=application,
        to="interview",
        by=recruiter,
        interview_at=timezone.now() + datetime.timedelta(days=2),
        interview_place="太原市小店区",
    )
    row = api.get(f"/api/v1/pipeline/{application.pk}/").json()
    assert row["graduate"]["mobile"] == graduate.mobile


def test_declining_with_a_reason_is_recorded_and_the_recruiter_sees_the_masked_answer(
    position, recruiter
):
    graduate = discoverable()
    invitation = invite(position, graduate, recruiter)
    invitations.decline_invitation(invitation=invitation, by=graduate.user, reason="已签约")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decline_reason) == ("declined", "已签约")
    assert not Application.objects.exists()
    answered = Notification.objects.get(user=recruiter, kind="invitation_answered")
    assert "王同学" in answered.message
    assert "王晋阳" not in answered.message
    assert list(invitation.events.values_list("to_status", "note")) == [
        ("open", ""),
        ("declined", "已签约"),
    ]
    assert suggest_graduates(position) == []  # declined: not suggested for it again
    with pytest.raises(ValidationError) as refused:
        invite(position, graduate, recruiter)
    assert refused.value.code == "not_suggested"


def test_an_invitation_is_answered_once(position, recruiter):
    graduate = discoverable()
    invitation = invite(position, graduate, recruiter)
    invitations.decline_invitation(invitation=invitation, by=graduate.user)
    with pytest.raises(ValidationError) as refused:
        invitations.accept_invitation(invitation=invitation, by=graduate.user)
    assert refused.value.code == "invalid_transition"
    assert not Application.objects.exists()


def test_accepting_with_an_incomplete_profile_says_what_is_missing_and_keeps_it_open(
    position, recruiter
):
    graduate = discoverable()
    invitation = invite(position, graduate, recruiter)
    graduate.resumes.all().delete()
    with pytest.raises(ValidationError) as refused:
        invitations.accept_invitation(invitation=invitation, by=graduate.user)
    assert refused.value.code == "incomplete"
    invitation.refresh_from_db()
    assert invitation.status == "open"
    assert not Application.objects.exists()


def test_one_open_invitation_per_graduate_and_position(position, recruiter):
    graduate = discoverable()
    invite(position, graduate, recruiter)
    colleague = recruiter_of(position.enterprise, role="recruiter")
    with pytest.raises(ValidationError) as refused:
        invite(position, graduate, colleague)
    assert refused.value.code == "already_invited"
    assert Invitation.objects.count() == 1


def test_invitations_per_position_are_limited_per_day(position, recruiter, settings):
    settings.INVITATIONS_PER_POSITION_PER_DAY = 2
    graduates = [discoverable(f"王{n}号") for n in range(3)]
    now = timezone.localtime().replace(hour=10)
    with time_machine.travel(now, tick=False):
        invite(position, graduates[0], recruiter)
        invite(position, graduates[1], recruiter)
        with pytest.raises(ValidationError) as refused:
            invite(position, graduates[2], recruiter)
    assert refused.value.code == "rate_limited"
    assert "2" in refused.value.messages[0]
    with time_machine.travel(now + datetime.timedelta(days=1), tick=False):
        invite(position, graduates[2], recruiter)
    assert Invitation.objects.count() == 3


def test_an_empty_or_too_long_message_is_refused_and_nothing_written(position, recruiter):
    graduate = discoverable()
    for message in ("  ", "字" * 1001):
        with pytest.raises(ValidationError) as refused:
            invite(position, graduate, recruiter, message)
        assert "message" in refused.value.message_dict
    assert not Invitation.objects.exists()


def test_a_graduate_who_is_not_discoverable_cannot_be_invited_like_one_who_does_not_exist(
    client, position, recruiter
):
    hidden = complete_profile(GraduateFactory().graduate_profile)
    client.force_login(recruiter)
    url = reverse("candidates:talent_invite", args=[position.pk])
    answers = []
    for graduate_id in (hidden.pk, hidden.pk + 1000):
        response = client.post(url, {"graduate": graduate_id, "message": "你好"}, follow=True)
        answers.append([str(m) for m in response.context["messages"]])
    assert answers[0] == answers[1] == ["这位毕业生已不在该职位的人才推荐中。"]
    assert not Invitation.objects.exists()


def test_the_graduate_turns_discoverability_and_the_digest_on_and_off_on_the_profile_page(
    client,
):
    graduate = complete_profile(GraduateFactory().graduate_profile)
    client.force_login(graduate.user)
    page = client.get(reverse("candidates:profile")).content.decode()
    assert "看不到你的全名、手机号、邮箱和简历" in page
    client.post(reverse("candidates:preferences"), {"discoverable": "on", "daily_digest": "on"})
    graduate.refresh_from_db()
    assert (graduate.discoverable, graduate.daily_digest) == (True, True)
    client.post(reverse("candidates:preferences"), {})
    graduate.refresh_from_db()
    assert (graduate.discoverable, graduate.daily_digest) == (False, False)


def test_the_profile_api_reads_and_sets_the_switches():
    graduate = complete_profile(GraduateFactory().graduate_profile)
    api = APIClient()
    api.force_authenticate(graduate.user)
    body = api.get("/api/v1/graduate/profile/").json()
    assert (body["discoverable"], body["daily_digest"]) == (False, False)
    body = api.patch("/api/v1/graduate/profile/", {"discoverable": True}, format="json").json()
    assert (body["discoverable"], body["daily_digest"]) == (True, False)


def test_the_graduate_answers_through_the_api(position, recruiter):
    graduate = discoverable()
    first = invite(position, graduate, recruiter)
    api = APIClient()
    api.force_authenticate(graduate.user)
    (row,) = api.get("/api/v1/graduate/invitations/").json()["results"]
    assert (row["id"], row["status"], row["next_statuses"]) == (
        first.pk,
        "open",
        ["accepted", "declined"],
    )
    response = api.post(f"/api/v1/graduate/invitations/{first.pk}/accept/")
    assert response.status_code == 201
    assert response.json()["source"] == "invitation"
    again = api.post(f"/api/v1/graduate/invitations/{first.pk}/decline/", {"reason": "x"})
    assert again.status_code == 400


def test_the_recruiter_invites_and_sees_answers_through_the_api(position, recruiter):
    graduate = discoverable()
    api = APIClient()
    api.force_authenticate(recruiter)
    response = api.post(
        "/api/v1/invitations/",
        {"position": position.pk, "graduate": graduate.pk, "message": "欢迎投递"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["graduate"]["name"]) == ("open", "王同学")
    invitations.decline_invitation(
        invitation=Invitation.objects.get(), by=graduate.user, reason="不考虑"
    )
    (row,) = api.get("/api/v1/invitations/", {"position": position.pk}).json()["results"]
    assert (row["status"], row["decline_reason"]) == ("declined", "不考虑")
    assert [e["to_status"] for e in row["events"]] == ["open", "declined"]


def test_accepted_invitations_are_their_own_channel_in_the_outcomes_funnel(position, recruiter):
    graduate = discoverable()
    invitation = invite(position, graduate, recruiter)
    invitations.accept_invitation(invitation=invitation, by=graduate.user)
    searcher = discoverable("李汾河")
    other = PositionFactory(enterprise=position.enterprise)
    services.apply(graduate=searcher, position=other, source="search", by=searcher.user)
    funnel = {row["key"]: row for row in channel_funnels(Scope())}
    assert funnel["invitation"]["applications"] == 1
    assert funnel["search"]["applications"] == 1
    assert str(funnel["invitation"]["label"]) == "企业邀请"


def test_invitation_states_read_from_one_table():
    from candidates.models import Invitation

    table = Invitation.TRANSITIONS
    assert table.actions(InvitationStatus.OPEN) == ["accept", "decline"]
    assert Invitation(status=InvitationStatus.OPEN).next_statuses == {"accepted", "declined"}
    for answered in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED):
        assert not table.actions(answered)
        assert not Invitation(status=answered).next_statuses
