"""Pages of the accounts app: the home page, onboarding after sign-up, account settings (number,
SMS notifications, WeChat), and the SMS status the code pages poll."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from accounts import services
from accounts.forms import SmsNotificationsForm
from accounts.templatetags.sms import status_context
from core.web import error_text


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Where sign-up lands: the next step for each role the user holds or chose."""
    return render(request, "accounts/onboarding.html")


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice of a signed-in user: e-mails
    and notifications others' actions send them are written in it."""
    response = django_set_language(request)
    chosen = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and chosen in dict(settings.LANGUAGES)
    ):
        services.choose_language(user=request.user, language=chosen)
    return response


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """The account's sign-in ways (e-mail, mobile number, WeChat, password) and whether
    notifications also come by SMS."""
    user = request.user
    form = SmsNotificationsForm(
        request.POST or None, initial={"sms_notifications": user.sms_notifications}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_sms_notifications(
                user=user, enabled=form.cleaned_data["sms_notifications"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Your notification settings were saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form, "account": user})


@never_cache
def sms_status(request: HttpRequest) -> HttpResponse:
    """The status of the last code this browser session asked for (polled while it is sent)."""
    context = status_context(request, request.GET.get("phone", ""))
    return render(request, "accounts/partials/sms_status.html", context)
