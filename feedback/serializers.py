"""API shapes of fair feedback: answers, a fair's results, the public average, the department's
averages."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from associations.models import Enterprise
from fairs.models import Fair, Participation
from feedback import selectors
from feedback.models import COMMENT_MAX_LENGTH, BoothRating, FairRating

STARS = {"min_value": 1, "max_value": 5}


class _AnswerFields(serializers.ModelSerializer):
    comment_hidden = serializers.BooleanField(read_only=True)
    editable_until = serializers.SerializerMethodField(
        help_text=_("The answer may be changed (PATCH) until then.")
    )

    def get_editable_until(self, answer) -> str:
        return serializers.DateTimeField().to_representation(selectors.window_closes(answer.fair))


class FairRatingSerializer(_AnswerFields):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default="")

    class Meta:
        model = FairRating
        fields = [
            "id",
            "fair",
            "role",
            "enterprise",
            "enterprise_name",
            "rating",
            "candidates_rating",
            "comment",
            "comment_hidden",
            "created_at",
            "updated_at",
            "editable_until",
        ]
        read_only_fields = fields


class BoothRatingSerializer(_AnswerFields):
    enterprise = serializers.IntegerField(source="participation.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="participation.enterprise.name", read_only=True)

    class Meta:
        model = BoothRating
        fields = [
            "id",
            "fair",
            "participation",
            "enterprise",
            "enterprise_name",
            "rating",
            "comment",
            "comment_hidden",
            "created_at",
            "updated_at",
            "editable_until",
        ]
        read_only_fields = fields


class _AnswerInput(serializers.Serializer):
    rating = serializers.IntegerField(**STARS, help_text=_("1 to 5 stars."))
    comment = serializers.CharField(
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Plain text (no HTML), at most 300 characters."),
    )


class FairRatingInputSerializer(_AnswerInput):
    fair = serializers.PrimaryKeyRelatedField(
        queryset=Fair.objects.filter(status__in=Fair.VISIBLE_STATUSES)
    )
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Rate as this enterprise (a recruiter's answer for an enterprise that took part)."
        ),
    )
    candidates_rating = serializers.IntegerField(
        **STARS,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("With enterprise: the quality of the candidates met, 1 to 5."),
    )


class FairRatingChangeSerializer(_AnswerInput):
    candidates_rating = serializers.IntegerField(
        **STARS, required=False, allow_null=True, default=None
    )


class BoothRatingInputSerializer(_AnswerInput):
    participation = serializers.PrimaryKeyRelatedField(
        queryset=Participation.objects.select_related("fair"),
        help_text=_("The booth: the enterprise's participation in the fair."),
    )


class PublicRatingSerializer(serializers.Serializer):
    average = serializers.FloatField(
        allow_null=True, help_text=_("Null until FAIR_RATING_PUBLIC_MIN graduates rated the fair.")
    )
    count = serializers.IntegerField(
        help_text=_("Graduates' ratings; the average shows from FAIR_RATING_PUBLIC_MIN of them.")
    )


class _Summary(serializers.Serializer):
    average = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()
    candidates_average = serializers.FloatField(allow_null=True)


class _Booth(serializers.Serializer):
    participation = serializers.IntegerField(source="participation.pk")
    enterprise = serializers.IntegerField(source="enterprise.pk")
    enterprise_name = serializers.CharField(source="enterprise.name")
    booth_number = serializers.CharField()
    average = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()


class FairResultsSerializer(serializers.Serializer):
    graduates = _Summary()
    enterprises = _Summary()
    booths = _Booth(many=True)
    fair_comments = FairRatingSerializer(many=True)
    booth_comments = BoothRatingSerializer(many=True)


class _AverageRow(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    fairs = serializers.IntegerField()
    graduate_average = serializers.FloatField(allow_null=True)
    graduate_ratings = serializers.IntegerField()
    enterprise_average = serializers.FloatField(allow_null=True)
    candidates_average = serializers.FloatField(allow_null=True)
    enterprise_ratings = serializers.IntegerField()


class AveragesSerializer(serializers.Serializer):
    association = _AverageRow(many=True)
    kind = _AverageRow(many=True)
