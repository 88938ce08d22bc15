#!/usr/bin/env bash
# The Celery worker with its embedded beat, started again whenever it dies (`make worker`).
#
#   scripts/worker.sh [celery worker options ...]
#
# A worker that exits on its own (an unrecoverable error, a crash, killed by the OOM killer) is
# restarted after WORKER_RESTART_DELAY seconds (default 2): side effects wait in the outbox
# meanwhile and nothing is lost. Ctrl-C or SIGTERM to this script stops the worker (warm shutdown:
# running tasks finish) and the script with it. Production runs the same command under a process
# supervisor with its own restart policy (systemd Restart=always); this is the developer's and the
# single-machine equivalent.
set -uo pipefail
cd "$(dirname "$0")/.."

CELERY="${CELERY:-.venv/bin/celery}"
DELAY="${WORKER_RESTART_DELAY:-2}"
child=""
stopping=""

stop() {
  stopping=1
  [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null
}
trap stop INT TERM

while true; do
  "$CELERY" -A config worker --beat --loglevel=info --concurrency=2 "$@" &
  child=$!
  wait "$child"
  status=$?
  # `wait` returns early when a trapped signal arrives: wait for the worker's own exit.
  while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
  child=""
  if [[ -n "$stopping" ]]; then
    exit 0
  fi
  echo "worker.sh: the worker exited with status $status; starting it again in ${DELAY} s" >&2
  sleep "$DELAY"
done
