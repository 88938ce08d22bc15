"""A first, partial drill of the production layout (issue 20): nginx in front of two app nodes,
under a bounded read load, while one node is killed and both are then restarted one at a time.

    DATABASE_URL=postgres://… CELERY_BROKER_URL=redis://… CACHE_URL=redis://… \
        .venv/bin/python bench/drill.py [--seconds 40] [--clients 8]

What it does: starts two gunicorn nodes (deploy/gunicorn.conf.py, production settings, ports of
its own) and an nginx (the upstream and deploy/nginx/jinpin-proxy.conf's retry policy, plain HTTP
on a port of its own), drives `--clients` threads through nginx (home, search page, /readyz),
and meanwhile SIGKILLs node 1 and starts it again, then restarts node 1 and node 2 in turn
(SIGTERM, wait for /readyz), as a rolling deploy does. Prints requests, 5xx, other failures and
the seconds until node 1 answered /readyz after each start; the last line is one JSON object.

NOT covered yet (the rest of the issue's drill): writes through nginx and counting lost or
duplicate rows, Celery workers and beat killed mid-task, Redis, Elasticsearch and PostgreSQL
restarted (this script uses the shared services and never stops them).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "drill.jinpin.test"
FAIL_TIMEOUT = 10  # deploy/nginx/jinpin.conf's upstream: max_fails=3 fail_timeout=10s
THINK_S = 0.02  # each client waits this long between requests (a 502 answered at once would
# otherwise be counted thousands of times a second)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10.0) -> int:
    request = urllib.request.Request(url, headers={"Host": HOST})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class Node:
    def __init__(self, port: int, env: dict, logs: Path):
        self.port, self.env, self.logs = port, env, logs
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        started = time.monotonic()
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        metrics = self.logs / f"metrics-{self.port}"
        shutil.rmtree(metrics, ignore_errors=True)
        metrics.mkdir()
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=(self.logs / f"node-{self.port}.log").open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a lost node loses its workers too
        )
        while get(f"http://127.0.0.1:{self.port}/readyz", timeout=2) != 200:
            if time.monotonic() - started > 120:
                raise RuntimeError(f"node {self.port} not ready after 120 s")
            time.sleep(0.2)
        return time.monotonic() - started

    def signal(self, sig) -> None:
        """SIGKILL: the node's whole process group (a machine lost); SIGTERM: gunicorn's
        graceful stop (its workers finish their requests)."""
        if self.process and self.process.poll() is None:
            if sig == signal.SIGKILL:
                os.killpg(self.process.pid, sig)
            else:
                self.process.send_signal(sig)
            self.process.wait(timeout=60)


def nginx_config(folder: Path, port: int, nodes: list[int]) -> Path:
    servers = "".join(
        f"        server 127.0.0.1:{n} max_fails=3 fail_timeout={FAIL_TIMEOUT}s;\n" for n in nodes
    )
    temp = folder / "nginx-temp"
    temp.mkdir()
    config = folder / "nginx.conf"
    config.write_text(
        f"""pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/nginx-access.log;
    client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
    uwsgi_temp_path {temp}; scgi_temp_path {temp};
    upstream jinpin_app {{
{servers}        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://jinpin_app;
            include {ROOT}/deploy/nginx/jinpin-proxy.conf;
        }}
    }}
}}
"""
    )
    return config


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--clients", type=int, default=8)
    options = parser.parse_args()
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} is not set: the drill runs the production configuration")
    folder = Path(tempfile.mkdtemp(prefix="jinpin-drill-"))
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "drill-" + "x" * 60),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "VAR_DIR": str(folder / "var"),
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
    }
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
        )
    nodes = [Node(free_port(), env, folder), Node(free_port(), env, folder)]
    for node in nodes:
        node.start()
    port = free_port()
    config = nginx_config(folder, port, [n.port for n in nodes])
    subprocess.run(["nginx", "-p", str(folder), "-c", str(config)], check=True)
    statuses: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()
    paths = ["/", "/search/?q=%E4%BC%9A%E8%AE%A1", "/readyz", "/search/?q=engineer&page=2"]

    def client(n: int) -> None:
        i = n
        while not stop.is_set():
            status = get(f"http://127.0.0.1:{port}{paths[i % len(paths)]}")
            i += 1
            with lock:
                statuses.append(status)
            time.sleep(THINK_S)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(options.clients)]
    recovery = []
    try:
        for thread in threads:
            thread.start()
        step = options.seconds / 5
        time.sleep(step)
        nodes[0].signal(signal.SIGKILL)  # a node lost mid-request
        time.sleep(step)
        recovery.append(round(nodes[0].start(), 1))
        time.sleep(step)
        for node in nodes:  # a rolling restart: one node at a time, back before the next
            node.signal(signal.SIGTERM)
            recovery.append(round(node.start(), 1))
            # nginx counted the stopping node's closed connections as failures and left it out
            # for fail_timeout: the next node may stop only once this one is back in the pool.
            time.sleep(FAIL_TIMEOUT + 1)
        time.sleep(step)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        subprocess.run(
            ["nginx", "-p", str(folder), "-c", str(config), "-s", "quit"],
            check=False,
        )
        for node in nodes:
            node.signal(signal.SIGTERM)
    errors_5xx = sum(1 for s in statuses if s >= 500)
    failed = sum(1 for s in statuses if s == 0 or (400 <= s < 500))
    print(f"logs in {folder}")
    print(
        json.dumps(
            {
                "requests": len(statuses),
                "errors_5xx": errors_5xx,
                "failed_other": failed,
                "recovery_s": max(recovery),
                "node_start_s": recovery,
                "covered": "node killed, rolling restart (reads only)",
            }
        )
    )


if __name__ == "__main__":
    main()
