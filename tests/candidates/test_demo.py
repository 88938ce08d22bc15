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
