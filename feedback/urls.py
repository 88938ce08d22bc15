"""URLs of fair feedback (mounted under /feedback/)."""

from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.my_feedback, name="mine"),
    path("fairs/<int:pk>/", views.rate, name="rate"),
    path("fairs/<int:pk>/results/", views.results, name="results"),
    path("booths/<int:pk>/", views.booth_results, name="booth_results"),
    path("<str:kind>/<int:pk>/hide/", views.hide, name="hide"),
    path("<str:kind>/<int:pk>/show/", views.show, name="show"),
]
