"""Two requests of the same graduate at the same moment make one application (PostgreSQL)."""

import pytest

from candidates import services
from candidates.models import Application, ApplicationEvent
from tests.candidates.helpers import complete_graduate, make_position
from tests.concurrency import collide
from tests.services import requires_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


@requires_postgresql(
    "SQLite serialises writers with one file lock, so there is no race to test; "
    "run with DATABASE_URL=postgres://… to test concurrent inserts",
)
@pytest.mark.parametrize("threads", [2, 8])
def test_concurrent_double_apply_yields_one_application(threads):
    graduate, position = complete_graduate(), make_position()

    def attempt() -> str:
        services.apply(graduate=graduate, position=position, source="search", by=graduate.user)
        return "created"

    results, meeting = collide(*[attempt] * threads, expected=(services.AlreadyApplied,))
    # The losers queued behind the winner's uncommitted row and then found it: a real collision.
    assert meeting.waited
    outcomes = ["already" if isinstance(r, services.AlreadyApplied) else r for r in results]
    assert sorted(outcomes) == ["already"] * (threads - 1) + ["created"]
    assert Application.objects.filter(graduate=graduate, position=position).count() == 1
    assert ApplicationEvent.objects.filter(to_status="submitted").count() == 1
