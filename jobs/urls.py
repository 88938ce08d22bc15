"""URLs of the jobs pages."""

from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/", views.detail, name="position"),  # the name the candidates pages look up
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/duplicate/", views.duplicate, name="duplicate"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/suspend/", views.suspend, name="suspend"),
    path("<int:pk>/reinstate/", views.reinstate, name="reinstate"),
    path("<int:pk>/still-hiring/", views.still_hiring, name="still_hiring"),
    path("<int:pk>/still-hiring/confirm/", views.confirm_hiring, name="confirm_hiring"),
    path("<int:pk>/still-hiring/close/", views.close_not_hiring, name="close_not_hiring"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.create, name="create"),
    path("manage/import/", views.import_positions, name="import"),
    path("manage/import/template.xlsx", views.import_template, name="import_template"),
    path("moderation/", views.moderation, name="moderation"),
    path("unconfirmed/", views.unconfirmed, name="unconfirmed"),
    path("reports/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
