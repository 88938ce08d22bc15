"""The feedback demo: fairs held yesterday through the services, rated with a spread of stars."""

import io

import pytest

from feedback import demo
from feedback.models import BoothRating, FairRating, FeedbackRequest
from feedback.selectors import public_average
from tests.factories import (
    AssociationStaffFactory,
    GraduateFactory,
    MembershipFactory,
    RecruiterFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_fairs_are_rated_with_a_spread_and_the_demo_accounts_left_to_try(settings):
    settings.FAIR_RATING_PUBLIC_MIN = 5
    staff = AssociationStaffFactory()
    recruiter_user = UserFactory(email="recruiter@jinpin.demo")
    for n in range(3):
        membership = MembershipFactory(association=staff.association)
        RecruiterFactory(
            enterprise=membership.enterprise, user=recruiter_user if n == 0 else UserFactory()
        )
    lead = GraduateFactory(email="graduate@jinpin.demo")
    GraduateFactory.create_batch(20)
    out = io.StringIO()
    demo.load(out)
    fair = FairRating.objects.first().fair
    assert fair.status == "finished"
    stars = set(FairRating.objects.filter(role="graduate").values_list("rating", flat=True))
    assert len(stars) >= 3
    assert BoothRating.objects.exists()
    assert FairRating.objects.filter(role="enterprise").exists()
    assert FairRating.objects.exclude(comment_hidden_at=None).exists()
    assert public_average(fair)["average"] is not None
    assert not FairRating.objects.filter(author=lead).exists()
    assert lead.fair_tickets.filter(fair=fair, checked_in_at__isnull=False).exists()
    assert not FairRating.objects.filter(
        enterprise__recruiters__user=recruiter_user, role="enterprise"
    ).exists()
    assert FeedbackRequest.objects.filter(user=lead).exists()
    ratings = FairRating.objects.count()
    demo.load(io.StringIO())  # a second run changes nothing
    assert FairRating.objects.count() == ratings
