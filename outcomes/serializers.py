"""Serializers of the outcomes API."""

from django.urls import reverse
from rest_framework import serializers

from core.viewsets import ActionsField
from feedback.serializers import AveragesSerializer
from jobs.limits import MAX_MONTHLY_SALARY
from outcomes.models import ContractType, Placement, Report


class PlacementSerializer(serializers.ModelSerializer):
    actions = ActionsField()
    graduate_name = serializers.CharField(source="graduate.full_name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    position_title = serializers.CharField(source="position.title", read_only=True)
    has_contract = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "status",
            "graduate",
            "graduate_name",
            "enterprise",
            "enterprise_name",
            "position",
            "position_title",
            "hire_date",
            "contract_type",
            "monthly_salary",
            "community_assistant",
            "attribution",
            "source_fair",
            "confirmed_at",
            "confirmation_reason",
            "evidenced_at",
            "disputed_at",
            "dispute_reason",
            "cancelled_at",
            "cancellation_reason",
            "has_contract",
            "actions",
        ]
        read_only_fields = fields

    def get_has_contract(self, obj) -> bool:
        return bool(obj.contract)


class PlacementReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "params", "status", "progress", "created_at", "finished_at", "download_url"]
        read_only_fields = ["id", "status", "progress", "created_at", "finished_at"]

    def get_download_url(self, obj) -> str | None:

        if obj.status != Report.Status.DONE:
            return None
        return reverse("outcomes:report_download", args=[obj.pk])


class HiringChecksSerializer(serializers.Serializer):
    asked = serializers.IntegerField(help_text='Positions asked "still hiring?" in the period.')
    confirmed = serializers.IntegerField(help_text="Positions their recruiters confirmed active.")
    closed = serializers.IntegerField(help_text="Positions closed in answer: no longer hiring.")
    unlisted = serializers.IntegerField(help_text="Positions unlisted for want of an answer.")


class TrustSerializer(serializers.Serializer):
    scope = serializers.DictField()
    hiring_checks = HiringChecksSerializer()
    applications_no_answer = serializers.IntegerField(
        help_text="Applications of the period closed for the graduate without an answer."
    )
    fair_ratings = AveragesSerializer()


class HireSerializer(serializers.Serializer):
    """`POST /api/v1/pipeline/{id}/hire/`: the recruiter records a hire."""

    hire_date = serializers.DateField()
    contract_type = serializers.ChoiceField(choices=ContractType.choices)
    # Yuan a month, with the ceiling of search's salary filter: more is a typo, and the hire's
    # Placement row could not store a huge number.
    monthly_salary = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_MONTHLY_SALARY, default=None
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
