"""What the benchmark scripts share: a scratch PostgreSQL database, a script run in Django, a
gunicorn that answers, a keep-alive asyncio client, and where the CPU went."""

import asyncio
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
GUNICORN = str(ROOT / ".venv/bin/gunicorn")


def _admin_url(url: str) -> tuple[str, str]:
    parsed = urlparse(url)
    return parsed._replace(path="/postgres").geturl(), parsed.path.lstrip("/")


def recreate_database(url: str) -> None:
    """Drop the database of `url` (disconnecting its sessions) and create it empty."""
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_serving(server: subprocess.Popen, port: int, path: str) -> subprocess.Popen:
    """Return the server once GET `path` answers on `port`; kill it after 30 s of silence."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:  # exited: whatever answers on the port is not ours
            raise SystemExit(f"the server exited (status {server.returncode}) before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def server_env(args, var_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_ENV": "development",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "VAR_DIR": var_dir,
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "WARNING",
            "CONN_MAX_AGE": "60",
            "CELERY_BROKER_URL": "",
        }
    )
    return env


def manage(env, *argv, input_text=None) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *argv],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        input=input_text,
    ).stdout


def run_django_script(env, source: str, *argv) -> object:
    """Run `source` as a script inside Django (settings from `env`); its last line of output,
    parsed as JSON, is the result (the seed scripts print what the load needs)."""
    script = Path(env["VAR_DIR"]) / "seed.py"
    script.write_text(source)
    out = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django, os, sys, runpy; "
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); "
            "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            str(script),
            *map(str, argv),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"the seed script failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def busy_cores_line(cpu_seconds_used: float, elapsed: float) -> str:
    """How many cores a run kept busy, with a warning when the VM did not give it them all."""
    busy = cpu_seconds_used / elapsed
    cores = os.cpu_count() or 1
    line = f"cores kept busy: {busy:.2f} of {cores}"
    if busy < 0.75 * cores:
        line += (
            "\n  fewer cores than the machine has were busy: a virtual machine may not have given "
            "this run all of its CPU; compare CPU per request, or run again"
        )
    return line


def start_server(args, env, ready_path: str = "/api/v1/docs/") -> subprocess.Popen:
    """gunicorn on `args.port` with `args.workers` workers of `args.threads` threads."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            # Another benchmark (perhaps another engineer's) serves there: never measure it.
            raise SystemExit(f"port {args.port} is in use: choose another with --port")
    command = [
        GUNICORN,
        "config.wsgi",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--log-level",
        "warning",
        "--backlog",
        "2048",
        "--preload",
    ]
    # gthread even with one thread: it keeps connections alive (the sync worker closes each one).
    command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    if getattr(args, "worker_connections", None):
        # A worker stops accepting at this many open connections, so keep-alive connections
        # spread over the workers instead of piling on the first to wake.
        command += ["--worker-connections", str(args.worker_connections)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    return wait_until_serving(server, args.port, ready_path)


class Client:
    """One keep-alive HTTP/1.1 connection (reopened when the server closes it), on asyncio.

    The load generator shares the two cores with gunicorn and PostgreSQL: one event loop costs
    far less CPU per request than a thread per request and http.client.
    """

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def send(self, request: bytes) -> tuple[int, float]:
        """Send a whole HTTP/1.1 request; its status (0: no answer) and latency in seconds."""
        status, latency, _body = await self.exchange(request)
        return status, latency

    async def exchange(self, request: bytes) -> tuple[int, float, bytes]:
        """Send a whole HTTP/1.1 request; its status (0: no answer), latency and body."""
        started = time.perf_counter()
        for attempt in range(2):
            reused = self.writer is not None
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                self.writer.write(request)
                head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), 60)
                status = int(head[9:12])
                headers = head.lower()
                length = 0
                if b"content-length:" in headers:
                    length = int(headers.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
                body = await asyncio.wait_for(self.reader.readexactly(length), 60)
                if b"connection: close" in headers:
                    self.close()
                return status, time.perf_counter() - started, body
            except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError):
                self.close()
                # Only a kept-alive connection the server had already closed is retried.
                if attempt or not reused:
                    return 0, time.perf_counter() - started, b""
        return 0, time.perf_counter() - started, b""


def http_request(
    port: int, method: str, path: str, *, headers: dict | None = None, body: dict | None = None
) -> bytes:
    """The bytes of an HTTP/1.1 request (a JSON body when `body` is given)."""
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    for name, value in (headers or {}).items():
        head += f"{name}: {value}\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    return (head + "\r\n").encode() + data


def calibrate(seconds: int = 5) -> dict:
    """bench/calibrate.py's yardstick now (its JSON), to give beside a benchmark's figures."""
    out = subprocess.run(
        [PYTHON, str(ROOT / "bench/calibrate.py"), "--seconds", str(seconds)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class OwnRedis:
    """A redis-server of the benchmark's own on `port` (never the shared one), without
    persistence; `stop` and `start` it to play an outage."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--loglevel", "warning"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


class Worker:
    """A Celery worker (with beat) on the benchmark's settings; `stop` and `start` it."""

    def __init__(self, env: dict):
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "--beat"]
        command += ["--concurrency", "1", "--loglevel", "warning"]
        command += ["--schedule", str(Path(self.env["VAR_DIR"]) / "beat-schedule")]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, start_new_session=True, stdout=subprocess.DEVNULL
        )

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
            self.process = None


def cpu_seconds(pids) -> float:
    """User + system CPU time of processes (Linux /proc), to tell where the time goes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def server_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [server.pid, *map(int, children)]


def database_pids(url: str) -> list[int]:
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [parsed.path.lstrip("/")],
        ).fetchall()
    return [pid for (pid,) in rows]


def add_server_arguments(parser, *, port: int, database: str, threads: int = 1) -> None:
    """The options of every benchmark that runs gunicorn on a scratch PostgreSQL database."""
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=threads, help="gunicorn threads per worker (gthread)"
    )
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}"
        ),
    )
    parser.add_argument("--keep-database", action="store_true")


class Cpu(NamedTuple):
    """CPU seconds a load cost: in gunicorn, in PostgreSQL and in the load generator."""

    server: float
    database: float
    client: float

    @property
    def total(self) -> float:
        return self.server + self.database + self.client


class ScratchStack:
    """One benchmark run's own VAR_DIR and migrated PostgreSQL database (`env` has the settings),
    gunicorn on it once `serve` is called; leaving the `with` block stops the server and drops
    the database (unless --keep-database)."""

    def __init__(self, args, name: str):
        self.args = args
        self.name = name
        self.server: subprocess.Popen | None = None

    def __enter__(self) -> "ScratchStack":
        self.env = server_env(self.args, tempfile.mkdtemp(prefix=f"jinpin-bench-{self.name}-"))
        recreate_database(self.args.database_url)
        try:
            manage(self.env, "migrate", "--noinput")
        except BaseException:
            self.__exit__()
            raise
        return self

    def serve(self, ready_path: str = "/api/v1/docs/") -> None:
        self.server = start_server(self.args, self.env, ready_path)

    def measure(self, load):
        """Run `load()` against the server: its result, and the CPU it cost (`Cpu`)."""

        def database_cpu() -> dict[int, float]:
            return {pid: cpu_seconds([pid]) for pid in database_pids(self.args.database_url)}

        server_cpu = -cpu_seconds(server_pids(self.server))
        database_before = database_cpu()
        client_cpu = -time.process_time()
        result = load()
        client_cpu += time.process_time()
        server_cpu += cpu_seconds(server_pids(self.server))
        # The server's database connections are kept (CONN_MAX_AGE): count what they spent since.
        database_after = database_cpu()
        spent = sum(cpu - database_before.get(pid, 0) for pid, cpu in database_after.items())
        return result, Cpu(server_cpu, spent, client_cpu)

    def __exit__(self, *exc_info) -> None:
        if self.server is not None:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=30)
        if not self.args.keep_database:
            drop_database(self.args.database_url)
            shutil.rmtree(self.env["VAR_DIR"], ignore_errors=True)
