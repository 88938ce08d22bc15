"""Demo positions: realistic, through the services, only for verified enterprises."""

import io

import pytest

from accounts import demo as accounts_demo
from associations import demo as associations_demo
from associations.selectors import is_verified
from jobs import demo
from jobs.models import Position, PositionEvent

pytestmark = pytest.mark.django_db


def test_without_verified_enterprises_the_demo_creates_nothing_and_says_so():
    out = io.StringIO()
    demo.load(out)
    assert not Position.objects.exists()
    assert "no verified enterprise" in out.getvalue()


def test_the_demo_creates_positions_for_the_verified_enterprises():
    accounts_demo.load(io.StringIO())
    associations_demo.load(io.StringIO())
    demo.load(io.StringIO())
    count = Position.objects.count()
    demo.load(io.StringIO())  # a second run changes nothing
    assert Position.objects.count() == count > 20
    assert all(is_verified(p.enterprise) for p in Position.objects.select_related("enterprise"))
    assert Position.objects.filter(job_type="internship", status="published").exists()
    assert Position.objects.filter(job_type="community_assistant", status="published").exists()
    assert Position.objects.filter(status="draft").exists()
    assert Position.objects.filter(status="closed").exists()
    assert Position.objects.filter(salary_min=None, salary_max=None).exists()
    assert PositionEvent.objects.filter(action="published").count() >= count // 2
