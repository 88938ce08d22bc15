"""Serializers of the accounts API."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.services import has_verified_email


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        user = authenticate(
            self.context["request"], username=attrs["email"].lower(), password=attrs["password"]
        )
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
