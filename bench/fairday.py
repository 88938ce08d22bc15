"""Benchmark: a fair day at full scale, on gunicorn and PostgreSQL, with the machine's yardstick.

Two phases against one running campus fair:

1. **Doors.** Staff scan tickets at `--doors` doors as fast as the server answers, through what
   the check-in page sends (`POST /fairs/<id>/checkin/scan/` with its door pass); every tenth
   ticket comes back at another door (a second scan: amber, counted once). Gives check-ins per
   second and their p95.
2. **Mixed.** For `--seconds`, doors keep scanning the other tickets as fast as the server
   answers while people act at their own pace (a request, `--think` seconds, the next): graduates
   open the fair page, search within the fair, apply from booths (`POST /api/v1/applications/`)
   and recruiters capture leads by scanning tickets (`POST /api/v1/fair-leads/scan/<booth>/`).
   Gives requests per second over all of them and their p95, and each kind's p95.

`--faults` runs phase 2 for longer with the pieces of a fair day failing: the benchmark's own
redis-server (never the shared one: its own port, `--redis-port`) is the Celery broker and the
cache; it stops for 30 s, the Celery worker is stopped, and the search index is deleted, mid-run.
Check-ins must keep succeeding with no scan lost or counted twice, searches answer from the
database with their notice, and once Redis and the worker are back the work queued meanwhile
(applications' e-mails, the index) must be done within 420 s (an e-mail lost with Redis's queue
is sent again when its outbox send lease ends: `--send-lease`, 30 s here, 120 s by default;
one claimed by the stopped worker when its task's lease ends, 300 s).

    .venv/bin/python bench/fairday.py [--tickets 30000] [--doors 10] [--seconds 30] [--faults]

bench/calibrate.py runs before the load (`--no-calibrate` skips it): give its ratio with the
figures. The lines before the last say where the CPU went (per request, in gunicorn, PostgreSQL
and the load generator) and how many cores that kept busy. The last line is one JSON object:
{"checkins_per_s", "checkin_p95_ms", "requests_per_s", "p95_ms", "errors", "tickets",
"tickets_checked_in", "calibration_ratio", ...}. It creates (and drops) its own database on the
PostgreSQL server of --database-url and its own VAR_DIR (embedded search index, e-mail files).
"""

import argparse
import asyncio
import json
import random
import shutil
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

from benchlib import (
    Client,
    OwnRedis,
    ScratchStack,
    Worker,
    add_server_arguments,
    busy_cores_line,
    calibrate,
    http_request,
    manage,
    run_django_script,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tickets", type=int, default=30000, help="graduates registered (28,000 came to one fair)"
    )
    parser.add_argument("--doors", type=int, default=10, help="doors scanning at once")
    parser.add_argument("--seconds", type=float, default=30, help="length of the mixed phase")
    parser.add_argument("--visitors", type=int, default=20, help="graduates opening the fair page")
    parser.add_argument("--searchers", type=int, default=10, help="graduates searching the fair")
    parser.add_argument("--appliers", type=int, default=5, help="graduates applying from booths")
    parser.add_argument("--recruiters", type=int, default=5, help="recruiters capturing leads")
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds a person takes between two requests"
    )
    parser.add_argument("--mixed-doors", type=int, default=10, help="doors during the mixed phase")
    parser.add_argument("--enterprises", type=int, default=60, help="booths")
    parser.add_argument("--faults", action="store_true", help="Redis, worker and index fail")
    parser.add_argument("--redis-port", type=int, default=6391, help="the bench's own Redis")
    parser.add_argument(
        "--send-lease",
        type=int,
        default=30,
        help="with --faults: OUTBOX_SEND_LEASE_SECONDS (how long before a lost message is resent)",
    )
    parser.add_argument("--no-calibrate", action="store_true")
    parser.add_argument("--worker-connections", type=int, default=0)
    # As deploy/gunicorn.conf.py runs an app node: 4 workers of 4 threads.
    add_server_arguments(parser, port=8766, database="jinpin_bench_fairday", threads=4)
    return parser.parse_args()


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

# psycopg 3 sends at most 65,535 parameters a statement and Django does not batch bulk inserts
# on PostgreSQL: 30,000 users of twenty-odd columns go in batches.
BATCH = 1000

n_tickets, n_doors, n_enterprises, n_appliers = (int(x) for x in sys.argv[1:5])
now = timezone.now()
city, _ = Region.objects.get_or_create(code="140100", defaults={"name": "太原市", "level": "city"})
association = Association.objects.create(name="山西省压测行业协会", industries="I")
staff = User.objects.bulk_create(
    User(email=f"door{i}@bench.local", password="!", full_name=f"工作人员{i}")
    for i in range(n_doors)
)
AssociationStaff.objects.bulk_create(
    AssociationStaff(association=association, user=u, role="member") for u in staff
)
fair = Fair.objects.create(
    organiser=association, title="山西大学2026届毕业生双选会（压测）", kind="campus",
    format="fair", host_university="山西大学", venue="体育馆", city=city, status="ongoing",
    starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=5),
    enterprise_registration_opens=now - datetime.timedelta(days=20),
    enterprise_registration_closes=now - datetime.timedelta(days=1),
    graduate_registration_opens=now - datetime.timedelta(days=20),
    graduate_registration_closes=now + datetime.timedelta(hours=4),
    booth_capacity=n_enterprises, venue_capacity=n_tickets,
)
enterprises = Enterprise.objects.bulk_create(
    Enterprise(name=f"压测企业{i}有限公司", credit_code=f"9114010{i:09d}BX"[:18], city=city)
    for i in range(n_enterprises)
)
Membership.objects.bulk_create(
    Membership(association=association, enterprise=e, status="approved") for e in enterprises
)
recruiters = User.objects.bulk_create(
    User(email=f"hr{i}@bench.local", password="!", full_name=f"招聘专员{i}")
    for i in range(n_enterprises)
)
EnterpriseRecruiter.objects.bulk_create(
    EnterpriseRecruiter(enterprise=e, user=u, role="owner", status="active")
    for e, u in zip(enterprises, recruiters)
)
participations = Participation.objects.bulk_create(
    Participation(fair=fair, enterprise=e, status="approved", booth_number=f"A{i + 1}",
                  introduction="欢迎来展位交流。", present_at=now if i % 3 else None)
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
    [User(email=f"g{i}@bench.local", password="!", full_name=f"毕业生{i}", signup_role="graduate",
          phone=f"+86150{i:08d}", phone_verified=True)  # a proved number completes a profile
     for i in range(n_tickets)],
    batch_size=BATCH,
)
profiles = GraduateProfile.objects.bulk_create(
    [GraduateProfile(user=u, full_name=u.full_name, university="山西大学", major="软件工程",
                    degree="bachelor", graduation_year=2026)
    for u in graduates],
    batch_size=BATCH,
)
appliers = profiles[:n_appliers]
Cities = GraduateProfile.expected_cities.through
Cities.objects.bulk_create(Cities(graduateprofile=p, region=city) for p in appliers)
Resume.objects.bulk_create(
    Resume(graduate=p, kind="uploaded", original_name="cv.pdf", file="resumes/cv.pdf", size=100,
           pages=1, sha256="0")
    for p in appliers
)
tickets = Ticket.objects.bulk_create(
    [Ticket(fair=fair, graduate=g, code=new_ticket_code()) for g in graduates], batch_size=BATCH
)
passes = [services.issue_door_pass(fair=fair, by=u) for u in staff]
applier_tokens = Token.objects.bulk_create(
    Token(user=p.user, key=Token.generate_key()) for p in appliers
)
recruiter_tokens = Token.objects.bulk_create(
    Token(user=u, key=Token.generate_key()) for u in recruiters
)
# A database in service has statistics (autovacuum analyzes a table once a tenth of it has
# changed); a bulk load has none until then, and without them PostgreSQL planned each scan's
# UPDATE through the fair's index, reading all its tickets (every one, each scan), not the code's.
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print(json.dumps({
    "fair": fair.pk,
    "passes": passes,
    "codes": [t.code for t in tickets],
    "positions": [p.pk for p in positions],
    "appliers": [t.key for t in applier_tokens],
    "booths": [[t.key, p.pk] for t, p in zip(recruiter_tokens, participations)],
}))
"""

SEARCH_WORDS = ["软件", "会计", "销售", "工程师", "数据分析", "行政", "电气工程师", "助理"]
DEGRADED_MARK = b'class="search-notice"'


def door_queues(codes: list[str], doors: int) -> list[list[str]]:
    """Each door's queue of codes; every tenth ticket comes back later at another door."""
    queues: list[list[str]] = [[] for _ in range(doors)]
    for i, code in enumerate(codes):
        queues[i % doors].append(code)
    for i, code in enumerate(codes[::10]):
        queue = queues[(i + 1) % doors]
        queue.insert((10 + 7 * i) % (len(queue) + 1), code)
    return queues


class Tally:
    """Latencies and answers per kind of request, and what the check-ins said."""

    def __init__(self):
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, dict[int, int]] = {}
        self.accepted: dict[str, int] = {}  # code → times answered "accepted"
        self.degraded_searches = 0
        self.searches = 0
        self.first_error: dict[str, str] = {}  # kind → the first unexpected answer, to print

    def count(self, kind: str, status: int, latency: float, body: bytes = b"") -> None:
        if status not in EXPECTED[kind] and kind not in self.first_error:
            self.first_error[kind] = f"{status} {body[:300].decode(errors='replace')}"
        self.latencies.setdefault(kind, []).append(latency)
        by_status = self.statuses.setdefault(kind, {})
        by_status[status] = by_status.get(status, 0) + 1

    def all_latencies(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]

    def errors(self, expected: dict[str, tuple[int, ...]]) -> int:
        return sum(
            n
            for kind, by_status in self.statuses.items()
            for status, n in by_status.items()
            if status not in expected[kind]
        )


EXPECTED = {
    "check-in": (200,),
    "fair page": (200,),
    "search": (200,),
    "apply": (200, 201),
    "lead": (201,),
}


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100)[94] * 1000


async def scan_door(port, fair, door_pass, door, queue, tally, stop=None, extra=None):
    """Scan the queue's codes one after another (then `extra`'s, until `stop`)."""
    client = Client(port)
    path = f"/fairs/{fair}/checkin/scan/"
    headers = {"Authorization": f"DoorPass {door_pass}"}

    async def one(code):
        body = {"code": code, "door": door}
        request = http_request(port, "POST", path, headers=headers, body=body)
        status, latency, answer = await client.exchange(request)
        tally.count("check-in", status, latency, answer)
        if status == 200 and b'"outcome": "accepted"' in answer:
            tally.accepted[code] = tally.accepted.get(code, 0) + 1

    for code in queue:
        if stop is not None and stop.is_set():
            break
        await one(code)
    while extra and stop is not None and not stop.is_set():
        await one(random.choice(extra))
    client.close()


async def loop(port, tally, kind, make_request, stop, think, inspect=None):
    """A person: a request, `think` seconds to read it (from a random start), the next."""
    client = Client(port)
    n = 0
    await asyncio.sleep(random.uniform(0, think))
    while not stop.is_set():
        status, latency, body = await client.exchange(make_request(n))
        tally.count(kind, status, latency, body)
        if inspect:
            inspect(status, body)
        n += 1
        await asyncio.sleep(think)
    client.close()


async def doors_phase(args, seeded, codes):
    tally = Tally()
    queues = door_queues(codes, args.doors)
    passes = seeded["passes"]
    started = time.perf_counter()
    await asyncio.gather(
        *(
            scan_door(args.port, seeded["fair"], passes[i], f"门{i + 1}", queue, tally)
            for i, queue in enumerate(queues)
        )
    )
    return time.perf_counter() - started, tally


async def mixed_phase(args, seeded, codes, scanned_before, faults):
    tally = Tally()
    stop = asyncio.Event()
    fair, port = seeded["fair"], args.port
    queues = door_queues(codes, args.mixed_doors)
    passes = seeded["passes"]
    pairs = [(token, position) for token in seeded["appliers"] for position in seeded["positions"]]
    random.Random(18).shuffle(pairs)
    all_codes = seeded["codes"]
    booths = seeded["booths"]
    think = args.think

    def fair_page(n):
        path = f"/fairs/{fair}/" + ("?page=2" if n % 3 == 2 else "")
        return http_request(port, "GET", path)

    def search(n):
        word = SEARCH_WORDS[n % len(SEARCH_WORDS)]
        return http_request(port, "GET", f"/fairs/{fair}/?q={quote(word)}")

    def searched(status, body):
        tally.searches += 1
        if DEGRADED_MARK in body:
            tally.degraded_searches += 1

    applied = iter(pairs)

    def apply(n):
        token, position = next(applied)
        body = {"position": position, "source": "fair_page", "fair": fair}
        headers = {"Authorization": f"Token {token}"}
        return http_request(port, "POST", "/api/v1/applications/", headers=headers, body=body)

    def lead(n):
        token, booth = booths[n % len(booths)]
        code = all_codes[(n * 7919 + booth) % len(all_codes)]
        headers = {"Authorization": f"Token {token}"}
        path = f"/api/v1/fair-leads/scan/{booth}/"
        return http_request(port, "POST", path, headers=headers, body={"code": code})

    async def timer():
        await asyncio.sleep(args.seconds)
        stop.set()

    started = time.perf_counter()
    tasks = [
        timer(),
        *(
            scan_door(
                port, fair, passes[i % len(passes)], f"门{i + 1}", q, tally, stop, scanned_before
            )
            for i, q in enumerate(queues)
        ),
        *(loop(port, tally, "fair page", fair_page, stop, think) for _ in range(args.visitors)),
        *(
            loop(port, tally, "search", search, stop, think, searched)
            for _ in range(args.searchers)
        ),
        *(loop(port, tally, "apply", apply, stop, think) for _ in range(args.appliers)),
        *(loop(port, tally, "lead", lead, stop, think) for _ in range(args.recruiters)),
    ]
    if faults is not None:
        tasks.append(faults.play(stop))
    await asyncio.gather(*tasks)
    return time.perf_counter() - started, tally


class Faults:
    """The fair day's failures, at set moments of the mixed phase: the worker stops, Redis stops
    for 30 s, the search index is deleted; then Redis and the worker come back."""

    def __init__(self, redis: OwnRedis, worker: Worker, index_dir: Path):
        self.redis = redis
        self.worker = worker
        self.index_dir = index_dir
        self.log: list[str] = []

    def note(self, started: float, what: str) -> None:
        self.log.append(f"{time.perf_counter() - started:5.1f} s {what}")

    async def play(self, stop: asyncio.Event) -> None:
        started = time.perf_counter()
        await asyncio.sleep(5)
        await asyncio.to_thread(self.worker.stop)
        self.note(started, "Celery worker stopped")
        await asyncio.sleep(3)
        await asyncio.to_thread(self.redis.stop)
        self.note(started, "Redis stopped")
        await asyncio.sleep(4)
        shutil.rmtree(self.index_dir, ignore_errors=True)
        self.note(started, "search index deleted")
        await asyncio.sleep(26)
        await asyncio.to_thread(self.redis.start)
        self.note(started, "Redis back (30 s)")
        await asyncio.sleep(5)
        await asyncio.to_thread(self.worker.start)
        self.note(started, "Celery worker back")


def database_figures(url: str) -> dict:
    import psycopg

    with psycopg.connect(url) as conn:

        def one(sql):
            return conn.execute(sql).fetchone()[0]

        return {
            "tickets": one("SELECT count(*) FROM fairs_ticket"),
            "checked_in": one("SELECT count(*) FROM fairs_ticket WHERE checked_in_at IS NOT NULL"),
            "applications": one("SELECT count(*) FROM candidates_application"),
            "leads": one("SELECT count(*) FROM fairs_lead"),
        }


def outbox_left(url: str) -> list:
    """The outbox messages not done: (task, status, attempts, seconds until their not_before)."""
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT task, status, attempts, round(extract(epoch FROM not_before - now())),"
            " left(last_error, 120) FROM outbox_outboxmessage WHERE status <> 'done'"
        ).fetchall()


def mails_sent(var_dir: str) -> int:
    """E-mails written by the file backend: messages, not files (Django's names a file by the
    second and the backend object's id, so two messages in one second may share one)."""
    folder = Path(var_dir) / "mail"
    return sum(path.read_bytes().count(b"\nMessage-ID: ") for path in folder.glob("*"))


def wait_for_queued_work(stack, figures: dict, timeout: float = 420) -> dict:
    """After the faults: wait until each application's e-mail is sent and a search answers from
    the engine again; say how long that took."""
    import urllib.request

    started = time.monotonic()
    fair_url = f"http://127.0.0.1:{stack.args.port}/fairs/{stack.fair}/?q={quote('软件')}"
    mails = searches_ok = False
    while time.monotonic() - started < timeout:
        mails = mails_sent(stack.env["VAR_DIR"]) >= figures["applications"]
        with urllib.request.urlopen(fair_url, timeout=10) as response:
            searches_ok = DEGRADED_MARK not in response.read()
        if mails and searches_ok:
            break
        time.sleep(2)
    if not mails:  # say what the outbox still holds, and when it means to send it
        print(f"outbox not done after {timeout:.0f} s: {outbox_left(stack.args.database_url)}")
    return {
        "queued_work_done": mails and searches_ok,
        "mails_sent": mails_sent(stack.env["VAR_DIR"]),
        "search_back": searches_ok,
        "recovery_s": round(time.monotonic() - started, 1),
    }


def main() -> int:
    args = parse_args()
    yardstick = None if args.no_calibrate else calibrate()
    redis = OwnRedis(args.redis_port) if args.faults else None
    if redis is not None:
        redis.start()
    worker = None
    try:
        with ScratchStack(args, "fairday") as stack:
            stack.env["EMAIL_URL"] = "filemail://"  # each message a file under VAR_DIR/mail
            if redis is not None:
                stack.env["CELERY_BROKER_URL"] = f"{redis.url}/0"
                stack.env["CACHE_URL"] = f"{redis.url}/1"
                # A message lost with Redis is sent again once its send lease ends (120 s by
                # default): a shorter one lets the run see the recovery sooner.
                stack.env["OUTBOX_SEND_LEASE_SECONDS"] = str(args.send_lease)
            appliers = max(1, 400 * args.appliers)
            seeded = run_django_script(
                stack.env, SEED, args.tickets, args.doors, args.enterprises, appliers
            )
            manage(stack.env, "search_reindex")
            stack.fair = seeded["fair"]
            if redis is not None:
                worker = Worker(stack.env)
                worker.start()
            stack.serve(ready_path=f"/fairs/{seeded['fair']}/")
            codes = seeded["codes"]
            half = len(codes) // 2
            (doors_s, doors), doors_cpu = stack.measure(
                lambda: asyncio.run(doors_phase(args, seeded, codes[:half]))
            )
            faults = None
            if args.faults:
                faults = Faults(redis, worker, Path(stack.env["VAR_DIR"]) / "search")
                args.seconds = max(args.seconds, 60)
            (mixed_s, mixed), mixed_cpu = stack.measure(
                lambda: asyncio.run(mixed_phase(args, seeded, codes[half:], codes[:half], faults))
            )
            figures = database_figures(args.database_url)
            recovery = wait_for_queued_work(stack, figures) if args.faults else {}
            if worker is not None:  # before its database and VAR_DIR go
                worker.stop()
    finally:
        if worker is not None:
            worker.stop()
        if redis is not None:
            redis.stop()
    return report(
        args,
        yardstick,
        doors_s,
        doors,
        doors_cpu,
        mixed_s,
        mixed,
        mixed_cpu,
        figures,
        faults,
        recovery,
    )


def report(
    args, yardstick, doors_s, doors, doors_cpu, mixed_s, mixed, mixed_cpu, figures, faults, recovery
) -> int:
    scanned = set(doors.accepted) | set(mixed.accepted)
    accepted_twice = sum(
        1 for code in scanned if doors.accepted.get(code, 0) + mixed.accepted.get(code, 0) != 1
    )
    # Each distinct ticket scanned is checked in once: in the database and in the answers.
    lost_or_doubled = accepted_twice + abs(figures["checked_in"] - len(scanned))
    errors = doors.errors(EXPECTED) + mixed.errors(EXPECTED) + lost_or_doubled
    if args.faults and not recovery.get("queued_work_done"):
        errors += 1
    door_latencies = doors.latencies.get("check-in", [])
    mixed_latencies = mixed.all_latencies()
    result = {
        "checkins_per_s": round(len(door_latencies) / doors_s, 1),
        "checkin_p95_ms": round(p95(door_latencies), 1),
        "requests_per_s": round(len(mixed_latencies) / mixed_s, 1),
        "p95_ms": round(p95(mixed_latencies), 1),
        "errors": errors,
        "tickets": figures["tickets"],
        "tickets_checked_in": figures["checked_in"],
        "calibration_ratio": yardstick["ratio"] if yardstick else None,
        "faults": args.faults,
    }
    if args.faults:
        result["degraded_searches"] = mixed.degraded_searches
        result.update(recovery)
    print(
        f"doors: {len(door_latencies)} scans at {args.doors} doors in {doors_s:.1f} s "
        f"(every tenth ticket twice); answers {doors.statuses}"
    )
    print(
        f"mixed, {mixed_s:.1f} s: "
        + "; ".join(
            f"{kind} {len(values)} (p95 {p95(values):.0f} ms, {mixed.statuses[kind]})"
            for kind, values in mixed.latencies.items()
        )
    )
    print(
        f"database: {figures['tickets']} tickets, {figures['checked_in']} checked in, "
        f"{len(scanned)} distinct tickets scanned, {accepted_twice} answered 'accepted' other "
        f"than once; {figures['applications']} applications, {figures['leads']} leads"
    )
    for tally in (doors, mixed):
        for kind, answer in tally.first_error.items():
            print(f"first unexpected answer to {kind}: {answer}")
    if faults is not None:
        print("faults: " + "; ".join(faults.log))
        print(
            f"searches answered from the database with the notice: {mixed.degraded_searches} of "
            f"{mixed.searches}; after: {recovery}"
        )
    for name, seconds, cpu, count in (
        ("doors", doors_s, doors_cpu, len(door_latencies)),
        ("mixed", mixed_s, mixed_cpu, len(mixed_latencies)),
    ):
        per = 1000 / max(count, 1)
        print(
            f"CPU per request ({name}): gunicorn {cpu.server * per:.2f} ms, PostgreSQL "
            f"{cpu.database * per:.2f} ms, load generator {cpu.client * per:.2f} ms; "
            + busy_cores_line(cpu.total, seconds)
        )
    if yardstick:
        print(
            f"calibrate.py: {yardstick['requests_per_s']} requests/s, ratio {yardstick['ratio']} "
            "of the STACK-NOTES machine"
        )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
