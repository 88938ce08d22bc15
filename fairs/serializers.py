"""API representations of fairs and their records."""

from rest_framework import serializers

from associations.models import Association, Enterprise
from core.viewsets import ActionsField
from fairs.models import (
    Campaign,
    Fair,
    InterviewSlot,
    Lead,
    Participation,
    SlotBooking,
    Ticket,
)
from fairs.services import CAMPAIGN_FIELDS, FAIR_FIELDS


class CampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", *CAMPAIGN_FIELDS]


class FairSerializer(serializers.ModelSerializer):
    actions = ActionsField()
    organiser = serializers.PrimaryKeyRelatedField(queryset=Association.objects.all())
    co_organisers = serializers.PrimaryKeyRelatedField(
        queryset=Association.objects.all(), many=True, required=False
    )

    class Meta:
        model = Fair
        fields = [
            "id",
            "organiser",
            "co_organisers",
            *[f for f in FAIR_FIELDS if f != "poster"],
            "status",
            "cancellation_reason",
            "brochure_generated_at",
            "actions",
        ]
        read_only_fields = ["status", "cancellation_reason", "brochure_generated_at"]

    def validate(self, attrs):
        # Rules (dates, windows, capacities) are the service's; skip the model's constraints.
        return attrs


# What a fair's visitors see of an approved participant, as on the booth page.
PUBLIC_PARTICIPATION_FIELDS = [
    "id",
    "fair",
    "enterprise",
    "enterprise_name",
    "positions",
    "live_room_url",
    "introduction",
    "booth_number",
]


class ParticipationSerializer(serializers.ModelSerializer):
    """A participation as its enterprise and the fair's organisers see it."""

    actions = ActionsField()
    fair = serializers.PrimaryKeyRelatedField(queryset=Fair.objects.all())
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Participation
        fields = [
            *PUBLIC_PARTICIPATION_FIELDS,
            "booth_preferences",
            "status",
            "decision_reason",
            "present_at",
            "no_show",
            "actions",
        ]
        read_only_fields = ["status", "decision_reason", "booth_number", "present_at", "no_show"]
        validators: list = []


class FairCountersSerializer(serializers.Serializer):
    """A fair's live figures (the check-in desk's counters)."""

    registered = serializers.IntegerField(help_text="Graduates with a valid ticket.")
    checked_in = serializers.IntegerField()
    approved = serializers.IntegerField(help_text="Enterprises approved to take part.")
    present = serializers.IntegerField(help_text="Approved enterprises that came.")
    applications = serializers.IntegerField(help_text="Applications made through the fair.")
    capacity = serializers.IntegerField(help_text="Visitor places.")


class PublicParticipationSerializer(serializers.ModelSerializer):
    """Not the enterprise's requests to the organisers, their decision or its attendance."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Participation
        fields = PUBLIC_PARTICIPATION_FIELDS
        read_only_fields = PUBLIC_PARTICIPATION_FIELDS


class DecisionSerializer(serializers.Serializer):
    booth_number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=Participation._meta.get_field("booth_number").max_length,
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class TicketSerializer(serializers.ModelSerializer):
    fair_title = serializers.CharField(source="fair.title", read_only=True)

    class Meta:
        model = Ticket
        fields = ["id", "fair", "fair_title", "code", "status", "created_at", "checked_in_at"]
        read_only_fields = fields


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=200)


class CheckInResultSerializer(serializers.Serializer):
    first_time = serializers.BooleanField()
    message = serializers.CharField()
    ticket = TicketSerializer()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class SlotSerializer(serializers.ModelSerializer):
    participation = serializers.PrimaryKeyRelatedField(
        queryset=Participation.objects.all(), write_only=True
    )
    link = serializers.URLField(write_only=True)
    booked = serializers.SerializerMethodField()

    class Meta:
        model = InterviewSlot
        fields = [
            "id",
            "fair",
            "enterprise",
            "participation",
            "starts_at",
            "minutes",
            "link",
            "booked",
        ]
        read_only_fields = ["fair", "enterprise"]

    def get_booked(self, slot) -> bool:
        booked = getattr(slot, "is_booked", None)  # annotated by the list (SlotViewSet)
        if booked is not None:
            return booked
        return slot.bookings.filter(status=SlotBooking.Status.BOOKED).exists()


class BookingSerializer(serializers.ModelSerializer):
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    minutes = serializers.IntegerField(source="slot.minutes", read_only=True)
    link = serializers.SerializerMethodField()

    class Meta:
        model = SlotBooking
        fields = ["id", "slot", "fair", "enterprise", "status", "starts_at", "minutes", "link"]
        read_only_fields = fields

    def get_link(self, booking) -> str:
        """Only the booked graduate sees the video link."""
        request = self.context.get("request")
        if request and booking.graduate_id == request.user.pk and booking.status == "booked":
            return booking.slot.link
        return ""


class LeadSerializer(serializers.ModelSerializer):
    graduate_name = serializers.CharField(source="graduate.get_full_name", read_only=True)

    class Meta:
        model = Lead
        fields = [
            "id",
            "fair",
            "enterprise",
            "graduate_name",
            "position",
            "rating",
            "note",
            "consent_requested_at",
            "consented_at",
            "application_id",
            "created_at",
        ]
        read_only_fields = [f for f in fields if f not in ("position", "rating", "note")]
