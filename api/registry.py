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
router.register(
    "graduate/invitations",
    candidates_api.GraduateInvitationViewSet,
    basename="api-graduate-invitation",
)
router.register("applications", candidates_api.ApplicationViewSet, basename="api-application")
router.register("invitations", candidates_api.InvitationViewSet, basename="api-invitation")
router.register("pipeline", candidates_api.PipelineViewSet, basename="api-pipeline")
router.register("notifications", candidates_api.NotificationViewSet, basename="api-notification")

# --- fairs: campaigns, fairs, participations, tickets and check-in, slots, bookings, leads -------
from api.routers import router  # noqa: E402
from fairs import api as fairs_api  # noqa: E402

router.register("campaigns", fairs_api.CampaignViewSet, basename="api-campaign")
router.register("fairs", fairs_api.FairViewSet, basename="api-fair")
router.register(
    "fair-participations", fairs_api.ParticipationViewSet, basename="api-fair-participation"
)
router.register("fair-tickets", fairs_api.TicketViewSet, basename="api-fair-ticket")
router.register("fair-slots", fairs_api.SlotViewSet, basename="api-fair-slot")
router.register("fair-bookings", fairs_api.BookingViewSet, basename="api-fair-booking")
router.register("fair-leads", fairs_api.LeadViewSet, basename="api-fair-lead")

# --- associations: associations, enterprises, memberships, staff, recruiters, regions -----------
from associations import api as associations_api  # noqa: E402

router.register("associations", associations_api.AssociationViewSet, basename="api-association")
# The enterprises' API, with their responsiveness (computed by candidates, which sits above).
router.register("enterprises", candidates_api.EnterpriseViewSet, basename="api-enterprise")
router.register("memberships", associations_api.MembershipViewSet, basename="api-membership")
router.register("association-staff", associations_api.StaffViewSet, basename="api-staff")
router.register("recruiters", associations_api.RecruiterViewSet, basename="api-recruiter")
router.register("regions", associations_api.RegionViewSet, basename="api-region")

# --- outcomes: placements and their verification, PDF reports of the figures ------------------
from outcomes import api as outcomes_api  # noqa: E402

router.register("outcomes/placements", outcomes_api.PlacementViewSet, basename="api-placement")
router.register("outcomes/reports", outcomes_api.ReportViewSet, basename="api-report")

# --- jobs: positions (public, recruiters' actions, import) and their moderation -----------------
from jobs import api as jobs_api  # noqa: E402

router.register("positions", jobs_api.PositionViewSet, basename="api-position")
router.register("position-reports", jobs_api.PositionReportViewSet, basename="api-position-report")

# --- feedback: ratings of fairs and booths after a fair, and their moderation -------------------
from feedback import api as feedback_api  # noqa: E402

router.register("fair-ratings", feedback_api.FairRatingViewSet, basename="api-fair-rating")
router.register("booth-ratings", feedback_api.BoothRatingViewSet, basename="api-booth-rating")
