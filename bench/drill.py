"""The drill of the production layout (issue 20): every piece is broken on purpose under a mixed
load, and the script counts what was lost.

    make drill        # .venv/bin/python bench/drill.py [--clients 6] [--pause 10]
                      #   [--rolling drain|sigterm] [--setting NAME VALUE]
                      # about 7 minutes; no settings needed

It starts SERVICES OF ITS OWN, never the shared ones (ports: PostgreSQL 5442, Redis 6442,
Elasticsearch 9260-9261 / 9360-9361; data under a temporary folder removed at the end):
a PostgreSQL cluster (initdb), a redis-server without persistence, a two-node Elasticsearch
cluster (scripts/services.sh with other ports; one replica, node 2 holds data only); migrates a
fresh database, seeds a running fair (tickets, door passes, booths with published positions,
graduates with complete profiles and resumes, an association's staff) and builds the index.

Then the production layout in front of it: nginx (deploy/nginx's upstream, passive health checks
and retry policy) in front of two gunicorn app nodes (deploy/gunicorn.conf.py, production
settings), two Celery workers and exactly one beat. Worker "a" consumes `search` and `default`
(index updates and beat's housekeeping, the outbox sweep above all), worker "b" `messages`,
`documents` and `reminders` (what a person waits for: e-mail, PDFs): the deploy/systemd split
folded into two processes, so that killing "b" mid-PDF leaves the sweep that re-sends its task
running. A process that exits by itself is started again after 2 s, as systemd's Restart=always.

`--clients` threads drive a bounded mixed load through nginx: browse (home, fair, position
pages), search, apply (a graduate and position pair never used before), check in a ticket at a
door (with the door's scan id), upload a resume (a file name of its own), change a position's
title (a recruiter; an index update), request a PDF report. Writes refused with no answer or a
5xx are sent once more with the same marker (and API writes with the same Idempotency-Key), as a
client would. Meanwhile, in turn, with
`--pause` seconds between: node 1 SIGKILLed (its process group) and started again; Redis
restarted; worker "b" SIGKILLed while it renders a PDF report (the script waits until the
report's outbox message is running) and started again; Elasticsearch node 2 stopped and
started; PostgreSQL restarted (fast shutdown, 3 s down) while a report renders; a rolling
restart of both app nodes (each drained at nginx, SIGTERM, /readyz, back in the pool, the next;
`--rolling sigterm`: SIGTERM, /readyz, nginx's fail_timeout, the next).

Then it waits (bounded) for the outbox and the queues to drain and computes, from the database,
the storage, the mail folder and Elasticsearch: lost_writes (answered 2xx, row or file missing),
duplicate_writes (a marker found more than once, a ticket accepted twice), tasks_lost (outbox
messages not done, e-mails not written, positions missing or stale in the index, reports
without their PDF), 5xx with their time windows (allowed only while PostgreSQL is down),
recovery_s per piece (from the piece returning until the requests and tasks touching it succeed
again) and the requests that failed during the rolling restart. The last line is one JSON
object. Everything it started is stopped, also on Ctrl-C or failure.

Every process runs the production settings' defaults (`--setting` changes one): the outbox's
sweep (OUTBOX_SWEEP_SECONDS, 5 s) and its leases (OUTBOX_RUN_LEASE_SECONDS, 15 s, for a task
killed with its worker; OUTBOX_SEND_LEASE_SECONDS, 120 s, for a message lost in Redis's queue)
bound how soon a lost task runs again. A request in flight on the node SIGKILLed is answered
502 when it is a POST (nginx never resends one; a GET goes to the other node): such 5xx are
reported apart (`failed_by_piece`), and the client's second try must neither lose nor double
the write.
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from benchlib import run_django_script

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv/bin"
HOST = "drill.jinpin.test"
FAIL_TIMEOUT = 10  # deploy/nginx/jinpin.conf's upstream: max_fails=3 fail_timeout=10s
DRAIN_S = 2  # after nginx's reload, its old workers finish the requests they hold
PG_PORT, REDIS_PORT, ES_HTTP, ES_TRANSPORT = 5442, 6442, 9260, 9360


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str, interval: float = 0.2) -> float:
    """Poll `check()` until true; the seconds it took. Raises after `timeout`."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"{what}: not after {timeout:.0f} s")
        time.sleep(interval)
    return time.monotonic() - started


def call(method, port, path, *, headers=None, body=None, timeout=30.0, host=HOST):
    """One request on a new connection: (status, body); status 0 when there was no answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return 0, b""
    finally:
        conn.close()


# --- services of its own ------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL cluster of the drill's own (initdb), run as the postgres user."""

    def __init__(self, folder: Path):
        self.dir = folder / "pg"
        self.log = folder / "logs/postgres.log"
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.url = f"postgres://postgres@127.0.0.1:{PG_PORT}/jinpin_drill"

    def _as_postgres(self, *argv, check=True):
        command = [str(self.bin / argv[0]), *argv[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def create(self) -> None:
        self.dir.mkdir(parents=True)
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.log, "postgres")
        self._as_postgres("initdb", "-D", str(self.dir), "-A", "trust", "-E", "UTF8", "--no-sync")
        (self.dir / "postgresql.auto.conf").write_text(
            f"port = {PG_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
            "max_connections = 200\nfsync = off\nsynchronous_commit = off\n"
            "full_page_writes = off\nshared_buffers = 128MB\n"
        )
        self.start()
        psql = [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres"]
        subprocess.run([*psql, "-qc", "CREATE DATABASE jinpin_drill"], check=True)

    def start(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.dir), "-l", str(self.log), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres("pg_ctl", "-D", str(self.dir), "-m", mode, "-w", "stop", check=False)

    def up(self) -> bool:
        done = subprocess.run(
            [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-q"],
            check=False,
        )
        return done.returncode == 0


class Redis:
    """A redis-server of the drill's own, without persistence (as scripts/services.sh runs it):
    a restart loses what its queues held."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{REDIS_PORT}"

    def start(self) -> None:
        command = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            command,
            stdout=(self.folder / "logs/redis.log").open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.up, 20, "redis")

    def up(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *words: str) -> str:
        done = subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), *words], capture_output=True, text=True
        )
        return done.stdout.strip()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: redis-server shuts down (nothing saved)
            self.process.wait(timeout=30)
        self.process = None


class Elasticsearch:
    """A two-node cluster of the drill's own, through scripts/services.sh on other ports."""

    def __init__(self, folder: Path):
        self.state = folder / "es"
        self.state.mkdir()
        os.chmod(folder, 0o755)  # noqa: S103 (the Elasticsearch user must reach its folders)
        os.chmod(self.state, 0o755)  # noqa: S103
        self.env = {
            **os.environ,
            "SERVICES_DIR": str(self.state),
            "ES_CLUSTER_NAME": "jinpin-drill",
            "ES_HTTP_PORT": str(ES_HTTP),
            "ES_TRANSPORT_PORT": str(ES_TRANSPORT),
        }
        self.url = f"http://127.0.0.1:{ES_HTTP},http://127.0.0.1:{ES_HTTP + 1}"

    def run(self, action: str, node: str) -> None:
        done = subprocess.run(
            [str(ROOT / "scripts/services.sh"), action, node],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=400,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"services.sh {action} {node}: {done.stdout}{done.stderr}")

    def health(self) -> dict:
        status, body = call(
            "GET", ES_HTTP, "/_cluster/health", host=f"127.0.0.1:{ES_HTTP}", timeout=5
        )
        return json.loads(body) if status == 200 else {}

    def stop_all(self) -> None:
        for node in ("elasticsearch-2", "elasticsearch"):
            try:
                self.run("stop", node)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                log(f"teardown: {error}")


# --- processes of the layout --------------------------------------------------------------------


class Process:
    """A process of the layout in its own process group (a lost machine loses all of it). While
    `supervised`, one that exits by itself is started again after 2 s (systemd's Restart=)."""

    def __init__(self, name: str, argv: list[str], env: dict, folder: Path):
        self.name, self.argv, self.env, self.folder = name, argv, env, folder
        self.process: subprocess.Popen | None = None
        self.supervised = False
        self.restarts_by_itself = 0

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=(self.folder / f"logs/{self.name}.log").open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.supervised = True

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: the machine is lost, running work with it."""
        self.supervised = False
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM to the main process (a graceful stop), SIGKILL to the group after `timeout`."""
        self.supervised = False
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        if self.process is not None:
            # Children left behind (a pool process) go with the group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def supervise(self) -> None:
        if self.supervised and self.process is not None and self.process.poll() is not None:
            log(f"{self.name} exited by itself (status {self.process.returncode}): restarting")
            self.restarts_by_itself += 1
            time.sleep(2)
            if self.supervised:
                self.start()


class Node(Process):
    """A gunicorn app node (deploy/gunicorn.conf.py) on a port of its own."""

    def __init__(self, number: int, env: dict, folder: Path):
        self.port = free_port()
        metrics = folder / f"metrics-{number}"
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
        self.metrics = metrics
        argv = [str(VENV / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
        super().__init__(f"node-{number}", argv, env, folder)

    def start(self) -> None:
        shutil.rmtree(self.metrics, ignore_errors=True)
        self.metrics.mkdir()
        super().start()

    def ready(self) -> bool:
        return call("GET", self.port, "/readyz", timeout=2)[0] == 200

    def start_ready(self) -> float:
        """Start it; seconds until it answers /readyz."""
        started = time.monotonic()
        self.start()
        wait_for(self.ready, 120, f"{self.name} /readyz")
        return time.monotonic() - started


def nginx_config(folder: Path, port: int, nodes: list[int], down: int | None = None) -> Path:
    """The drill's nginx.conf: deploy/nginx's upstream and proxy settings on plain HTTP; the
    node on port `down` marked down (drained: nginx sends it nothing new)."""
    servers = "".join(
        f"        server 127.0.0.1:{n} max_fails=3 fail_timeout={FAIL_TIMEOUT}s"
        f"{' down' if n == down else ''};\n"
        for n in nodes
    )
    temp = folder / "nginx-temp"
    temp.mkdir(exist_ok=True)
    # deploy/nginx/jinpin-app.conf itself, its snippet included from the repository.
    app_locations = folder / "jinpin-app.conf"
    app_locations.write_text(
        (ROOT / "deploy/nginx/jinpin-app.conf")
        .read_text()
        .replace("/etc/nginx/snippets/", f"{ROOT}/deploy/nginx/")
    )
    config = folder / "nginx.conf"
    config.write_text(
        f"""pid {folder}/nginx.pid;
error_log {folder}/logs/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/logs/nginx-access.log;
    client_max_body_size 10m;
    client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
    uwsgi_temp_path {temp}; scgi_temp_path {temp};
    upstream jinpin_app {{
{servers}        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        include {app_locations};
    }}
}}
"""
    )
    return config


# --- the data -----------------------------------------------------------------------------------

SEED = r"""
import datetime, json, sys
from django.utils import timezone
from rest_framework.authtoken.models import Token
from accounts.models import User
from associations.models import (
    Association, AssociationStaff, Enterprise, EnterpriseRecruiter, Membership, Region,
)
from candidates.models import GraduateProfile, Resume
from fairs import services
from fairs.models import Fair, Participation, Ticket, new_ticket_code
from jobs.models import Position

n_tickets, n_enterprises, n_graduates = (int(x) for x in sys.argv[1:4])
now = timezone.now()
city, _ = Region.objects.get_or_create(code="140100", defaults={"name": "太原市", "level": "city"})
association = Association.objects.create(name="山西省演练行业协会", industries="I")
staff = User.objects.create(email="staff@drill.local", password="!", full_name="协会工作人员")
AssociationStaff.objects.create(association=association, user=staff, role="member")
fair = Fair.objects.create(
    organiser=association, title="太原理工大学2026届毕业生双选会（演练）", kind="campus",
    format="fair", host_university="太原理工大学", venue="体育馆", city=city, status="ongoing",
    starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=5),
    enterprise_registration_opens=now - datetime.timedelta(days=20),
    enterprise_registration_closes=now - datetime.timedelta(days=1),
    graduate_registration_opens=now - datetime.timedelta(days=20),
    graduate_registration_closes=now + datetime.timedelta(hours=4),
    booth_capacity=n_enterprises, venue_capacity=n_tickets,
)
enterprises = Enterprise.objects.bulk_create(
    Enterprise(name=f"演练企业{i}有限公司", credit_code=f"9114010{i:09d}DR"[:18], city=city)
    for i in range(n_enterprises)
)
Membership.objects.bulk_create(
    Membership(association=association, enterprise=e, status="approved") for e in enterprises
)
recruiters = User.objects.bulk_create(
    User(email=f"hr{i}@drill.local", password="!", full_name=f"招聘专员{i}")
    for i in range(n_enterprises)
)
EnterpriseRecruiter.objects.bulk_create(
    EnterpriseRecruiter(enterprise=e, user=u, role="owner", status="active")
    for e, u in zip(enterprises, recruiters)
)
participations = Participation.objects.bulk_create(
    Participation(fair=fair, enterprise=e, status="approved", booth_number=f"A{i + 1}",
                  introduction="欢迎来展位交流。", present_at=now)
    for i, e in enumerate(enterprises)
)
titles = ["软件工程师", "会计", "销售代表", "电气工程师", "行政助理", "数据分析师"]
positions = Position.objects.bulk_create(
    Position(enterprise=e, title=titles[(i + k) % len(titles)], category="software",
             description="负责岗位相关工作，欢迎应届毕业生。", city=city, status="published",
             published_at=now, headcount=100000)
    for i, e in enumerate(enterprises) for k in range(3)
)
Through = Participation.positions.through
by_enterprise = {}
for position in positions:
    by_enterprise.setdefault(position.enterprise_id, []).append(position)
Through.objects.bulk_create(
    Through(participation=p, position=position)
    for p in participations for position in by_enterprise[p.enterprise_id]
)
graduates = User.objects.bulk_create(
    User(email=f"g{i}@drill.local", password="!", full_name=f"毕业生{i}", signup_role="graduate",
         phone=f"+86151{i:08d}", phone_verified=True)
    for i in range(n_tickets)
)
profiles = GraduateProfile.objects.bulk_create(
    GraduateProfile(user=u, full_name=u.full_name, university="太原理工大学", major="软件工程",
                    degree="bachelor", graduation_year=2026)
    for u in graduates
)
appliers = profiles[:n_graduates]
Cities = GraduateProfile.expected_cities.through
Cities.objects.bulk_create(Cities(graduateprofile=p, region=city) for p in appliers)
Resume.objects.bulk_create(
    Resume(graduate=p, kind="uploaded", original_name="cv.pdf", file="resumes/cv.pdf", size=100,
           pages=1, sha256="0")
    for p in appliers
)
tickets = Ticket.objects.bulk_create(
    Ticket(fair=fair, graduate=g, code=new_ticket_code()) for g in graduates
)
passes = [services.issue_door_pass(fair=fair, by=staff) for _ in range(4)]
applier_tokens = Token.objects.bulk_create(
    Token(user=p.user, key=Token.generate_key()) for p in appliers
)
recruiter_tokens = Token.objects.bulk_create(
    Token(user=u, key=Token.generate_key()) for u in recruiters
)
staff_token = Token.objects.create(user=staff, key=Token.generate_key())
print(json.dumps({
    "fair": fair.pk,
    "passes": passes,
    "codes": [t.code for t in tickets],
    "positions": [p.pk for p in positions],
    "graduates": [t.key for t in applier_tokens],
    "recruiters": [[t.key, [p.pk for p in by_enterprise[e.pk]]]
                   for t, e in zip(recruiter_tokens, enterprises)],
    "staff": staff_token.key,
}))
"""

CHECK = r"""
import json, sys
from pathlib import Path
from django.conf import settings
from django.core.files.storage import storages
from django.db.models import Count
from candidates.models import Application, Resume
from fairs.models import Ticket
from jobs.models import Position
from outbox.models import OutboxMessage
from outcomes.models import Report
from search.service import get_backend
from search.source import source

done = json.loads(Path(sys.argv[1]).read_text())
out = {"lost": {}, "duplicate": {}, "tasks_lost": {}}

# Applications: each answered pair has its row, and no pair has two.
pairs = {(a["graduate"], a["position"]) for a in done["apply"]}
rows = Application.objects.values_list("graduate__user__auth_token__key", "position_id")
found = {}
for key, position in rows:
    found[(key, position)] = found.get((key, position), 0) + 1
out["lost"]["apply"] = sum(1 for pair in pairs if (pair[0], pair[1]) not in found)
out["duplicate"]["apply"] = sum(1 for n in found.values() if n > 1)

# Check-ins: each accepted code is checked in, by the scan that was answered.
codes = {c["code"]: c["scan"] for c in done["checkin"]}
checked = dict(Ticket.objects.filter(code__in=codes, checked_in_at__isnull=False)
               .values_list("code", "checked_in_scan"))
out["lost"]["checkin"] = sum(1 for code in codes if code not in checked)
accepted = {}
for c in done["checkin_accepted"]:
    accepted[c] = accepted.get(c, 0) + 1
out["duplicate"]["checkin"] = sum(1 for n in accepted.values() if n > 1)

# Resumes: each answered upload has its row and its file; no file name twice.
names = {r["name"] for r in done["resume"]}
by_name = {}
for resume in Resume.objects.filter(original_name__startswith="drill-"):
    by_name.setdefault(resume.original_name, []).append(resume)
out["lost"]["resume"] = sum(
    1 for name in names
    if name not in by_name or not all(r.file.storage.exists(r.file.name) for r in by_name[name])
)
out["duplicate"]["resume"] = sum(1 for rs in by_name.values() if len(rs) > 1)

# Position changes: the title is the last one answered 2xx, or one sent after it.
titles = dict(Position.objects.values_list("pk", "title"))
lost_titles = 0
for pk, sent in done["title"].items():
    answered = [i for i, (title, ok) in enumerate(sent) if ok]
    if not answered:
        continue
    current = titles.get(int(pk))
    later = [title for title, _ok in sent[answered[-1]:]]
    if current not in later:
        lost_titles += 1
out["lost"]["title"] = lost_titles
out["duplicate"]["title"] = 0

# Reports: each answered request has its row.
ids = {r["id"] for r in done["report"]}
reports = {r.pk: r for r in Report.objects.filter(pk__in=ids)}
out["lost"]["report"] = sum(1 for pk in ids if pk not in reports)
out["duplicate"]["report"] = 0

# Tasks: outbox messages not done, reports without a stored PDF, e-mails not written, index.
left = list(OutboxMessage.objects.exclude(status="done").values_list("task", "status", "attempts"))
out["outbox_not_done"] = left
out["tasks_lost"]["outbox"] = len(left)
out["tasks_lost"]["pdf"] = sum(
    1 for r in Report.objects.all()
    if r.status != "done" or not r.file or not r.file.storage.exists(r.file.name)
)
mail = Path(settings.EMAIL_FILE_PATH)
mails = sum(p.read_bytes().count(b"\nMessage-ID: ") for p in mail.glob("*")) if mail.exists() else 0
emails = OutboxMessage.objects.filter(task="core.tasks.send_email").count()
out["emails_asked"], out["emails_written"] = emails, mails
out["tasks_lost"]["email"] = max(0, emails - mails)
indexed = get_backend().versions()
fresh = {d.id: d.version for d in source().all_documents()}
out["tasks_lost"]["index_missing"] = sum(1 for pk in fresh if pk not in indexed)
out["tasks_lost"]["index_stale"] = sum(
    1 for pk, v in fresh.items() if pk in indexed and indexed[pk] != v
)
out["tasks_lost"]["index_extra"] = sum(1 for pk in indexed if pk not in fresh)
out["rows"] = {
    "applications": Application.objects.count(),
    "checked_in": Ticket.objects.filter(checked_in_at__isnull=False).count(),
    "resumes_uploaded": Resume.objects.filter(original_name__startswith="drill-").count(),
    "reports": Report.objects.count(),
    "outbox": OutboxMessage.objects.count(),
}
out["tasks"] = dict(OutboxMessage.objects.values_list("task").annotate(n=Count("id")))
print(json.dumps(out))
"""


def tiny_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


# --- the load -----------------------------------------------------------------------------------


class Load:
    """Client threads through nginx; every answer is kept (kind, start, end, status), every write
    answered 2xx with its marker."""

    SEARCH_WORDS = ["软件", "会计", "销售", "工程师", "数据分析", "行政", "电气工程师", "助理"]

    def __init__(self, port: int, seeded: dict, clients: int, think: float):
        self.port, self.seeded, self.clients, self.think = port, seeded, clients, think
        self.lock = threading.Lock()
        self.answers: list[tuple[str, float, float, int]] = []
        self.done = {
            "apply": [],
            "checkin": [],
            "checkin_accepted": [],
            "resume": [],
            "title": {},
            "report": [],
        }
        self.degraded_searches = 0
        self.first_error: dict[str, str] = {}
        self.stop = threading.Event()
        pairs = [(g, p) for g in seeded["graduates"] for p in seeded["positions"]]
        random.Random(20).shuffle(pairs)
        self.pairs = iter(pairs)
        self.codes = iter(seeded["codes"])
        self.pdf = tiny_pdf()
        self.threads: list[threading.Thread] = []

    def request(self, kind, method, path, *, headers=None, body=None, retry=False):
        """Send it (once more with the same body if there was no answer or a 5xx and `retry`):
        the last status and body. An API write carries an Idempotency-Key, the same for both
        tries, as a client should: nginx may then send it to the other node when the one
        handling it dies (deploy/nginx/jinpin-app.conf), and a repeat is answered, not redone."""
        if method != "GET" and path.startswith("/api/"):
            headers = {**(headers or {}), "Idempotency-Key": str(uuid.uuid4())}
        for attempt in range(2 if retry else 1):
            started = time.time()
            status, answer = call(method, self.port, path, headers=headers, body=body)
            with self.lock:
                self.answers.append((kind, started, time.time(), status))
                if (status == 0 or status >= 500) and kind not in self.first_error:
                    self.first_error[kind] = f"{status} {answer[:200].decode(errors='replace')}"
            if 0 < status < 500:
                break
            if attempt == 0 and retry:
                time.sleep(0.5)
        return status, answer

    def json_request(self, kind, method, path, token, data, auth="Token"):
        headers = {"Authorization": f"{auth} {token}", "Content-Type": "application/json"}
        return self.request(
            kind, method, path, headers=headers, body=json.dumps(data).encode(), retry=True
        )

    # each kind of request ------------------------------------------------------------------

    def browse(self, n):
        fair = self.seeded["fair"]
        position = self.seeded["positions"][n % len(self.seeded["positions"])]
        path = ["/", f"/fairs/{fair}/", f"/jobs/{position}/"][n % 3]
        self.request("browse", "GET", path)

    def search(self, n):
        word = quote(self.SEARCH_WORDS[n % len(self.SEARCH_WORDS)])
        status, body = self.request("search", "GET", f"/search/?q={word}")
        if status == 200 and b'class="search-notice"' in body:
            with self.lock:
                self.degraded_searches += 1

    def apply(self, n):
        with self.lock:
            graduate, position = next(self.pairs)
        body = {"position": position, "source": "fair_page", "fair": self.seeded["fair"]}
        status, _ = self.json_request("apply", "POST", "/api/v1/applications/", graduate, body)
        if status in (200, 201):
            with self.lock:
                self.done["apply"].append({"graduate": graduate, "position": position})

    def checkin(self, n):
        with self.lock:
            code = next(self.codes)
        scan = str(uuid.uuid4())
        door_pass = self.seeded["passes"][n % len(self.seeded["passes"])]
        path = f"/fairs/{self.seeded['fair']}/checkin/scan/"
        body = {"code": code, "door": f"门{n % 4 + 1}", "scan": scan}
        status, answer = self.json_request("checkin", "POST", path, door_pass, body, "DoorPass")
        if status == 200:
            with self.lock:
                self.done["checkin"].append({"code": code, "scan": scan})
                if b'"outcome": "accepted"' in answer:
                    self.done["checkin_accepted"].append(code)

    def resume(self, n):
        graduate = self.seeded["graduates"][n % len(self.seeded["graduates"])]
        name = f"drill-{uuid.uuid4().hex[:12]}.pdf"
        body, content_type = multipart(name, self.pdf)
        headers = {"Authorization": f"Token {graduate}", "Content-Type": content_type}
        status, _ = self.request(
            "resume", "POST", "/api/v1/graduate/resumes/", headers=headers, body=body, retry=True
        )
        if status == 201:
            with self.lock:
                self.done["resume"].append({"name": name})

    def title(self, n, client):
        # Each client changes the positions of its own recruiters: the order of its writes to
        # a position is known.
        recruiters = self.seeded["recruiters"][client :: self.clients]
        token, positions = recruiters[n % len(recruiters)]
        position = positions[n % len(positions)]
        title = f"软件工程师 {uuid.uuid4().hex[:8]}"
        path = f"/api/v1/positions/{position}/"
        status, _ = self.json_request("title", "PATCH", path, token, {"title": title})
        with self.lock:
            self.done["title"].setdefault(str(position), []).append((title, status == 200))

    def report(self, n=0) -> int | None:
        status, body = self.json_request(
            "report", "POST", "/api/v1/outcomes/reports/", self.seeded["staff"], {"params": {}}
        )
        if status == 201:
            report = json.loads(body)["id"]
            with self.lock:
                self.done["report"].append({"id": report})
            return report
        return None

    def client(self, number: int) -> None:
        rng = random.Random(number)
        kinds = ["browse"] * 6 + ["search"] * 5 + ["apply"] * 4 + ["checkin"] * 4
        kinds += ["resume"] * 2 + ["title"] * 2
        kinds = kinds * 2 + ["report"]  # a PDF costs a worker a second or more
        n = number
        while not self.stop.is_set():
            kind = rng.choice(kinds)
            if kind == "title":
                self.title(n, number)
            else:
                getattr(self, kind)(n)
            n += 1
            time.sleep(self.think)

    def answered(self) -> dict:
        """Writes answered 2xx, by kind."""
        out = {kind: len(v) for kind, v in self.done.items() if kind != "title"}
        out["title"] = sum(ok for sent in self.done["title"].values() for _t, ok in sent)
        return out

    def start(self) -> None:
        self.threads = [
            threading.Thread(target=self.client, args=(n,), daemon=True)
            for n in range(self.clients)
        ]
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=90)


# --- the drill ----------------------------------------------------------------------------------


class Drill:
    def __init__(self, options):
        self.options = options
        self.folder = Path(tempfile.mkdtemp(prefix="jinpin-drill-"))
        (self.folder / "logs").mkdir()
        self.started = time.time()
        self.events: list[tuple[float, str]] = []
        self.windows: dict[str, tuple[float, float]] = {}  # piece → (down at, back at)
        self.recovery: dict[str, float] = {}
        self.notes: dict[str, object] = {}
        self.processes: list[Process] = []
        self.pg = self.redis = self.es = self.load = None
        self.nginx_config = None
        self.stop_supervisor = threading.Event()

    def event(self, what: str) -> float:
        now = time.time()
        self.events.append((now, what))
        log(what)
        return now

    # setting up ---------------------------------------------------------------------------

    def environment(self) -> dict:
        return {
            **os.environ,
            "DJANGO_ENV": "production",
            "SECRET_KEY": "drill-" + "x" * 60,
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "VAR_DIR": str(self.folder / "var"),
            "DATABASE_URL": self.pg.url,
            "CELERY_BROKER_URL": f"{self.redis.url}/0",
            "CACHE_URL": f"{self.redis.url}/1",
            "SEARCH_BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": self.es.url,
            "ELASTICSEARCH_REPLICAS": "1",
            "ELASTICSEARCH_INDEX_PREFIX": "jinpin-drill",
            "EMAIL_URL": "filemail://",
            "GUNICORN_WORKERS": "2",
            "LOG_LEVEL": "WARNING",
            **dict(self.options.setting or []),
        }

    def manage(self, *argv: str) -> None:
        subprocess.run(
            [str(VENV / "python"), "manage.py", *argv],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=(self.folder / "logs/manage.log").open("a"),
            stderr=subprocess.STDOUT,
        )

    def set_up(self) -> None:
        for port in (PG_PORT, REDIS_PORT, ES_HTTP, ES_HTTP + 1, ES_TRANSPORT, ES_TRANSPORT + 1):
            if not port_free(port):
                sys.exit(f"port {port} is in use: another drill running? (the drill's own ports)")
        log(f"folder {self.folder}")
        self.pg, self.redis = Postgres(self.folder), Redis(self.folder)
        self.es = Elasticsearch(self.folder)
        self.pg.create()
        self.redis.start()
        log("PostgreSQL and Redis up; starting Elasticsearch (two nodes)")
        self.es.run("start", "elasticsearch")
        self.es.run("start", "elasticsearch-2")
        self.env = self.environment()
        (self.folder / "var").mkdir()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        log("migrated; seeding")
        self.seeded = run_django_script(
            self.env, SEED, self.options.tickets, self.options.enterprises, self.options.graduates
        )
        self.manage("search_reindex")
        health = json.loads(
            call(
                "GET",
                ES_HTTP,
                "/_cluster/health/jinpin-drill-positions?wait_for_status=green&timeout=120s",
                host="es",
                timeout=130,
            )[1]
            or b"{}"
        )
        log(f"index built: cluster {health.get('status')}, {health.get('number_of_nodes')} nodes")
        python = str(VENV / "celery")
        common = ["-A", "config", "worker", "--concurrency", "1", "--loglevel", "WARNING"]
        common += ["--without-mingle", "--without-gossip"]
        self.worker_a = Process(
            "worker-a",
            [python, *common, "-Q", "search,default", "-n", "a@drill"],
            self.env,
            self.folder,
        )
        self.worker_b = Process(
            "worker-b",
            [python, *common, "-Q", "messages,documents,reminders", "-n", "b@drill", "-c", "2"],
            self.env,
            self.folder,
        )
        schedule = str(self.folder / "var/beat-schedule")
        self.beat = Process(
            "beat",
            [python, "-A", "config", "beat", "--loglevel", "WARNING", "--schedule", schedule],
            self.env,
            self.folder,
        )
        self.nodes = [Node(1, self.env, self.folder), Node(2, self.env, self.folder)]
        self.processes = [self.worker_a, self.worker_b, self.beat, *self.nodes]
        for process in (self.worker_a, self.worker_b, self.beat):
            process.start()
        for node in self.nodes:
            node.start_ready()
        self.port = free_port()
        self.nginx_config = nginx_config(self.folder, self.port, [n.port for n in self.nodes])
        subprocess.run(["nginx", "-p", str(self.folder), "-c", str(self.nginx_config)], check=True)
        threading.Thread(target=self.supervisor, daemon=True).start()
        log(f"nginx on {self.port} in front of nodes {[n.port for n in self.nodes]}")

    def supervisor(self) -> None:
        while not self.stop_supervisor.wait(1):
            for process in self.processes:
                process.supervise()

    # the faults ---------------------------------------------------------------------------

    def pause(self) -> None:
        time.sleep(self.options.pause)

    def kill_node(self) -> None:
        down = self.event("node 1: SIGKILL to its process group")
        self.nodes[0].kill()
        time.sleep(5)
        back = self.event("node 1: starting again")
        self.recovery["app_node"] = round(self.nodes[0].start_ready(), 1)
        self.event(f"node 1: ready after {self.recovery['app_node']} s")
        self.windows["app_node"] = (down, back)

    def restart_redis(self) -> None:
        down = self.event("redis: stopping (nothing saved: its queues are lost)")
        self.redis.stop()
        time.sleep(3)
        self.redis.start()
        back = self.event("redis: back")
        self.windows["redis"] = (down, back)

    def report_rendering(self) -> int:
        """Request a PDF report and return its id once a worker is rendering it (its outbox
        message running); another if one was done before it was seen running."""
        import psycopg

        for _attempt in range(5):
            report = self.load.report()
            if report is None:
                continue
            with psycopg.connect(self.pg.url, autocommit=True) as conn:
                deadline = time.monotonic() + 30
                state = None
                while time.monotonic() < deadline:
                    state = conn.execute(
                        "SELECT status FROM outbox_outboxmessage WHERE task = %s "
                        "AND args = %s::jsonb",
                        ["outcomes.tasks.generate_report", json.dumps([report])],
                    ).fetchone()
                    if state and state[0] in ("running", "done"):
                        break
                    time.sleep(0.01)
            if state and state[0] == "running":
                return report
            log(f"report {report} was {state} before it could be seen running: another")
        raise RuntimeError("no report was ever seen running: worker b not consuming?")

    def kill_worker_mid_task(self) -> None:
        report = self.report_rendering()
        down = self.event(f"worker b: SIGKILL while it renders report {report}")
        self.worker_b.kill()
        self.notes["killed_report"] = report
        time.sleep(5)
        back = self.event("worker b: starting again")
        self.worker_b.start()
        self.windows["worker"] = (down, back)

    def stop_es_node(self) -> None:
        down = self.event("elasticsearch node 2: stopping")
        self.es.run("stop", "elasticsearch-2")
        self.notes["es_health_one_node"] = self.es.health().get("status")
        self.pause()
        self.event("elasticsearch node 2: starting")
        self.es.run("start", "elasticsearch-2")
        back = self.event("elasticsearch node 2: answers")
        self.windows["elasticsearch"] = (down, back)
        waited = wait_for(lambda: self.es.health().get("status") == "green", 300, "green", 0.5)
        self.notes["es_green_after_s"] = round(time.time() - back, 1)
        self.event(f"elasticsearch: green {waited:.1f} s after node 2 answered")

    def restart_postgres(self) -> None:
        report = self.report_rendering()
        down = self.event(f"postgresql: fast shutdown while report {report} renders")
        self.pg.stop("fast")
        time.sleep(3)
        self.pg.start()
        back = self.event("postgresql: back")
        self.windows["postgresql"] = (down, back)
        self.notes["report_cut_by_postgresql"] = report

    def reload_nginx(self, down: int | None = None) -> None:
        ports = [n.port for n in self.nodes]
        nginx_config(self.folder, self.port, ports, down)
        command = ["nginx", "-p", str(self.folder), "-c", str(self.nginx_config), "-s", "reload"]
        subprocess.run(command, check=True, capture_output=True)

    def rolling_restart(self) -> None:
        """One node at a time: drained at nginx (marked down, reloaded: a graceful reload lets
        the old nginx workers finish their requests), stopped gracefully, started, ready, put
        back. SIGTERM alone is not enough: nginx reuses kept-alive connections to the node,
        and a POST sent on one the stopping node closes at that instant is answered 502
        (nginx never resends a POST)."""
        begin = self.event("rolling restart: begins")
        for node in self.nodes:
            if self.options.rolling == "sigterm":  # the node is left in nginx's pool
                self.event(f"{node.name}: SIGTERM (graceful), still in nginx's pool")
                node.stop()
                seconds = node.start_ready()
                self.event(f"{node.name}: ready after {seconds:.1f} s; nginx's fail_timeout")
                time.sleep(FAIL_TIMEOUT + 1)
                continue
            self.reload_nginx(down=node.port)
            self.event(f"{node.name}: drained at nginx")
            time.sleep(DRAIN_S)
            self.event(f"{node.name}: SIGTERM (graceful)")
            node.stop()
            seconds = node.start_ready()
            self.reload_nginx()
            self.event(f"{node.name}: ready after {seconds:.1f} s, back in nginx's pool")
            time.sleep(DRAIN_S)
        end = self.event("rolling restart: done")
        self.windows["rolling_restart"] = (begin, end)

    # after --------------------------------------------------------------------------------

    def drain(self, timeout: float) -> float:
        """Wait until the outbox holds nothing pending or running and the queues are empty."""
        import psycopg

        def empty() -> bool:
            with psycopg.connect(self.pg.url, autocommit=True) as conn:
                left = conn.execute(
                    "SELECT count(*) FROM outbox_outboxmessage WHERE status IN "
                    "('pending', 'running')"
                ).fetchone()[0]
            queued = sum(
                int(self.redis.command("-n", "0", "LLEN", queue) or 0)
                for queue in ("default", "search", "messages", "documents", "reminders")
            )
            return left == 0 and queued == 0

        try:
            return wait_for(empty, timeout, "queues drained", 1.0)
        except RuntimeError:
            return -1

    def undrained(self) -> None:
        """Say what is left: the outbox rows not done, what the workers are running."""
        import psycopg

        with psycopg.connect(self.pg.url, autocommit=True) as conn:
            for row in conn.execute(
                "SELECT task, args, status, attempts,"
                " round(extract(epoch FROM now() - created_at)),"
                " round(extract(epoch FROM not_before - now())), left(last_error, 200)"
                " FROM outbox_outboxmessage WHERE status IN ('pending', 'running')"
                " ORDER BY created_at LIMIT 20"
            ):
                log(f"  left: {row}")
        active = subprocess.run(
            [str(VENV / "celery"), "-A", "config", "inspect", "active", "--timeout", "5"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        log(f"  workers running: {active.stdout.strip()[-1500:]}")

    def task_recovery(self) -> dict:
        """Per piece: seconds from its return until every task written while it was down (or
        just before: a message lost in Redis, a task killed with its worker) was done."""
        import psycopg

        out = {}
        with psycopg.connect(self.pg.url, autocommit=True) as conn:
            for piece, (down, back) in self.windows.items():
                row = conn.execute(
                    "SELECT max(extract(epoch FROM done_at)) FROM outbox_outboxmessage "
                    "WHERE created_at BETWEEN to_timestamp(%s) AND to_timestamp(%s)",
                    [down - 5, back],
                ).fetchone()
                if row and row[0] is not None:
                    out[piece] = round(max(0.0, float(row[0]) - back), 1)
            for note, piece in (
                ("killed_report", "worker"),
                ("report_cut_by_postgresql", "postgresql"),
            ):
                row = conn.execute(
                    "SELECT extract(epoch FROM finished_at) FROM outcomes_report WHERE id = %s",
                    [self.notes.get(note, 0)],
                ).fetchone()
                if row and row[0] is not None:
                    back = self.windows[piece][1]
                    self.notes[f"{note}_done_after_s"] = round(float(row[0]) - back, 1)
        return out

    def pieces(self) -> list[tuple[str, float, float, float]]:
        """(piece, down at, back at, next piece down at) in the order they failed."""
        order = sorted(self.windows.items(), key=lambda item: item[1][0])
        out = []
        for i, (piece, (down, back)) in enumerate(order):
            until = order[i + 1][1][0] if i + 1 < len(order) else float("inf")
            out.append((piece, down, back, until))
        return out

    def request_recovery(self) -> dict:
        """Per piece: seconds from its return until requests stopped failing (the end of the
        last failed request that ended after it returned and before the next piece failed; 0
        when none did)."""
        out = {}
        for piece, _down, back, until in self.pieces():
            late = [a[2] for a in self.load.answers if back <= a[2] < until and failed(a[3])]
            out[piece] = round(max(late) - back, 1) if late else 0.0
        return out

    def failures_by_piece(self) -> dict:
        """Failed requests (5xx or no answer) by the piece that failed last before they ended."""
        out: dict[str, int] = {}
        pieces = self.pieces()
        for _kind, _start, end, status in self.load.answers:
            if not failed(status):
                continue
            piece = next((p for p, down, _b, until in pieces if down <= end < until), "none")
            out[piece] = out.get(piece, 0) + 1
        return out

    def run(self) -> dict:
        self.set_up()
        self.load = Load(self.port, self.seeded, self.options.clients, self.options.think)
        load_started = self.event(f"load: {self.options.clients} clients through nginx")
        self.load.start()
        steps = [
            self.kill_node,
            self.restart_redis,
            self.kill_worker_mid_task,
            self.stop_es_node,
            self.restart_postgres,
            self.rolling_restart,
        ]
        for step in steps:
            self.pause()
            step()
        self.pause()
        self.load.finish()
        load_ended = self.event("load: stopped; waiting for the queues to drain")
        drained = self.drain(self.options.drain)
        self.event(f"drained after {drained:.1f} s" if drained >= 0 else "NOT drained")
        if drained < 0:
            self.undrained()
        records = self.folder / "done.json"
        records.write_text(json.dumps(self.load.done))
        checked = run_django_script(self.env, CHECK, str(records))
        return self.report(checked, load_started, load_ended, drained)

    def report(self, checked, load_started, load_ended, drained) -> dict:
        answers = self.load.answers
        pg_down = self.windows["postgresql"]
        errors = [a for a in answers if a[3] >= 500]
        outside = [a for a in errors if not (a[1] <= pg_down[1] and a[2] >= pg_down[0])]
        no_answer = [a for a in answers if a[3] == 0]
        roll = self.windows["rolling_restart"]
        rolling = [a for a in answers if a[1] >= roll[0] and a[2] <= roll[1]]
        rolling_failed = [a for a in rolling if not ok(a[3])]
        requests_recovery = self.request_recovery()
        tasks_recovery = self.task_recovery()
        recovery = {}
        for piece in self.windows:
            recovery[piece] = max(
                requests_recovery.get(piece, 0),
                tasks_recovery.get(piece, 0),
                self.recovery.get(piece, 0),
            )
        recovery["elasticsearch"] = max(
            recovery.get("elasticsearch", 0), self.notes.get("es_green_after_s", 0)
        )
        for note, piece in (
            ("killed_report_done_after_s", "worker"),
            ("report_cut_by_postgresql_done_after_s", "postgresql"),
        ):
            if note in self.notes:
                recovery[piece] = max(recovery[piece], self.notes[note])
        recovery.pop("rolling_restart", None)
        recovery["max"] = max(recovery.values())
        lost = sum(checked["lost"].values())
        duplicates = sum(checked["duplicate"].values())
        tasks_lost = sum(checked["tasks_lost"].values())
        by_kind: dict[str, dict[int, int]] = {}
        for kind, _s, _e, status in answers:
            by_kind.setdefault(kind, {}).setdefault(status, 0)
            by_kind[kind][status] += 1

        def when(t: float) -> float:
            return round(t - load_started, 1)

        print()
        print(f"requests by kind and status: {json.dumps(by_kind, sort_keys=True)}")
        print("timeline (seconds from the load's start):")
        for t, what in self.events:
            print(f"  {when(t):7.1f}  {what}")
        windows = error_windows(errors)
        print(
            f"5xx: {len(errors)} in {[(when(a), when(b), n) for a, b, n in windows]} "
            f"(PostgreSQL down {when(pg_down[0])}–{when(pg_down[1])}); outside it: {len(outside)}"
        )
        for kind, answer in self.load.first_error.items():
            print(f"  first failure of {kind}: {answer}")
        print(f"no answer at all (counted apart from 5xx): {len(no_answer)}")
        by_piece = self.failures_by_piece()
        print(f"failed requests by the piece that failed last before they ended: {by_piece}")
        print(
            f"rolling restart: {len(rolling)} requests, {len(rolling_failed)} failed "
            f"{sorted({a[3] for a in rolling_failed})}"
        )
        print(f"lost writes {checked['lost']}; duplicates {checked['duplicate']}")
        print(f"tasks lost {checked['tasks_lost']}; outbox not done {checked['outbox_not_done']}")
        print(
            f"e-mails asked {checked['emails_asked']}, written {checked['emails_written']}; "
            f"rows {checked['rows']}; tasks {checked['tasks']}"
        )
        print(f"searches answered from the database (notice shown): {self.load.degraded_searches}")
        print(f"recovery (s): requests {requests_recovery}, tasks {tasks_recovery}")
        print(f"notes: {self.notes}")
        restarted = {p.name: p.restarts_by_itself for p in self.processes if p.restarts_by_itself}
        print(f"processes that exited by themselves and were restarted: {restarted or 'none'}")
        return {
            "requests": len(answers),
            "errors_5xx": len(errors),
            "errors_5xx_outside_pg_down": len(outside),
            "no_answer": len(no_answer),
            "lost_writes": lost,
            "duplicate_writes": duplicates,
            "tasks_lost": tasks_lost,
            "recovery_s": recovery,
            "rolling_restart_requests": len(rolling),
            "rolling_restart_failed": len(rolling_failed),
            "writes_answered": self.load.answered(),
            "errors_5xx_windows": [[when(a), when(b), n] for a, b, n in windows],
            "pg_down": [when(pg_down[0]), when(pg_down[1])],
            "drained_s": round(drained, 1),
            "load_s": round(load_ended - load_started, 1),
            "restarted_by_supervisor": restarted,
            "failed_by_piece": self.failures_by_piece(),
        }

    def tear_down(self) -> None:
        """Stop everything it started; each step even when one before failed."""
        self.stop_supervisor.set()
        if self.load is not None:
            self.load.stop.set()
        nginx = ["nginx", "-p", str(self.folder), "-c", str(self.nginx_config)]
        steps = [
            *(
                [lambda: subprocess.run([*nginx, "-s", "stop"], check=False, capture_output=True)]
                if self.nginx_config is not None
                else []
            ),
            *(lambda p=process: p.stop(timeout=20) for process in self.processes),
            *([self.es.stop_all] if self.es is not None else []),
            *([self.redis.stop] if self.redis is not None else []),
            *([lambda: self.pg.stop("immediate")] if self.pg is not None else []),
        ]
        for step in steps:
            try:
                step()
            except Exception as error:  # the next piece must still be stopped
                log(f"teardown: {error!r}")
        for name in ("pg", "es", "var"):
            shutil.rmtree(self.folder / name, ignore_errors=True)
        log(f"everything stopped; logs in {self.folder}/logs")


def ok(status: int) -> bool:
    return 200 <= status < 400 or status in (400, 404, 409)


def failed(status: int) -> bool:
    return status == 0 or status >= 500


def error_windows(errors, gap: float = 2.0) -> list[tuple[float, float, int]]:
    """5xx answers grouped into windows (start, end, count): a gap of `gap` s starts a new one."""
    windows: list[list] = []
    for _kind, start, end, _status in sorted(errors, key=lambda a: a[1]):
        if windows and start - windows[-1][1] <= gap:
            windows[-1][1] = max(windows[-1][1], end)
            windows[-1][2] += 1
        else:
            windows.append([start, end, 1])
    return [tuple(w) for w in windows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=6, help="client threads through nginx")
    parser.add_argument("--think", type=float, default=0.1, help="seconds between two requests")
    parser.add_argument("--pause", type=float, default=10, help="seconds between two faults")
    parser.add_argument("--drain", type=float, default=180, help="longest wait for the queues")
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--enterprises", type=int, default=20)
    parser.add_argument("--graduates", type=int, default=200, help="graduates who apply")
    parser.add_argument(
        "--rolling",
        choices=["drain", "sigterm"],
        default="drain",
        help="the rolling restart: drain each node at nginx first (deploy/README.md), or only "
        "SIGTERM it and wait for /readyz and nginx's fail_timeout (a POST can be lost)",
    )
    parser.add_argument(
        "--setting",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="a setting of every process, e.g. --setting OUTBOX_RUN_LEASE_SECONDS 30",
    )
    options = parser.parse_args()
    drill = Drill(options)

    def terminated(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminated)
    try:
        result = drill.run()
    finally:
        # A second Ctrl-C (or the SIGTERM of a whole process group) must not cut the teardown.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        drill.tear_down()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
