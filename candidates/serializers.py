"""API shapes of graduates' profiles, resumes, applications, the pipeline and notifications."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from associations.models import Region
from associations.serializers import EnterpriseSerializer
from candidates.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    GraduateProfile,
    Invitation,
    InvitationEvent,
    Notification,
    RecruiterNote,
    Resume,
    Source,
)
from candidates.selectors import completeness, responsiveness_of
from candidates.services import PROFILE_FIELDS
from candidates.talent import masked_name
from core.params import MAX_ID
from core.viewsets import ActionsField


class CompletenessSerializer(serializers.Serializer):
    is_complete = serializers.BooleanField()
    percent = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField())
    labels = serializers.ListField(child=serializers.CharField())


class ProfileSerializer(serializers.ModelSerializer):
    expected_cities = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Region.objects.filter(level=Region.Level.CITY), required=False
    )
    completeness = serializers.SerializerMethodField()
    mobile = serializers.CharField(
        read_only=True,
        help_text="The account's mobile number (11 digits). It is changed with a code sent to "
        "the new number (the profile page's link), not here.",
    )
    mobile_verified = serializers.BooleanField(source="user.phone_verified", read_only=True)

    class Meta:
        model = GraduateProfile
        fields = [
            "id",
            *PROFILE_FIELDS[:5],
            "mobile",
            "mobile_verified",
            *PROFILE_FIELDS[5:],
            "expected_cities",
            "discoverable",
            "daily_digest",
            "completeness",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "discoverable": {
                "help_text": "人才推荐: let recruiters of fitting positions see a masked card and "
                "invite you (off by default)"
            },
            "daily_digest": {"help_text": "A daily e-mail of new matching positions (off)"},
        }

    def validate(self, attrs):
        if "mobile" in self.initial_data:
            raise serializers.ValidationError(
                {
                    "mobile": _(
                        "The mobile number is your account's: change it on the site's mobile "
                        "number page, with a code sent to the new number."
                    )
                }
            )
        return attrs

    def get_completeness(self, profile) -> CompletenessSerializer:
        state = completeness(profile)
        return CompletenessSerializer(
            {
                "is_complete": state.is_complete,
                "percent": state.percent,
                "missing": list(state.missing),
                "labels": list(state.labels),
            }
        ).data


class ResumeSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Resume
        fields = ["id", "kind", "original_name", "size", "pages", "created_at", "download_url"]

    def get_download_url(self, resume) -> str:
        return reverse("api-graduate-resume-download", args=[resume.pk])


class ResumeUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationEvent
        fields = ["from_status", "to_status", "note", "created_at"]


class PositionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    enterprise = serializers.CharField(source="enterprise.name")
    city = serializers.CharField(source="city.name")


class ApplicationSerializer(serializers.ModelSerializer):
    """An application as its graduate sees it."""

    actions = ActionsField()

    position = PositionBriefSerializer()
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "position",
            "status",
            "source",
            "source_fair_id",
            "interview_at",
            "interview_place",
            "interview_link",
            "created_at",
            "events",
            "actions",
        ]


_DATETIME = serializers.DateTimeField()


class AppliedSerializer(serializers.Serializer):
    """The answer to applying: the application without its history.

    Applying is the hottest path of the API. The fields are declared for the schema and the
    answer is written out by `to_representation`: DRF deep-copies, and so constructs again,
    every declared field (and a nested serializer's) for each instance, which cost more here
    than the rest of the answer. A test checks that both give the same.
    """

    id = serializers.IntegerField(read_only=True)
    position = PositionBriefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, read_only=True)
    source = serializers.ChoiceField(choices=Source.choices, read_only=True)
    source_fair_id = serializers.IntegerField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, application):
        position = application.position
        return {
            "id": application.pk,
            "position": {
                "id": position.pk,
                "title": position.title,
                "enterprise": position.enterprise.name,
                "city": position.city.name,
            },
            "status": application.status,
            "source": application.source,
            "source_fair_id": application.source_fair_id,
            "created_at": _DATETIME.to_representation(application.created_at),
        }


class ApplySerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    source = serializers.ChoiceField(choices=Source.choices, default=Source.POSITION_PAGE)
    fair = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)


class WithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class ApplicantSerializer(serializers.ModelSerializer):
    """The graduate as a recruiter sees them: the phone masked until the interview stage."""

    mobile = serializers.SerializerMethodField()

    class Meta:
        model = GraduateProfile
        fields = [
            "id",
            "full_name",
            "university",
            "college",
            "major",
            "degree",
            "graduation_year",
            "mobile",
            "skills",
            "self_introduction",
            "expected_salary",
        ]

    def get_mobile(self, profile) -> str:
        application = self.context.get("application")
        if application is not None and application.phone_visible:
            return profile.mobile
        return profile.masked_mobile


class PipelineApplicationSerializer(serializers.ModelSerializer):
    actions = ActionsField()
    position = PositionBriefSerializer()
    graduate = serializers.SerializerMethodField()
    has_resume = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "position",
            "graduate",
            "status",
            "source",
            "source_fair_id",
            "interview_at",
            "interview_place",
            "interview_link",
            "viewed_at",
            "created_at",
            "has_resume",
            "actions",
        ]

    def get_graduate(self, application) -> ApplicantSerializer:
        return ApplicantSerializer(application.graduate, context={"application": application}).data

    def get_has_resume(self, application) -> bool:
        return application.resume_id is not None and application.status != "withdrawn"


class PipelineDetailSerializer(PipelineApplicationSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(PipelineApplicationSerializer.Meta):
        fields = [*PipelineApplicationSerializer.Meta.fields, "events"]


class MoveSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=[
            ApplicationStatus.INTERVIEW,
            ApplicationStatus.OFFERED,
            ApplicationStatus.REJECTED,
        ]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    interview_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    interview_place = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    interview_link = serializers.URLField(required=False, allow_blank=True, default="")


class BulkRejectSerializer(serializers.Serializer):
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1
    )
    message = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.email", read_only=True, default="")

    class Meta:
        model = RecruiterNote
        fields = ["id", "body", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "url", "read_at", "created_at"]


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )


class EnterpriseWithResponsivenessSerializer(EnterpriseSerializer):
    """A public enterprise profile with how it answers its applicants (computed from the
    application events of the last RESPONSE_WINDOW_DAYS days; null while it has fewer than
    RESPONSE_MIN_APPLICATIONS applications, rather than a misleading figure)."""

    response_rate = serializers.SerializerMethodField()
    median_first_response_hours = serializers.SerializerMethodField()

    class Meta(EnterpriseSerializer.Meta):
        fields = [*EnterpriseSerializer.Meta.fields, "response_rate", "median_first_response_hours"]

    @extend_schema_field(
        serializers.FloatField(
            allow_null=True,
            min_value=0,
            max_value=1,
            help_text=_(
                "Share of its applications the enterprise answered (moved to interview, offer, "
                "hire or rejection; viewing is no answer), 0 to 1."
            ),
        )
    )
    def get_response_rate(self, enterprise) -> float | None:
        figure = self._figure(enterprise)
        return None if figure is None else round(figure.rate, 3)

    @extend_schema_field(
        serializers.FloatField(
            allow_null=True,
            help_text=_("Median hours from an application to its first answer."),
        )
    )
    def get_median_first_response_hours(self, enterprise) -> float | None:
        figure = self._figure(enterprise)
        if figure is None or figure.median_hours is None:
            return None
        return round(figure.median_hours, 1)

    def _figure(self, enterprise):
        if not hasattr(enterprise, "responsiveness"):  # one at a time unless the view attached it
            enterprise.responsiveness = responsiveness_of([enterprise.pk]).get(enterprise.pk)
        return enterprise.responsiveness


# --- Matching: 为你推荐, 人才推荐, invitations ---------------------------------------------------


class ReasonSerializer(serializers.Serializer):
    """Why a card was suggested: a stable code and its text in the request's language."""

    code = serializers.CharField()
    text = serializers.CharField()


class RecommendationSerializer(serializers.Serializer):
    """A recommended position: the fields the endpoint always had, then its category, its
    publication time, its fit (0–100) and the reasons (added without changing the others)."""

    id = serializers.IntegerField(source="position.pk")
    title = serializers.CharField(source="position.title")
    enterprise = serializers.CharField(source="position.enterprise.name")
    city = serializers.CharField(source="position.city.name")
    salary_min = serializers.IntegerField(source="position.salary_min", allow_null=True)
    salary_max = serializers.IntegerField(source="position.salary_max", allow_null=True)
    education = serializers.CharField(source="position.education")
    category = serializers.CharField(source="position.category")
    published_at = serializers.DateTimeField(source="position.published_at", allow_null=True)
    score = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)


class RecommendationQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


class MaskedGraduateSerializer(serializers.Serializer):
    """A suggested graduate as a recruiter sees them before they apply: no full name, phone,
    e-mail or resume."""

    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Surname + 同学, never the full name")
    university = serializers.CharField()
    major = serializers.CharField()
    degree = serializers.CharField()
    graduation_year = serializers.IntegerField(allow_null=True)
    skills = serializers.ListField(child=serializers.CharField())
    cities = serializers.ListField(child=serializers.CharField())


class TalentSuggestionSerializer(serializers.Serializer):
    graduate = MaskedGraduateSerializer()
    score = serializers.IntegerField()
    reasons = ReasonSerializer(many=True)
    invitation = serializers.IntegerField(
        source="invitation.pk", allow_null=True, default=None, help_text="The open invitation"
    )


class InvitationEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvitationEvent
        fields = ["from_status", "to_status", "note", "created_at"]


class GraduateInvitationSerializer(serializers.ModelSerializer):
    """An invitation as the invited graduate sees it."""

    position = PositionBriefSerializer()
    next_statuses = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "position",
            "message",
            "status",
            "next_statuses",
            "decline_reason",
            "application",
            "created_at",
            "answered_at",
        ]

    def get_next_statuses(self, invitation) -> list[str]:
        return sorted(invitation.next_statuses)


class SentInvitationSerializer(serializers.ModelSerializer):
    """An invitation as the enterprise's recruiters see it: the graduate masked until the
    invitation is accepted (then the application, with the name, is in the pipeline)."""

    graduate = serializers.SerializerMethodField()
    events = InvitationEventSerializer(many=True, read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "position",
            "graduate",
            "message",
            "status",
            "decline_reason",
            "application",
            "created_at",
            "answered_at",
            "events",
        ]

    def get_graduate(self, invitation) -> dict:
        graduate = invitation.graduate
        shown = invitation.application_id is not None
        return {
            "id": graduate.pk,
            "name": graduate.full_name if shown else masked_name(graduate.full_name),
        }


class InviteSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    graduate = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    message = serializers.CharField(max_length=1000)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
