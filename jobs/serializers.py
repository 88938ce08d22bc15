"""Serializers of the positions API: read shapes and the input of each action."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from associations.models import Enterprise, Region
from associations.serializers import choice
from core.viewsets import ActionsField
from jobs import permissions
from jobs.markdown import render_markdown
from jobs.models import Category, Education, JobType, Position, PositionReport


class PositionSerializer(serializers.ModelSerializer):
    actions = ActionsField()
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    city_name = serializers.CharField(source="city.name", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True, default="")
    category = choice(Category.choices, "PositionCategoryEnum")
    education = choice(Education.choices, "PositionEducationEnum")
    job_type = choice(JobType.choices, "PositionJobTypeEnum")
    status = choice(Position.Status.choices, "PositionStatusEnum", read_only=True)
    majors = serializers.ListField(child=serializers.CharField(max_length=50))
    salary_negotiable = serializers.BooleanField(read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    suspended = serializers.SerializerMethodField()
    suspension_reason = serializers.SerializerMethodField()
    hiring_check_at = serializers.SerializerMethodField()
    description_html = serializers.SerializerMethodField()
    requirements_html = serializers.SerializerMethodField()

    class Meta:
        model = Position
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "title",
            "category",
            "description",
            "description_html",
            "requirements",
            "requirements_html",
            "city",
            "city_name",
            "district",
            "district_name",
            "salary_min",
            "salary_max",
            "salary_negotiable",
            "education",
            "majors",
            "headcount",
            "job_type",
            "deadline",
            "status",
            "is_open",
            "published_at",
            "closed_at",
            "suspended",
            "suspension_reason",
            "hiring_check_at",
            "actions",
        ]
        read_only_fields = fields

    def get_suspended(self, position: Position) -> bool:
        return position.suspended_at is not None

    def get_suspension_reason(self, position: Position) -> str:
        """Only the position's recruiters and its moderators read the reason."""
        user = self.context["request"].user if "request" in self.context else None
        if position.suspended_at and (
            permissions.can_manage_position(user, position)
            or permissions.can_moderate_position(user, position)
        ):
            return position.suspension_reason
        return ""

    @extend_schema_field(
        serializers.DateTimeField(
            allow_null=True,
            help_text=_(
                "When the recruiters were asked whether the position is still hiring and have "
                "not answered yet (POST confirm-hiring/ or close/); shown to its recruiters only."
            ),
        )
    )
    def get_hiring_check_at(self, position: Position):
        user = self.context["request"].user if "request" in self.context else None
        if position.hiring_check_at and permissions.can_manage_position(user, position):
            return serializers.DateTimeField().to_representation(position.hiring_check_at)
        return None

    @extend_schema_field(serializers.CharField(help_text=_("Sanitised HTML of the Markdown.")))
    def get_description_html(self, position: Position) -> str:
        return str(render_markdown(position.description))

    @extend_schema_field(serializers.CharField())
    def get_requirements_html(self, position: Position) -> str:
        return str(render_markdown(position.requirements))


_OPTIONAL_SALARY = {"min_value": 0, "required": False, "allow_null": True, "default": None}


class PositionWriteSerializer(serializers.Serializer):
    """What a recruiter writes; the services check the rules (salary, district, deadline)."""

    title = serializers.CharField(max_length=100)
    category = choice(Category.choices, "PositionCategoryEnum")
    description = serializers.CharField()
    requirements = serializers.CharField(required=False, allow_blank=True, default="")
    city = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.CITY)
    )
    district = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.DISTRICT),
        required=False,
        allow_null=True,
        default=None,
    )
    salary_min = serializers.IntegerField(**_OPTIONAL_SALARY)
    salary_max = serializers.IntegerField(**_OPTIONAL_SALARY)
    education = choice(Education.choices, "PositionEducationEnum", required=False, default="any")
    majors = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, default=list
    )
    headcount = serializers.IntegerField(min_value=1, required=False, default=1)
    job_type = choice(JobType.choices, "PositionJobTypeEnum", required=False, default="full_time")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class PositionCreateSerializer(PositionWriteSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())


class PositionReportInputSerializer(serializers.Serializer):
    reason = choice(PositionReport.Reason.choices, "PositionReportReasonEnum")
    details = serializers.CharField(max_length=2000)


class PositionReportSerializer(serializers.ModelSerializer):
    reason = choice(PositionReport.Reason.choices, "PositionReportReasonEnum")
    status = choice(PositionReport.Status.choices, "PositionReportStatusEnum")
    position_title = serializers.CharField(source="position.title", read_only=True)
    enterprise_name = serializers.CharField(source="position.enterprise.name", read_only=True)

    class Meta:
        model = PositionReport
        fields = [
            "id",
            "position",
            "position_title",
            "enterprise_name",
            "reason",
            "details",
            "status",
            "created_at",
            "handled_at",
            "resolution",
        ]
        read_only_fields = fields


class SuspensionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Shown to the recruiter."))


class ModerationNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PositionImportSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    file = serializers.FileField(help_text=_("An .xlsx or .csv file of at most 5,000 positions."))
    publish = serializers.BooleanField(default=False)


class PositionImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class PositionImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField())


class PositionImportRefusalSerializer(serializers.Serializer):
    """A refused file: why, and the bad rows; a malformed form gets messages by field instead."""

    detail = serializers.CharField(required=False)
    errors = PositionImportErrorSerializer(many=True, required=False)
