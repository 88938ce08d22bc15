"""The daily digest (推荐职位日报): once a day, an e-mail to each graduate who switched it on
with the new positions that fit them, in their language."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import GraduateProfile, RecommendationDigest
from candidates.recommendations import recommend
from core.db import insert_unless_exists
from core.mail import email_language, send_templated_email_on_commit

DIGEST_SIZE = 10
# The first digest covers the day before it: nothing older is news.
FIRST_DIGEST_SPAN = datetime.timedelta(days=1)


def graduates_for_digest():
    """Ids of the graduates who want the daily digest."""
    return GraduateProfile.objects.filter(daily_digest=True, user__is_active=True).values_list(
        "pk", flat=True
    )


def send_recommendation_digest(
    *, graduate_id: int, day: datetime.date
) -> RecommendationDigest | None:
    """Send the graduate's digest for `day`, once: the fitting positions published since the
    previous digest (the last day, for the first), best first. Nothing new: the day's row is kept
    and no e-mail goes out. None when the day's digest exists already or the graduate switched
    it off."""
    profile = (
        GraduateProfile.objects.select_related("user")
        .filter(pk=graduate_id, daily_digest=True, user__is_active=True)
        .first()
    )
    if profile is None:
        return None
    previous = profile.digests.filter(day__lt=day).order_by("-day", "-pk").first()
    since = previous.created_at if previous else timezone.now() - FIRST_DIGEST_SPAN
    with transaction.atomic():
        digest = RecommendationDigest(graduate=profile, day=day)
        # The row is the guard: a second run for the day (a retried task, two beats) inserts
        # nothing and sends nothing.
        if not insert_unless_exists(digest, unique_fields=("graduate", "day")):
            return None
        recommendations = recommend(profile, limit=DIGEST_SIZE, since=since)
        digest.positions = [r.position.pk for r in recommendations]
        digest.save(update_fields=["positions"])
        if recommendations and profile.user.email:
            send_templated_email_on_commit(
                to=[profile.user.email],
                template="candidates/email/digest",
                context={
                    "profile": profile,
                    "recommendations": recommendations,
                    "url": reverse("candidates:for_you"),
                    "settings_url": reverse("candidates:profile"),
                },
                language=email_language(profile.user),
            )
    return digest
