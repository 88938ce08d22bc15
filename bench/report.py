"""Benchmark: the campaign tally and the PDF report on PostgreSQL with 1,000,000 applications and
100,000 placements.

    .venv/bin/python bench/report.py [--applications 1000000] [--placements 100000] [--keep]

It (re)creates the database `jinpin_bench` on the server of --database-url, migrates it, bulk-loads
synthetic rows with COPY, runs ANALYZE, then times `tally.summary` (all time, and one campaign),
`tally.breakdowns` and the PDF report (`outcomes.report.render_report_pdf`). Targets: tally under
1 s, PDF under 10 s. The last line printed is one JSON object.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from benchlib import recreate_database

REACHED = ("interview", "offered", "hired")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--graduates", type=int, default=200_000)
    parser.add_argument("--positions", type=int, default=20_000)
    parser.add_argument("--enterprises", type=int, default=2_000)
    parser.add_argument("--associations", type=int, default=400)
    parser.add_argument("--fairs", type=int, default=105)
    parser.add_argument("--runs", type=int, default=3, help="timed runs (the median is reported)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jinpin_bench"
        ),
    )
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    return parser.parse_args()


def copy_rows(model, rows, *, log) -> int:
    """COPY rows (dicts of field name → value, `id` included) into the model's table; every other
    column takes the field's default, so the rows are what the ORM would have written."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def value(field, row):
        if field.attname in row:
            raw = row[field.attname]
        elif field.name in row:
            raw = row[field.name]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raw = now
        elif field.has_default():
            raw = field.get_default()
        elif field.null:
            raw = None
        else:
            raw = ""
        return field.get_db_prep_save(raw, connection)

    count = 0
    started = time.monotonic()
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row([value(f, row) for f in fields])
            count += 1
    log(f"{model._meta.db_table}: {count:,} rows in {time.monotonic() - started:.1f} s")
    return count


def load(args, log) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from associations.models import Association, Enterprise, Membership, Region
    from candidates.models import Application, GraduateProfile
    from fairs.models import Campaign, Fair, Participation
    from jobs.models import Position
    from outcomes.models import Placement, PlacementTouch

    rng = random.Random(7)
    now = timezone.now()
    today = timezone.localdate()
    year_ago = now - datetime.timedelta(days=365)
    cities = list(Region.objects.filter(level="city"))  # Shanxi's cities ship with migrations
    campaign = Campaign.objects.create(
        name="百会千企促万生就业 基准", starts_on=today - datetime.timedelta(days=365),
        ends_on=today, target_associations=100, target_enterprises=1000, target_graduates=10000,
    )  # fmt: skip
    universities = [f"山西第{n}大学" for n in range(30)]
    majors = ["计算机科学与技术", "会计学", "采矿工程", "护理学", "土木工程", "社会工作"]
    industries = list("ABCDEFGHIJKLMNOPQRS")
    copy_rows(
        Association,
        (
            {"id": a + 1, "name": f"基准协会{a}", "short_name": f"协会{a}"}
            for a in range(args.associations)
        ),
        log=log,
    )  # fmt: skip
    copy_rows(
        Enterprise,
        (
            {
                "id": e + 1,
                "name": f"基准企业{e}",
                "credit_code": f"91140000{e:010d}",
                "industry": industries[e % len(industries)],
                "city_id": cities[e % len(cities)].pk,
            }
            for e in range(args.enterprises)
        ),
        log=log,
    )
    copy_rows(
        Membership,
        (
            {"id": e + 1, "enterprise_id": e + 1, "association_id": e % args.associations + 1,
             "status": "approved"}
            for e in range(args.enterprises)
        ),
        log=log,
    )  # fmt: skip
    fair_starts = {}
    rows = []
    for f in range(args.fairs):
        starts = year_ago + datetime.timedelta(days=3 * f + 5)
        fair_starts[f + 1] = starts
        rows.append(
            {
                "id": f + 1, "organiser_id": f % args.associations + 1, "campaign_id": campaign.pk,
                "title": f"基准双选会{f}", "kind": "cloud" if f % 5 == 4 else "campus",
                "format": "presentation" if f % 4 == 3 else "fair",
                "host_university": universities[f % 30], "venue": "体育馆",
                "city_id": cities[f % len(cities)].pk, "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=6),
                "enterprise_registration_opens": starts - datetime.timedelta(days=20),
                "enterprise_registration_closes": starts - datetime.timedelta(days=1),
                "graduate_registration_opens": starts - datetime.timedelta(days=20),
                "graduate_registration_closes": starts, "status": "finished",
                "presenting_enterprise_id": (f % args.enterprises + 1) if f % 4 == 3 else None,
            }
        )  # fmt: skip
    copy_rows(Fair, rows, log=log)
    through = Fair.co_organisers.through
    copy_rows(
        through,
        (
            {"id": f * 3 + k + 1, "fair_id": f + 1,
             "association_id": (f * 3 + k + args.fairs) % args.associations + 1}
            for f in range(args.fairs) for k in range(3)
        ),
        log=log,
    )  # fmt: skip
    copy_rows(
        Participation,
        (
            {"id": e * 3 + k + 1, "fair_id": (e * 3 + k) % args.fairs + 1, "enterprise_id": e + 1,
             "status": "approved"}
            for e in range(args.enterprises) for k in range(3)
        ),
        log=log,
    )  # fmt: skip
    ca_positions = set(range(1, args.positions + 1, 20))
    copy_rows(
        Position,
        (
            {
                "id": p + 1, "enterprise_id": p % args.enterprises + 1, "title": f"岗位{p}",
                "category": "community" if p + 1 in ca_positions else "software",
                "description": "基准岗位", "city_id": cities[p % len(cities)].pk,
                "headcount": 1 + p % 5, "status": "published",
                "job_type": "community_assistant" if p + 1 in ca_positions else "full_time",
                "published_at": year_ago + datetime.timedelta(minutes=p * 26),
            }
            for p in range(args.positions)
        ),
        log=log,
    )  # fmt: skip
    copy_rows(
        User,
        (
            {"id": g + 1, "email": f"g{g}@bench.jinpin", "password": "!", "full_name": f"毕业生{g}",
             "signup_role": "graduate", "is_active": True, "date_joined": now}
            for g in range(args.graduates)
        ),
        log=log,
    )  # fmt: skip
    copy_rows(
        GraduateProfile,
        (
            {"id": g + 1, "user_id": g + 1, "full_name": f"毕业生{g}",
             "university": universities[g % 30], "major": majors[g % len(majors)],
             "degree": "bachelor", "graduation_year": 2026}
            for g in range(args.graduates)
        ),
        log=log,
    )  # fmt: skip
    statuses = ["submitted", "viewed", "interview", "offered", "rejected", "withdrawn"]

    def application(i: int) -> dict:
        g, k = i % args.graduates, i // args.graduates
        created = year_ago + datetime.timedelta(seconds=(i * 31_536_000) // args.applications)
        status = "hired" if k == 0 and g < args.placements else statuses[i % len(statuses)]
        return {
            "id": i + 1, "graduate_id": g + 1,
            "position_id": (g * 13 + k * 4001) % args.positions + 1, "status": status,
            "source": "fair_page" if i % 5 < 2 else "search",
            "source_fair_id": (i % args.fairs) + 1 if i % 5 < 2 else None,
            "interview_reached_at": created if status in REACHED else None,
            "created_at": created, "updated_at": created,
        }  # fmt: skip

    copy_rows(Application, (application(i) for i in range(args.applications)), log=log)
    tiers = ["confirmed"] * 6 + ["evidenced", "declared", "disputed", "cancelled"]
    touches = []

    def placement(g: int) -> dict:
        app = application(g)
        position = app["position_id"]
        fair = app["source_fair_id"]
        if fair:
            touches.append((g + 1, fair))
        return {
            "id": g + 1, "graduate_id": g + 1,
            "enterprise_id": (position - 1) % args.enterprises + 1,
            "position_id": position, "application_id": g + 1,
            "hire_date": (app["created_at"] + datetime.timedelta(days=30)).date(),
            "contract_type": "labour_contract", "status": tiers[g % len(tiers)],
            "community_assistant": position in ca_positions,
            "attribution": "fair" if fair else "direct", "source_fair_id": fair,
        }  # fmt: skip

    copy_rows(Placement, (placement(g) for g in range(args.placements)), log=log)
    organisers = {row["id"]: [row["organiser_id"]] for row in rows}
    for f in range(args.fairs):
        organisers[f + 1] += [(f * 3 + k + args.fairs) % args.associations + 1 for k in range(3)]
    copy_rows(
        PlacementTouch,
        (
            {"id": n + 1, "placement_id": p, "fair_id": fair, "association_id": a,
             "role": "primary"}
            for n, (p, fair, a) in enumerate(
                (p, fair, a) for p, fair in touches for a in organisers[fair]
            )
        ),
        log=log,
    )  # fmt: skip
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            __import__("django.core.management.color", fromlist=["no_style"]).no_style(),
            [Association, Enterprise, Membership, Fair, through, Participation, Position, User,
             GraduateProfile, Application, Placement, PlacementTouch],
        ):  # fmt: skip
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    del rng
    call_command("check", verbosity=0)


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3), result


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    def log(text: str) -> None:
        print(text, flush=True)

    if not args.keep:
        recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    from candidates.models import Application
    from fairs.models import Campaign
    from outcomes import tally
    from outcomes.models import Placement
    from outcomes.report import render_report_pdf
    from outcomes.tally import Scope

    if not args.keep:
        call_command("migrate", verbosity=0)
        started = time.monotonic()
        load(args, log)
        log(f"loaded in {time.monotonic() - started:.1f} s")
    campaign = Campaign.objects.order_by("pk").first()
    log(f"{Application.objects.count():,} applications, {Placement.objects.count():,} placements")
    tally_s, figures = timed(lambda: tally.summary(Scope()), args.runs)
    log(f"tally (all time): {tally_s} s {figures}")
    campaign_s, _f = timed(lambda: tally.summary(Scope.for_campaign(campaign)), args.runs)
    log(f"tally (campaign): {campaign_s} s")
    breakdowns_s, _b = timed(lambda: tally.breakdowns(Scope()), args.runs)
    log(f"breakdowns: {breakdowns_s} s")
    pdf_s, pdf = timed(lambda: render_report_pdf(Scope.for_campaign(campaign)), 1)
    log(f"PDF report: {pdf_s} s, {len(pdf):,} bytes")
    print(
        json.dumps(
            {
                "applications": Application.objects.count(),
                "placements": Placement.objects.count(),
                "tally_s": tally_s,
                "tally_campaign_s": campaign_s,
                "breakdowns_s": breakdowns_s,
                "pdf_s": pdf_s,
                "tally_target_met": tally_s < 1,
                "pdf_target_met": pdf_s < 10,
            }
        )
    )


if __name__ == "__main__":
    main()
