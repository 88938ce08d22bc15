"""URLs of the accounts pages that allauth does not provide."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("welcome/", views.onboarding, name="onboarding"),
    path("settings/", views.account_settings, name="settings"),
    path("sms/status/", views.sms_status, name="sms_status"),
]
