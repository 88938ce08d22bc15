"""URLs of the search pages."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.positions, name="positions"),
    path("suggest/", views.suggestions, name="suggest"),
]
