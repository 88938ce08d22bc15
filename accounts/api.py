"""Accounts API: obtaining a token with e-mail and password, and who the caller is."""

from allauth.account.adapter import get_adapter
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import services
from accounts.roles import roles_for
from accounts.serializers import (
    MeSerializer,
    MeUpdateSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from core.mail import email_language


class ClientAddressThrottle(ScopedRateThrottle):
    """A scoped rate per client address: the address allauth's login limits use, read through
    TRUSTED_PROXY_COUNT (DRF's own would take the left of X-Forwarded-For, which any client
    writes as it pleases)."""

    def get_ident(self, request) -> str:
        return get_adapter().get_client_ip(getattr(request, "_request", request))


class ObtainTokenView(APIView):
    """Exchange an e-mail address and password for an API token (send it as `Token <key>`).

    Limited per client address (10 requests a minute), and wrong passwords count with the
    login page's: 10 a minute per address, 5 in 5 minutes per account (then 429).
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
