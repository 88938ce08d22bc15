#!/usr/bin/env bash
# The services Jinpin's production configuration uses, started on loopback for developers, the
# Makefile and CI: PostgreSQL, Redis and Elasticsearch (one node, and a second one that joins it).
#
#   scripts/services.sh install                  apt packages and the Elasticsearch distribution
#   scripts/services.sh start  [service ...]     postgres redis elasticsearch (default: all three)
#   scripts/services.sh stop   [service ...]     also elasticsearch-2, the second cluster node
#   scripts/services.sh status [service ...]
#   scripts/services.sh env                      the variables that point the project at them
#
# Starting a running service, or stopping a stopped one, changes nothing. Every failure names the
# service, what was tried and where its log is. Nothing here is needed by `make run` or `make test`.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"

# Elasticsearch: the test distribution of the real server that Elastic publishes to Maven Central.
# 8.19 is the newest line our client (elasticsearch-py 8, elasticsearch-dsl 8.18) speaks natively;
# no 9.x integ-test-zip resolves there. The sha512 is Maven Central's, checked on every download.
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_SHA512_8_19_21="cf6b0a93860d329937ae7f913ec5073b0c726c77639764b93fc83a304aa1dd9d4defcfa2849948eea3b0b47c2065f994908603939fc2a4774c9c4d868c5ec1dd"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
ES_HEAP="${ES_HEAP:-512m}"
ES_CLUSTER_NAME="${ES_CLUSTER_NAME:-jinpin}"
ES_USER="${ES_USER:-jinpin-es}"  # Elasticsearch refuses to run as root
# Node n listens on ES_HTTP_PORT + n - 1 (HTTP) and ES_TRANSPORT_PORT + n - 1 (between nodes): a
# second, separate cluster (the cluster test's) takes other ports, a cluster name and SERVICES_DIR.
ES_HTTP_PORT="${ES_HTTP_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9300}"

PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-jinpin}"
PG_PASSWORD="${PG_PASSWORD:-jinpin}"
PG_DATABASE="${PG_DATABASE:-jinpin}"
REDIS_PORT="${REDIS_PORT:-6379}"

if [[ $EUID -eq 0 ]]; then
  STATE_DIR="${SERVICES_DIR:-/var/lib/jinpin-services}"
  CACHE_DIR="${SERVICES_CACHE:-/var/cache/jinpin}"
else
  STATE_DIR="${SERVICES_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/jinpin-services}"
  CACHE_DIR="${SERVICES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jinpin}"
fi
ES_HOME="$CACHE_DIR/elasticsearch-$ES_VERSION"

say() { printf 'services: %s\n' "$*"; }
fail() { printf 'services: FAILED: %s\n' "$*" >&2; exit 1; }

# --- packages ------------------------------------------------------------------------------------

apt_install() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  [[ $EUID -eq 0 ]] || fail "missing packages ${missing[*]}: run as root or apt-get install them"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- PostgreSQL (Debian's cluster) -----------------------------------------------------------------

pg_cluster() {
  # "15 main": the newest cluster Debian created when the package was installed.
  command -v pg_lsclusters >/dev/null || fail "postgres: not installed (apt-get install postgresql)"
  pg_lsclusters --no-header 2>/dev/null | awk '{print $1, $2}' | sort -V | tail -1
}

pg_psql() { runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt "$@"; }

postgres_start() {
  local cluster
  cluster="$(pg_cluster)"
  [[ -n $cluster ]] || fail "postgres: no cluster (pg_createcluster 15 main)"
  if ! pg_isready -h 127.0.0.1 -p "$PG_PORT" -q; then
    say "postgres: starting cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $cluster start \
      || fail "postgres: pg_ctlcluster $cluster start (log: /var/log/postgresql/)"
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$PG_PORT" -q && break; sleep 0.5; done
    pg_isready -h 127.0.0.1 -p "$PG_PORT" -q || fail "postgres: not answering on 127.0.0.1:$PG_PORT"
  fi
  # The project's role and database (CREATEDB: pytest-django makes its test_ database).
  if [[ $EUID -eq 0 ]]; then
    if [[ "$(pg_psql -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]]; then
      pg_psql -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
    fi
    if [[ "$(pg_psql -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]]; then
      pg_psql -c "CREATE DATABASE \"$PG_DATABASE\" OWNER \"$PG_USER\""
    fi
  fi
  say "postgres: ready at $(database_url)"
}

postgres_stop() {
  local cluster
  cluster="$(pg_cluster)"
  if pg_isready -h 127.0.0.1 -p "$PG_PORT" -q; then
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $cluster stop -m fast
    say "postgres: stopped"
  else
    say "postgres: not running"
  fi
}

postgres_status() {
  if pg_isready -h 127.0.0.1 -p "$PG_PORT" -q 2>/dev/null; then
    say "postgres: running at $(database_url)"
  else
    say "postgres: stopped"; return 1
  fi
}

database_url() { echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DATABASE"; }

# --- Redis ---------------------------------------------------------------------------------------

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

redis_start() {
  command -v redis-server >/dev/null || fail "redis: not installed (apt-get install redis-server)"
  if ! redis_up; then
    mkdir -p "$STATE_DIR/redis"
    say "redis: starting on 127.0.0.1:$REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
      --appendonly no --dir "$STATE_DIR/redis" --pidfile "$STATE_DIR/redis/redis.pid" \
      --logfile "$STATE_DIR/redis/redis.log" \
      || fail "redis: redis-server did not start (log: $STATE_DIR/redis/redis.log)"
    for _ in $(seq 1 30); do redis_up && break; sleep 0.2; done
    redis_up || fail "redis: not answering on 127.0.0.1:$REDIS_PORT (log: $STATE_DIR/redis/redis.log)"
  fi
  say "redis: ready at redis://127.0.0.1:$REDIS_PORT"
}

redis_stop() {
  if redis_up; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do redis_up || break; sleep 0.2; done
    say "redis: stopped"
  else
    say "redis: not running"
  fi
}

redis_status() {
  if redis_up; then say "redis: running at redis://127.0.0.1:$REDIS_PORT"
  else say "redis: stopped"; return 1; fi
}

# --- Elasticsearch --------------------------------------------------------------------------------

java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }

es_java_home() {
  # Elasticsearch 8.19 runs on Java 17 or later; prefer the newest JDK on the machine.
  if [[ -n ${ES_JAVA_HOME:-} ]]; then echo "$ES_JAVA_HOME"; return; fi
  local best="" best_major=0 home major
  for home in /usr/lib/jvm/*/; do
    home="${home%/}"
    [[ -x $home/bin/java && ! -L $home ]] || continue
    major="$(java_major "$home")"
    [[ -n $major ]] || continue
    if ((major >= 17 && major > best_major)); then best="$home"; best_major=$major; fi
  done
  [[ -n $best ]] || fail "elasticsearch: no Java 17 or later under /usr/lib/jvm (set ES_JAVA_HOME)"
  echo "$best"
}

es_fetch() {
  [[ -x $ES_HOME/bin/elasticsearch ]] && return 0
  local zip="$CACHE_DIR/elasticsearch-$ES_VERSION.zip" expected
  local var="ES_SHA512_${ES_VERSION//./_}"
  expected="${!var:-}"
  [[ -n $expected ]] || fail "elasticsearch: no pinned checksum for $ES_VERSION in $0"
  mkdir -p "$CACHE_DIR"
  if [[ ! -f $zip ]] || ! echo "$expected  $zip" | sha512sum --check --status; then
    say "elasticsearch: fetching $ES_ARTIFACT from Maven Central"
    rm -f "$zip"
    if command -v mvn >/dev/null; then
      mvn -q -B -C dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$CACHE_DIR" \
        || fail "elasticsearch: mvn dependency:copy -Dartifact=$ES_ARTIFACT"
    else
      local group="org/elasticsearch/distribution/integ-test-zip/elasticsearch"
      curl -fsSL -o "$zip" \
        "https://repo.maven.apache.org/maven2/$group/$ES_VERSION/elasticsearch-$ES_VERSION.zip" \
        || fail "elasticsearch: download from Maven Central"
    fi
  fi
  echo "$expected  $zip" | sha512sum --check --status \
    || { rm -f "$zip"; fail "elasticsearch: $zip does not match its pinned sha512"; }
  local tmp
  tmp="$(mktemp -d "$CACHE_DIR/unpack.XXXXXX")"
  unzip -q "$zip" -d "$tmp" || fail "elasticsearch: unzip $zip"
  rm -rf "$ES_HOME"
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$tmp"
  chmod -R a+rX "$ES_HOME"
  say "elasticsearch: $ES_VERSION unpacked in $ES_HOME"
}

es_port() { echo $((ES_HTTP_PORT + $1 - 1)); }            # node 1: 9200, node 2: 9201
es_transport() { echo $((ES_TRANSPORT_PORT + $1 - 1)); }  # node 1: 9300, node 2: 9301
es_dir() { echo "$STATE_DIR/elasticsearch/node-$1"; }
es_up() { curl -fsS -m 2 "http://127.0.0.1:$(es_port "$1")/_cluster/health" >/dev/null 2>&1; }

es_config() {
  local node=$1 dir roles
  dir="$(es_dir "$node")"
  mkdir -p "$dir/config" "$dir/data" "$dir/logs"
  cp -n "$ES_HOME"/config/{jvm.options,log4j2.properties} "$dir/config/" 2>/dev/null || true
  mkdir -p "$dir/config/jvm.options.d"
  # Node 1 is the master; node 2 holds data only, so stopping it never costs the cluster its
  # master (two master-eligible nodes cannot outvote each other: production runs three).
  if [[ $node == 1 ]]; then roles="[master, data, ingest]"; else roles="[data, ingest]"; fi
  cat >"$dir/config/elasticsearch.yml" <<EOF
# Written by scripts/services.sh: a development and CI node on loopback (no bootstrap checks).
cluster.name: $ES_CLUSTER_NAME
node.name: es-$node
node.roles: $roles
network.host: 127.0.0.1
http.port: $(es_port "$node")
transport.port: $(es_transport "$node")
discovery.seed_hosts: ["127.0.0.1:$(es_transport 1)"]
cluster.initial_master_nodes: ["es-1"]
path.data: $dir/data
path.logs: $dir/logs
xpack.security.enabled: false
# A nearly full disk must not turn the test index read-only or leave replicas unassigned.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  if [[ $EUID -eq 0 ]]; then
    id "$ES_USER" >/dev/null 2>&1 \
      || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$dir"
    # The user must reach the node's folder through its parents.
    chmod a+x "$STATE_DIR" "$STATE_DIR/elasticsearch"
  fi
}

es_start_node() {
  local node=$1 port dir java
  port="$(es_port "$node")"
  dir="$(es_dir "$node")"
  if es_up "$node"; then say "elasticsearch-$node: running at http://127.0.0.1:$port"; return; fi
  if [[ $node != 1 ]] && ! es_up 1; then fail "elasticsearch-$node: joins node 1, which is not running"; fi
  es_fetch
  es_config "$node"
  java="$(es_java_home)"
  say "elasticsearch-$node: starting $ES_VERSION on 127.0.0.1:$port (Java $(java_major "$java"), heap $ES_HEAP)"
  local cmd=(env "ES_JAVA_HOME=$java" "ES_PATH_CONF=$dir/config"
    "ES_JAVA_OPTS=-Xms$ES_HEAP -Xmx$ES_HEAP" "$ES_HOME/bin/elasticsearch" -d -p "$dir/es.pid")
  if [[ $EUID -eq 0 ]]; then cmd=(runuser -u "$ES_USER" -- "${cmd[@]}"); fi
  (cd "$dir" && "${cmd[@]}" >"$dir/logs/startup.log" 2>&1) \
    || fail "elasticsearch-$node: did not start (log: $dir/logs/startup.log, $dir/logs/$ES_CLUSTER_NAME.log)"
  local status=""
  for _ in $(seq 1 180); do
    status="$(curl -fsS -m 2 "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null \
      | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')" || true
    [[ $status == green || $status == yellow ]] && break
    if [[ -f $dir/es.pid ]] && ! kill -0 "$(cat "$dir/es.pid")" 2>/dev/null; then
      tail -20 "$dir/logs/$ES_CLUSTER_NAME.log" >&2 || true
      fail "elasticsearch-$node: exited while starting (log: $dir/logs/$ES_CLUSTER_NAME.log)"
    fi
    sleep 1
  done
  [[ $status == green || $status == yellow ]] \
    || fail "elasticsearch-$node: no healthy cluster after 180 s (log: $dir/logs/$ES_CLUSTER_NAME.log)"
  if [[ $node == 1 ]]; then
    # Green: every shard assigned (an empty single node is green at once).
    curl -fsS -m 65 "http://127.0.0.1:$port/_cluster/health?wait_for_status=green&timeout=60s" \
      | grep -q '"status":"green"' || fail "elasticsearch-$node: cluster not green after 60 s"
  fi
  say "elasticsearch-$node: ready at http://127.0.0.1:$port ($status)"
}

es_stop_node() {
  local node=$1 dir pid
  dir="$(es_dir "$node")"
  pid="$(cat "$dir/es.pid" 2>/dev/null || true)"
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    rm -f "$dir/es.pid"
    say "elasticsearch-$node: stopped"
  elif es_up "$node"; then
    fail "elasticsearch-$node: something answers on port $(es_port "$node") that this script did not start"
  else
    say "elasticsearch-$node: not running"
  fi
}

es_status_node() {
  local node=$1
  if es_up "$node"; then
    say "elasticsearch-$node: running at http://127.0.0.1:$(es_port "$node")"
  else
    say "elasticsearch-$node: stopped"; return 1
  fi
}

# --- commands ---------------------------------------------------------------------------------------

run_for() {
  local action=$1; shift
  local service
  for service in "$@"; do
    case "$service" in
      postgres|postgresql) "postgres_$action" ;;
      redis) "redis_$action" ;;
      elasticsearch|elasticsearch-1|es) "es_${action}_node" 1 ;;
      elasticsearch-2|es2) "es_${action}_node" 2 ;;
      *) fail "unknown service '$service' (postgres, redis, elasticsearch, elasticsearch-2)" ;;
    esac
  done
}

command="${1:-status}"
shift || true
services=("$@")
((${#services[@]})) || services=(postgres redis elasticsearch)

case "$command" in
  install)
    apt_install postgresql redis-server unzip curl
    es_fetch
    ;;
  start) run_for start "${services[@]}" ;;
  stop)
    # Stopping everything includes the second node, and stops it before the first.
    ((${#@})) || services=(elasticsearch-2 elasticsearch redis postgres)
    run_for stop "${services[@]}"
    ;;
  status)
    rc=0
    for service in "${services[@]}"; do run_for status "$service" || rc=1; done
    es_up 2 && run_for status elasticsearch-2
    exit $rc
    ;;
  env)
    echo "export DATABASE_URL=$(database_url)"
    echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0"
    echo "export CACHE_URL=redis://127.0.0.1:$REDIS_PORT/1"
    echo "export SEARCH_BACKEND=elasticsearch"
    echo "export ELASTICSEARCH_URL=http://127.0.0.1:$(es_port 1)"
    ;;
  es-home) es_fetch >&2; echo "$ES_HOME" ;;
  *) fail "usage: $0 install|start|stop|status|env [postgres redis elasticsearch elasticsearch-2]" ;;
esac
