"""URLs of the associations pages."""

from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.association_create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.association_edit, name="edit"),
    path("<int:pk>/staff/invite/", views.staff_invite, name="staff_invite"),
    path("<int:pk>/staff/<int:staff_pk>/remove/", views.staff_remove, name="staff_remove"),
    path("<int:pk>/members/invite/", views.membership_invite, name="membership_invite"),
    path("workspace/", views.staff_workspace, name="staff_workspace"),
    *[
        path(
            f"memberships/<int:pk>/{action}/",
            views.membership_action,
            {"action": action},
            name=f"membership_{action}",
        )
        for action in ("approve", "reject", "end")
    ],
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/join/", views.enterprise_join, name="enterprise_join"),
    path("enterprises/workspace/", views.enterprise_workspace, name="enterprise_workspace"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path(
        "enterprises/<int:pk>/memberships/request/",
        views.membership_request,
        name="membership_request",
    ),
    path(
        "enterprises/<int:pk>/recruiters/invite/",
        views.recruiter_invite,
        name="recruiter_invite",
    ),
    *[
        path(
            f"enterprises/<int:pk>/recruiters/<int:recruiter_pk>/{action}/",
            views.recruiter_action,
            {"action": action},
            name=f"recruiter_{action}",
        )
        for action in ("approve", "remove")
    ],
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
