"""Fuzz the REST API from its own OpenAPI schema with schemathesis, as five kinds of caller.

    .venv/bin/python scripts/fuzz_api.py [--max-examples 8] [--workers 2] [--role graduate ...]

It builds a scratch site of its own (SQLite in a temporary VAR_DIR: a graduate who applied, the
recruiter of the position, an association's staff with a fair, a department officer, one API
token each), serves it with gunicorn on --port, and runs `st run` once anonymously and once per
token. A run fails on any 5xx, on any status code or content type the schema does not list for
the operation, and on any response body the schema does not describe. CI runs it (.ci/run).
Exit status: 0 when every run passed.
"""

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ROLES = ["anonymous", "graduate", "recruiter", "staff", "officer"]
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)

SEED = r"""
import json
from datetime import timedelta

from django.utils import timezone
from rest_framework.authtoken.models import Token

from candidates import services as candidates
from tests.candidates.helpers import complete_graduate, make_position, recruiter_of
from tests.factories import (
    AssociationStaffFactory,
    FairFactory,
    OfficerFactory,
    ParticipationFactory,
    TicketFactory,
)

position = make_position()
graduate = complete_graduate()
candidates.apply(graduate=graduate, position=position, source="search", by=graduate.user)
recruiter = recruiter_of(position.enterprise)
staff = AssociationStaffFactory()
fair = FairFactory(organiser=staff.association, city=position.city)
ParticipationFactory(fair=fair, enterprise=position.enterprise)
TicketFactory(fair=fair, graduate=graduate.user)
officer = OfficerFactory()
# A fair held yesterday that the graduate checked in at, rated, with a booth visited and rated:
# feedback's answers, results and moderation have something to answer with.
from fairs.models import Lead
from feedback import services as feedback

now = timezone.now()
held = FairFactory(
    organiser=staff.association, city=position.city, status="finished",
    starts_at=now - timedelta(hours=30), ends_at=now - timedelta(hours=24),
    graduate_registration_opens=now - timedelta(days=20),
    graduate_registration_closes=now - timedelta(days=2),
)
booth = ParticipationFactory(fair=held, enterprise=position.enterprise)
TicketFactory(fair=held, graduate=graduate.user, checked_in_at=held.starts_at)
Lead.objects.create(fair=held, enterprise=position.enterprise, graduate=graduate.user)
feedback.rate_fair(fair=held, by=graduate.user, rating=4, comment="企业多，秩序好")
feedback.rate_booth(participation=booth, by=graduate.user, rating=5)
users = {"graduate": graduate.user, "recruiter": recruiter, "staff": staff.user,
         "officer": officer.user}
print(json.dumps({role: Token.objects.get_or_create(user=user)[0].key
                  for role, user in users.items()}))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=8, help="cases per operation")
    parser.add_argument("--workers", default="2", help="schemathesis workers per run")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--role", action="append", choices=ROLES, help="default: all five")
    parser.add_argument("--seed", type=int, default=None, help="schemathesis seed (reproduce)")
    return parser.parse_args()


def django_env(var_dir: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "SEARCH_BACKEND"}
    }
    env.update(
        {
            "VAR_DIR": var_dir,
            "DJANGO_ENV": "development",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    return env


def seed(env) -> dict:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SEED],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def serve(env, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            *(str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "2", "--log-level", "warning", "--limit-request-line", "0"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/schema/"):
                return server
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


def fuzz(args, role: str, token: str | None, report_dir: Path) -> int:
    command = [
        *(str(BIN / "st"), "run", f"http://127.0.0.1:{args.port}/api/v1/schema/"),
        *("--checks", CHECKS, "--max-examples", str(args.max_examples)),
        *("--workers", args.workers, "--phases", "examples,fuzzing"),
        *("--generation-database", "none", "--no-color", "--request-timeout", "30"),
        *("--report", "junit", "--report-junit-path", str(report_dir / f"{role}.xml")),
    ]
    if token:
        command += ["--header", f"Authorization: Token {token}"]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    print(f"\nfuzz_api: {role}", flush=True)
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def main() -> int:
    args = parse_args()
    roles = args.role or ROLES
    var_dir = tempfile.mkdtemp(prefix="jinpin-fuzz-")
    env = django_env(var_dir)
    tokens = seed(env)
    server = serve(env, args.port)
    failed = []
    try:
        for role in roles:
            if fuzz(args, role, tokens.get(role), Path(var_dir)) != 0:
                failed.append(role)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"\nfuzz_api: {len(roles) - len(failed)} of {len(roles)} runs passed", end="")
    print(f"; failed: {', '.join(failed)} (reports in {var_dir})" if failed else "")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
