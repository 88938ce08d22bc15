"""The campaign demo tops the earlier demos up to exact figures, and reads like a real campaign."""

import datetime
import io
import re

import pytest
from django.db.models import F
from django.utils import timezone

from accounts import demo as accounts_demo
from outcomes import demo
from outcomes.tally import Scope, summary

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_reaches_the_target_figures_exactly(monkeypatch):
    targets = {
        "associations_mobilised": 7,
        "fairs_held": 5,
        "positions_posted": 60,
        "placements_verified": 8,
        "community_assistants": 30,
    }
    monkeypatch.setattr(demo, "TARGETS", targets)
    accounts_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    figures = summary(Scope())
    for key, target in targets.items():
        if key == "positions_posted":
            assert figures[key] >= target
        else:
            assert figures[key] == target, key
    assert "verified placements" in out.getvalue()
    _applications_are_dated_as_they_happened()
    _names_positions_and_fairs_read_like_a_real_campaign()
    _fair_funnels_narrow_from_applications_to_hires()
    demo.load(io.StringIO())  # a second run finds nothing to top up
    assert summary(Scope()) == figures


def _applications_are_dated_as_they_happened():
    from candidates.models import Application, ApplicationEvent
    from outcomes.tally import breakdowns

    hired = Application.objects.filter(
        status="hired", graduate__user__email__endswith="@graduates.jinpin.demo"
    )
    assert hired.exists()
    for application in hired.select_related("placement", "source_fair"):
        assert application.created_at.date() <= application.placement.hire_date
        if application.source_fair is not None:
            assert application.created_at >= application.source_fair.starts_at
        steps = list(
            ApplicationEvent.objects.filter(application=application)
            .order_by("pk")
            .values_list("created_at", flat=True)
        )
        assert steps == sorted(steps)
    months = [row for row in breakdowns(Scope(), only=("month",))["month"] if row["applications"]]
    assert len(months) > 1


def _names_positions_and_fairs_read_like_a_real_campaign():
    from associations.models import Association, Enterprise
    from fairs.models import Fair, Ticket
    from jobs.models import Position

    numbered = re.compile(r"\d+号|第\d+|分会）")
    assert not [e.name for e in Enterprise.objects.all() if numbered.search(e.name)]
    assert not [a.name for a in Association.objects.all() if numbered.search(a.name)]
    titles = list(Position.objects.values_list("enterprise_id", "title"))
    assert len(titles) == len(set(titles)), "an enterprise posts a title twice"
    descriptions = list(Position.objects.values_list("description", flat=True))
    assert len(set(descriptions)) > 0.9 * len(descriptions)
    for fair in Fair.objects.all():
        opens, closes = timezone.localtime(fair.starts_at), timezone.localtime(fair.ends_at)
        assert opens.weekday() != 6, fair.title
        assert 8 <= opens.hour <= 15, (fair.title, opens)
        assert 12 <= closes.hour <= 18, (fair.title, closes)
    late = Ticket.objects.filter(checked_in_at__gt=F("fair__ends_at"))
    early = Ticket.objects.filter(checked_in_at__lt=F("fair__starts_at"))
    assert not late.exists()
    assert not early.exists()


def _fair_funnels_narrow_from_applications_to_hires():
    from outcomes.tally import fair_funnels

    funnels = [row for row in fair_funnels(Scope()) if row["verified"]]
    assert funnels
    for row in funnels:
        steps = [row[k] for k in ("applications", "interviews", "offers", "declared", "verified")]
        assert steps == sorted(steps, reverse=True), row
    assert all(row["applications"] > row["verified"] for row in funnels)


def test_positions_are_dated_before_their_first_application(monkeypatch):
    from candidates.models import Application
    from jobs.models import Position

    monkeypatch.setattr(
        demo,
        "TARGETS",
        {
            "associations_mobilised": 3,
            "fairs_held": 2,
            "positions_posted": 20,
            "placements_verified": 4,
            "community_assistants": 0,
        },
    )
    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())
    now = timezone.now()
    for position in Position.objects.all():
        assert position.published_at <= now
        first = Application.objects.filter(position=position).order_by("created_at").first()
        if first is not None:
            assert position.published_at < first.created_at
    assert Position.objects.filter(published_at__lt=now - datetime.timedelta(days=7)).exists()
