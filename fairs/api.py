"""Fairs API: the same use cases as the pages, through the same services and permissions."""

from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import roles_for
from core.params import int_param
from core.viewsets import PublicReadMixin
from fairs import selectors, services
from fairs.models import Fair, InterviewSlot, Lead, Participation, SlotBooking, Ticket
from fairs.permissions import (
    access_fair,
    access_managed_campaign,
    access_managed_fair,
    access_participation_as_recruiter,
)
from fairs.serializers import (
    BookingSerializer,
    CampaignSerializer,
    CheckInResultSerializer,
    CodeSerializer,
    DecisionSerializer,
    FairCountersSerializer,
    FairSerializer,
    LeadSerializer,
    ParticipationSerializer,
    PublicParticipationSerializer,
    ReasonSerializer,
    SlotSerializer,
    TicketSerializer,
)


class CampaignViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Campaigns (officers create and change them; everyone signed in reads them)."""

    serializer_class = CampaignSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.campaigns()

    def get_object(self):
        return access_managed_campaign(self.request.user, self.kwargs["pk"])

    def perform_create(self, serializer):
        serializer.instance = services.create_campaign(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.update_campaign(
            campaign=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class FairViewSet(PublicReadMixin, viewsets.ModelViewSet):
    """Public fairs (filters: kind, format, city, university, q, past=1); managers edit theirs."""

    serializer_class = FairSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            p = self.request.query_params
            return selectors.public_fairs(
                kind=p.get("kind", ""),
                format=p.get("format", ""),
                city=int_param(p.get("city")),
                university=p.get("university", ""),
                q=p.get("q", ""),
                include_past=p.get("past") == "1",
            ).prefetch_related("co_organisers")
        return Fair.objects.all()

    def get_object(self):
        return access_fair(self.request.user, self.kwargs["pk"])

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.create_fair(
            organiser=data.pop("organiser"),
            co_organisers=data.pop("co_organisers", []),
            by=self.request.user,
            **data,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("organiser", None)
        serializer.instance = services.update_fair(
            fair=access_managed_fair(self.request.user, self.kwargs["pk"]),
            by=self.request.user,
            co_organisers=data.pop("co_organisers", None),
            **data,
        )

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        fair = services.publish_fair(fair=access_managed_fair(request.user, pk), by=request.user)
        return Response(FairSerializer(fair).data)

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        fair = access_managed_fair(request.user, pk)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fair = services.cancel_fair(
            fair=fair, by=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(FairSerializer(fair).data)

    @extend_schema(request=None, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        ticket = services.register_graduate(fair=access_fair(request.user, pk), by=request.user)
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CodeSerializer, responses=CheckInResultSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        fair = access_managed_fair(request.user, pk)
        serializer = CodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.check_in(
            fair=fair, code=serializer.validated_data["code"], by=request.user
        )
        data = {"first_time": result.first_time, "message": result.message, "ticket": result.ticket}
        return Response(CheckInResultSerializer(data).data)

    @extend_schema(responses=FairCountersSerializer)
    @action(detail=True, methods=["get"])
    def counters(self, request, pk=None):
        return Response(selectors.fair_counters(access_managed_fair(request.user, pk)))

    @extend_schema(responses=PublicParticipationSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[permissions.AllowAny],
        pagination_class=None,  # every approved participant, a list (not a page)
    )
    def participants(self, request, pk=None):
        """The approved participants, public: the organisers and each enterprise read the rest of
        a participation (its requests, the decision, attendance) under fair-participations/."""
        fair = access_fair(request.user, pk)
        rows = selectors.approved_participations(fair)
        return Response(PublicParticipationSerializer(rows, many=True).data)


class ParticipationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Registrations of enterprises: recruiters see their enterprises'; organisers their fairs'."""

    serializer_class = ParticipationSerializer

    def get_queryset(self):
        user = self.request.user
        mine = selectors.participations_of_recruiter(user)
        managed = Participation.objects.filter(fair__in=selectors.managed_fairs(user))
        rows = (mine | managed).distinct().select_related("enterprise", "fair")
        if fair := int_param(self.request.query_params.get("fair")):
            rows = rows.filter(fair_id=fair)
        return rows.prefetch_related("positions")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.register_participation(
            fair=data["fair"],
            enterprise=data["enterprise"],
            by=self.request.user,
            positions=data.get("positions", []),
            booth_preferences=data.get("booth_preferences", ""),
            live_room_url=data.get("live_room_url", ""),
            introduction=data.get("introduction", ""),
        )

    def _decide(self, request, pk, service, **extra):
        participation = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = {k: v for k, v in serializer.validated_data.items() if k in extra}
        result = service(participation=participation, by=request.user, **kwargs)
        return Response(ParticipationSerializer(result).data)

    @extend_schema(request=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, services.approve_participation, booth_number=1, reason=1)

    @extend_schema(request=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, services.reject_participation, reason=1)

    @extend_schema(request=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def booth(self, request, pk=None):
        return self._decide(request, pk, services.assign_booth, booth_number=1)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def present(self, request, pk=None):
        return self._decide(request, pk, services.mark_present)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._decide(request, pk, services.withdraw_participation)


class TicketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own tickets."""

    serializer_class = TicketSerializer
    queryset = Ticket.objects.none()  # for the schema; get_queryset scopes to the caller
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z]{1,16}"

    def get_queryset(self):
        return selectors.tickets_of(self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, code=None):
        ticket = services.cancel_ticket(ticket=self.get_object(), by=request.user)
        return Response(TicketSerializer(ticket).data)


class SlotViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Interview slots of cloud fairs (filter: fair, enterprise); recruiters publish theirs."""

    serializer_class = SlotSerializer

    def get_queryset(self):
        rows = InterviewSlot.objects.filter(fair__status__in=Fair.VISIBLE_STATUSES).annotate(
            is_booked=Exists(
                SlotBooking.objects.filter(slot=OuterRef("pk"), status=SlotBooking.Status.BOOKED)
            )
        )
        params = self.request.query_params
        if fair := int_param(params.get("fair")):
            rows = rows.filter(fair_id=fair)
        if enterprise := int_param(params.get("enterprise")):
            rows = rows.filter(enterprise_id=enterprise)
        return rows.order_by("starts_at")

    def perform_create(self, serializer):
        data = serializer.validated_data
        participation = access_participation_as_recruiter(
            self.request.user, data["participation"].pk
        )
        serializer.instance = services.publish_slot(
            participation=participation,
            by=self.request.user,
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            link=data["link"],
        )

    def perform_destroy(self, instance):
        services.delete_slot(slot=instance, by=self.request.user)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        booking = services.book_slot(slot=self.get_object(), by=request.user)
        return Response(
            BookingSerializer(booking, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class BookingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's bookings of interview slots (the link only for the booked graduate)."""

    serializer_class = BookingSerializer
    queryset = SlotBooking.objects.none()  # for the schema; get_queryset scopes to the caller

    def get_queryset(self):
        return selectors.bookings_of(self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = services.cancel_booking(booking=self.get_object(), by=request.user)
        return Response(BookingSerializer(booking, context={"request": request}).data)


class LeadViewSet(mixins.ListModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Booth leads of the recruiter's enterprises; `scan` captures one from a ticket code."""

    serializer_class = LeadSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        ids = roles_for(self.request.user).enterprise_ids
        return Lead.objects.filter(enterprise_id__in=ids).select_related("graduate")

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.update_lead(
            lead=serializer.instance,
            by=self.request.user,
            rating=data.get("rating", serializer.instance.rating),
            note=data.get("note", serializer.instance.note),
            position=data.get("position"),
        )

    @extend_schema(request=CodeSerializer, responses=LeadSerializer)
    @action(detail=False, methods=["post"], url_path=r"scan/(?P<participation>\d+)")
    def scan(self, request, participation=None):
        target = access_participation_as_recruiter(request.user, participation)
        serializer = CodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lead = services.capture_lead(
            participation=target, code=serializer.validated_data["code"], by=request.user
        )
        return Response(LeadSerializer(lead).data, status=status.HTTP_201_CREATED)
