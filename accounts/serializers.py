"""Serializers of the accounts API."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from accounts.phone import normalize_phone
from accounts.services import CodeRefused, exchange_login_code, has_verified_email


class TokenRequestSerializer(serializers.Serializer):
    """E-mail address and password, or mobile number and the code POST /auth/sms/ sent to it."""

    email = serializers.EmailField(required=False)
    password = serializers.CharField(
        style={"input_type": "password"}, trim_whitespace=False, required=False
    )
    phone = serializers.CharField(
        required=False, help_text="A mainland mobile number: 13812345678 or +8613812345678."
    )
    code = serializers.CharField(required=False, help_text="The six digits of the SMS.")

    def validate(self, attrs):
        if attrs.get("phone") or attrs.get("code"):
            return self._validate_code(attrs)
        missing = {
            name: [_("This field is required.")]
            for name in ("email", "password")
            if not attrs.get(name)
        }
        if missing:
            raise serializers.ValidationError(missing)
        return self._validate_password(attrs)

    def _validate_code(self, attrs):
        missing = {
            name: [_("This field is required.")]
            for name in ("phone", "code")
            if not attrs.get(name)
        }
        if missing:
            raise serializers.ValidationError(missing)
        try:
            phone = normalize_phone(attrs["phone"])
        except DjangoValidationError as error:
            raise serializers.ValidationError({"phone": error.messages}) from error
        try:
            attrs["user"] = exchange_login_code(phone=phone, code=attrs["code"])
        except CodeRefused as error:
            raise serializers.ValidationError({"code": error.messages}, code=error.code) from error
        return attrs

    def _validate_password(self, attrs):
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


class SmsCodeRequestSerializer(serializers.Serializer):
    phone = serializers.CharField(help_text="A mainland mobile number: 13812345678 or +86….")
    captcha_key = serializers.CharField(
        required=False, help_text="Once asked for (captcha_required): the key answered with it."
    )
    captcha = serializers.CharField(
        required=False, help_text="The characters of the image at captcha_image."
    )

    def validate_phone(self, value):
        try:
            return normalize_phone(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class SmsCodeSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    retry_after = serializers.IntegerField(help_text="Seconds before another code may be asked.")
    expires_in = serializers.IntegerField(help_text="Seconds the code stays valid.")


class SmsCodeRefusedSerializer(serializers.Serializer):
    """A 429 of POST /auth/sms/: asked too often for this number, address or session."""

    detail = serializers.CharField()
    retry_after = serializers.IntegerField(help_text="Seconds before a code may be asked again.")


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
)
class CaptchaKeyOrMessages(serializers.CharField):
    """A 400 names `captcha_key` twice over: the key of a captcha to solve, or the messages of a
    malformed key sent (as for any field)."""


class SmsCodeBadRequestSerializer(serializers.Serializer):
    """A 400 of POST /auth/sms/: a malformed number (`phone`), or a captcha to solve first
    (`detail` with `captcha_required`, `captcha_key` and `captcha_image`)."""

    detail = serializers.CharField(required=False)
    phone = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="What is wrong with the number."
    )
    captcha_required = serializers.BooleanField(required=False)
    captcha_key = CaptchaKeyOrMessages(
        required=False,
        help_text="The key of a new captcha; or, when the one sent was malformed, what is wrong.",
    )
    captcha_image = serializers.CharField(
        required=False, help_text="The image's address: type its characters as `captcha`."
    )


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
