"""The id of the request (or task) a piece of work belongs to, carried into the side effects it
asks for, so one id joins the log lines of a web request and of every task it caused.

It lives with the outbox because the outbox is what carries it: a message records the id that
was current when it was written, and the task runs under that id again, in whichever process.
"""

import contextlib
import contextvars
import re
import uuid
from collections.abc import Iterator

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# What we accept from a proxy's header (nginx's $request_id is 32 hex digits): anything else is
# replaced, so a client cannot write into our logs.
VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current() -> str:
    """The id of the work in progress ("" outside a request or task)."""
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


def accept(candidate: str | None) -> str:
    """A proxy's id when it is well formed, a new one otherwise."""
    return candidate if candidate and VALID.match(candidate) else new_id()


def bind(request_id: str) -> contextvars.Token:
    """Make `request_id` current until `unbind(token)` (for code with separate start and end
    hooks, such as Celery's task signals)."""
    return _current.set(request_id)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def bound(request_id: str) -> Iterator[str]:
    """Run the block under `request_id`."""
    token = bind(request_id)
    try:
        yield request_id
    finally:
        unbind(token)
