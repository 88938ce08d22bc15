"""Outcomes API: the figures (summary, breakdowns), placements and their verification, reports."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import roles_for
from candidates.permissions import access_recruited_application
from candidates.serializers import PipelineDetailSerializer
from outcomes import selectors, services, tally
from outcomes.models import Report
from outcomes.serializers import (
    HireSerializer,
    PlacementReasonSerializer,
    PlacementSerializer,
    ReportSerializer,
    TrustSerializer,
)


class HireView(APIView):
    """`POST /api/v1/pipeline/{id}/hire/`: a recruiter records the hire of an offered application
    (the pipeline's other steps are `move/`)."""

    @extend_schema(request=HireSerializer, responses=PipelineDetailSerializer)
    def post(self, request, pk: int):
        application = access_recruited_application(request.user, pk)
        serializer = HireSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        hired = services.record_hire(
            application=application, by=request.user, **serializer.validated_data
        )
        return Response(PipelineDetailSerializer(hired).data)


class SummaryView(APIView):
    """The headline figures (the keys of `manage.py tally --json`); department officers only.

    Query: date_from, date_to (YYYY-MM-DD), campaign_id, association_id, city_id, industry,
    university."""

    @extend_schema(responses=dict)
    def get(self, request):
        if not roles_for(request.user).officer:
            raise PermissionDenied("Only department officers see the department's summary.")
        return Response(tally.summary(selectors.figures_scope(request.user, request.query_params)))


class BreakdownsView(APIView):
    """Breakdowns by association, fair (funnel), city, industry, university, major and month;
    association staff get theirs."""

    @extend_schema(responses=dict)
    def get(self, request):
        scope = selectors.figures_scope(request.user, request.query_params)
        tables = tally.breakdowns(scope)
        for rows in tables.values():
            for row in rows:
                row["key"] = str(row["key"]) if row["key"] is not None else None
        return Response(
            {"scope": scope.to_params(), "summary": tally.summary(scope), "breakdowns": tables}
        )


# The scope of the figures (outcomes.tally.Scope.from_params): a value it cannot read is ignored.
SCOPE_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="From this day (YYYY-MM-DD)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="To this day, included."),
    OpenApiParameter("campaign_id", OpenApiTypes.INT, description="A campaign's period."),
    OpenApiParameter("association_id", OpenApiTypes.INT, description="One association."),
    OpenApiParameter("city_id", OpenApiTypes.INT, description="One city."),
    OpenApiParameter("industry", OpenApiTypes.STR, description="An industry's code."),
    OpenApiParameter("university", OpenApiTypes.STR, description="A university's name."),
]


class TrustView(APIView):
    """Trust figures of the period: positions asked "still hiring?" (还在招吗？) and how that
    ended (confirmed active, closed, unlisted), applications closed without an answer, and the
    average ratings of fairs per organising association and per kind of fair; association staff
    get their association's. Same query parameters as breakdowns."""

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=TrustSerializer)
    def get(self, request):
        scope = selectors.figures_scope(request.user, request.query_params)
        return Response(TrustSerializer({"scope": scope.to_params(), **tally.trust(scope)}).data)


class PlacementViewSet(viewsets.ReadOnlyModelViewSet):
    """Placements the user may see; the graduate confirms or disputes, staff confirm on behalf
    (with a reason) and accept the contract, the enterprise records a cancellation."""

    serializer_class = PlacementSerializer

    def get_queryset(self):
        return selectors.placements_for(self.request.user).order_by("-created_at", "-pk")

    def _reason(self, request) -> str:
        serializer = PlacementReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["reason"]

    @extend_schema(request=PlacementReasonSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        placement = services.confirm_placement(
            placement=self.get_object(), by=request.user, reason=self._reason(request)
        )
        return Response(PlacementSerializer(placement).data)

    @extend_schema(request=PlacementReasonSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        placement = services.dispute_placement(
            placement=self.get_object(), by=request.user, reason=self._reason(request)
        )
        return Response(PlacementSerializer(placement).data)

    @extend_schema(request=None, responses=PlacementSerializer)
    @action(detail=True, methods=["post"], url_path="accept-evidence")
    def accept_evidence(self, request, pk=None):
        placement = services.accept_evidence(placement=self.get_object(), by=request.user)
        return Response(PlacementSerializer(placement).data)

    @extend_schema(request=PlacementReasonSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        placement = services.cancel_placement(
            placement=self.get_object(), by=request.user, reason=self._reason(request)
        )
        return Response(PlacementSerializer(placement).data)


class ReportViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """PDF reports of the figures: request one (parameters as for the summary), poll, download."""

    serializer_class = ReportSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user to scope by
            return Report.objects.none()
        return selectors.reports_for(self.request.user)

    def perform_create(self, serializer):
        scope = selectors.figures_scope(
            self.request.user, serializer.validated_data.get("params") or {}
        )
        serializer.instance = services.request_report(
            by=self.request.user, params=scope.to_params()
        )
