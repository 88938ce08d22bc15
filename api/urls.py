"""The REST API under /api/v1/: each app's endpoints, the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts import api as accounts_api
from api.routers import router
from candidates import api as candidates_api

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", accounts_api.ObtainTokenView.as_view(), name="api-token"),
    path("me/", accounts_api.MeView.as_view(), name="api-me"),
    path(
        "graduate/profile/",
        candidates_api.ProfileView.as_view(),
        name="api-graduate-profile",
    ),
    path("", include(router.urls)),
]
