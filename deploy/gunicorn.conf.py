"""gunicorn's settings for an app node (deploy/systemd/jinpin-web@.service):
`gunicorn -c deploy/gunicorn.conf.py config.wsgi`. Every value can be overridden on the
command line or with GUNICORN_CMD_ARGS."""

import os

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# About two workers per core: requests are CPU-bound (README, bench/apply.py).
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "gthread"
# A worker keeps the keep-alive connections it accepted (nginx's upstream pool, a door's phone)
# and they do not spread evenly: with one thread, a worker holding five busy connections answers
# them one at a time while another worker idles (bench/fairday.py: 10 doors kept 1.1 of 2 cores
# busy, 445 check-ins/s; with 4 threads 1.8 cores, 680–820/s). Each thread has its own database
# connection: workers × threads per node, within PostgreSQL's max_connections (or a pooler's).
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Import the project once, before forking (shared memory, and a broken release fails at start).
preload_app = True
# A request running longer than this is killed and logged; nginx gives up at the same time.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (systemctl stop/restart) running requests get this long to finish.
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, spreading out any slow leak.
max_requests = 5000
max_requests_jitter = 500
# Access lines come from nginx (with the request id); errors go to the journal as JSON (LOGGING).
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker):
    """A dead worker's metrics files are merged into the totals, not counted as a live process."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
