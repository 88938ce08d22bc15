"""Running calls at the same moment, and proving that they met (PostgreSQL).

A barrier lines threads up, but one thread can still finish before the others start, and a race
test would then pass without a race. `collide` proves the overlap instead: until the calls have
met, each thread pauses after every row it locks or writes, before it can commit, and looks in
pg_stat_activity for another of them waiting for a lock; seeing one is the meeting (two calls
inside their critical sections at once). The end state is then the outcome of a real collision,
and a collision that never happened fails the test.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, connections

WRITES = ("INSERT", "UPDATE", "DELETE")
PAUSE_SECONDS = 0.5  # how long a thread holding a fresh lock waits for another to queue behind it

_WAITING = """
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
"""


@dataclass
class Meeting:
    """Whether the calls met: one of them saw another wait for a lock while it held its own."""

    waited: bool = False

    def wrapper(self):
        """An execute_wrapper: after a statement that locks or writes rows, pause (holding
        them) until another backend waits for a lock, unless the calls have met already."""
        inside = threading.local()

        def wrap(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if self.waited or getattr(inside, "busy", False) or not _locks_or_writes(sql):
                return result
            inside.busy = True
            try:
                # A cursor of its own: the statement's cursor still holds its rows.
                with context["connection"].connection.cursor() as cursor:
                    if _wait_for_a_waiter(cursor):
                        self.waited = True
            finally:
                inside.busy = False
            return result

        return wrap


def _locks_or_writes(sql: str) -> bool:
    text = sql.lstrip().upper()
    if text.startswith("SELECT"):
        return " FOR UPDATE" in text or " FOR NO KEY UPDATE" in text
    return text.startswith(WRITES)


def _wait_for_a_waiter(cursor) -> bool:
    deadline = time.monotonic() + PAUSE_SECONDS
    while True:
        # pg_stat_activity is read once per transaction unless its snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(_WAITING)
        if cursor.fetchone()[0]:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)


def collide(
    *calls: Callable[[], object], expected: tuple[type[BaseException], ...] = ()
) -> tuple[list[object], Meeting]:
    """Run the calls at once, one thread each; return what each returned or raised (an
    `expected` error is returned as its exception; anything else becomes a RuntimeError naming
    it) and whether they met inside their transactions."""
    assert connection.vendor == "postgresql", "collisions need PostgreSQL's row locks"
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    meeting = Meeting()

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            with connections["default"].execute_wrapper(meeting.wrapper()):
                barrier.wait()
                results[index] = call()
        except expected as error:
            results[index] = error
        except Exception as error:  # a deadlock or an integrity error the service let through
            results[index] = RuntimeError(f"unexpected {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, meeting
