"""Serializers of the associations API: read shapes and the input of each action."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from associations.models import (
    ASSOCIATION_PROFILE_FIELDS,
    ENTERPRISE_PROFILE_FIELDS,
    Association,
    AssociationStaff,
    Enterprise,
    EnterpriseRecruiter,
    Industry,
    Membership,
    MembershipEvent,
    RecruiterInvitation,
    Region,
    StaffInvitation,
)
from associations.selectors import is_verified
from core.viewsets import ActionsField


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose enum is its own named schema component (`enum_name`): field names
    such as "status" or "level" mean different sets in different apps, so naming by field
    collides."""

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices=choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        enum = list(self.target.choices)
        if self.target.allow_blank:  # "" is an answer too (not given)
            enum.append("")
        if self.target.allow_null:
            return {"type": "string", "enum": [*enum, None], "nullable": True}
        return {"type": "string", "enum": enum}


def choice(choices, name: str, **kwargs) -> NamedChoiceField:
    return NamedChoiceField(choices, enum_name=name, **kwargs)


class RegionSerializer(serializers.ModelSerializer):
    level = choice(Region.Level.choices, "RegionLevelEnum", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en", "level", "parent"]


class AssociationSerializer(serializers.ModelSerializer):
    kind = choice(Association.Kind.choices, "AssociationKindEnum", required=False)
    level = choice(Association.Level.choices, "AssociationLevelEnum", required=False)
    industries = serializers.ListField(
        child=choice(Industry.choices, "IndustryEnum"),
        required=False,
        help_text=_("Sections of GB/T 4754 served (letters A-T)."),
    )
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = Association
        fields = ["id", *ASSOCIATION_PROFILE_FIELDS, "member_count"]
        read_only_fields = ["logo"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["industries"] = instance.industry_list
        return data

    @extend_schema_field(serializers.IntegerField())
    def get_member_count(self, obj) -> int:
        count = getattr(obj, "member_count", None)
        if count is None:
            count = obj.memberships.approved().count()
        return count


class NewAssociationSerializer(AssociationSerializer):
    admin_email = serializers.EmailField(
        write_only=True, help_text=_("E-mail address of the first administrator.")
    )

    class Meta(AssociationSerializer.Meta):
        fields = [*AssociationSerializer.Meta.fields, "admin_email"]


class EnterpriseSerializer(serializers.ModelSerializer):
    industry = choice(Industry.choices, "IndustryEnum", required=False)
    size = choice(Enterprise.Size.choices, "EnterpriseSizeEnum", required=False, allow_blank=True)
    ownership = choice(
        Enterprise.Ownership.choices, "EnterpriseOwnershipEnum", required=False, allow_blank=True
    )
    verified = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = ["id", "credit_code", *ENTERPRISE_PROFILE_FIELDS, "verified"]
        read_only_fields = ["logo"]

    @extend_schema_field(serializers.BooleanField())
    def get_verified(self, obj) -> bool:

        verified = getattr(obj, "verified", None)
        return is_verified(obj) if verified is None else bool(verified)


class EnterpriseUpdateSerializer(EnterpriseSerializer):
    class Meta(EnterpriseSerializer.Meta):
        read_only_fields = ["logo", "credit_code"]


class CreditCodeSerializer(serializers.Serializer):
    credit_code = serializers.CharField(max_length=40)


class MembershipEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    from_status = serializers.CharField(read_only=True)
    to_status = choice(Membership.Status.choices, "MembershipStatusEnum", read_only=True)

    class Meta:
        model = MembershipEvent
        fields = ["from_status", "to_status", "reason", "actor", "created_at"]


class MembershipSerializer(serializers.ModelSerializer):
    actions = ActionsField()
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    association_name = serializers.CharField(source="association.name", read_only=True)
    events = MembershipEventSerializer(many=True, read_only=True)
    status = choice(Membership.Status.choices, "MembershipStatusEnum", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "association",
            "association_name",
            "status",
            "reason",
            "created_at",
            "updated_at",
            "events",
            "actions",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]


class MembershipRequestSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    association = serializers.PrimaryKeyRelatedField(queryset=Association.objects.all())
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class MembershipReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class StaffSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    role = choice(AssociationStaff.Role.choices, "StaffRoleEnum", read_only=True)

    class Meta:
        model = AssociationStaff
        fields = ["id", "association", "email", "full_name", "role", "created_at"]


class StaffInviteSerializer(serializers.Serializer):
    association = serializers.PrimaryKeyRelatedField(queryset=Association.objects.all())
    email = serializers.EmailField()
    role = choice(
        AssociationStaff.Role.choices, "StaffRoleEnum", default=AssociationStaff.Role.MEMBER
    )


class StaffInvitationSerializer(serializers.ModelSerializer):
    role = choice(AssociationStaff.Role.choices, "StaffRoleEnum", read_only=True)

    class Meta:
        model = StaffInvitation
        fields = ["id", "association", "email", "role", "created_at", "expires_at"]


class RecruiterSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    role = choice(EnterpriseRecruiter.Role.choices, "RecruiterRoleEnum", read_only=True)
    status = choice(EnterpriseRecruiter.Status.choices, "RecruiterStatusEnum", read_only=True)

    class Meta:
        model = EnterpriseRecruiter
        fields = ["id", "enterprise", "email", "full_name", "role", "status", "created_at"]


class RecruiterInviteSerializer(serializers.Serializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    email = serializers.EmailField()


class RecruiterInviteResultSerializer(serializers.Serializer):
    recruiter = RecruiterSerializer(allow_null=True)
    invited_email = serializers.EmailField(allow_null=True)


class RecruiterInvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecruiterInvitation
        fields = ["id", "enterprise", "email", "created_at"]
