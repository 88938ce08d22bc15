"""Every e-mail and in-app notification the product sends, triggered through its real service.

Each e-mail goes to the right people only, with a one-line subject, in the product's language
(Chinese by default, English when that is the default; the actor's own language does not leak
into someone else's mail), without template artefacts or HTML escaping, with times in
Asia/Shanghai and absolute links the recipient can open.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from unittest.mock import patch
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from associations import services as associations
from associations.models import EnterpriseRecruiter, Membership, StaffInvitation
from candidates import digests, followups, invitations
from candidates import selectors as candidate_selectors
from candidates import services as candidates
from candidates.models import Notification
from fairs import services as fairs
from fairs.models import Participation
from feedback import services as feedback
from tests.candidates.helpers import complete_graduate, make_position
from tests.factories import (
    AssociationFactory,
    AssociationStaffFactory,
    EnterpriseFactory,
    FairFactory,
    GraduateFactory,
    MembershipFactory,
    ParticipationFactory,
    RecruiterFactory,
    TicketFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://jinpin.example.cn"
SHANGHAI_TIME = "2026-07-01 10:30"  # 02:30 UTC
WHEN = datetime(2026, 7, 1, 2, 30, tzinfo=UTC)
MEETING = "https://meeting.example.cn/room/1"
# User text with characters HTML escaping would mangle.
REASON = "场馆维修 <A&B> “急” it's"


@dataclass
class World:
    association: object
    staff: User
    other_staff: User  # of another association
    enterprise: object  # member of `association`
    owner: User
    recruiter: User
    other_owner: User  # of another enterprise
    graduate: User
    other_graduate: User
    known: list  # data strings that are not template text


@pytest.fixture
def w(settings):
    settings.SITE_URL = SITE
    association = AssociationFactory(name="山西省软件 & 信息服务业协会")
    enterprise = EnterpriseFactory(name="太原云图 & 星河软件有限公司")
    MembershipFactory(enterprise=enterprise, association=association)
    other = EnterpriseFactory(name="晋中恒通物流有限公司")
    MembershipFactory(enterprise=other, association=association)
    owner = RecruiterFactory(enterprise=enterprise, user__full_name="王经理").user
    recruiter = RecruiterFactory(
        enterprise=enterprise, role=EnterpriseRecruiter.Role.RECRUITER, user__full_name="李专员"
    ).user
    graduate = complete_graduate(full_name="张伟").user
    world = World(
        association=association,
        staff=AssociationStaffFactory(association=association, user__full_name="赵老师").user,
        other_staff=AssociationStaffFactory().user,
        enterprise=enterprise,
        owner=owner,
        recruiter=recruiter,
        other_owner=RecruiterFactory(enterprise=other).user,
        graduate=graduate,
        other_graduate=GraduateFactory(),
        known=[],
    )
    world.known += [association.name, enterprise.name, REASON, MEETING, "Python 开发工程师"]
    world.known += [u.get_full_name() for u in (owner, recruiter, graduate, world.staff)]
    world.known += [enterprise.credit_code]
    return world


# --- the triggers: each returns the expected recipients and more to check ------------------------


def staff_invitation(w):
    associations.invite_staff(association=w.association, email="new.staff@example.cn", by=w.staff)
    expires = StaffInvitation.objects.get().expires_at
    local = timezone.localtime(expires, timezone.get_default_timezone())
    return SimpleNamespace(to={"new.staff@example.cn"}, times=[local.strftime("%Y-%m-%d %H:%M")])


def recruiter_invitation(w):
    associations.invite_recruiter(enterprise=w.enterprise, email="new.hr@example.cn", by=w.owner)
    return SimpleNamespace(to={"new.hr@example.cn"})


def recruiter_added(w):
    newcomer = UserFactory(email="hr2@example.cn")
    associations.invite_recruiter(enterprise=w.enterprise, email=newcomer.email, by=w.owner)
    return SimpleNamespace(to={newcomer.email})


def recruiter_request(w):
    asker = UserFactory(email="asker@example.cn", signup_role="recruiter")
    associations.request_to_join_enterprise(credit_code=w.enterprise.credit_code, by=asker)
    w.known.append(asker.full_name)
    return SimpleNamespace(to={w.owner.email})


def recruiter_approved(w):
    pending = RecruiterFactory(
        enterprise=w.enterprise, status=EnterpriseRecruiter.Status.PENDING
    ).user.enterprise_recruiters.get()
    associations.approve_recruiter(recruiter=pending, by=w.owner)
    return SimpleNamespace(to={pending.user.email})


def membership_requested(w):
    newcomer = EnterpriseFactory(name="大同 & 朔州煤业有限公司")
    asker = RecruiterFactory(enterprise=newcomer).user
    w.known.append(newcomer.name)
    associations.request_membership(
        enterprise=newcomer, association=w.association, by=asker, reason=REASON
    )
    return SimpleNamespace(to={w.staff.email})


def membership_changed(w):
    newcomer = EnterpriseFactory(name="大同 & 朔州煤业有限公司")
    w.known.append(newcomer.name)
    hr = RecruiterFactory(enterprise=newcomer).user
    membership = MembershipFactory(
        enterprise=newcomer, association=w.association, status=Membership.Status.REQUESTED
    )
    associations.reject_membership(membership=membership, by=w.staff, reason=REASON)
    return SimpleNamespace(to={hr.email})


def new_application(w):
    position = make_position(enterprise=w.enterprise)
    candidates.apply(
        graduate=w.graduate.graduate_profile, position=position, source="search", by=w.graduate
    )
    return SimpleNamespace(to={w.owner.email, w.recruiter.email})


def _application(w):
    position = make_position(enterprise=w.enterprise)
    # The recruiters' mail of the application is another case's.
    with patch("candidates.services._notify_recruiters_of_application"):
        application = candidates.apply(
            graduate=w.graduate.graduate_profile, position=position, source="search", by=w.graduate
        )
    return application


def status_changed(w):
    application = _application(w)
    candidates.move_application(
        application=application,
        to="interview",
        by=w.recruiter,
        note=REASON,
        interview_at=WHEN,
        interview_place="软件园 A&B 座",
    )
    w.known.append("软件园 A&B 座")
    return SimpleNamespace(to={w.graduate.email}, times=[SHANGHAI_TIME], has=[REASON])


def resume_throttled(w, settings):
    settings.RESUME_VIEWS_PER_HOUR = 1
    application = _application(w)
    candidates.open_resume(application=application, by=w.recruiter)
    with pytest.raises(PermissionDenied):  # one too many: refused, and the owner and staff told
        candidates.open_resume(application=application, by=w.recruiter)
    w.known.append(w.recruiter.email)
    return SimpleNamespace(to={w.owner.email, w.staff.email})


def _invitation(w, *, quietly: bool):
    """The graduate lets enterprises find them and the owner invites them to a position; the
    graduate's own e-mail of it is another case's when `quietly`."""
    profile = w.graduate.graduate_profile
    candidates.set_matching_preferences(profile=profile, by=w.graduate, discoverable=True)
    position = make_position(enterprise=w.enterprise)
    w.known += ["太原市", "张", "Python", "Django", "数据分析", "计算机科学与技术"]
    if not quietly:
        return invitations.invite_graduate(
            position=position, graduate=profile, message=REASON, by=w.owner
        )
    with patch("candidates.invitations._tell_graduate"):
        return invitations.invite_graduate(
            position=position, graduate=profile, message=REASON, by=w.owner
        )


def invitation_sent(w):
    _invitation(w, quietly=False)
    return SimpleNamespace(to={w.graduate.email}, has=[REASON])


def invitation_accepted(w):
    invitation = _invitation(w, quietly=True)
    # The recruiters' mail of the new application is another case's.
    with patch("candidates.services._notify_recruiters_of_application"):
        invitations.accept_invitation(invitation=invitation, by=w.graduate)
    return SimpleNamespace(to={w.owner.email})


def invitation_declined(w):
    invitation = _invitation(w, quietly=True)
    invitations.decline_invitation(invitation=invitation, by=w.graduate, reason=REASON)
    return SimpleNamespace(to={w.owner.email}, has=[REASON])


def recommendation_digest(w):
    profile = w.graduate.graduate_profile
    candidates.set_matching_preferences(profile=profile, by=w.graduate, daily_digest=True)
    make_position(enterprise=w.enterprise)
    w.known += ["太原市", "Python", "Django", "数据分析", "计算机科学与技术"]
    assert digests.send_recommendation_digest(graduate_id=profile.pk, day=timezone.localdate())
    return SimpleNamespace(to={w.graduate.email})


def _fair(w, **fields):
    fair = FairFactory(organiser=w.association, starts_at=WHEN, ends_at=WHEN + timedelta(hours=4))
    for name, value in fields.items():
        setattr(fair, name, value)
    fair.save()
    w.known += [fair.title, fair.host_university, fair.venue]
    return fair


def fair_cancelled(w):
    fair = _fair(w, title="山西大学“春季”双选会 & 宣讲")
    TicketFactory(fair=fair, graduate=w.graduate)
    ParticipationFactory(fair=fair, enterprise=w.enterprise)
    ParticipationFactory(fair=fair, status="withdrawn", enterprise__name="已退出的公司")
    with time_machine.travel(WHEN - timedelta(days=3)):
        fairs.cancel_fair(fair=fair, by=w.staff, reason=REASON)
    return SimpleNamespace(
        to={w.graduate.email, w.owner.email, w.recruiter.email}, times=[SHANGHAI_TIME]
    )


def participation_decided(w):
    fair = _fair(w, title="山西大学“春季”双选会 & 宣讲")
    participation = ParticipationFactory(
        fair=fair, enterprise=w.enterprise, status=Participation.Status.PENDING
    )
    with time_machine.travel(WHEN - timedelta(days=3)):
        fairs.approve_participation(participation=participation, by=w.staff, booth_number="A-12")
    return SimpleNamespace(to={w.owner.email, w.recruiter.email}, has=["A-12"])


def _booking(w):
    fair = _fair(w, kind="cloud", venue="", host_university="", title="云聘 & 直播周")
    participation = ParticipationFactory(fair=fair, enterprise=w.enterprise)
    with time_machine.travel(WHEN - timedelta(days=3)):
        slot = fairs.publish_slot(
            participation=participation, by=w.owner, starts_at=WHEN, minutes=20, link=MEETING
        )
        return fairs.book_slot(slot=slot, by=w.graduate)


def booking_cancelled(w):
    booking = _booking(w)
    with time_machine.travel(WHEN - timedelta(days=2)):
        fairs.cancel_booking(booking=booking, by=w.owner)
    return SimpleNamespace(to={w.graduate.email}, times=[SHANGHAI_TIME[5:]])


def slot_reminder(w):
    booking = _booking(w)
    with time_machine.travel(WHEN - timedelta(minutes=59)):
        assert fairs.send_slot_reminder(booking_id=booking.pk, starts_at=WHEN, kind="1h")
    return SimpleNamespace(to={w.graduate.email}, times=[SHANGHAI_TIME], has=[MEETING])


def presentation_reminder(w):
    fair = _fair(w, format="presentation", title="云图 & 星河 “校园” 宣讲会", room="B101")
    ticket = TicketFactory(fair=fair, graduate=w.graduate)
    w.known.append(ticket.code)
    with time_machine.travel(WHEN - timedelta(hours=24)):
        assert fairs.send_presentation_reminder(ticket_id=ticket.pk, starts_at=WHEN, kind="24h")
    return SimpleNamespace(to={w.graduate.email}, times=[SHANGHAI_TIME], has=[ticket.code])


def application_closed_without_answer(w):
    _application(w)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert followups.follow_up_unanswered_applications()["closed"] == 1
    return SimpleNamespace(to={w.graduate.email}, has=["30"])


def unanswered_reminder(w):
    _application(w)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert followups.follow_up_unanswered_applications()["reminded"] == 1
    return SimpleNamespace(to={w.owner.email, w.recruiter.email}, has=["14"])


def still_hiring(w):
    make_position(enterprise=w.enterprise, published_at=timezone.now() - timedelta(days=30))
    assert followups.check_positions_still_hiring()["asked"] == 1
    return SimpleNamespace(to={w.owner.email, w.recruiter.email})


def position_unlisted(w):
    position = make_position(
        enterprise=w.enterprise, published_at=timezone.now() - timedelta(days=30)
    )
    position.hiring_check_at = timezone.now() - timedelta(days=8)
    position.save()
    assert followups.check_positions_still_hiring()["unlisted"] == 1
    return SimpleNamespace(to={w.owner.email, w.recruiter.email, w.staff.email})


def fair_feedback_asked(w):
    fair = _fair(w, title="山西大学“春季”双选会 & 宣讲")
    TicketFactory(fair=fair, graduate=w.graduate, checked_in_at=WHEN)
    ParticipationFactory(fair=fair, enterprise=w.enterprise)
    with time_machine.travel(WHEN + timedelta(hours=5)):
        assert feedback.ask_for_fair_feedback() == 3
    return SimpleNamespace(to={w.graduate.email, w.owner.email, w.recruiter.email})


EMAILS = [
    staff_invitation,
    recruiter_invitation,
    recruiter_added,
    recruiter_request,
    recruiter_approved,
    membership_requested,
    membership_changed,
    new_application,
    status_changed,
    resume_throttled,
    invitation_sent,
    invitation_accepted,
    invitation_declined,
    recommendation_digest,
    fair_cancelled,
    participation_decided,
    booking_cancelled,
    slot_reminder,
    presentation_reminder,
    application_closed_without_answer,
    unanswered_reminder,
    still_hiring,
    position_unlisted,
    fair_feedback_asked,
]

ESCAPES = re.compile(r"&(amp|lt|gt|quot|#x?[0-9a-fA-F]+);")
ARTEFACTS = re.compile(r"\{\{|\{%|%\}|\}\}|%\(\w+\)s|\bNone\b")
URL = re.compile(r"https?://[^\s)）\"”]+")
RELATIVE_LINK = re.compile(r"(?<![\w/.:-])/(?:accounts|associations|candidates|fairs|jobs)/")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _without(text, known):
    for value in sorted(known, key=len, reverse=True):
        text = text.replace(value, " ")
    text = URL.sub(" ", text)
    return re.sub(r"[\w.+-]+@[\w.-]+", " ", text)


def _trigger(case, w, settings, *, actor_language, capture):
    # The actor browses in the other language: it must not decide the recipient's mail.
    with (
        translation.override(actor_language),
        timezone.override("UTC"),
        capture(execute=True),
    ):
        expected = case(w, settings) if case is resume_throttled else case(w)
    return expected


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("case", EMAILS, ids=lambda case: case.__name__)
def test_each_email_is_right(
    case, language, w, settings, client, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = language
    other = "en" if language == "zh-hans" else "zh-hans"
    expected = _trigger(
        case, w, settings, actor_language=other, capture=django_capture_on_commit_callbacks
    )
    assert mailoutbox, "nothing was sent"
    # The right people only: each address once, nobody else; a graduate's address alone.
    addresses = [address for message in mailoutbox for address in message.to]
    assert sorted(addresses) == sorted(expected.to)
    graduates = {w.graduate.email, w.other_graduate.email}
    assert all(len(m.to) == 1 for m in mailoutbox if graduates & set(m.to))
    for message in mailoutbox:
        subject, body = message.subject, message.body
        assert subject.strip()
        assert "\n" not in subject
        for text in (subject, body):
            assert not ESCAPES.search(text), text
            assert not ARTEFACTS.search(text), text
            assert not RELATIVE_LINK.search(text), text
        template_text = _without(f"{subject}\n{body}", w.known)
        if language == "zh-hans":
            assert CJK.search(template_text)
            assert not re.search(r"[A-Za-z]{2,}", template_text), template_text
        else:
            assert not CJK.search(template_text), template_text
        for when in getattr(expected, "times", []):
            assert when in f"{subject}\n{body}"
        for value in getattr(expected, "has", []):
            assert value in body
        _links_open_for_recipient(client, message)


def _links_open_for_recipient(client, message):
    for link in URL.findall(message.body):
        if link == MEETING:
            continue
        assert link.startswith(SITE + "/"), link
        parts = urlsplit(link)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        recipient = User.objects.filter(email__in=message.to).first()
        client.logout()
        if recipient is not None:
            client.force_login(recipient)
        response = client.get(path)
        assert response.status_code == 200, (link, message.to, response.status_code)


def test_a_withdrawal_note_is_not_presented_as_the_enterprises_message(
    w, mailoutbox, django_capture_on_commit_callbacks
):
    application = _application(w)
    with django_capture_on_commit_callbacks(execute=True):
        candidates.withdraw_application(application=application, by=w.graduate, note="另有安排")
    [message] = mailoutbox
    assert message.to == [w.graduate.email]
    assert "企业留言" not in message.body
    assert "来自企业" not in message.body


# --- allauth's own mail (sent to the person asking, in their language) --------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("what", ["signup", "password_reset"])
def test_account_emails_have_working_absolute_links(
    what, language, client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with django_capture_on_commit_callbacks(execute=True):
        if what == "signup":
            password = "Sx9!kq2-LmPz"
            client.post(
                reverse("account_signup"),
                {
                    "email": "new@example.cn",
                    "full_name": "张三",
                    "role": "graduate",
                    "password1": password,
                    "password2": password,
                },
            )
        else:
            user = GraduateFactory(email="old@example.cn")
            client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mailoutbox
    assert "\n" not in message.subject
    assert not ESCAPES.search(message.body)
    assert not ARTEFACTS.search(message.body)
    assert bool(CJK.search(message.body.replace("张三", ""))) == (language == "zh-hans")
    assert "Jinpin" in message.body or "晋聘" in message.body  # the greeting names the site
    [link] = URL.findall(message.body)
    assert urlsplit(link).scheme in ("http", "https")
    response = client.get(urlsplit(link).path)
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # the reset key moves into the session
        assert client.get(response.url).status_code == 200


# --- notifications ------------------------------------------------------------------------------


def test_every_notification_has_a_message_and_a_link_its_user_can_open(
    w, settings, client, django_capture_on_commit_callbacks
):
    settings.RESUME_VIEWS_PER_HOUR = 1
    with django_capture_on_commit_callbacks(execute=True):
        new_application(w)
        application = w.graduate.graduate_profile.applications.get()
        candidates.move_application(
            application=application,
            to="interview",
            by=w.owner,
            interview_at=WHEN,
            interview_place="软件园",
        )
        candidates.open_resume(application=application, by=w.recruiter)
        with pytest.raises(PermissionDenied):
            candidates.open_resume(application=application, by=w.recruiter)
        application_closed_without_answer(w)
        unanswered_reminder(w)
        position_unlisted(w)
        still_hiring(w)
        fair_feedback_asked(w)
        invitations.decline_invitation(
            invitation=_invitation(w, quietly=False), by=w.graduate, reason="已签约"
        )
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == set(Notification.Kind.values)
    for notification in Notification.objects.select_related("user"):
        assert notification.message.strip()
        assert notification.url.startswith("/"), notification.kind
        client.force_login(notification.user)
        assert client.get(notification.url).status_code == 200, notification.kind
    # The unread count is each user's own, in the header and in the API.
    for user in (w.owner, w.recruiter, w.graduate, w.staff, w.other_owner):
        own = Notification.objects.filter(user=user, read_at=None).count()
        assert candidate_selectors.unread_count(user) == own
        client.force_login(user)
        assert client.get("/api/v1/notifications/unread/").json() == {"unread": own}
    candidates.mark_notifications_read(user=w.owner)
    assert candidate_selectors.unread_count(w.owner) == 0
    assert candidate_selectors.unread_count(w.recruiter) > 0
