"""Registration of every app's viewsets on the API router."""

# --- candidates: graduates' profile, resumes and applications; recruiters' pipeline ---------------
from api.routers import router
from candidates import api as candidates_api

router.register("graduate/resumes", candidates_api.ResumeViewSet, basename="api-graduate-resume")
router.register(
    "graduate/recommendations",
    candidates_api.RecommendationViewSet,
    basename="api-graduate-recommendation",
)
router.register("applications", candidates_api.ApplicationViewSet, basename="api-application")
router.register("pipeline", candidates_api.PipelineViewSet, basename="api-pipeline")
router.register("notifications", candidates_api.NotificationViewSet, basename="api-notification")
