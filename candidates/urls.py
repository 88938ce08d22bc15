"""URLs of the graduates' pages and the recruiters' pipeline (mounted under /me/)."""

from django.urls import path

from candidates import matching_views, views

app_name = "candidates"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("profile/", views.profile, name="profile"),
    path("resumes/", views.resume_upload, name="resume_upload"),
    path("resumes/generate/", views.resume_generate, name="resume_generate"),
    path("resumes/<int:pk>/", views.resume, name="resume"),
    path("apply/<int:position_pk>/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("leads/<int:pk>/confirm/", views.confirm_lead, name="confirm_lead"),
    path("for-you/", views.for_you, name="for_you"),
    path("profile/matching/", matching_views.preferences, name="preferences"),
    path("invitations/", matching_views.invitation_list, name="invitations"),
    path(
        "invitations/<int:pk>/accept/", matching_views.invitation_accept, name="invitation_accept"
    ),
    path(
        "invitations/<int:pk>/decline/",
        matching_views.invitation_decline,
        name="invitation_decline",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/export.csv", views.pipeline_export, name="pipeline_export"),
    path("pipeline/bulk-reject/", views.pipeline_bulk_reject, name="pipeline_bulk_reject"),
    path("pipeline/<int:pk>/", views.pipeline_application, name="pipeline_application"),
    path("pipeline/<int:pk>/move/", views.pipeline_move, name="pipeline_move"),
    path("pipeline/<int:pk>/notes/", views.pipeline_note, name="pipeline_note"),
    path("pipeline/<int:pk>/resume/", views.pipeline_resume, name="pipeline_resume"),
    path("pipeline/graduates/<int:pk>/", views.applicant_profile, name="applicant_profile"),
    path(
        "pipeline/positions/<int:pk>/talent/",
        matching_views.talent_suggestions,
        name="talent",
    ),
    path(
        "pipeline/positions/<int:pk>/talent/invite/",
        matching_views.talent_invite,
        name="talent_invite",
    ),
]
