"""REST API of graduates and applications: the same services, selectors and permissions as the
pages (a recruiter of another enterprise gets 404 here as there)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import roles_for
from associations import api as associations_api
from candidates import exports, invitations, permissions, selectors, services, talent
from candidates.models import Application, Invitation, Notification, Resume
from candidates.serializers import (
    ApplicationSerializer,
    AppliedSerializer,
    ApplySerializer,
    BulkRejectSerializer,
    DeclineSerializer,
    EnterpriseWithResponsivenessSerializer,
    GraduateInvitationSerializer,
    InviteSerializer,
    MarkReadSerializer,
    MoveSerializer,
    NoteSerializer,
    NotificationSerializer,
    PipelineApplicationSerializer,
    PipelineDetailSerializer,
    ProfileSerializer,
    RecommendationQuerySerializer,
    RecommendationSerializer,
    ResumeSerializer,
    ResumeUploadSerializer,
    SentInvitationSerializer,
    TalentSuggestionSerializer,
    WithdrawSerializer,
)
from core.params import int_param


def _pdf(resume: Resume) -> FileResponse:
    response = FileResponse(
        resume.file.open("rb"), content_type="application/pdf", filename=resume.download_name
    )
    response["Cache-Control"] = "private, no-store"
    return response


class ProfileView(APIView):
    """The signed-in graduate's profile, with what is missing before applying."""

    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(permissions.require_graduate(request.user)).data)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def patch(self, request):
        profile = permissions.require_graduate(request.user)
        serializer = ProfileSerializer(profile, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cities = data.pop("expected_cities", None)
        switches = {name: data.pop(name, None) for name in ("discoverable", "daily_digest")}
        services.update_profile(profile=profile, by=request.user, data=data, cities=cities)
        services.set_matching_preferences(profile=profile, by=request.user, **switches)
        return Response(ProfileSerializer(profile).data)


class ResumeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The graduate's resume versions: upload a PDF, generate one, download one."""

    serializer_class = ResumeSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Resume.objects.none()
        return selectors.resumes_of(permissions.require_graduate(self.request.user))

    @extend_schema(request=ResumeUploadSerializer, responses={201: ResumeSerializer})
    def create(self, request):
        serializer = ResumeUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        resume = services.upload_resume(
            graduate=permissions.require_graduate(request.user),
            upload=serializer.validated_data["file"],
            by=request.user,
        )
        return Response(ResumeSerializer(resume).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: ResumeSerializer})
    @action(detail=False, methods=["post"])
    def generate(self, request):
        graduate = permissions.require_graduate(request.user)
        resume = services.generate_resume(graduate=graduate, by=request.user)
        return Response(ResumeSerializer(resume).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        resume = get_object_or_404(self.get_queryset(), pk=pk)
        return _pdf(services.open_own_resume(resume=resume, by=request.user))


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The graduate's own applications; POST applies (200 with the existing one if sent twice)."""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        profile = permissions.require_graduate(self.request.user)
        status_filter = self.request.GET.get("status", "")
        return selectors.applications_of_graduate(profile, status=status_filter)

    @extend_schema(
        request=ApplySerializer, responses={201: AppliedSerializer, 200: AppliedSerializer}
    )
    def create(self, request):
        serializer = ApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.refuse_repeated_application(by=request.user, position_id=data["position"])
            graduate = permissions.require_graduate(request.user)
            position = selectors.position_to_apply(data["position"])
            application = services.apply(
                graduate=graduate,
                position=position,
                source=data["source"],
                fair=data.get("fair"),
                by=request.user,
            )
        except services.AlreadyApplied as error:
            body = AppliedSerializer(error.application).data
            return Response({**body, "detail": error.messages[0]}, status=status.HTTP_200_OK)
        return Response(AppliedSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WithdrawSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = permissions.access_own_application(request.user, pk)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.withdraw_application(
            application=application, by=request.user, note=serializer.validated_data["note"]
        )
        return Response(ApplicationSerializer(self.get_queryset().get(pk=pk)).data)


class PipelineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications to the recruiter's enterprises; opening one marks it viewed."""

    serializer_class = PipelineApplicationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        if not roles_for(self.request.user).recruiter:
            raise Http404
        get = self.request.GET
        return selectors.pipeline_for(
            self.request.user,
            enterprise_id=int_param(get.get("enterprise")),
            position_id=int_param(get.get("position")),
            status=get.get("status", ""),
            query=get.get("q", ""),
        )

    @extend_schema(responses=PipelineDetailSerializer)
    def retrieve(self, request, pk=None):
        application = permissions.access_recruited_application(request.user, pk)
        services.mark_viewed(application=application, by=request.user)
        return Response(PipelineDetailSerializer(application).data)

    @extend_schema(request=MoveSerializer, responses=PipelineDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        application = permissions.access_recruited_application(request.user, pk)
        serializer = MoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        moved = services.move_application(
            application=application, by=request.user, **serializer.validated_data
        )
        return Response(PipelineDetailSerializer(moved).data)

    @extend_schema(methods=["GET"], responses=NoteSerializer(many=True))
    @extend_schema(methods=["POST"], request=NoteSerializer, responses={201: NoteSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def notes(self, request, pk=None):
        application = permissions.access_recruited_application(request.user, pk)
        if request.method == "POST":
            serializer = NoteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            note = services.add_recruiter_note(
                application=application, body=serializer.validated_data["body"], by=request.user
            )
            return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)
        return Response(NoteSerializer(application.notes.select_related("author"), many=True).data)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def resume(self, request, pk=None):
        application = permissions.access_recruited_application(request.user, pk)
        if not permissions.can_view_resume(request.user, application):
            raise Http404
        return _pdf(services.open_resume(application=application, by=request.user))

    @extend_schema(request=BulkRejectSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="bulk-reject")
    def bulk_reject(self, request):
        serializer = BulkRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        applications = self.get_queryset().filter(pk__in=serializer.validated_data["applications"])
        count = services.bulk_reject(
            applications=applications, by=request.user, message=serializer.validated_data["message"]
        )
        return Response({"rejected": count})

    @extend_schema(responses={(200, "text/csv"): bytes})
    @action(detail=False, methods=["get"])
    def export(self, request):
        return exports.applicants_csv_response(self.get_queryset())


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The user's notifications, newest first; `unread` counts them, `read` marks them read."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_of(self.request.user)

    @extend_schema(responses={200: dict})
    @action(detail=False, methods=["get"])
    def unread(self, request):
        return Response({"unread": selectors.unread_count(request.user)})

    @extend_schema(request=MarkReadSerializer, responses={200: dict})
    @action(detail=False, methods=["post"])
    def read(self, request):
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        count = services.mark_notifications_read(
            user=request.user, ids=serializer.validated_data.get("ids")
        )
        return Response({"marked": count})


class RecommendationViewSet(viewsets.ViewSet):
    """For you (为你推荐): open positions ranked by their fit with the graduate's profile (major,
    degree, expected cities, skills, expected salary, freshness), each with its score (0–100)
    and the reasons it was suggested, in the request's language. `limit` (1–100, default 20)."""

    @extend_schema(
        parameters=[RecommendationQuerySerializer],
        responses=RecommendationSerializer(many=True),
    )
    def list(self, request):
        profile = permissions.require_graduate(request.user)
        query = RecommendationQuerySerializer(data=request.GET)
        query.is_valid(raise_exception=True)
        recommendations = selectors.recommended_positions(
            profile, limit=query.validated_data["limit"]
        )
        return Response(RecommendationSerializer(recommendations, many=True).data)


class GraduateInvitationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Invitations to apply the graduate received (人才推荐): accept (applies, source
    `invitation`) or decline (optionally with a reason)."""

    serializer_class = GraduateInvitationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        return selectors.invitations_of(permissions.require_graduate(self.request.user))

    @extend_schema(request=None, responses={201: AppliedSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        invitation = permissions.access_own_invitation(request.user, pk)
        application = invitations.accept_invitation(invitation=invitation, by=request.user)
        application = selectors.applications_of_graduate(
            permissions.require_graduate(request.user)
        ).get(pk=application.pk)
        return Response(AppliedSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeclineSerializer, responses=GraduateInvitationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        invitation = permissions.access_own_invitation(request.user, pk)
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitations.decline_invitation(
            invitation=invitation, by=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(GraduateInvitationSerializer(self.get_queryset().get(pk=pk)).data)


class TalentView(APIView):
    """Talent suggestions (人才推荐) for an open position of the recruiter's verified enterprise:
    discoverable graduates ranked by fit, masked (surname + 同学, university, major, degree, year,
    skills, cities). 404 for anyone else, as for a missing or closed position."""

    @extend_schema(responses=TalentSuggestionSerializer(many=True))
    def get(self, request, pk):
        position = permissions.access_talent_position(request.user, pk)
        return Response(
            TalentSuggestionSerializer(talent.suggest_graduates(position), many=True).data
        )


class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Invitations sent for the recruiter's positions (filter `position`); POST invites a
    suggested graduate (at most INVITATIONS_PER_POSITION_PER_DAY a position a day, one open
    invitation per graduate and position)."""

    serializer_class = SentInvitationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        enterprise_ids = roles_for(self.request.user).enterprise_ids
        if not enterprise_ids:
            raise Http404
        qs = (
            Invitation.objects.filter(position__enterprise_id__in=enterprise_ids)
            .select_related("graduate", "application")
            .prefetch_related("events")
        )
        position_id = int_param(self.request.GET.get("position"))
        if position_id:
            qs = qs.filter(position_id=position_id)
        return qs.order_by("-created_at", "-pk")

    @extend_schema(request=InviteSerializer, responses={201: SentInvitationSerializer})
    def create(self, request):
        serializer = InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        position = permissions.access_talent_position(request.user, data["position"])
        graduate = talent.suggested_graduate(position, data["graduate"])
        if graduate is None:
            raise talent.not_suggested()
        invitation = invitations.invite_graduate(
            position=position, graduate=graduate, message=data["message"], by=request.user
        )
        return Response(
            SentInvitationSerializer(self.get_queryset().get(pk=invitation.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class EnterpriseViewSet(associations_api.EnterpriseViewSet):
    """Public enterprise profiles, with `response_rate` and `median_first_response_hours`
    (associations sits below candidates, so the enterprise API gets them here): computed for the
    whole page of a list in one query."""

    def get_serializer_class(self):
        if self.action in ("list", "retrieve"):
            return EnterpriseWithResponsivenessSerializer
        return super().get_serializer_class()

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else kwargs.get("instance")
        if instance is not None and self.action in ("list", "retrieve"):
            enterprises = list(instance) if kwargs.get("many") else [instance]
            figures = selectors.responsiveness_of(e.pk for e in enterprises)
            for enterprise in enterprises:
                enterprise.responsiveness = figures.get(enterprise.pk)
        return super().get_serializer(*args, **kwargs)
