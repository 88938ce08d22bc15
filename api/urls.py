"""The REST API under /api/v1/: each app's endpoints, the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import api as accounts_api
from api.routers import router
from candidates import api as candidates_api
from feedback import api as feedback_api
from outcomes import api as outcomes_api
from search import api as search_api

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its start-up code as a script file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/sms/", accounts_api.SendSmsCodeView.as_view(), name="api-sms-code"),
    path("auth/token/", accounts_api.ObtainTokenView.as_view(), name="api-token"),
    path("me/", accounts_api.MeView.as_view(), name="api-me"),
    path(
        "graduate/profile/",
        candidates_api.ProfileView.as_view(),
        name="api-graduate-profile",
    ),
    path("pipeline/<int:pk>/hire/", outcomes_api.HireView.as_view(), name="api-pipeline-hire"),
    path("outcomes/summary/", outcomes_api.SummaryView.as_view(), name="api-outcomes-summary"),
    path(
        "outcomes/breakdowns/",
        outcomes_api.BreakdownsView.as_view(),
        name="api-outcomes-breakdowns",
    ),
    path(
        "outcomes/trust/",
        outcomes_api.TrustView.as_view(),
        name="api-outcomes-trust",
    ),
    # A fair's feedback, beside the router's fairs/<pk>/ (which has no such action).
    path(
        "fairs/<int:pk>/rating/",
        feedback_api.FairPublicRatingView.as_view(),
        name="api-fair-public-rating",
    ),
    path(
        "fairs/<int:pk>/feedback/",
        feedback_api.FairResultsView.as_view(),
        name="api-fair-feedback",
    ),
    # Search before the router: its positions/<pk>/ would otherwise swallow "search".
    path(
        "positions/search/",
        search_api.PositionSearchView.as_view(),
        name="api-position-search",
    ),
    path(
        "positions/suggest/",
        search_api.PositionSuggestView.as_view(),
        name="api-position-suggest",
    ),
    path(
        "positions/<int:pk>/talent/",
        candidates_api.TalentView.as_view(),
        name="api-position-talent",
    ),
    path("", include(router.urls)),
]
