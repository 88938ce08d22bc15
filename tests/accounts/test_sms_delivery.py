"""SMS delivery behind SMS_URL: the console, files, and the providers' SDKs with the network
answered locally (`responses`), so their real code paths run and nothing leaves the machine."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts import sms
from accounts.models import SmsKind, SmsMessage
from accounts.tasks import send_sms
from core.sms import (
    AliyunBackend,
    ConsoleBackend,
    FileBackend,
    Sms,
    SmsError,
    TencentBackend,
    get_backend,
)
from outbox import core
from outbox.models import OutboxMessage
from tests.accounts.sms_helpers import outbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = Sms(
    phone="+8613812345678",
    kind="code",
    params={"code": "123456", "minutes": "5"},
    text="[晋聘] 您的验证码为123456",
    language="zh-hans",
)


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", ConsoleBackend),
        ("file://", FileBackend),
        ("file:///tmp/sms-here", FileBackend),
        ("aliyun://key:secret@dysmsapi.aliyuncs.com", AliyunBackend),
        ("tencent://id:key@ap-guangzhou?app_id=1400000000", TencentBackend),
    ],
)
def test_sms_url_chooses_the_backend(url, backend):
    assert isinstance(get_backend(url), backend)


def test_an_unknown_scheme_or_a_tencent_url_without_app_is_refused():
    with pytest.raises(ImproperlyConfigured):
        get_backend("smtp://x")
    with pytest.raises(ImproperlyConfigured):
        get_backend("tencent://id:key@ap-guangzhou")


def test_the_console_prints_the_message(capsys):
    ConsoleBackend().send(CODE)
    assert "+8613812345678" in capsys.readouterr().out


def test_files_are_written_one_per_message(tmp_path):
    FileBackend(tmp_path).send(CODE)
    [message] = outbox(tmp_path)
    assert message["to"] == "+8613812345678"
    assert "123456" in message["text"]


@responses.activate
def test_alibaba_cloud_gets_the_template_and_the_signature(settings):
    settings.SMS_TEMPLATES = {"code": "SMS_100", "code:en": "SMS_200"}
    settings.SMS_SIGN_NAME = "晋聘"
    responses.add(
        responses.POST,
        re.compile(r"https://dysmsapi\.aliyuncs\.com/.*"),
        json={"Code": "OK", "Message": "OK", "BizId": "biz-1", "RequestId": "r"},
    )
    responses.add(
        responses.GET,
        re.compile(r"https://dysmsapi\.aliyuncs\.com/.*"),
        json={"Code": "OK", "Message": "OK", "BizId": "biz-1", "RequestId": "r"},
    )
    message_id = AliyunBackend("key", "secret", "dysmsapi.aliyuncs.com").send(CODE)
    assert message_id == "biz-1"
    request = responses.calls[0].request
    sent = parse_qs(urlsplit(request.url).query)
    if request.body:
        body = request.body if isinstance(request.body, str) else request.body.decode()
        sent.update(parse_qs(body))
    assert sent["PhoneNumbers"] == ["13812345678"]
    assert sent["TemplateCode"] == ["SMS_100"]
    assert sent["SignName"] == ["晋聘"]
    assert json.loads(sent["TemplateParam"][0]) == {"code": "123456", "minutes": "5"}


@responses.activate
def test_alibaba_cloud_refusing_a_number_is_not_retried(settings):
    settings.SMS_TEMPLATES = {"code": "SMS_100"}
    for method in (responses.GET, responses.POST):
        responses.add(
            method,
            re.compile(r"https://dysmsapi\.aliyuncs\.com/.*"),
            json={"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "bad number", "RequestId": "r"},
        )
    with pytest.raises(SmsError) as error:
        AliyunBackend("key", "secret", "dysmsapi.aliyuncs.com").send(CODE)
    assert error.value.transient is False


@responses.activate
def test_tencent_cloud_gets_the_template_its_parameters_in_order_and_the_app(settings):
    settings.SMS_TEMPLATES = {"code": "1234567"}
    responses.add(
        responses.POST,
        "https://sms.tencentcloudapi.com/",
        json={
            "Response": {
                "SendStatusSet": [
                    {
                        "SerialNo": "serial-1",
                        "PhoneNumber": "+8613812345678",
                        "Code": "Ok",
                        "Message": "send success",
                        "Fee": 1,
                        "SessionContext": "",
                        "IsoCode": "CN",
                    }
                ],
                "RequestId": "r",
            }
        },
    )
    message_id = TencentBackend("id", "key", "ap-guangzhou", "1400000000").send(CODE)
    assert message_id == "serial-1"
    body = json.loads(responses.calls[0].request.body)
    assert body["SmsSdkAppId"] == "1400000000"
    assert body["TemplateId"] == "1234567"
    assert body["TemplateParamSet"] == ["123456", "5"]
    assert body["PhoneNumberSet"] == ["+8613812345678"]


@responses.activate
def test_tencent_cloud_throttling_is_worth_retrying(settings):
    settings.SMS_TEMPLATES = {"code": "1234567"}
    responses.add(
        responses.POST,
        "https://sms.tencentcloudapi.com/",
        json={
            "Response": {
                "SendStatusSet": [
                    {
                        "SerialNo": "",
                        "PhoneNumber": "+8613812345678",
                        "Code": "LimitExceeded.PhoneNumberDailyLimit",
                        "Message": "limit",
                    }
                ],
                "RequestId": "r",
            }
        },
    )
    with pytest.raises(SmsError) as error:
        TencentBackend("id", "key", "ap-guangzhou", "1400000000").send(CODE)
    assert error.value.transient is True


def test_a_kind_without_a_template_fails_clearly(settings):
    settings.SMS_TEMPLATES = {}
    with pytest.raises(SmsError, match="template"):
        TencentBackend("id", "key", "ap-guangzhou", "1400000000").send(CODE)


def test_a_message_is_sent_once_even_if_its_task_runs_twice(settings, tmp_path):
    settings.SMS_URL = f"file://{tmp_path}"
    message = sms.send_no_account(phone="+8613812345678", request=None, exists=False)
    assert send_sms(message.pk) == "sent"
    assert send_sms(message.pk) == "skipped"
    assert len(outbox(tmp_path)) == 1


def test_a_code_asked_for_while_the_broker_is_down_is_sent_once_it_is_back(
    settings, tmp_path, broker_down, django_capture_on_commit_callbacks
):
    settings.SMS_URL = f"file://{tmp_path}"
    with django_capture_on_commit_callbacks(execute=True):
        message = sms.send_code(phone="+8613812345678", code="246810", user=None, request=None)
    assert outbox(tmp_path) == []
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.PENDING  # the code page says "sending"
    assert broker_down.restore() == 1
    assert broker_down.restore() == 0  # sent once, not again
    [sent] = outbox(tmp_path)
    assert "246810" in sent["text"]
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT


def test_an_sms_asked_for_in_a_change_that_is_rolled_back_is_never_sent(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_URL = f"file://{tmp_path}"

    def failing_change():
        with transaction.atomic():
            sms.send_code(phone="+8613812345678", code="111111", user=None, request=None)
            raise RuntimeError("the sign-up fails")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_change()
    assert outbox(tmp_path) == []
    assert not SmsMessage.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_provider_outage_is_retried_soon_and_a_code_is_left_not_sent_after_three_tries(
    settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SMS_URL = f"file://{tmp_path}"

    def provider_down(self, message):
        raise SmsError("503 Service Unavailable")

    monkeypatch.setattr(FileBackend, "send", provider_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = sms.send_code(phone="+8613812345678", code="135790", user=None, request=None)
    task = OutboxMessage.objects.get()
    waits = [round((task.not_before - task.created_at).total_seconds())]
    while task.status == OutboxMessage.Status.PENDING:
        tried_at = task.not_before
        with time_machine.travel(tried_at, tick=False):
            core.sweep()
        task.refresh_from_db()
        waits.append(round((task.not_before - tried_at).total_seconds()))
    assert waits[:2] == [5, 10]  # seconds, not the half-minute e-mail waits: a code expires
    message.refresh_from_db()
    assert (message.status, message.attempts) == (SmsMessage.Status.FAILED, 3)
    assert "503" in message.error  # what the person is told: not sent, ask again
    assert "135790" not in message.text + str(message.params)  # the dead code is not kept
    assert task.status == OutboxMessage.Status.DONE  # given up on purpose, nothing to retry


def test_a_notification_outlasts_a_short_outage(
    settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.SMS_URL = f"file://{tmp_path}"
    user = UserFactory(phone="+8613812345678", phone_verified=True, sms_notifications=True)
    real_send = FileBackend.send

    def provider_down(self, message):
        raise SmsError("503 Service Unavailable")

    monkeypatch.setattr(FileBackend, "send", provider_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = sms.notify_by_sms(
            user=user, kind=SmsKind.OFFER, params={"enterprise": "晋商银行", "position": "柜员"}
        )
    for _ in range(3):  # down for three more tries: a code would have given up
        with time_machine.travel(OutboxMessage.objects.get().not_before, tick=False):
            core.sweep()
    monkeypatch.setattr(FileBackend, "send", real_send)
    with time_machine.travel(OutboxMessage.objects.get().not_before, tick=False):
        assert core.sweep() == 1
    assert [m["kind"] for m in outbox(tmp_path)] == [SmsKind.OFFER]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (SmsMessage.Status.SENT, 5)


def test_a_bulk_load_sends_no_notification_and_leaves_none_waiting(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.SMS_URL = f"file://{tmp_path}"
    user = UserFactory(phone="+8613812345678", phone_verified=True, sms_notifications=True)
    with django_capture_on_commit_callbacks(execute=True), core.suppressed():
        sms.notify_by_sms(user=user, kind=SmsKind.OFFER, params={"enterprise": "晋商银行"})
    assert outbox(tmp_path) == []
    assert not SmsMessage.objects.exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_notifications_fit_one_sms_in_the_persons_language(settings, tmp_path, language):
    """Long names are cut to the providers' variable limit; a text is two SMS at most (67
    characters each once a message holds Chinese)."""
    settings.SMS_URL = f"file://{tmp_path}"
    user = UserFactory(
        phone="+8613812345678", phone_verified=True, sms_notifications=True, language=language
    )
    long = "山西省太原市小店区长风街道某某科技产业园区第十二号楼三层东侧会议室"
    from django.utils import timezone

    sms.notify_by_sms(
        user=user,
        kind=SmsKind.INTERVIEW,
        params={"enterprise": long, "position": long, "time": timezone.now(), "place": long},
    )
    message = SmsMessage.objects.get()
    assert message.language == language
    assert all(len(value) <= settings.SMS_PARAM_MAX_LENGTH for value in message.params.values())
    assert len(message.text) <= 2 * 67
    assert ("邀请" in message.text) == (language == "zh-hans")


def test_no_sms_without_opting_in_or_a_proved_number():
    for user in (
        UserFactory(phone="+8613812345678", phone_verified=True, sms_notifications=False),
        UserFactory(phone="+8613812345679", phone_verified=False, sms_notifications=True),
    ):
        assert (
            sms.notify_by_sms(
                user=user, kind=SmsKind.OFFER, params={"enterprise": "云数", "position": "会计"}
            )
            is None
        )
    assert not SmsMessage.objects.exists()
