"""Two requests of the same graduate at the same moment make one application (PostgreSQL)."""

import threading

import pytest
from django.db import connections

from candidates import services
from candidates.models import Application, ApplicationEvent
from tests.candidates.helpers import complete_graduate, make_position
from tests.services import requires_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


@requires_postgresql(
    "SQLite serialises writers with one file lock, so there is no race to test; "
    "run with DATABASE_URL=postgres://… to test concurrent inserts",
)
@pytest.mark.parametrize("threads", [2, 8])
def test_concurrent_double_apply_yields_one_application(threads):
    graduate, position = complete_graduate(), make_position()
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt():
        try:
            barrier.wait()
            services.apply(graduate=graduate, position=position, source="search", by=graduate.user)
            result = "created"
        except services.AlreadyApplied:
            result = "already"
        except Exception as exc:  # anything else is a failure the test reports
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    workers = [threading.Thread(target=attempt) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sorted(outcomes) == ["already"] * (threads - 1) + ["created"]
    assert Application.objects.filter(graduate=graduate, position=position).count() == 1
    assert ApplicationEvent.objects.filter(to_status="submitted").count() == 1
