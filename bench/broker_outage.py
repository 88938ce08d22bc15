"""Benchmark: a loaded Celery worker while its Redis broker is killed and restarted, repeatedly.

A producer writes e-mails through the outbox (batches of --batch in one transaction each) while
a worker with an embedded beat (`make worker`'s command, run once: not restarted) sends them to
files. Meanwhile Redis is killed (SIGKILL: no goodbye, its queue is lost, as the project runs it
without persistence) --outages times for --down seconds and started again. Afterwards the script
waits for the outbox to drain and counts: e-mails written, distinct ones (every e-mail has its own
subject), duplicates, lost, and whether the worker died ("Unrecoverable error" in its log).

It starts its own redis-server on --redis-port and its own PostgreSQL database (dropped after).

    .venv/bin/python bench/broker_outage.py [--emails 3000] [--outages 3] [--down 5] [--trials 1]

The last line printed is one JSON object:
{"trials", "emails", "delivered", "duplicates", "undelivered", "worker_died", "drain_s"}
(sums over the trials; drain_s is the slowest trial's time from the last restart to an empty
outbox).
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, drop_database, recreate_database, server_env

# The environment that runs this script is the one measured (pass another virtualenv's python to
# compare Celery and kombu versions).
PYTHON = sys.executable
CELERY = str(Path(sys.executable).parent / "celery")

PRODUCER = r"""
import sys, time
from django.db import transaction
from core.tasks import send_email

total, batch, pause = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
for start in range(0, total, batch):
    with transaction.atomic():
        for n in range(start, min(start + batch, total)):
            send_email.delay(to=[f"g{n}@bench.jinpin"], subject=f"m{n}", body="outage")
    time.sleep(pause)
print("{}")
"""

OUTBOX_STATE = r"""
import json
from django.db.models import Count
from outbox.models import OutboxMessage
state = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")))
waits = sorted(
    (done - created).total_seconds()
    for created, done in OutboxMessage.objects.filter(status="done").values_list(
        "created_at", "done_at"
    )
)
if waits:
    state["wait_p50_s"] = round(waits[len(waits) // 2], 1)
    state["wait_p95_s"] = round(waits[int(len(waits) * 0.95)], 1)
    state["wait_max_s"] = round(waits[-1], 1)
print(json.dumps(state))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emails", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=20, help="e-mails per transaction")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between batches")
    parser.add_argument("--outages", type=int, default=3)
    parser.add_argument("--down", type=float, default=5.0, help="seconds Redis stays down")
    parser.add_argument("--up", type=float, default=4.0, help="seconds between outages")
    parser.add_argument("--trials", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--drain-timeout", type=float, default=300.0)
    parser.add_argument("--keep", action="store_true", help="keep each trial's directory and log")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jinpin_bench_outage"
        ),
    )
    return parser.parse_args()


def start_redis(port: int, directory: Path) -> subprocess.Popen:
    redis = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ping = subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False
        )
        if "PONG" in ping.stdout:
            return redis
        time.sleep(0.1)
    redis.kill()
    raise SystemExit(f"redis-server did not start on port {port}")


def outbox_state(env) -> dict:
    out = subprocess.run(
        [PYTHON, "-c", _django_script(OUTBOX_STATE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _django_script(source: str) -> str:
    return (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
        "django.setup()\n" + source
    )


def trial(args, number: int) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix=f"jinpin-bench-outage-{number}-"))
    env = server_env(args, str(var_dir))
    env.update(
        {
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{args.redis_port}/0",
            "EMAIL_URL": "filemail://",
            "OUTBOX_SWEEP_SECONDS": "2",
            "OUTBOX_SEND_LEASE_SECONDS": "20",
            "LOG_LEVEL": "INFO",
        }
    )
    recreate_database(args.database_url)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    redis = start_redis(args.redis_port, var_dir)
    log = (var_dir / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            *(CELERY, "-A", "config", "worker", "--beat", "--loglevel=info"),
            *(f"--concurrency={args.concurrency}", f"--schedule={var_dir / 'beat-schedule'}"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    producer = subprocess.Popen(
        [
            PYTHON,
            "-c",
            _django_script(PRODUCER),
            str(args.emails),
            str(args.batch),
            str(args.pause),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(args.up)
        for _ in range(args.outages):
            redis.kill()
            redis.wait()
            time.sleep(args.down)
            redis = start_redis(args.redis_port, var_dir)
            time.sleep(args.up)
        producer.wait(timeout=600)
        restarted = time.monotonic()
        deadline = restarted + args.drain_timeout
        while time.monotonic() < deadline and worker.poll() is None:
            state = outbox_state(env)
            if state.get("done", 0) == args.emails:
                break
            time.sleep(1)
        drain = time.monotonic() - restarted
        state = outbox_state(env)
    finally:
        died = worker.poll() is not None
        if not died:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        redis.kill()
        redis.wait()
        log.close()
    subjects = [
        line.split(":", 1)[1].strip()
        for path in (var_dir / "mail").glob("*.log")
        for line in path.read_text().splitlines()
        if line.startswith("Subject:")
    ]
    unrecoverable = "Unrecoverable error" in (var_dir / "worker.log").read_text()
    result = {
        "emails": args.emails,
        "delivered": len(set(subjects)),
        "duplicates": len(subjects) - len(set(subjects)),
        "undelivered": args.emails - len(set(subjects)),
        "worker_died": died or unrecoverable,
        "drain_s": round(drain, 1),
        "outbox": state,
    }
    print(f"trial {number}: {json.dumps(result)}", flush=True)
    if result["worker_died"] or args.keep:
        print(f"  worker log kept: {var_dir / 'worker.log'}", flush=True)
    else:
        shutil.rmtree(var_dir, ignore_errors=True)
    drop_database(args.database_url)
    return result


def main() -> None:
    args = parse_args()
    import celery
    import kombu

    print(f"celery {celery.__version__}, kombu {kombu.__version__}", flush=True)
    results = [trial(args, n) for n in range(1, args.trials + 1)]
    summary = {
        "trials": len(results),
        "emails": sum(r["emails"] for r in results),
        "delivered": sum(r["delivered"] for r in results),
        "duplicates": sum(r["duplicates"] for r in results),
        "undelivered": sum(r["undelivered"] for r in results),
        "worker_died": sum(bool(r["worker_died"]) for r in results),
        "drain_s": max(r["drain_s"] for r in results),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
