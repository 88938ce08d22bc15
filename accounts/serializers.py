"""Serializers of the accounts API."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from accounts.services import has_verified_email


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        """Authenticate as the login page does: through allauth, so wrong passwords count
        against the same per-address and per-account limits whichever door they knock on."""
        request = self.context["request"]
        try:
            user = get_adapter().authenticate(
                getattr(request, "_request", request),
                email=attrs["email"].lower(),
                password=attrs["password"],
            )
        except DjangoValidationError as error:
            if error.code == "too_many_login_attempts":
                raise exceptions.Throttled(detail=" ".join(error.messages)) from error
            raise
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                _("Unable to log in with this e-mail address and password."), code="authorization"
            )
        if settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory" and not has_verified_email(user):
            # The pages refuse such a login until the address is confirmed; so does the API.
            raise serializers.ValidationError(
                _(
                    "Confirm your e-mail address first: follow the link in the message we sent "
                    "to it, then ask for a token again."
                ),
                code="unverified",
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class OrgRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    is_admin = serializers.BooleanField()


class RolesSerializer(serializers.Serializer):
    graduate = serializers.BooleanField()
    officer = serializers.BooleanField()
    enterprises = OrgRefSerializer(many=True)
    associations = OrgRefSerializer(many=True)
    names = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField(help_text="What e-mails and notifications are written in.")
    roles = RolesSerializer()


class MeUpdateSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
