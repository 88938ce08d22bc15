"""The campaign demo tops the earlier demos up to exact figures, through the services."""

import io

import pytest

from accounts import demo as accounts_demo
from outcomes import demo
from outcomes.tally import Scope, summary

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_reaches_the_target_figures_exactly(monkeypatch):
    targets = {
        "associations_mobilised": 7,
        "fairs_held": 3,
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
