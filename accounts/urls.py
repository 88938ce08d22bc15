"""URLs of the accounts pages that allauth does not provide."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("welcome/", views.onboarding, name="onboarding"),
]
