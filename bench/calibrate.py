"""How fast is this machine right now? A yardstick for the other benchmarks' figures.

    .venv/bin/python bench/calibrate.py [--seconds 10]

Serves a minimal Django view (no middleware, no database) on 2 gunicorn workers and loads it with
`wrk -t2 -c20` (Debian's package `wrk`), as STACK-NOTES measured the machine the targets were set
on: about 4,000 requests/s. This VM's speed moves within an hour (seen: 2,400 to 3,700), so run it
next to a benchmark and give both figures. The last line printed is one JSON object:
{"requests_per_s", "stack_notes_requests_per_s", "ratio"}.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(ROOT / ".venv/bin/gunicorn")
STACK_NOTES_REQUESTS_PER_S = 4000

APP = """
from django.conf import settings

settings.configure(
    DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, SECRET_KEY="calibrate", MIDDLEWARE=[]
)

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    workdir = tempfile.mkdtemp(prefix="jinpin-calibrate-")
    Path(workdir, "yardstick.py").write_text(APP)
    command = [GUNICORN, "yardstick", "--workers", "2", "--bind", f"127.0.0.1:{args.port}"]
    server = subprocess.Popen(
        [*command, "--log-level", "warning"],
        cwd=workdir,
        env={**os.environ, "PYTHONPATH": workdir},
        start_new_session=True,
    )
    try:
        wait_until_serving(server, args.port, "/")
        out = subprocess.run(
            [wrk, "-t2", "-c20", f"-d{args.seconds}s", f"http://127.0.0.1:{args.port}/"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    ratio = rate / STACK_NOTES_REQUESTS_PER_S
    print(
        f"minimal Django view, 2 gunicorn workers, wrk -t2 -c20 for {args.seconds} s: "
        f"{rate:,.0f} requests/s, {ratio:.0%} of the {STACK_NOTES_REQUESTS_PER_S:,} in STACK-NOTES"
    )
    print(
        json.dumps(
            {
                "requests_per_s": round(rate),
                "stack_notes_requests_per_s": STACK_NOTES_REQUESTS_PER_S,
                "ratio": round(ratio, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
