"""Positions API: public open positions; recruiters' CRUD and actions; moderation; import.

The same services, selectors and permissions as the pages: a service's PermissionDenied becomes
403 and its ValidationError 400 (api/exceptions.py); positions outside what the caller may see
answer 404.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.params import int_param
from core.viewsets import PublicReadMixin
from jobs import permissions as rules
from jobs import selectors, services
from jobs import serializers as s
from jobs.models import Position, PositionReport

_MANAGE = (
    "update",
    "partial_update",
    "destroy",
    "publish",
    "close",
    "reopen",
    "duplicate",
    "confirm_hiring",
)
_MODERATE = ("suspend", "reinstate")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "scope",
                OpenApiTypes.STR,
                enum=["public", "mine"],
                description="public: open positions (default); mine: your enterprises' positions",
            ),
            OpenApiParameter("enterprise", OpenApiTypes.INT),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=[*Position.Status.values, selectors.SUSPENDED],
                description="With scope=mine",
            ),
        ]
    ),
    create=extend_schema(request=s.PositionCreateSerializer, responses={201: s.PositionSerializer}),
    update=extend_schema(request=s.PositionWriteSerializer, responses=s.PositionSerializer),
    partial_update=extend_schema(request=s.PositionWriteSerializer, responses=s.PositionSerializer),
)
class PositionViewSet(
    PublicReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Positions: anyone lists and reads open ones; recruiters manage their enterprises'."""

    serializer_class = s.PositionSerializer
    queryset = Position.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        enterprise = int_param(params.get("enterprise"))
        if params.get("scope") == "mine":
            return selectors.managed_positions(
                self.request.user, enterprise_id=enterprise, status=params.get("status", "")
            )
        return selectors.public_positions(enterprise_id=enterprise)

    def get_object(self):
        pk, user = self.kwargs["pk"], self.request.user
        if self.action in _MANAGE:
            return rules.access_managed_position(user, pk)
        if self.action in _MODERATE:
            return rules.access_moderated_position(user, pk)
        return rules.access_position(user, pk)

    def _answer(self, position, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(position).data, status=code)

    def create(self, request, *args, **kwargs):
        data = self._validated(s.PositionCreateSerializer)
        position = services.create_position(by=request.user, **data)
        return self._answer(position, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        position = self.get_object()
        data = self._validated(s.PositionWriteSerializer, partial=kwargs.get("partial", False))
        return self._answer(services.update_position(position=position, by=request.user, **data))

    def destroy(self, request, *args, **kwargs):
        services.delete_position(position=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _validated(self, serializer_class, partial=False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if partial:  # defaults of absent fields must not overwrite stored values
            data = {key: value for key, value in data.items() if key in self.request.data}
        return data

    @extend_schema(request=None, responses=s.PositionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft (verified enterprises only)."""
        position = services.publish_position(position=self.get_object(), by=request.user)
        return self._answer(position)

    @extend_schema(request=None, responses=s.PositionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        position = services.close_position(position=self.get_object(), by=request.user)
        return self._answer(position)

    @extend_schema(request=None, responses=s.PositionSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-hiring")
    def confirm_hiring(self, request, pk=None):
        """Answer "still hiring?" (还在招吗？) with yes: the question closes and an unlisted
        position is published again. Answer no with close/. 400 when nobody asked."""
        position = services.confirm_still_hiring(position=self.get_object(), by=request.user)
        return self._answer(position)

    @extend_schema(request=None, responses=s.PositionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        position = services.reopen_position(position=self.get_object(), by=request.user)
        return self._answer(position)

    @extend_schema(request=None, responses={201: s.PositionSerializer})
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        copy = services.duplicate_position(position=self.get_object(), by=request.user)
        return self._answer(copy, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.PositionReportInputSerializer, responses={201: s.PositionReportSerializer}
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Report the position (举报) to its moderators."""
        data = self._validated(s.PositionReportInputSerializer)
        report = services.report_position(position=self.get_object(), by=request.user, **data)
        return Response(s.PositionReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SuspensionSerializer, responses=s.PositionSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        """Moderators take the position down with a reason the recruiter sees."""
        data = self._validated(s.SuspensionSerializer)
        position = services.suspend_position(position=self.get_object(), by=request.user, **data)
        return self._answer(position)

    @extend_schema(request=None, responses=s.PositionSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        position = services.reinstate_position(position=self.get_object(), by=request.user)
        return self._answer(position)

    @extend_schema(
        request={"multipart/form-data": s.PositionImportSerializer},
        responses={201: s.PositionImportResultSerializer, 400: s.PositionImportRefusalSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request):
        """Import an XLSX or CSV file all or nothing; bad rows are listed by row and column."""
        data = self._validated(s.PositionImportSerializer)
        upload = data["file"]
        try:
            ids = services.import_from_file(
                enterprise=data["enterprise"],
                by=request.user,
                name=upload.name,
                data=upload.read(),
                publish=data["publish"],
            )
        except services.ImportRefused as refused:
            body = {"detail": refused.message, "errors": [vars(e) for e in refused.errors]}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response({"imported": len(ids), "ids": ids}, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=PositionReport.Status.values)]
    )
)
class PositionReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The moderation queue: staff see reports about their member enterprises; officers all."""

    serializer_class = s.PositionReportSerializer
    queryset = PositionReport.objects.none()

    def get_queryset(self):
        if not rules.can_moderate(self.request.user):
            raise PermissionDenied(None)
        wanted = self.request.query_params.get("status", PositionReport.Status.OPEN)
        return selectors.report_queue(self.request.user, status=wanted)

    def get_object(self):
        return rules.access_report(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.ModerationNoteSerializer, responses=s.PositionReportSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """Close the report without action; the position stays as it is."""
        serializer = s.ModerationNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.dismiss_report(
            report=self.get_object(), by=request.user, **serializer.validated_data
        )
        return Response(s.PositionReportSerializer(report).data)
