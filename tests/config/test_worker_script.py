"""`make worker` (scripts/worker.sh) starts the worker again when it dies, and stops with it."""

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fake_celery(tmp_path) -> Path:
    """A stand-in worker: the first run dies at once (an unrecoverable error), the next keeps
    running until told to stop; each run is logged."""
    runs = tmp_path / "runs"
    script = tmp_path / "celery"
    script.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$*" >> {runs}\n'
        f'if [ "$(wc -l < {runs})" -eq 1 ]; then echo "Unrecoverable error" >&2; exit 1; fi\n'
        "trap 'exit 0' TERM\n"
        "while true; do sleep 0.05; done\n"
    )
    script.chmod(0o755)
    return runs


def wait_for(predicate, timeout=10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_dead_worker_is_started_again_and_a_stopped_one_stays_stopped(tmp_path):
    runs = fake_celery(tmp_path)
    env = {
        **os.environ,
        "CELERY": str(tmp_path / "celery"),
        "WORKER_RESTART_DELAY": "0.1",
    }
    supervisor = subprocess.Popen(  # noqa: S603 - the project's own script
        [str(ROOT / "scripts/worker.sh")], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        assert wait_for(lambda: runs.exists() and len(runs.read_text().splitlines()) == 2)
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=10) == 0
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
    lines = runs.read_text().splitlines()
    assert len(lines) == 2  # died once, started again once, then stopped on request
    assert lines[0].startswith("-A config worker --beat")
    assert "the worker exited with status 1; starting it again" in supervisor.stderr.read()
