"""Each person is written to in the language they chose on the site: e-mails and notifications
that others' actions send them."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services as accounts
from accounts.models import User
from candidates import services
from candidates.models import Notification
from core.mail import send_templated_email_on_commit
from tests.accounts.test_signup import signup
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_switching_language_signed_in_is_remembered_and_anonymous_switching_still_works(client):
    user = UserFactory()
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert User.objects.get(pk=user.pk).language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})  # not a language
    assert User.objects.get(pk=user.pk).language == "en"


def test_choosing_a_language_the_site_does_not_offer_is_refused_and_keeps_the_choice():
    user = UserFactory(language="en")
    with pytest.raises(ValidationError) as refused:
        accounts.choose_language(user=user, language="xx")
    assert "language" in refused.value.message_dict
    assert User.objects.get(pk=user.pk).language == "en"


def test_signing_up_in_english_records_english(client):
    client.cookies["django_language"] = "en"
    signup(client, email="amy@example.cn", role="graduate", name="Amy")
    assert User.objects.get(email="amy@example.cn").language == "en"


def test_each_recruiter_reads_a_new_application_in_their_own_language(
    django_capture_on_commit_callbacks,
):
    position = make_position()
    english = recruiter_of(position.enterprise)
    User.objects.filter(pk=english.pk).update(language="en")
    chinese = recruiter_of(position.enterprise)
    graduate = complete_graduate(language="en")  # the applicant's language is not theirs
    with django_capture_on_commit_callbacks(execute=True):
        services.apply(graduate=graduate, position=position, source="search", by=graduate.user)
    notes = {n.user_id: n.message for n in Notification.objects.all()}
    assert "applied to" in notes[english.pk]
    assert "申请" in notes[chinese.pk]
    assert "applied" not in notes[chinese.pk]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "applied" in by_address[english.email].body.lower()
    assert "applied" not in by_address[chinese.email].body.lower()


def test_one_message_to_recipients_of_two_languages_is_sent_in_both(
    django_capture_on_commit_callbacks,
):
    UserFactory(email="en@example.cn", language="en")
    UserFactory(email="zh@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email_on_commit(
            to=["EN@example.cn", "zh@example.cn", "nobody@example.cn"],
            template="fairs/email/fair_cancelled",
            context={"fair": {"title": "双选会"}, "reason": "天气"},
        )
    sent = {tuple(message.to): message.subject for message in mail.outbox}
    assert set(sent) == {("EN@example.cn",), ("zh@example.cn", "nobody@example.cn")}
    assert "cancelled" in sent[("EN@example.cn",)].lower()
    assert "取消" in sent[("zh@example.cn", "nobody@example.cn")]


def test_the_api_tells_and_sets_the_language(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/api/v1/me/").json()["language"] == "zh-hans"  # the default
    refused = client.patch("/api/v1/me/", {"language": "fr"}, content_type="application/json")
    assert refused.status_code == 400
    assert User.objects.get(pk=user.pk).language == ""
    chosen = client.patch("/api/v1/me/", {"language": "en"}, content_type="application/json")
    assert chosen.status_code == 200
    assert chosen.json()["language"] == "en"
    assert User.objects.get(pk=user.pk).language == "en"
