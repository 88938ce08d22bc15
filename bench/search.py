"""Benchmark: position search, the engine alone and over HTTP, on one backend or on both.

Builds N positions (bench/corpus.py: realistic Chinese titles, Shanxi cities) with bulk_create in a
throwaway SQLite database under a temporary VAR_DIR, indexes them (`rebuild_index`), then runs a
fixed mix of 50 queries (words, filters, salary range, sorts, facets) against the engine and
through the search page and the API on gunicorn. `--backend both` does it for the embedded
backend and for Elasticsearch (ELASTICSEARCH_URL) over the same rows, one after the other.

    .venv/bin/python bench/search.py [--positions 100000] [--rounds 5] [--workers 2]
                                     [--backend embedded|elasticsearch|both]

The last line printed is one JSON object: {"positions", "backend", "index_s", "engine_p50_ms",
"engine_p95_ms", "page_p95_ms", "api_p95_ms"} for one backend, or {"positions", "embedded": {…},
"elasticsearch": {…}} for both.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from benchlib import wait_until_serving
from corpus import QUERIES, concrete, seed

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(ROOT / ".venv/bin/gunicorn")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the 50 queries")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep", action="store_true", help="keep the temporary VAR_DIR")
    parser.add_argument(
        "--backend", choices=["embedded", "elasticsearch", "both"], default="embedded"
    )
    return parser.parse_args()


def configure(var_dir: Path) -> dict:
    env = {
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "SEARCH_BACKEND": "embedded",
        "ELASTICSEARCH_INDEX_PREFIX": f"jinpin-bench-{secrets.token_hex(4)}",
        "SEARCH_INDEX_DIR": str(var_dir / "search"),
        "DJANGO_ENV": "development",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    return dict(os.environ)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_server(args, env) -> subprocess.Popen:
    with socket.socket() as probe:  # another bench on the port would be timed instead
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            raise SystemExit(f"port {args.port} is in use: pass --port")
    server = subprocess.Popen(
        [GUNICORN, "config.wsgi", "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{args.port}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    return wait_until_serving(server, args.port, "/api/v1/positions/suggest/?q=x")


def time_http(port: int, path: str, queries: list[dict], rounds: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for round_ in range(rounds + 1):
        for params in queries:
            started = time.perf_counter()
            conn.request("GET", f"{path}?{urlencode(params)}")
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}?{urlencode(params)} answered {response.status}")
            if round_:  # the first round warms caches
                timings.append((time.perf_counter() - started) * 1000)
            if response.will_close:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    return timings


def measure(backend_name: str, args, env: dict, info: dict) -> dict:
    """Index with one backend, then time the engine, the page and the API on gunicorn."""
    from django.conf import settings

    from search import SearchQuery, get_backend, rebuild_index, understand_query

    settings.SEARCH_BACKEND = env["SEARCH_BACKEND"] = os.environ["SEARCH_BACKEND"] = backend_name
    if backend_name == "elasticsearch" and not settings.ELASTICSEARCH_URL:
        raise SystemExit("--backend elasticsearch needs ELASTICSEARCH_URL")
    started = time.perf_counter()
    counts = rebuild_index()
    index_s = time.perf_counter() - started
    print(f"{backend_name}: indexed {counts['indexed']} positions in {index_s:.1f} s")

    queries = [concrete(q, info["cities"]) for q in QUERIES]
    backend = get_backend()
    engine = []
    for round_ in range(args.rounds + 1):
        for params in queries:
            query = SearchQuery.from_params(params)
            plan = understand_query(query.text).plan
            t = time.perf_counter()
            result = backend.search(query, plan)
            if round_:
                engine.append((time.perf_counter() - t) * 1000)
            if round_ == 0 and not params:
                assert result.total == counts["indexed"], "match-all must count everything"
    print(
        f"{backend_name} engine: p50 {statistics.median(engine):.2f} ms, "
        f"p95 {percentile(engine, 95):.2f} ms ({len(engine)} queries)"
    )
    server = start_server(args, env)
    try:
        page = time_http(args.port, "/search/", queries, args.rounds)
        api = time_http(args.port, "/api/v1/positions/search/", queries, args.rounds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    for what, timings in (("page", page), ("api", api)):
        print(
            f"{backend_name} {what}: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {percentile(timings, 95):.1f} ms"
        )
    if backend_name == "elasticsearch":
        backend.client.indices.delete(index=f"{backend.index_prefix}*", ignore_unavailable=True)
    return {
        "index_s": round(index_s, 1),
        "engine_p50_ms": round(statistics.median(engine), 2),
        "engine_p95_ms": round(percentile(engine, 95), 2),
        "page_p95_ms": round(percentile(page, 95), 1),
        "api_p95_ms": round(percentile(api, 95), 1),
    }


def main():
    args = parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="jinpin-bench-search-"))
    env = configure(var_dir)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        info = seed(args.positions)
        print(f"seeded {args.positions} positions in {time.perf_counter() - started:.1f} s")

        backends = ["embedded", "elasticsearch"] if args.backend == "both" else [args.backend]
        figures = {}
        for name in backends:
            figures[name] = measure(name, args, env, info)
        if len(figures) == 1:
            print(
                json.dumps(
                    {"positions": args.positions, "backend": backends[0]} | figures[backends[0]]
                )
            )
        else:
            print(json.dumps({"positions": args.positions} | figures))
    finally:
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
