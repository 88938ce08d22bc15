"""SMS delivery behind one interface, chosen by SMS_URL (as EMAIL_URL chooses the mail backend).

    console://                     print each message (the default)
    file://  or  file:///some/dir  one file per message under var/sms/ (or the directory given)
    aliyun://KEY_ID:KEY_SECRET@dysmsapi.aliyuncs.com          Alibaba Cloud SMS (Dysmsapi)
    tencent://SECRET_ID:SECRET_KEY@ap-guangzhou?app_id=1400…  Tencent Cloud SMS

The providers send approved templates, not free text: a message is a template name (its kind)
with named parameters; SMS_TEMPLATES maps each kind (and `kind:en` for English) to the
provider's template id, SMS_SIGN_NAME is the approved signature. Their SDKs are optional
dependencies (requirements/sms.txt), imported only when such a backend is used. A send that
fails raises `SmsError`; `transient` says whether trying again later may succeed.
"""

import json
import logging
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

logger = logging.getLogger(__name__)


class SmsError(Exception):
    def __init__(self, message: str, *, transient: bool = True):
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class Sms:
    """What a backend sends: to whom (+86…), which template with which parameters (in the
    template's order), the text as it reads (for the console, the file and the record)."""

    phone: str
    kind: str
    params: dict[str, str]
    text: str
    language: str


class SmsBackend:
    def send(self, sms: Sms) -> str:
        """Send `sms`; return the provider's message id (or a local one)."""
        raise NotImplementedError

    def template_id(self, sms: Sms) -> str:
        templates = settings.SMS_TEMPLATES
        template = templates.get(f"{sms.kind}:{sms.language}") or templates.get(sms.kind)
        if not template:
            raise SmsError(f"No SMS template configured for {sms.kind!r}", transient=False)
        return template


class ConsoleBackend(SmsBackend):
    def send(self, sms: Sms) -> str:
        message_id = uuid.uuid4().hex
        sys.stdout.write(f"SMS to {sms.phone} ({sms.kind}): {sms.text}\n")
        sys.stdout.flush()
        return message_id


class FileBackend(SmsBackend):
    """One text file per message, named by time and number so a reader finds the latest."""

    def __init__(self, directory: Path):
        self.directory = directory

    def send(self, sms: Sms) -> str:
        message_id = uuid.uuid4().hex
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.directory / f"{stamp}-{sms.phone.lstrip('+')}-{message_id[:8]}.txt"
        header = {"to": sms.phone, "kind": sms.kind, "params": sms.params}
        path.write_text(f"{json.dumps(header, ensure_ascii=False)}\n{sms.text}\n", "utf-8")
        return message_id


class AliyunBackend(SmsBackend):
    """Alibaba Cloud SMS through its official SDK (alibabacloud-dysmsapi20170525)."""

    def __init__(self, key_id: str, key_secret: str, endpoint: str):
        self.key_id, self.key_secret = key_id, key_secret
        self.endpoint = endpoint or "dysmsapi.aliyuncs.com"

    def client(self):
        try:
            from alibabacloud_dysmsapi20170525.client import Client
            from alibabacloud_tea_openapi import models as open_api_models
        except ImportError as error:
            raise ImproperlyConfigured(
                "SMS_URL names Alibaba Cloud: install its SDK (pip install -r requirements/sms.txt)"
            ) from error
        config = open_api_models.Config(
            access_key_id=self.key_id,
            access_key_secret=self.key_secret,
            endpoint=self.endpoint,
            connect_timeout=5000,
            read_timeout=10000,
        )
        return Client(config)

    def send(self, sms: Sms) -> str:
        from alibabacloud_dysmsapi20170525 import models

        request = models.SendSmsRequest(
            phone_numbers=sms.phone.removeprefix("+86"),
            sign_name=settings.SMS_SIGN_NAME,
            template_code=self.template_id(sms),
            template_param=json.dumps(sms.params, ensure_ascii=False) if sms.params else None,
        )
        try:
            response = self.client().send_sms(request)
        except Exception as error:  # the SDK raises its own TeaException and network errors
            status = getattr(error, "statusCode", None) or getattr(error, "status_code", None)
            raise SmsError(
                f"Alibaba Cloud SMS: {error}", transient=not status or int(status) >= 500
            ) from error
        body = response.body
        if body.code != "OK":
            # Throttling (isv.BUSINESS_LIMIT_CONTROL) passes; a bad template or number will not.
            transient = body.code in {"isv.BUSINESS_LIMIT_CONTROL", "isp.SYSTEM_ERROR"}
            raise SmsError(f"Alibaba Cloud SMS: {body.code} {body.message}", transient=transient)
        return body.biz_id or ""


class TencentBackend(SmsBackend):
    """Tencent Cloud SMS through its official SDK (tencentcloud-sdk-python-sms)."""

    def __init__(self, secret_id: str, secret_key: str, region: str, app_id: str):
        if not app_id:
            raise ImproperlyConfigured("SMS_URL=tencent://… needs ?app_id=<SmsSdkAppId>")
        self.secret_id, self.secret_key = secret_id, secret_key
        self.region = region or "ap-guangzhou"
        self.app_id = app_id

    def client(self):
        try:
            from tencentcloud.common import credential
            from tencentcloud.common.profile.client_profile import ClientProfile
            from tencentcloud.common.profile.http_profile import HttpProfile
            from tencentcloud.sms.v20210111 import sms_client
        except ImportError as error:
            raise ImproperlyConfigured(
                "SMS_URL names Tencent Cloud: install its SDK (pip install -r requirements/sms.txt)"
            ) from error
        http = HttpProfile(reqTimeout=10)
        return sms_client.SmsClient(
            credential.Credential(self.secret_id, self.secret_key),
            self.region,
            ClientProfile(httpProfile=http),
        )

    def send(self, sms: Sms) -> str:
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
            TencentCloudSDKException,
        )
        from tencentcloud.sms.v20210111 import models

        request = models.SendSmsRequest()
        request.SmsSdkAppId = self.app_id
        request.SignName = settings.SMS_SIGN_NAME
        request.TemplateId = self.template_id(sms)
        # Tencent's templates number their parameters: {1}, {2}… in the kind's order.
        request.TemplateParamSet = list(sms.params.values())
        request.PhoneNumberSet = [sms.phone]
        try:
            response = self.client().SendSms(request)
        except TencentCloudSDKException as error:
            code = error.get_code() or ""
            transient = code.startswith(("InternalError", "RequestLimitExceeded")) or code in {
                "ClientNetworkError",
                "ServerNetworkError",
                "ConnectionError",
                "Timeout",
            }
            raise SmsError(f"Tencent Cloud SMS: {error}", transient=transient) from error
        status = response.SendStatusSet[0]
        if status.Code != "Ok":
            transient = status.Code.startswith(("LimitExceeded", "InternalError"))
            raise SmsError(
                f"Tencent Cloud SMS: {status.Code} {status.Message}", transient=transient
            )
        return status.SerialNo or ""


def get_backend(url: str | None = None) -> SmsBackend:
    """The backend SMS_URL (or `url`) names."""
    url = url if url is not None else settings.SMS_URL
    parts = urlsplit(url)
    scheme = parts.scheme
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if scheme == "console":
        return ConsoleBackend()
    if scheme == "file":
        path = (parts.netloc + parts.path).strip()
        return FileBackend(Path(path) if path else Path(settings.VAR_DIR) / "sms")
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    if scheme == "aliyun":
        return AliyunBackend(user, password, parts.hostname or "")
    if scheme == "tencent":
        return TencentBackend(user, password, parts.hostname or "", query.get("app_id", ""))
    raise ImproperlyConfigured(
        f"SMS_URL {scheme}:// is not known: use console://, file://, aliyun:// or tencent://"
    )
