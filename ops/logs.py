"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to,
in the web process and in every Celery task that request caused (`outbox.correlation`).

nginx gives each request an id (`X-Request-ID`, its `$request_id`) and logs it too; the app
keeps a well-formed one or makes its own, answers it in the `X-Request-ID` header, and the
outbox carries it into the tasks. LOG_FORMAT=json (the production default) turns the JSON on.
"""

import datetime
import json
import logging
import traceback

from celery import signals

from outbox import correlation

# What every LogRecord has; anything else on a record (`extra=`) is written as a field too.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`%(request_id)s` in text formats)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = correlation.current()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time (UTC, ISO 8601), level, logger, message, request id,
    the Celery task running, the exception, and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or correlation.current()
        if request_id:
            entry["request_id"] = request_id
        task = _current_task()
        if task:
            entry["task"], entry["task_id"] = task
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else repr(value)
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))[-4000:]
        return json.dumps(entry, ensure_ascii=False)


def _current_task() -> tuple[str, str] | None:
    from celery import current_task

    if not current_task:  # a proxy: false outside a task
        return None
    request = current_task.request
    if not request.id or request.called_directly:
        return None
    return current_task.name, request.id


class RequestIdMiddleware:
    """The request's id: nginx's when well formed, a new one otherwise; bound for the request
    (logs, and side effects written meanwhile) and answered in `X-Request-ID`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = correlation.accept(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        with correlation.bound(request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def connect_celery_signals() -> None:
    """Tasks not sent through the outbox (beat's) run under an id of their own."""
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="ops-request-id")
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="ops-request-id-end")


_tokens: dict[str, object] = {}


def _task_started(task_id=None, task=None, **kwargs) -> None:
    request_id = getattr(task.request, "request_id", None) or correlation.current()
    _tokens[task_id] = correlation.bind(request_id or correlation.new_id())


def _task_finished(task_id=None, **kwargs) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        correlation.unbind(token)
