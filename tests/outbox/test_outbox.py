"""The outbox: side effects are rows written with the change, sent after commit, done once."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.tasks import send_email
from outbox import core
from outbox.models import OutboxMessage
from tests.services import requires_broker, set_celery

pytestmark = pytest.mark.django_db


def mail_to(address: str, subject: str = "通知") -> OutboxMessage:
    return send_email.delay(to=[address], subject=subject, body="正文")


def test_a_side_effect_is_a_row_written_now_and_carried_out_once_committed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = mail_to("a@example.cn")
        assert mail.outbox == []
        assert OutboxMessage.objects.get().status == "pending"
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("done", 1)
    assert message.done_at is not None


def test_a_rolled_back_change_leaves_no_side_effect(django_capture_on_commit_callbacks):
    def failing_change():
        with transaction.atomic():
            mail_to("kept-out@example.cn")
            raise RuntimeError("the change fails")

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            failing_change()
        mail_to("sent@example.cn")
    assert [m.to for m in mail.outbox] == [["sent@example.cn"]]
    assert OutboxMessage.objects.count() == 1


def test_while_the_broker_is_down_work_waits_and_is_done_once_when_it_is_back(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            mail_to(f"g{n}@example.cn")
    # The first refusal pauses this process's sends: the others wait without trying.
    assert broker_down.refused == 1
    assert mail.outbox == []
    waiting = OutboxMessage.objects.filter(status="pending", not_before__lte=timezone.now())
    assert waiting.count() == 3  # due: the next sweep sends them
    assert broker_down.restore() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "g0@example.cn",
        "g1@example.cn",
        "g2@example.cn",
    ]
    assert broker_down.restore() == 0  # nothing left: no second e-mail
    assert len(mail.outbox) == 3


def test_a_message_delivered_twice_is_carried_out_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = mail_to("once@example.cn")
    for _ in range(2):  # the broker redelivers it, or the sweep sent a second copy
        core.deliver(message.pk, send_email, message.args, message.kwargs)
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("done", 1)


def test_a_worker_runs_it_through_celery_with_the_message_as_task_id(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        message = mail_to("worker@example.cn")
    # What a worker does with the message the relay sent: the task id names the row.
    for _ in range(2):
        send_email.apply(kwargs=message.kwargs, task_id=str(message.pk))
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().status == "done"


def test_a_failing_side_effect_is_retried_with_growing_back_off_then_left_failed(
    monkeypatch, django_capture_on_commit_callbacks
):
    def mail_server_down(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", mail_server_down)
    with django_capture_on_commit_callbacks(execute=True):
        message = mail_to("later@example.cn")
    message.refresh_from_db()
    waits = [round((message.not_before - message.created_at).total_seconds())]
    for _ in range(send_email.max_attempts - 1):
        tried_at = message.not_before
        with time_machine.travel(tried_at, tick=False):
            core.sweep()
        message.refresh_from_db()
        waits.append(round((message.not_before - tried_at).total_seconds()))
    assert waits[:-1] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]  # up to an hour
    assert (message.status, message.attempts) == ("failed", send_email.max_attempts)
    assert "mail server down" in message.last_error
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        assert core.sweep() == 0  # failed stays failed until someone retries it


def test_a_message_whose_worker_died_is_sent_again_once_its_lease_ends(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        message = mail_to("lost@example.cn")
    # A worker claimed it and died before finishing.
    lease_end = timezone.now() + timedelta(seconds=send_email.run_lease())
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="running", attempts=1, not_before=lease_end
    )
    assert core.sweep() == 0  # maybe still running
    with time_machine.travel(lease_end + timedelta(seconds=1), tick=False):
        assert core.sweep() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("done", 2)
    assert len(mail.outbox) == 1


def test_with_a_broker_a_message_whose_worker_died_is_run_by_the_worker_the_sweep_sends_it_to(
    monkeypatch, django_capture_on_commit_callbacks
):
    from celery.app.task import Task

    with django_capture_on_commit_callbacks(execute=False):
        message = mail_to("lost-in-a-worker@example.cn")
    lease_end = timezone.now() + timedelta(seconds=send_email.run_lease())
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="running", attempts=1, not_before=lease_end
    )
    published = []
    monkeypatch.setattr(
        Task,
        "apply_async",
        lambda task, args=None, kwargs=None, **options: published.append(
            (task, args, kwargs, options["task_id"])
        ),
    )
    set_celery(task_always_eager=False)  # a broker: the sweep publishes (_eager_celery resets)
    with time_machine.travel(lease_end + timedelta(seconds=1), tick=False):
        assert core.sweep() == 1
        set_celery(task_always_eager=True)  # what a worker does with the message it receives
        for task, args, kwargs, task_id in published:
            task.apply(args, kwargs, task_id=task_id)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("done", 2)
    assert [m.to for m in mail.outbox] == [["lost-in-a-worker@example.cn"]]


def test_a_worker_waits_out_a_database_restart_and_carries_the_message_out_once(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import OperationalError

    with django_capture_on_commit_callbacks(execute=False):
        message = mail_to("restart@example.cn")
    monkeypatch.setattr(core, "DATABASE_WAITS", (0, 0, 0))
    claims, sends, checks = [], [], []
    claim, send = core._claim, EmailMultiAlternatives.send

    def claim_while_restarting(*args):
        claims.append(1)
        if len(claims) <= 2:  # refused twice, then the database is back
            raise OperationalError("connection refused")
        return claim(*args)

    def send_cut_off_once(self, fail_silently=False):
        sends.append(1)
        if len(sends) == 1:  # the database went away mid-task, before the e-mail left
            raise OperationalError("server closed the connection unexpectedly")
        return send(self, fail_silently)

    def connection_lost():
        checks.append(1)
        return True  # the task failed because the connection broke

    monkeypatch.setattr(core, "_claim", claim_while_restarting)
    monkeypatch.setattr(EmailMultiAlternatives, "send", send_cut_off_once)
    monkeypatch.setattr(core, "_connection_lost", connection_lost)
    send_email.apply(kwargs=message.kwargs, task_id=str(message.pk))  # what the worker does
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("done", 1)
    assert [m.to for m in mail.outbox] == [["restart@example.cn"]]
    assert (len(claims), len(checks)) == (3, 1)


def test_a_task_failing_on_a_database_that_answers_is_an_ordinary_failure(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import OperationalError

    with django_capture_on_commit_callbacks(execute=False):
        message = mail_to("timeout@example.cn")

    def statement_timeout(self, fail_silently=False):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(EmailMultiAlternatives, "send", statement_timeout)
    send_email.apply(kwargs=message.kwargs, task_id=str(message.pk))
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)  # retried after its back-off
    assert "statement timeout" in message.last_error


def test_after_the_broker_lost_its_queues_the_next_sweep_sends_their_messages_again(
    monkeypatch, django_capture_on_commit_callbacks
):
    from celery.app.task import Task

    published = []
    monkeypatch.setattr(
        Task,
        "apply_async",
        lambda task, args=None, kwargs=None, **options: published.append(options["task_id"]),
    )
    set_celery(task_always_eager=False)  # a broker (_eager_celery resets it)
    with django_capture_on_commit_callbacks(execute=True):
        handed_over = mail_to("in-the-lost-queue@example.cn")  # published, in its send lease
        later = send_email.apply_async(
            kwargs={"to": ["later@example.cn"], "subject": "提醒", "body": "正文"},
            eta=timezone.now() + timedelta(minutes=1),
        )
    assert published == [str(handed_over.pk)]
    monkeypatch.setattr(core, "_broker_forgot", lambda: False)
    assert core.sweep() == 0  # the broker holds it: nothing to send
    monkeypatch.setattr(core, "_broker_forgot", lambda: True)  # Redis restarted, queues empty
    assert core.sweep() == 1
    assert published == [str(handed_over.pk), str(handed_over.pk)]
    later.refresh_from_db()
    assert later.not_before > timezone.now()  # a message due later was never handed over


def test_a_worker_that_starts_sends_again_what_a_dead_worker_held(
    monkeypatch, django_capture_on_commit_callbacks
):
    from celery.app.task import Task
    from celery.signals import worker_ready

    import outbox.tasks  # noqa: F401  (connects the worker's start)

    published = []
    monkeypatch.setattr(
        Task,
        "apply_async",
        lambda task, args=None, kwargs=None, **options: published.append(options["task_id"]),
    )
    monkeypatch.setattr(core, "_broker_forgot", lambda: False)
    set_celery(task_always_eager=False)
    with django_capture_on_commit_callbacks(execute=True):
        held = mail_to("reserved-by-the-killed-worker@example.cn")
        later = send_email.apply_async(
            kwargs={"to": ["later@example.cn"], "subject": "提醒", "body": "正文"},
            eta=timezone.now() + timedelta(minutes=1),
        )
    assert core.sweep() == 0  # within its send lease: left to the worker that has it
    worker_ready.send(sender=None)  # a worker (re)starts
    assert core.sweep() == 1
    assert published == [str(held.pk), str(held.pk)]
    later.refresh_from_db()
    assert later.not_before > timezone.now()
    # The copy and the original are one message: it runs once, whichever comes first.
    core.deliver(held.pk, send_email, [], held.kwargs)
    core.deliver(held.pk, send_email, [], held.kwargs)
    held.refresh_from_db()
    assert held.status == "done"
    assert held.attempts == 1


@requires_broker
def test_a_redis_broker_that_lost_its_data_is_noticed_once():
    from config.celery import app

    with app.connection_for_write() as connection:
        if connection.transport.driver_type != "redis":
            pytest.skip("the broker is not Redis")
        connection.default_channel.client.delete(core.BROKER_MARK)  # what a restart does
    assert core._broker_forgot() is True
    assert core._broker_forgot() is False


def test_a_message_due_later_waits_for_its_time(django_capture_on_commit_callbacks):
    due = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        send_email.apply_async(
            kwargs={"to": ["reminded@example.cn"], "subject": "提醒", "body": "正文"}, eta=due
        )
    assert core.sweep() == 0
    assert mail.outbox == []
    with time_machine.travel(due, tick=False):
        assert core.sweep() == 1
    assert [m.subject for m in mail.outbox] == ["提醒"]


def test_without_a_broker_a_process_sweeps_after_relaying_now_and_then(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    monkeypatch.undo()  # the suite's autouse fixture turns the habit off
    monkeypatch.setattr(core, "_last_local_sweep", 0.0)
    due = timezone.now() - timedelta(minutes=1)
    OutboxMessage.objects.create(
        task=send_email.name,
        kwargs={"to": ["overdue@example.cn"], "subject": "补发", "body": "正文"},
        not_before=due,
    )
    with django_capture_on_commit_callbacks(execute=True):
        mail_to("new@example.cn")
    assert sorted(m.to[0] for m in mail.outbox) == ["new@example.cn", "overdue@example.cn"]
    settings.OUTBOX_SWEEP_SECONDS = 3600
    OutboxMessage.objects.create(
        task=send_email.name,
        kwargs={"to": ["next@example.cn"], "subject": "补发", "body": "正文"},
        not_before=due,
    )
    with django_capture_on_commit_callbacks(execute=True):
        mail_to("another@example.cn")
    assert "next@example.cn" not in [m.to[0] for m in mail.outbox]  # not again so soon


def test_inside_suppressed_nothing_is_recorded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), core.suppressed():
        assert mail_to("nobody@example.cn") is None
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_done_messages_are_pruned_after_the_kept_days_and_failed_ones_stay(settings):
    settings.OUTBOX_KEEP_DAYS = 7
    old = timezone.now() - timedelta(days=8)
    OutboxMessage.objects.create(task=send_email.name, status="done", done_at=old)
    OutboxMessage.objects.create(task=send_email.name, status="failed", not_before=old)
    OutboxMessage.objects.create(task=send_email.name, status="done", done_at=timezone.now())
    assert core.prune() == 1
    assert sorted(OutboxMessage.objects.values_list("status", flat=True)) == ["done", "failed"]


def test_a_message_for_an_unknown_task_is_left_failed_with_the_reason():
    OutboxMessage.objects.create(task="gone.tasks.removed", not_before=timezone.now())
    assert core.sweep() == 1
    assert OutboxMessage.objects.get().last_error == "Unknown task 'gone.tasks.removed'"


def test_the_admin_shows_failed_tasks_with_their_error_and_retries_them(
    client, django_capture_on_commit_callbacks
):
    admin = get_user_model().objects.create_superuser(email="root@example.cn", password="x")
    failed = OutboxMessage.objects.create(
        task=send_email.name,
        kwargs={"to": ["retry@example.cn"], "subject": "重发", "body": "正文"},
        status="failed",
        attempts=8,
        last_error="Traceback…\nOSError: mail server down",
    )
    client.force_login(admin)
    listing = client.get(reverse("admin:outbox_outboxmessage_changelist"), {"status": "failed"})
    assert "OSError: mail server down" in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:outbox_outboxmessage_changelist"),
            {"action": "retry_now", "_selected_action": [str(failed.pk)]},
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("done", 1)
    assert [m.to for m in mail.outbox] == [["retry@example.cn"]]
