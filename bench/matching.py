"""Benchmark: 为你推荐 and 人才推荐, the ranking itself (in-process, no HTTP).

Builds N open positions (bench/corpus.py) and G discoverable graduates with majors of every
kind (computer science, accounting, nursing, mining, civil engineering, marketing …) in a
throwaway SQLite database under a temporary VAR_DIR (or in DATABASE_URL's database when
--database-url is given: it must be a scratch database), then times `recommend()` (20 results)
for graduates of each major and `suggest_graduates()` for positions of each category.

    .venv/bin/python bench/matching.py [--positions 20000] [--graduates 2000] [--rounds 3]
                                       [--database-url postgres://…/jinpin_bench_matching]

The last line printed is one JSON object: {"positions", "graduates", "recommend_p50_ms",
"recommend_p95_ms", "recommend_cpu_p50_ms", "recommended_min", "suggest_p50_ms",
"suggest_p95_ms", "suggest_cpu_p50_ms"}.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpus import CITIES, seed

ROOT = Path(__file__).resolve().parent.parent
MAJORS = [
    ("计算机科学与技术", "Python, Java, MySQL"),
    ("软件技术", "Java, Vue"),
    ("会计学", "Excel, 用友"),
    ("大数据与会计", "财务报表"),
    ("护理学", "临床护理"),
    ("采矿工程", "AutoCAD"),
    ("土木工程", "BIM"),
    ("市场营销", "新媒体运营"),
    ("物流管理", "仓储管理"),
    ("电气工程及其自动化", "PLC"),
    ("汉语言文学", "公文写作"),
    ("社会工作", "社区服务"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--positions", type=int, default=20_000)
    parser.add_argument("--graduates", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the timed calls")
    parser.add_argument("--database-url", default="", help="a scratch database (default SQLite)")
    return parser.parse_args()


def configure(var_dir: Path, database_url: str) -> None:
    os.environ.update(
        {
            "VAR_DIR": str(var_dir),
            "DATABASE_URL": database_url or f"sqlite:///{var_dir / 'db.sqlite3'}",
            "SEARCH_INDEX_DIR": str(var_dir / "search"),
            "DJANGO_ENV": "development",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "WARNING",
            "CELERY_BROKER_URL": "",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def seed_graduates(count: int) -> None:
    """Discoverable graduates with complete matching facts, bulk-created (no resumes)."""
    import random

    from django.db import transaction

    from accounts.models import User
    from associations.models import Region
    from candidates.models import GraduateProfile

    rng = random.Random(7)
    cities = list(Region.objects.filter(code__in=[c[0] for c in CITIES]))
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(email=f"bench{n}@graduates.example.cn", full_name=f"王{n}") for n in range(count)
        )
        profiles = GraduateProfile.objects.bulk_create(
            GraduateProfile(
                user=user,
                full_name=user.full_name,
                major=major,
                skills=skills,
                degree=rng.choice(["associate", "bachelor", "bachelor", "master"]),
                expected_salary=rng.choice([None, 4000, 6000, 8000]),
                discoverable=True,
            )
            for user, (major, skills) in ((u, rng.choice(MAJORS)) for u in users)
        )
        through = GraduateProfile.expected_cities.through
        through.objects.bulk_create(
            through(graduateprofile_id=p.pk, region_id=city.pk)
            for p in profiles
            for city in rng.sample(cities, k=rng.randint(1, 3))
        )


def timed(calls, rounds: int) -> tuple[list[float], list[float], list]:
    """Wall and CPU milliseconds of each call (CPU includes SQLite's work, which runs in this
    process: the figure to compare on a machine shared with other work), and the results."""
    timings, cpu, results = [], [], []
    for round_ in range(rounds + 1):
        for call in calls:
            started, cpu_started = time.perf_counter(), time.process_time()
            result = call()
            if round_:  # the first round warms caches
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                results.append(result)
    return timings, cpu, results


def main():
    args = parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="jinpin-bench-matching-"))
    configure(var_dir, args.database_url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        seed(args.positions)
        seed_graduates(args.graduates)
        print(
            f"seeded {args.positions} positions and {args.graduates} graduates "
            f"in {time.perf_counter() - started:.1f} s"
        )
        from candidates.models import GraduateProfile
        from candidates.recommendations import recommend
        from candidates.talent import suggest_graduates
        from jobs.models import Category, Position

        graduates = [
            GraduateProfile.objects.filter(major=major).first() for major, _skills in MAJORS
        ]
        recommend_ms, recommend_cpu, lists = timed(
            [lambda g=g: recommend(g, limit=20) for g in graduates], args.rounds
        )
        print(
            f"recommend: p50 {statistics.median(recommend_ms):.1f} ms, "
            f"p95 {percentile(recommend_ms, 95):.1f} ms over {len(recommend_ms)} calls "
            f"(CPU p50 {statistics.median(recommend_cpu):.1f} ms); "
            f"results per graduate {min(map(len, lists))}–{max(map(len, lists))}"
        )
        positions = [
            Position.objects.open().select_related("enterprise", "city").filter(category=c).first()
            for c in Category.values
        ]
        positions = [p for p in positions if p is not None]
        suggest_ms, suggest_cpu, _ = timed(
            [lambda p=p: suggest_graduates(p) for p in positions], args.rounds
        )
        print(
            f"suggest_graduates: p50 {statistics.median(suggest_ms):.1f} ms, "
            f"p95 {percentile(suggest_ms, 95):.1f} ms over {len(suggest_ms)} calls "
            f"(CPU p50 {statistics.median(suggest_cpu):.1f} ms)"
        )
        print(
            json.dumps(
                {
                    "positions": args.positions,
                    "graduates": args.graduates,
                    "recommend_p50_ms": round(statistics.median(recommend_ms), 1),
                    "recommend_p95_ms": round(percentile(recommend_ms, 95), 1),
                    "recommend_cpu_p50_ms": round(statistics.median(recommend_cpu), 1),
                    "recommended_min": min(map(len, lists)),
                    "suggest_p50_ms": round(statistics.median(suggest_ms), 1),
                    "suggest_p95_ms": round(percentile(suggest_ms, 95), 1),
                    "suggest_cpu_p50_ms": round(statistics.median(suggest_cpu), 1),
                }
            )
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
