"""URLs of the position listings' officer pages."""

from django.urls import path

from listings import views

app_name = "listings"

urlpatterns = [
    path("terms/", views.related_terms, name="related_terms"),
    path("terms/new/", views.edit_related_terms, name="related_terms_new"),
    path("terms/<int:pk>/", views.edit_related_terms, name="related_terms_edit"),
]
