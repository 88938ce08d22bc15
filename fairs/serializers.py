"""API representations of fairs and their records."""

from rest_framework import serializers

from associations.models import Association, Enterprise
from core.viewsets import ActionsField
from fairs.models import (
    Campaign,
    EntryWindow,
    Fair,
    InterviewSlot,
    Lead,
    Participation,
    SlotBooking,
    Ticket,
)
from fairs.services import CAMPAIGN_FIELDS, FAIR_FIELDS
from fairs.services.checkin import window_label


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
    arrival_slot = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "fair",
            "fair_title",
            "code",
            "status",
            "entry_window",
            "arrival_slot",
            "created_at",
            "checked_in_at",
        ]
        read_only_fields = fields

    def get_arrival_slot(self, ticket) -> str:
        window = ticket.entry_window
        return window_label(window.starts_at, window.ends_at) if window else ""


class RegisterSerializer(serializers.Serializer):
    entry_window = serializers.IntegerField(
        required=False, allow_null=True, help_text="An arrival slot of the fair (else assigned)."
    )
    waitlist = serializers.BooleanField(
        default=False, help_text="Join the chosen slot's waiting list when it is full."
    )


class ArrivalSlotSerializer(serializers.ModelSerializer):
    held = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    free = serializers.IntegerField(read_only=True)

    class Meta:
        model = EntryWindow
        fields = ["id", "starts_at", "ends_at", "capacity", "held", "waiting", "free"]
        read_only_fields = fields


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=200)


class ScanRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=200)
    door = serializers.CharField(max_length=40, required=False, allow_blank=True)
    scan = serializers.UUIDField(required=False, help_text="A number the door draws per scan.")


class ScanResultSerializer(serializers.Serializer):
    """Documents fairs.door_json.scan_json (written out directly on the hot path)."""

    outcome = serializers.CharField()
    signal = serializers.ChoiceField(choices=["ok", "warn", "refused"])
    first_time = serializers.BooleanField()
    message = serializers.CharField()
    note = serializers.CharField(help_text="Early or late for the arrival slot.")
    code = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    door = serializers.CharField()
    arrival_slot = serializers.CharField()
    arrival = serializers.CharField()


class AdmissionSerializer(serializers.Serializer):
    scan = serializers.UUIDField()
    code = serializers.CharField(max_length=200)
    scanned_at = serializers.DateTimeField()
    door = serializers.CharField(max_length=40, required=False, allow_blank=True)


class SyncRequestSerializer(serializers.Serializer):
    scans = AdmissionSerializer(many=True)


class SyncedAdmissionSerializer(serializers.Serializer):
    scan = serializers.UUIDField()
    outcome = serializers.ChoiceField(choices=["accepted", "duplicate", "cancelled", "unknown"])
    conflict = serializers.BooleanField()
    message = serializers.CharField()
    name = serializers.CharField()
    code = serializers.CharField()
    door = serializers.CharField()
    scanned_at = serializers.DateTimeField()
    first_checked_in_at = serializers.DateTimeField(allow_null=True)
    first_door = serializers.CharField()


class SyncResultSerializer(serializers.Serializer):
    results = SyncedAdmissionSerializer(many=True)


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
