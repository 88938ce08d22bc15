"""The demo data loads through the services: graduates, resumes, applications at many stages."""

import io

import pytest

from candidates import demo
from candidates.models import Application, GraduateProfile
from tests.candidates.helpers import make_position, recruiter_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_makes_graduates_and_applications_at_various_stages():
    enterprise = make_position().enterprise
    recruiter_of(enterprise)
    for title in ["会计", "销售代表", "护士", "土木工程师"]:
        make_position(enterprise=enterprise, title=title, headcount=5, education="any")
    out = io.StringIO()
    demo.load(out)
    assert GraduateProfile.objects.count() == 36
    assert all(p.resumes.exists() for p in GraduateProfile.objects.all())
    statuses = set(Application.objects.values_list("status", flat=True))
    assert len(statuses) >= 4
    assert "36 graduates" in out.getvalue()


def test_demo_shows_fast_and_slow_enterprises_unanswered_applications_and_idle_positions():
    from candidates.selectors import responsiveness_of
    from jobs.models import PositionEvent

    enterprises = []
    for n in range(6):
        enterprise = make_position(title=f"演示岗位{n}", headcount=5, education="any").enterprise
        recruiter_of(enterprise)
        # Enough positions that some draw no demo application and can be left idle.
        for title in ["会计", "销售代表", "护士", "出纳", "仓库管理员", "土木工程师", "司机"] * 2:
            make_position(enterprise=enterprise, title=title, headcount=5, education="any")
        enterprises.append(enterprise.pk)
    out = io.StringIO()
    demo.load(out)
    figures = responsiveness_of(enterprises)
    assert any(not figure.slow for figure in figures.values())
    assert any(figure.slow for figure in figures.values())
    assert Application.objects.filter(status="no_answer").exists()
    assert Application.objects.exclude(unanswered_reminded_at=None).exists()
    actions = set(PositionEvent.objects.values_list("action", flat=True))
    assert {"hiring_check", "hiring_confirmed", "unlisted"} <= actions
    assert "trust:" in out.getvalue()


def test_the_demo_shows_recommendations_and_invitations_in_every_state(monkeypatch):
    from importlib import import_module

    from candidates import selectors, services
    from candidates.models import Invitation
    from tests.candidates.helpers import pdf_bytes

    monkeypatch.setattr(services, "render_resume_pdf", lambda graduate: pdf_bytes())
    for app in ("accounts", "associations", "jobs", "candidates"):
        import_module(f"{app}.demo").load(io.StringIO())
    lead = GraduateProfile.objects.get(user__email="graduate@jinpin.demo")
    assert lead.discoverable
    recommendations = selectors.recommended_positions(lead, limit=20)
    assert len(recommendations) == 20
    assert all(r.reasons for r in recommendations)
    invitations = Invitation.objects.filter(
        position__enterprise__recruiters__user__email="recruiter@jinpin.demo"
    )
    assert set(invitations.values_list("status", flat=True)) == {"open", "accepted", "declined"}
    assert invitations.get(graduate=lead).status == "open"
    assert (
        Application.objects.filter(source="invitation").count()
        == invitations.filter(status="accepted").count()
    )
