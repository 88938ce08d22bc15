"""Benchmark: does asking for an SMS code take as long for a number without an account as for
one with an account? (A difference would tell an attacker which numbers have accounts.)

    .venv/bin/python bench/sms_enumeration.py [--requests 300]

Runs in-process on a scratch SQLite database (its own VAR_DIR, deleted afterwards), SMS_URL
file:// and Celery eager, so each request also writes and sends its SMS as without a broker.
Known and unknown numbers alternate, each request from a new browser, through the sign-in page
("send me a code") and the API (POST /api/v1/auth/sms/). Prints the median and p90 of each in
milliseconds; the last line is one JSON object:
{"page_known_p50_ms", "page_unknown_p50_ms", "api_known_p50_ms", "api_unknown_p50_ms",
 "page_ratio", "api_ratio"} (ratios: unknown over known medians).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="per kind of number and door")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="jinpin-sms-bench-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "VAR_DIR": scratch,
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "SMS_URL": f"file://{scratch}/sms",
            "SMS_PER_IP_HOUR": "1000000",
            "SMS_PER_SESSION_HOUR": "1000000",
            "SMS_CAPTCHA_AFTER": "1000000",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("CELERY_BROKER_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    settings.ACCOUNT_RATE_LIMITS = False
    call_command("migrate", verbosity=0)
    n = args.requests
    known = [f"+86137{i:08d}" for i in range(n)]
    unknown = [f"+86136{i:08d}" for i in range(n)]
    User.objects.bulk_create(
        User(email=f"b{i}@example.cn", phone=p, phone_verified=True) for i, p in enumerate(known)
    )

    def timed(door: str, phone: str) -> float:
        client = Client()
        start = time.perf_counter()
        if door == "page":
            response = client.post("/accounts/login/code/", {"phone": phone[3:]})
            assert response.status_code == 302, response.status_code
        else:
            response = client.post(
                "/api/v1/auth/sms/", {"phone": phone[3:]}, content_type="application/json"
            )
            assert response.status_code == 202, response.status_code
        return (time.perf_counter() - start) * 1000

    times: dict[str, list[float]] = {}
    for door in ("page", "api"):
        # Alternate, so drift in the machine's load hits both alike.
        offset = 0 if door == "page" else n // 2
        for i in range(n // 2):
            times.setdefault(f"{door}_known", []).append(timed(door, known[offset + i]))
            times.setdefault(f"{door}_unknown", []).append(timed(door, unknown[offset + i]))
    result = {}
    for name, values in times.items():
        values.sort()
        p50, p90 = statistics.median(values), values[int(len(values) * 0.9)]
        print(f"{name:14} p50 {p50:6.2f} ms  p90 {p90:6.2f} ms  ({len(values)} requests)")
        result[f"{name}_p50_ms"] = round(p50, 2)
    for door in ("page", "api"):
        result[f"{door}_ratio"] = round(
            result[f"{door}_unknown_p50_ms"] / result[f"{door}_known_p50_ms"], 3
        )
    import shutil

    shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
