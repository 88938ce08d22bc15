"""Benchmark: each plain-SQL statement of the hot paths against the ORM query it replaces.

    .venv/bin/python bench/sql.py [--calls 3000] [--database-url postgres://…]

The project writes a read out in SQL (core.db.RowQuery, Statement: names from the models'
`_meta`) only where building the query with the ORM costs more than the database takes to answer
it; this prints, for each such statement, the time per call in the Django process (CPU) and in
all (wall, PostgreSQL's answer included) both ways, on a scratch database of its own, seeded with
one of each row the statements read. The comment above each statement cites these figures. Run
`bench/calibrate.py` beside it. The last line printed is one JSON object: {statement: {"orm_cpu_us",
"sql_cpu_us", "orm_wall_us", "sql_wall_us"}}.
"""

import argparse
import json

from benchlib import ScratchStack, add_server_arguments, run_django_script

SCRIPT = r"""
import json, sys, time
from datetime import timedelta
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from api.authentication import _USER_OF_KEY
from associations.models import Enterprise, EnterpriseRecruiter, Region
from candidates import permissions, selectors, services
from candidates.models import Application, GraduateProfile, Resume
from fairs import selectors as fair_selectors
from fairs.models import Fair, Participation
from jobs.models import Position

calls = int(sys.argv[1])
now = timezone.now()
city, _ = Region.objects.get_or_create(code="140100", defaults={"name": "太原市", "level": "city"})
enterprise = Enterprise.objects.create(name="基准科技", credit_code="91140100BENCHSQL1X", city=city)
recruiters = [User.objects.create_user(email=f"hr{n}@bench.cn") for n in range(3)]
for user in recruiters:
    EnterpriseRecruiter.objects.create(enterprise=enterprise, user=user, status="active")
position = Position.objects.create(
    enterprise=enterprise, title="工程师", category="software", description="x", city=city,
    status="published", published_at=now,
)
graduate = User.objects.create_user(email="g@bench.cn")
profile = GraduateProfile.objects.create(user=graduate, full_name="张三")
profile.expected_cities.add(city)
Resume.objects.create(graduate=profile, file="r.pdf", size=1)
Application.objects.create(graduate=profile, position=position, source="search")
key = Token.objects.create(user=graduate).key
from associations.models import Association
association = Association.objects.create(name="基准协会", kind="industry", level="provincial")
fair = Fair.objects.create(
    organiser=association, title="双选会", kind="campus", format="fair", venue="馆",
    starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5),
    enterprise_registration_opens=now - timedelta(days=9),
    enterprise_registration_closes=now - timedelta(days=1),
    graduate_registration_opens=now - timedelta(days=9),
    graduate_registration_closes=now + timedelta(hours=4), status="ongoing",
)
participation = Participation.objects.create(fair=fair, enterprise=enterprise, status="approved")
participation.positions.add(position)


def orm_running_fair():
    return (
        Fair.objects.filter(
            status__in=fair_selectors.LISTED_STATUSES,
            participations__status="approved",
            participations__positions=position.pk,
            starts_at__lte=now,
            ends_at__gte=now,
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def orm_profile():
    latest = Resume.objects.filter(graduate=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        GraduateProfile.objects.filter(user_id=graduate.pk)
        .annotate(
            has_expected_cities=Exists(
                GraduateProfile.expected_cities.through.objects.filter(
                    graduateprofile_id=OuterRef("pk")
                )
            ),
            current_resume_id=Subquery(latest.values("pk")[:1]),
        )
        .first()
    )


PAIRS = {
    "token user (api/authentication.py)": (
        lambda: Token.objects.select_related("user").get(key=key).user,
        lambda: _USER_OF_KEY.get([key]),
    ),
    "running fair of a position (fairs/selectors.py)": (
        orm_running_fair,
        lambda: fair_selectors.running_fair_id_for_position(position.pk, at=now),
    ),
    "active recruiters (candidates/services.py)": (
        lambda: list(
            User.objects.filter(
                enterprise_recruiters__enterprise_id=enterprise.pk,
                enterprise_recruiters__status="active",
            ).order_by("pk")
        ),
        lambda: services._ACTIVE_RECRUITERS.all([enterprise.pk, "active"]),
    ),
    "position to apply (candidates/selectors.py)": (
        lambda: Position.objects.select_related("enterprise", "city")
        .exclude(status="draft")
        .get(pk=position.pk),
        lambda: selectors.position_to_apply(position.pk),
    ),
    "application of user to position (candidates/selectors.py)": (
        lambda: Application.objects.select_related("position__enterprise", "position__city")
        .filter(graduate__user_id=graduate.pk, position_id=position.pk)
        .first(),
        lambda: selectors.application_to_position(user_id=graduate.pk, position_id=position.pk),
    ),
    "profile with readiness (candidates/permissions.py)": (
        orm_profile,
        lambda: permissions._PROFILE_WITH_READINESS.get([graduate.pk]),
    ),
}


def per_call(fn):
    for _ in range(100):
        fn()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        fn()
    return (
        (time.process_time() - cpu) / calls * 1e6,
        (time.perf_counter() - wall) / calls * 1e6,
    )


out = {}
for name, (orm, sql) in PAIRS.items():
    assert orm() is not None and sql() is not None, name
    orm_cpu, orm_wall = per_call(orm)
    sql_cpu, sql_wall = per_call(sql)
    out[name] = {
        "orm_cpu_us": round(orm_cpu, 1),
        "sql_cpu_us": round(sql_cpu, 1),
        "orm_wall_us": round(orm_wall, 1),
        "sql_wall_us": round(sql_wall, 1),
    }
print(json.dumps(out, ensure_ascii=False))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=3000, help="calls of each query, each way")
    add_server_arguments(parser, port=8767, database="jinpin_bench_sql")
    args = parser.parse_args()
    with ScratchStack(args, "sql") as stack:
        result = run_django_script(stack.env, SCRIPT, args.calls)
    for name, figures in result.items():
        print(
            f"{name}: ORM {figures['orm_cpu_us']} µs CPU / {figures['orm_wall_us']} µs wall, "
            f"SQL {figures['sql_cpu_us']} µs CPU / {figures['sql_wall_us']} µs wall "
            f"({figures['orm_cpu_us'] / figures['sql_cpu_us']:.1f}x the CPU with the ORM)"
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
