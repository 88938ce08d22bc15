"""Benchmark: graduates applying concurrently through the HTTP API on gunicorn and PostgreSQL.

Every application is sent twice at the same moment (two connections written in the same turn of
the event loop), to exercise the duplicate path: one request must create it (201), the other must
get the existing one (200). Afterwards the database is checked for duplicates.

    .venv/bin/python bench/apply.py [--clients 50] [--applications 2000] [--workers 4] [--threads 1]

gunicorn runs `--preload`ed gthread workers (keep-alive connections; the sync worker closes every
connection) with one thread each: two threads in one worker fight over the GIL while the other
waits for PostgreSQL, which cost about a quarter of the throughput here. The load generator is one
asyncio loop, so the two cores go to the server and PostgreSQL. The lines before the JSON tell
where the time goes: CPU per application in gunicorn, PostgreSQL and the load generator, and how
many cores that kept busy (well under the machine's count: the run did not get them all).

It creates (and drops afterwards) its own database on the PostgreSQL server of --database-url.
The last line printed is one JSON object:
{"applications", "per_s", "p50_ms", "p95_ms", "errors", "duplicates"}.
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
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--positions", type=int, default=40)
    add_server_arguments(parser, port=8765, database="jinpin_bench_apply")
    return parser.parse_args()


SEED = r"""
import io, json, sys
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter
from rest_framework.authtoken.models import Token
from accounts.models import User
from associations.models import Enterprise, EnterpriseRecruiter, Region
from candidates.models import GraduateProfile, Resume
from jobs.models import Position

n_graduates, n_positions, per_graduate = (int(x) for x in sys.argv[1:4])
city, _ = Region.objects.get_or_create(code="140100", defaults={"name": "太原市", "level": "city"})
enterprise = Enterprise.objects.create(
    name="压测科技有限公司", credit_code="91140100BENCH0001X", city=city
)
owner = User.objects.create_user(email="owner@bench.local", password=None)
EnterpriseRecruiter.objects.create(enterprise=enterprise, user=owner, role="owner", status="active")
positions = Position.objects.bulk_create(
    Position(enterprise=enterprise, title=f"岗位{i}", category="software", description="压测",
             city=city, status="published", published_at=timezone.now(), headcount=100000)
    for i in range(n_positions)
)
users = User.objects.bulk_create(
    User(email=f"g{i}@bench.local", password="!", full_name=f"毕业生{i}", signup_role="graduate",
         phone=f"+86150{i:08d}", phone_verified=True)  # a proved number completes a profile
    for i in range(n_graduates)
)
profiles = GraduateProfile.objects.bulk_create(
    GraduateProfile(user=u, full_name=u.full_name, university="山西大学", major="软件工程",
                    degree="bachelor", graduation_year=2026)
    for u in users
)
Through = GraduateProfile.expected_cities.through
Through.objects.bulk_create(Through(graduateprofile=p, region=city) for p in profiles)
writer = PdfWriter(); writer.add_blank_page(width=595, height=842)
buffer = io.BytesIO(); writer.write(buffer)
first = Resume(graduate=profiles[0], kind="uploaded", original_name="cv.pdf",
               size=len(buffer.getvalue()), pages=1, sha256="0")
first.file.save("cv.pdf", ContentFile(buffer.getvalue()), save=True)
Resume.objects.bulk_create(
    Resume(graduate=p, kind="uploaded", original_name="cv.pdf", file=first.file.name,
           size=first.size, pages=1, sha256="0")
    for p in profiles[1:]
)
tokens = Token.objects.bulk_create(Token(user=u, key=Token.generate_key()) for u in users)
jobs = []
for i, token in enumerate(tokens):
    for k in range(per_graduate):
        jobs.append((token.key, positions[(i + k) % n_positions].pk))
print(json.dumps(jobs))
"""


def seed(env, applications: int, positions: int) -> list[tuple[str, int]]:
    per_graduate = 2
    graduates = (applications + per_graduate - 1) // per_graduate
    jobs = run_django_script(env, SEED, graduates, positions, per_graduate)
    return [tuple(job) for job in jobs][:applications]


def request_bytes(port: int, token: str, position: int) -> bytes:
    body = json.dumps({"position": position, "source": "search"}).encode()
    head = (
        f"POST /api/v1/applications/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Token {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def run_load(args, jobs: list[tuple[str, int]]):
    """`clients` clients; each sends its application on two connections at the same moment."""
    return asyncio.run(_run_load(args, jobs))


async def _run_load(args, jobs: list[tuple[str, int]]):
    next_job = iter(jobs)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    bad_pairs = 0

    async def client_loop():
        nonlocal bad_pairs
        first, second = Client(args.port), Client(args.port)
        for token, position in next_job:
            request = request_bytes(args.port, token, position)
            # Both coroutines write their request in the same turn of the event loop.
            results = await asyncio.gather(first.send(request), second.send(request))
            for code, latency in results:
                statuses[code] = statuses.get(code, 0) + 1
                latencies.append(latency)
            if sorted(code for code, _ in results) != [200, 201]:
                bad_pairs += 1
        first.close()
        second.close()

    started = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(args.clients)))
    return time.perf_counter() - started, latencies, statuses, bad_pairs


def count_rows(env) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        total = conn.execute("SELECT count(*) FROM candidates_application").fetchone()[0]
        duplicates = conn.execute(
            "SELECT count(*) FROM (SELECT graduate_id, position_id FROM candidates_application "
            "GROUP BY graduate_id, position_id HAVING count(*) > 1) d"
        ).fetchone()[0]
    return total, duplicates


def main() -> int:
    args = parse_args()
    with ScratchStack(args, "apply") as stack:
        jobs = seed(stack.env, args.applications, args.positions)
        stack.serve()
        (elapsed, latencies, statuses, bad_pairs), cpu = stack.measure(lambda: run_load(args, jobs))
        total, duplicates = count_rows(stack.env)
    errors = sum(n for code, n in statuses.items() if code not in (200, 201)) + bad_pairs
    errors += abs(total - len(jobs))
    quantiles = statistics.quantiles(latencies, n=100)
    result = {
        "applications": total,
        "per_s": round(len(jobs) / elapsed, 1),
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
        "errors": errors,
        "duplicates": duplicates,
    }
    print(
        f"{len(jobs)} applications, each sent twice at once, by {args.clients} clients against "
        f"gunicorn ({args.workers} workers x {args.threads} threads) and PostgreSQL "
        f"in {elapsed:.1f} s; responses: {dict(sorted(statuses.items()))}; "
        f"pairs without exactly one 201 and one 200: {bad_pairs}; CPU per application "
        f"(both requests): gunicorn {1000 * cpu.server / len(jobs):.1f} ms, PostgreSQL "
        f"{1000 * cpu.database / len(jobs):.1f} ms, load generator "
        f"{1000 * cpu.client / len(jobs):.1f} ms"
    )
    print(busy_cores_line(cpu.total, elapsed))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
