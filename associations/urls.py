"""URLs of the associations pages."""

from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
