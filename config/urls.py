"""Root URL configuration: pages of each app, accounts (allauth), the API, the admin, and the
operations endpoints (health, readiness, metrics)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from config import views as config_views

urlpatterns = [
    # The API first: its requests (applying above all) are resolved before the pages' patterns.
    path("api/v1/", include("api.urls")),
    # Liveness, readiness and metrics (ops/): /healthz, /readyz, /metrics.
    path("", include("ops.urls")),
    path("", config_views.home, name="home"),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("captcha/", include("captcha.urls")),
    path("associations/", include("associations.urls")),
    path("jobs/", include("jobs.urls")),
    path("me/", include("candidates.urls")),
    path("fairs/", include("fairs.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("feedback/", include("feedback.urls")),
    path("search/", include("search.urls")),
    path("search/", include("listings.urls")),
    path("admin/", admin.site.urls),
]

# API clients get JSON errors even where no API view answers (no route, a crash).
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
