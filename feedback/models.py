"""Fair feedback: graduates rate the fairs they checked in at and the booths they visited;
enterprises rate the fairs they took part in and the candidates they met. One answer each, which
its author may change until FAIR_FEEDBACK_DAYS after the fair; staff may hide an abusive comment
(kept, not shown)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from associations.models import Enterprise
from fairs.models import Fair, Participation

COMMENT_MAX_LENGTH = 300  # a short comment (简短评价)
STARS = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    """What every answer holds: 1 to 5 stars, a short plain-text comment, its moderation."""

    rating = models.PositiveSmallIntegerField(_("rating"), validators=STARS)
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    # Staff hide abusive text: the stars still count, the comment is shown to nobody else.
    comment_hidden_at = models.DateTimeField(_("comment hidden at"), null=True, blank=True)
    comment_hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment hidden by"),
    )
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def comment_hidden(self) -> bool:
        return self.comment_hidden_at is not None


class FairRating(Feedback):
    """A rating of a fair: by a graduate who checked in, or by an enterprise that took part
    (which also rates the candidates it met). One per graduate, one per enterprise."""

    class Role(models.TextChoices):
        GRADUATE = "graduate", _("Graduate")
        ENTERPRISE = "enterprise", _("Enterprise")

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("fair")
    )
    role = models.CharField(_("rated as"), max_length=20, choices=Role.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fair_ratings",
        verbose_name=_("author"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fair_ratings",
        verbose_name=_("enterprise"),
    )
    candidates_rating = models.PositiveSmallIntegerField(
        _("quality of the candidates"), null=True, blank=True, validators=STARS
    )

    class Meta(Feedback.Meta):
        verbose_name = _("fair rating")
        verbose_name_plural = _("fair ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "author"],
                condition=Q(role="graduate"),
                name="one_fair_rating_per_graduate",
            ),
            models.UniqueConstraint(
                fields=["fair", "enterprise"],
                condition=Q(role="enterprise"),
                name="one_fair_rating_per_enterprise",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="fair_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(candidates_rating__isnull=True)
                | Q(candidates_rating__gte=1, candidates_rating__lte=5),
                name="fair_candidates_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(
                    role="graduate", enterprise__isnull=True, candidates_rating__isnull=True
                )
                | Q(role="enterprise", enterprise__isnull=False, candidates_rating__isnull=False),
                name="fair_rating_role_matches_its_fields",
            ),
        ]
        indexes = [models.Index(fields=["fair", "role"])]

    def __str__(self) -> str:
        return f"{self.fair} · {self.rating}★"


class BoothRating(Feedback):
    """A graduate's rating of a booth (展位) they visited at a fair they checked in at."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("booth")
    )
    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="booth_ratings", verbose_name=_("fair")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="booth_ratings",
        verbose_name=_("graduate"),
    )

    class Meta(Feedback.Meta):
        verbose_name = _("booth rating")
        verbose_name_plural = _("booth ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "author"], name="one_booth_rating_per_graduate"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="booth_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} · {self.rating}★"


class FeedbackRequest(models.Model):
    """That a person was asked to rate a fair after it (once), and by which channels."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="feedback_requests", verbose_name=_("fair")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feedback_requests",
        verbose_name=_("asked"),
    )
    # in_app always; email, sms where the person may be reached so (feedback.channels).
    channels = models.CharField(_("channels"), max_length=50)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "user"], name="one_feedback_request_per_fair")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.fair}"
