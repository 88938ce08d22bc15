"""allauth adapter: mail and SMS go out through Celery after commit; mobile numbers live on the
user (accounts.services); onboarding decides where to land."""

import contextlib
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import RateLimited
from allauth.core.internal.httpkit import clean_client_ip
from django.conf import settings
from django.contrib import messages
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import services, sms
from accounts.models import User
from accounts.phone import MainlandPhoneField, normalize_phone
from accounts.roles import roles_for
from core.mail import send_email_on_commit

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "phone_taken": _("This mobile number belongs to another account."),
        "incorrect_code": _("That code is not right. Check the SMS and type its six digits."),
        "username_password_mismatch": _(
            "Sign in with your e-mail address or your mainland mobile number."
        ),
        "phone_password_mismatch": _(
            "The mobile number and/or password you specified are not correct. No password? "
            "Sign in with a code sent to your phone."
        ),
    }

    # --- Mobile numbers (allauth's phone support; the number is User.phone) ---

    def phone_form_field(self, **kwargs):
        return MainlandPhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_phone(phone)

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        if verified:
            services.verify_phone(user=user, phone=phone)
        else:
            services.claim_phone(user=user, phone=phone)

    def set_phone_verified(self, user: User, phone: str) -> None:
        services.verify_phone(user=user, phone=phone)

    def get_user_by_phone(self, phone: str) -> User | None:
        try:
            phone = normalize_phone(phone)
        except ValidationError:
            return None
        return services.user_by_phone(phone)

    def send_verification_code_sms(self, user: User, phone: str, code: str, **kwargs) -> None:
        self._refuse_if_limited(phone)
        sms.send_code(phone=phone, code=code, user=user, request=allauth_context.request)

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        self._refuse_if_limited(phone)
        sms.send_no_account(phone=phone, request=allauth_context.request, exists=False)

    def send_account_already_exists_sms(self, phone: str) -> None:
        self._refuse_if_limited(phone)
        sms.send_no_account(phone=phone, request=allauth_context.request, exists=True)

    def _refuse_if_limited(self, phone: str) -> None:
        """The forms check the limits first; a resend from a code page is checked here, and
        refused with the wait (allauth's views answer RateLimited, nothing is sent)."""
        request = allauth_context.request
        refusal = sms.code_refusal(phone=phone, request=request)
        if refusal is None:
            return
        if request is not None:
            messages.error(request, refusal.message)
            request._sms_refusal_shown = True
        raise RateLimited

    def add_message(self, request, level, message_template=None, message_context=None, **kw):
        # The specific "try again in N s" was shown already; allauth's generic line would repeat it.
        if kw.get("message") == self.error_messages["rate_limited"] and getattr(
            request, "_sms_refusal_shown", False
        ):
            return
        super().add_message(request, level, message_template, message_context, **kw)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # What allauth's own send_mail adds: its templates greet from `current_site.name`.
        request = allauth_context.request
        site = get_current_site(request)
        site.name = gettext("Jinpin")
        context = {"request": request, "email": email, "current_site": site, **context}
        message = self.render_mail(template_prefix, email, context)
        html = None
        if message.content_subtype == "html":
            html = message.body
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        fields = {
            "to": list(message.to),
            "subject": message.subject,
            "body": message.body,
            "html": html,
            "from_email": message.from_email,
        }
        # As every e-mail: after commit, and the account is saved even when the broker is down.
        send_email_on_commit(**fields)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        """Wrong passwords count per account for a mobile number too: allauth keys them on the
        e-mail or username only, so every number would share one count (five wrong passwords
        for anyone's number would lock out all sign-ins by number and password)."""
        phone = credentials.get("phone")
        if not phone or credentials.get("email"):
            return super()._get_login_attempts_cache_key(request, **credentials)
        with contextlib.suppress(ValidationError):  # else counted as typed: no account has it
            phone = normalize_phone(phone)
        return f"{get_current_site(request).domain}:phone:{phone}"

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address through TRUSTED_PROXY_COUNT; a chain shorter than the count
        (a request that reached an inner proxy directly) gives its furthest address instead
        of allauth's ImproperlyConfigured, a 500 on every login."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            chain = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
            logger.warning(
                "X-Forwarded-For has %d address(es), fewer than TRUSTED_PROXY_COUNT=%d",
                len(chain),
                settings.TRUSTED_PROXY_COUNT,
            )
            return clean_client_ip(chain[0]) or request.META.get("REMOTE_ADDR", "")

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.stages.SignupPhoneVerificationStage"
            if path == "allauth.account.stages.PhoneVerificationStage"
            else path
            for path in super().get_login_stages()
        ]

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if roles_for(request.user).needs_enterprise:
            return reverse("accounts:onboarding")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("accounts:onboarding")
