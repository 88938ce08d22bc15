"""allauth adapter: mail goes out through Celery after commit; onboarding decides where to land."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal.httpkit import clean_client_ip
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from accounts.roles import roles_for
from core.mail import send_email_on_commit

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
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

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if roles_for(request.user).needs_enterprise:
            return reverse("accounts:onboarding")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("accounts:onboarding")
