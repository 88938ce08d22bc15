"""Accounts API: a sign-in code by SMS, a token (e-mail and password, or number and code), and
who the caller is."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import services, sms
from accounts.roles import roles_for
from accounts.serializers import (
    MeSerializer,
    MeUpdateSerializer,
    SmsCodeBadRequestSerializer,
    SmsCodeRefusedSerializer,
    SmsCodeRequestSerializer,
    SmsCodeSentSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from core.mail import email_language


class SendSmsCodeView(APIView):
    """Send a sign-in code by SMS to a mainland mobile number (then POST phone and code to
    /auth/token/).

    The answer is the same whether or not an account has the number (one without gets an SMS
    saying so). One code a minute to a number, and hourly and daily limits per number and
    client address (429 with `retry_after`); after a few requests from one address, an image
    captcha: the 400 answer carries `captcha_key` and `captcha_image`, sent back with
    `captcha` (the characters seen).
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=SmsCodeRequestSerializer,
        responses={
            202: SmsCodeSentSerializer,
            400: OpenApiResponse(
                SmsCodeBadRequestSerializer, description="A malformed number, or a captcha to solve"
            ),
            429: OpenApiResponse(SmsCodeRefusedSerializer, description="Asked too often"),
        },
    )
    def post(self, request):
        django_request = sms.api_request(request)
        serializer = SmsCodeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if sms.captcha_required(django_request) and not _captcha_passed(data):
            return _captcha_answer(data)
        refusal = sms.code_refusal(phone=data["phone"], request=django_request)
        if refusal:
            return Response(
                {"detail": refusal.message, "retry_after": refusal.retry_after},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(refusal.retry_after)},
            )
        services.send_api_login_code(phone=data["phone"], request=django_request)
        return Response(
            {
                "detail": _("If this number has an account, a code is on its way."),
                "retry_after": settings.SMS_CODE_COOLDOWN,
                "expires_in": settings.SMS_CODE_VALID_SECONDS,
            },
            status=status.HTTP_202_ACCEPTED,
        )


def _captcha_passed(data) -> bool:
    return sms.captcha_answered(key=data.get("captcha_key", ""), answer=data.get("captcha", ""))


def _captcha_answer(data) -> Response:
    key = sms.new_captcha()
    detail = (
        _("The characters do not match the picture.")
        if data.get("captcha")
        else _("Type the characters in the picture to get a code.")
    )
    return Response(
        {
            "detail": detail,
            "captcha_required": True,
            "captcha_key": key,
            "captcha_image": reverse("captcha-image", kwargs={"key": key}),
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class ClientAddressThrottle(ScopedRateThrottle):
    """A scoped rate per client address: the address allauth's login limits use, read through
    TRUSTED_PROXY_COUNT (DRF's own would take the left of X-Forwarded-For, which any client
    writes as it pleases)."""

    def get_ident(self, request) -> str:
        return get_adapter().get_client_ip(getattr(request, "_request", request))


class ObtainTokenView(APIView):
    """Exchange an e-mail address and password, or a mobile number and the code /auth/sms/ sent
    to it, for an API token (send it as `Token <key>`).

    Limited per client address (10 requests a minute), and wrong passwords count with the
    login page's: 10 a minute per address, 5 in 5 minutes per account (then 429). A code ends
    at its fifth wrong try.
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ClientAddressThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = services.api_token(user=serializer.validated_data["user"])
        return Response({"token": token.key})


class MeView(APIView):
    """The authenticated user and the roles they can act as."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": email_language(user),
            "roles": roles_for(user),
        }
        return Response(MeSerializer(data).data)

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request):
        """Choose the language e-mails and notifications are written in (as the page header's
        language switch does for a signed-in user)."""
        serializer = MeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.choose_language(user=request.user, language=serializer.validated_data["language"])
        return self.get(request)
