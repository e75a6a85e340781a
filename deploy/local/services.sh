#!/usr/bin/env bash
# Runs the three packaged services (java -jar) and a local Prometheus on this machine, without Docker:
# for CI, the live checks, the load and chaos scripts, and anyone who wants the demo without containers.
#
#   deploy/local/services.sh start        # fresh databases, start the three jars, wait until ready
#   deploy/local/services.sh prometheus   # start Prometheus 3 on loopback with our config and rules
#   deploy/local/services.sh runbooks     # serve deploy/runbooks/ on loopback: the alerts' runbook_url links
#   deploy/local/services.sh stop         # stop everything this script started
#
# Prerequisites: ./mvnw package has built the jars; PostgreSQL on localhost:5432 with a role demo/demo that
# may create databases (deploy/local/postgres.sh sets that up on Debian); for `prometheus`, apt-get and dpkg-deb
# (deploy/local/prometheus-tools.sh fetches Prometheus 3 into target/ without installing anything).
#
# Environment:
#   PORT_OFFSET  added to every port (default 0: HTTP 8080-8082, management 9080-9082, Prometheus 9090,
#                runbooks 8090),
#                so two runs can share a machine; databases get the suffix _<offset> then.
#   RUN_DIR      where logs, pids and Prometheus data go (default target/local-run[-<offset>]).
#   KEEP_DATA=1  keep the existing databases instead of recreating them.
#   SEQUENTIAL_START=1  start one service at a time, so each one's time to ready is its own
#                (written to RUN_DIR/<service>.ready-ms; bench/run.sh reports it).
#   JAVA_HOME    the JDK or JRE to run the jars with (default: java on the PATH).
#   JAVA_OPTS    JVM options for all three. Each jar runs from its own target/quarkus-app directory, as a
#                class-data or AOT cache there requires, so a relative path such as
#                -XX:AOTCache=app.aot names that service's own cache (bench/run.sh uses this).
set -euo pipefail

cd "$(dirname "$0")/../.."
OFFSET=${PORT_OFFSET:-0}
SUFFIX=$([ "$OFFSET" = 0 ] && echo "" || echo "_$OFFSET")
RUN_DIR=${RUN_DIR:-target/local-run$([ "$OFFSET" = 0 ] || echo "-$OFFSET")}
mkdir -p "$RUN_DIR"
RUN_DIR=$(cd "$RUN_DIR" && pwd)   # absolute: the jars run from their own directories
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SERVICES=(inventory-service payment-service checkout-service)
declare -A HTTP_PORT=([checkout-service]=8080 [inventory-service]=8081 [payment-service]=8082)
declare -A DATABASE=([checkout-service]=checkout [inventory-service]=inventory [payment-service]=payment)

http_port() { echo $((HTTP_PORT[$1] + OFFSET)); }
management_port() { echo $((HTTP_PORT[$1] + 1000 + OFFSET)); }
prometheus_port() { echo $((9090 + OFFSET)); }
runbooks_port() { echo $((8090 + OFFSET)); }

# The role demo may create databases (deploy/local/postgres.sh), so no superuser is needed.
psql_admin() {
  PGPASSWORD=demo psql -h localhost -U demo -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

fresh_databases() {
  for service in "${SERVICES[@]}"; do
    local db="${DATABASE[$service]}$SUFFIX"
    psql_admin -c "drop database if exists $db with (force)" -c "create database $db owner demo"
  done
}

now_ms() { date +%s%3N; }

wait_ready() {
  local service=$1 url="http://127.0.0.1:$(management_port "$1")/q/health/ready"
  for _ in $(seq 1 1200); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      echo $(($(now_ms) - $(cat "$RUN_DIR/$service.started-ms"))) > "$RUN_DIR/$service.ready-ms"
      return 0
    fi
    if ! kill -0 "$(cat "$RUN_DIR/$service.pid")" 2>/dev/null; then
      echo "$service exited; last log lines:" >&2; tail -20 "$RUN_DIR/$service.log" >&2; return 1
    fi
    sleep 0.05
  done
  echo "$service not ready after 60 s" >&2; tail -20 "$RUN_DIR/$service.log" >&2; return 1
}

# Polls a URL until it answers 2xx, for up to 30 s.
wait_up() {
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

port_free() {
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"; then
    echo "Port $1 is already in use (another run? try: $0 stop, or PORT_OFFSET=10000)" >&2; return 1
  fi
}

start() {
  mkdir -p "$RUN_DIR"
  for service in "${SERVICES[@]}"; do port_free "$(http_port "$service")"; port_free "$(management_port "$service")"; done
  [ "${KEEP_DATA:-0}" = 1 ] || fresh_databases
  for service in "${SERVICES[@]}"; do
    local app="$service/target/quarkus-app"
    [ -f "$app/quarkus-run.jar" ] || { echo "Missing $app/quarkus-run.jar: run ./mvnw package -DskipTests first" >&2; exit 1; }
    now_ms > "$RUN_DIR/$service.started-ms"
    # Each variable is a standard Quarkus one: the same jar runs in compose with other values.
    # The subshell execs java, so $! is the JVM's pid.
    (cd "$app" && QUARKUS_HTTP_PORT=$(http_port "$service") \
      QUARKUS_MANAGEMENT_PORT=$(management_port "$service") \
      QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:5432/${DATABASE[$service]}$SUFFIX" \
      QUARKUS_REST_CLIENT_INVENTORY_URL="http://127.0.0.1:$(http_port inventory-service)" \
      QUARKUS_REST_CLIENT_PAYMENT_URL="http://127.0.0.1:$(http_port payment-service)" \
      exec "$JAVA" ${JAVA_OPTS:-} -jar quarkus-run.jar) > "$RUN_DIR/$service.log" 2>&1 &
    echo $! > "$RUN_DIR/$service.pid"
    [ "${SEQUENTIAL_START:-0}" = 1 ] && report_ready "$service"
  done
  if [ "${SEQUENTIAL_START:-0}" != 1 ]; then
    for service in "${SERVICES[@]}"; do report_ready "$service"; done
  fi
}

report_ready() {
  wait_ready "$1"
  echo "$1 ready in $(cat "$RUN_DIR/$1.ready-ms") ms: http://127.0.0.1:$(http_port "$1") (management $(management_port "$1"))"
}

start_prometheus() {
  port_free "$(prometheus_port)"
  mkdir -p "$RUN_DIR/prometheus-data"
  # The compose config adapted to this machine: the services' loopback ports, the repository's rule files,
  # a local Alertmanager, and no jobs for components that only exist in compose (their names would not
  # resolve). SCRAPE_INTERVAL (e.g. 5s) speeds up tests; the default keeps the compose value.
  awk '/^  - job_name: (alertmanager|jaeger|loki|alloy)$/ {skip=1; next} /^  - job_name: / {skip=0} !skip' \
    deploy/prometheus/prometheus.yml | sed -E \
    -e "s#checkout-service:9080#127.0.0.1:$(management_port checkout-service)#" \
    -e "s#inventory-service:9081#127.0.0.1:$(management_port inventory-service)#" \
    -e "s#payment-service:9082#127.0.0.1:$(management_port payment-service)#" \
    -e "s#localhost:9090#127.0.0.1:$(prometheus_port)#" \
    -e "s#alertmanager:9093#127.0.0.1:$((9093 + OFFSET))#" \
    -e "s#/etc/prometheus/rules/#$PWD/deploy/prometheus/rules/#g" \
    ${SCRAPE_INTERVAL:+-e "s#^(  scrape_interval|  scrape_timeout|  evaluation_interval): .*#\1: $SCRAPE_INTERVAL#"} \
    > "$RUN_DIR/prometheus.yml"
  # Prometheus 3, as in compose, never the distribution's 2.x (prometheus-tools.sh fails on another major).
  local tools
  tools=$(deploy/local/prometheus-tools.sh)
  "$tools/promtool" check config "$RUN_DIR/prometheus.yml" > /dev/null
  "$tools/prometheus" --config.file="$RUN_DIR/prometheus.yml" --storage.tsdb.path="$RUN_DIR/prometheus-data" \
    --web.listen-address="127.0.0.1:$(prometheus_port)" --enable-feature=exemplar-storage \
    --web.enable-lifecycle > "$RUN_DIR/prometheus.log" 2>&1 &
  echo $! > "$RUN_DIR/prometheus.pid"
  wait_up "http://127.0.0.1:$(prometheus_port)/-/ready" \
    && { echo "prometheus ready: http://127.0.0.1:$(prometheus_port)"; return 0; }
  echo "prometheus not ready" >&2; tail -20 "$RUN_DIR/prometheus.log" >&2; return 1
}

# What the compose stack's runbooks service (nginx, deploy/runbooks-server/nginx.conf) serves: the files of
# deploy/runbooks/, Markdown as UTF-8 plain text so that a browser shows it, on loopback only.
RUNBOOKS_SERVER='
import functools, http.server, sys
class Runbooks(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".md": "text/plain; charset=utf-8"}
handler = functools.partial(Runbooks, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
'

start_runbooks() {
  port_free "$(runbooks_port)"
  python3 -c "$RUNBOOKS_SERVER" "$(runbooks_port)" "$PWD/deploy/runbooks" > "$RUN_DIR/runbooks.log" 2>&1 &
  echo $! > "$RUN_DIR/runbooks.pid"
  wait_up "http://127.0.0.1:$(runbooks_port)/" \
    && { echo "runbooks: http://127.0.0.1:$(runbooks_port)/<AlertName>.md"; return 0; }
  echo "runbooks server not ready" >&2; cat "$RUN_DIR/runbooks.log" >&2; return 1
}

# Stops everything and waits until it has exited (a JVM may still be writing an AOT cache, and the ports
# must be free for the next start).
stop() {
  local pids=()
  for pidfile in "$RUN_DIR"/*.pid; do
    [ -f "$pidfile" ] || continue
    pids+=("$(cat "$pidfile")")
    kill "${pids[-1]}" 2>/dev/null || true
    rm -f "$pidfile"
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
}

case "${1:-}" in
  start) start ;;
  prometheus) start_prometheus ;;
  runbooks) start_runbooks ;;
  stop) stop ;;
  *) echo "usage: $0 start|prometheus|runbooks|stop" >&2; exit 2 ;;
esac
