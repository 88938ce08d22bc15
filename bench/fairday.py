"""Benchmark: the morning of a campus fair, through the HTTP API on gunicorn and PostgreSQL.

Graduates arrive and the organisers' staff scan their tickets at the doors
(`POST /api/v1/fairs/<id>/check-in/`); a tenth of the tickets are scanned twice (a second door, a
nervous graduate), which must count once. Each door's phone refreshes the fair's counters every
20 scans (the check-in page does every 5 s), and graduates in the hall open the fair's page and its
public list of participants meanwhile, one page a second each (`--think`). The doors scan as fast
as the server answers: the rate is what the doors could check in at most.

    .venv/bin/python bench/fairday.py [--tickets 3000] [--doors 10] [--visitors 20] [--think 1]

Prints check-ins per second with p50 and p95, the pages' p95, errors, and from the database how
many tickets are checked in (it must equal the distinct tickets scanned); then where the CPU
went, how many cores that kept busy, and the last line, one JSON object:
{"check_ins", "per_s", "p50_ms", "p95_ms", "page_p95_ms", "errors", "checked_in", "expected"}.
It creates (and drops afterwards) its own database on the PostgreSQL server of --database-url.
"""

import argparse
import asyncio
import json
import statistics
import sys
import time

from benchlib import (
    Client,
    ScratchStack,
    add_server_arguments,
    busy_cores_line,
    run_django_script,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=3000, help="graduates registered")
    parser.add_argument("--doors", type=int, default=10, help="staff scanning at once")
    parser.add_argument("--visitors", type=int, default=20, help="graduates browsing at once")
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds a visitor reads a page before the next"
    )
    parser.add_argument("--enterprises", type=int, default=60, help="approved participants")
    add_server_arguments(parser, port=8766, database="jinpin_bench_fairday")
    return parser.parse_args()


SEED = r"""
import datetime, json, sys
from django.utils import timezone
from rest_framework.authtoken.models import Token
from accounts.models import User
from associations.models import (
    Association, AssociationStaff, Enterprise, Membership, Region,
)
from fairs.models import Fair, Participation, Ticket, new_ticket_code
from jobs.models import Position

n_tickets, n_doors, n_enterprises = (int(x) for x in sys.argv[1:4])
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
participations = Participation.objects.bulk_create(
    Participation(fair=fair, enterprise=e, status="approved", booth_number=f"A{i + 1}",
                  introduction="欢迎来展位交流。")
    for i, e in enumerate(enterprises)
)
positions = Position.objects.bulk_create(
    Position(enterprise=e, title=f"岗位{i}-{k}", category="software", description="压测",
             city=city, status="published", published_at=now, headcount=5)
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
    User(email=f"g{i}@bench.local", password="!", full_name=f"毕业生{i}", signup_role="graduate")
    for i in range(n_tickets)
)
tickets = Ticket.objects.bulk_create(
    Ticket(fair=fair, graduate=g, code=new_ticket_code()) for g in graduates
)
tokens = Token.objects.bulk_create(Token(user=u, key=Token.generate_key()) for u in staff)
print(json.dumps({
    "fair": fair.pk,
    "tokens": [t.key for t in tokens],
    "codes": [t.code for t in tickets],
}))
"""


def request(port: int, method: str, path: str, token: str = "", body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    if token:
        head += f"Authorization: Token {token}\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    return (head + "\r\n").encode() + data


def scans(codes: list[str], doors: int) -> list[list[str]]:
    """Each door's queue of codes; every tenth ticket comes back later at another door."""
    queues: list[list[str]] = [[] for _ in range(doors)]
    for i, code in enumerate(codes):
        queues[i % doors].append(code)
    for i, code in enumerate(codes[::10]):
        queue = queues[(i + 1) % doors]
        queue.insert((10 + 7 * i) % (len(queue) + 1), code)
    return queues


async def _run_load(args, fair: int, tokens: list[str], queues: list[list[str]]):
    check_in_latencies: list[float] = []
    page_latencies: list[float] = []
    statuses: dict[str, dict[int, int]] = {"check-in": {}, "counters": {}, "pages": {}}
    doors_open = len(queues)

    def count(kind: str, code: int) -> None:
        statuses[kind][code] = statuses[kind].get(code, 0) + 1

    async def door(token: str, queue: list[str]):
        nonlocal doors_open
        client = Client(args.port)
        check_in = f"/api/v1/fairs/{fair}/check-in/"
        counters = request(args.port, "GET", f"/api/v1/fairs/{fair}/counters/", token)
        for n, code in enumerate(queue, start=1):
            status, latency = await client.send(
                request(args.port, "POST", check_in, token, {"code": code})
            )
            count("check-in", status)
            check_in_latencies.append(latency)
            if n % 20 == 0:
                status, _latency = await client.send(counters)
                count("counters", status)
        client.close()
        doors_open -= 1

    async def visitor(i: int):
        client = Client(args.port)
        pages = [
            request(args.port, "GET", f"/fairs/{fair}/"),
            request(args.port, "GET", f"/api/v1/fairs/{fair}/participants/"),
        ]
        n = 0
        while doors_open:
            status, latency = await client.send(pages[(i + n) % len(pages)])
            count("pages", status)
            page_latencies.append(latency)
            n += 1
            await asyncio.sleep(args.think)
        client.close()

    started = time.perf_counter()
    await asyncio.gather(
        *(door(token, queue) for token, queue in zip(tokens, queues, strict=True)),
        *(visitor(i) for i in range(args.visitors)),
    )
    return time.perf_counter() - started, check_in_latencies, page_latencies, statuses


def checked_in(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM fairs_ticket WHERE checked_in_at IS NOT NULL"
        ).fetchone()[0]


def main() -> int:
    args = parse_args()
    with ScratchStack(args, "fairday") as stack:
        seeded = run_django_script(stack.env, SEED, args.tickets, args.doors, args.enterprises)
        queues = scans(seeded["codes"], args.doors)
        stack.serve(ready_path=f"/fairs/{seeded['fair']}/")
        (elapsed, latencies, page_latencies, statuses), cpu = stack.measure(
            lambda: asyncio.run(_run_load(args, seeded["fair"], seeded["tokens"], queues))
        )
        rows = checked_in(args.database_url)
    scanned = sum(len(queue) for queue in queues)
    errors = sum(n for kind in statuses.values() for code, n in kind.items() if code != 200) + abs(
        rows - args.tickets
    )
    quantiles = statistics.quantiles(latencies, n=100)
    page_p95 = statistics.quantiles(page_latencies, n=100)[94] if len(page_latencies) > 1 else 0
    result = {
        "check_ins": scanned,
        "per_s": round(scanned / elapsed, 1),
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
        "page_p95_ms": round(page_p95 * 1000, 1),
        "errors": errors,
        "checked_in": rows,
        "expected": args.tickets,
    }
    print(
        f"{args.tickets} tickets scanned at {args.doors} doors ({scanned} scans, every tenth "
        f"twice) while {args.visitors} graduates browse, against gunicorn "
        f"({args.workers} workers x {args.threads} threads) and PostgreSQL in {elapsed:.1f} s; "
        "responses: "
        + "; ".join(f"{kind} {dict(sorted(codes.items()))}" for kind, codes in statuses.items())
        + f"; page views {len(page_latencies)}; tickets checked in: {rows} of {args.tickets}"
    )
    per = 1000 / scanned
    print(
        f"CPU per scan (with the page views meanwhile): gunicorn {cpu.server * per:.1f} ms, "
        f"PostgreSQL {cpu.database * per:.1f} ms, load generator {cpu.client * per:.1f} ms"
    )
    print(busy_cores_line(cpu.total, elapsed))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
