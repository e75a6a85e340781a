#!/usr/bin/env bash
# The JDK AOT cache training run (JEP 483, 514, 515): starts the three services against an embedded PostgreSQL
# with -XX:AOTCacheOutput, sends them the checkout mix of deploy/load/load.sh, stops them; each JVM writes
# app.aot into its own application directory as it exits. Starting with -XX:AOTCache=app.aot then finds the
# classes loaded and linked and the method profiles of this run: each service starts in about a third of
# the time (docs/benchmarks.md).
#
#   deploy/aot/train.sh                                  # the three services' target/quarkus-app (CI, bench)
#   deploy/aot/train.sh checkout-service=/training/checkout-service ...   # the Dockerfile's training stage
#
# A cache only serves the JVM build it was made with, so the Dockerfile runs this in a stage on the images' own
# JRE, once for the three services; each image then takes its service's app.aot. The JVM flags come from
# JDK_JAVA_OPTIONS, as at run time: the image sets it; elsewhere this script takes the Dockerfile's value.
# Quarkus's own AOT support (quarkus.package.jar.aot.enabled) starts as fast but trains in the JVM that runs the
# integration tests, the build's JDK, and a JRE refuses a JDK's cache (docs/benchmarks.md, "Start-up and memory").
#
# Needs: java 25 or newer (JAVA_HOME or PATH), bash, curl, awk; test-support/target (its StandalonePostgres and
# the embedded PostgreSQL it runs). Environment: PORT_OFFSET (added to every port, default 0; PostgreSQL on
# 15432), TRAINING_DURATION (load.sh --duration, default 45s), TRAINING_RATE (default 15 checkouts/s).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OFFSET=${PORT_OFFSET:-0}
SERVICES=(inventory-service payment-service checkout-service)
declare -A HTTP_PORT=([checkout-service]=8080 [inventory-service]=8081 [payment-service]=8082)
declare -A DATABASE=([checkout-service]=checkout [inventory-service]=inventory [payment-service]=payment)
declare -A APP
for service in "${SERVICES[@]}"; do APP[$service]=$ROOT/$service/target/quarkus-app; done
for arg in "$@"; do
  [[ "$arg" == *=* && -n "${APP[${arg%%=*}]:-}" ]] || { echo "usage: $0 [<service>=<application directory>...]" >&2; exit 2; }
  APP[${arg%%=*}]=${arg#*=}
done
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ -z "${JDK_JAVA_OPTIONS+set}" ] && [ -f "$ROOT/Dockerfile" ]; then
  JDK_JAVA_OPTIONS=$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\(.*\)"$/\1/p' "$ROOT/Dockerfile")
  export JDK_JAVA_OPTIONS
fi
feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')
[ "${feature%%.*}" -ge 25 ] || { echo "train.sh: java $feature has no AOT cache output; needs 25 or newer" >&2; exit 1; }
LOGS=$(mktemp -d)
http() { echo $((HTTP_PORT[$1] + OFFSET)); }
management() { echo $((HTTP_PORT[$1] + 1000 + OFFSET)); }
pg_port=$((15432 + OFFSET))

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Each JVM writes its cache while it exits: wait for all of them.
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  pids=()
}
fail() { echo "train.sh: $*" >&2; for log in "$LOGS"/*.log; do echo "--- $log" >&2; tail -20 "$log" >&2; done; stop_all; exit 1; }
trap stop_all EXIT

echo "=== PostgreSQL on 127.0.0.1:$pg_port"
# initdb refuses to run as root, and the embedded PostgreSQL's way around that (a user namespace) is not allowed in
# an image build step: as root (the Dockerfile's training step, CI), PostgreSQL runs as nobody, with files of its
# own under a fresh temporary folder.
postgres_files=$(mktemp -d)
as_postgres=()
if [ "$(id -u)" = 0 ]; then
  chown nobody "$postgres_files"
  as_postgres=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
fi
# StandalonePostgres stops when its standard input closes: feed it from a pipe that stays open until the end.
coproc POSTGRES { exec "${as_postgres[@]}" env -u JDK_JAVA_OPTIONS "$JAVA" -Djava.io.tmpdir="$postgres_files" \
  -Dslf4j.internal.verbosity=ERROR \
  -cp "$ROOT/test-support/target/test-support-1.0.0-SNAPSHOT.jar:$ROOT/test-support/target/standalone-postgres/*" \
  io.observability.demo.testing.StandalonePostgres "$pg_port" "$postgres_files/ready" > "$LOGS/postgres.log" 2>&1; }
postgres_pid=$POSTGRES_PID
# It creates the ready file once the three databases exist.
for _ in $(seq 1 600); do
  [ ! -e "$postgres_files/ready" ] && kill -0 "$postgres_pid" 2>/dev/null || break
  sleep 0.2
done
[ -e "$postgres_files/ready" ] || fail "PostgreSQL did not start"

for service in "${SERVICES[@]}"; do
  rm -f "${APP[$service]}/app.aot"
  (cd "${APP[$service]}" && QUARKUS_HTTP_PORT=$(http "$service") QUARKUS_MANAGEMENT_PORT=$(management "$service") \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/${DATABASE[$service]}" \
    QUARKUS_REST_CLIENT_INVENTORY_URL="http://127.0.0.1:$(http inventory-service)" \
    QUARKUS_REST_CLIENT_PAYMENT_URL="http://127.0.0.1:$(http payment-service)" \
    QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$((14318 + OFFSET))" QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    exec "$JAVA" -XX:AOTCacheOutput=app.aot -jar quarkus-run.jar) > "$LOGS/$service.log" 2>&1 &
  pids+=($!)
done
for service in "${SERVICES[@]}"; do
  echo "=== $service from ${APP[$service]}"
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$(management "$service")/q/health/ready" 2>/dev/null && break
    sleep 0.2
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$(management "$service")/q/health/ready" || fail "$service is not ready"
done

echo "=== Training load: checkouts (every kind of answer), catalog reads, scrapes and health checks"
checkout=http://127.0.0.1:$(http checkout-service)
# What Prometheus, the health checks and a learner's browser do meanwhile (their answers don't matter here).
# The Accept header of Prometheus 3.5 for the service jobs' scrape_protocols (deploy/prometheus/prometheus.yml).
PROMETHEUS_ACCEPT='application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,*/*;q=0.4'
scrape() {
  while sleep 1; do
    for service in "${SERVICES[@]}"; do
      curl -s -o /dev/null "http://127.0.0.1:$(management "$service")/q/metrics" -H "Accept: $PROMETHEUS_ACCEPT"
      curl -s -o /dev/null "http://127.0.0.1:$(management "$service")/q/health/ready"
    done
    curl -s -o /dev/null "http://127.0.0.1:$(http inventory-service)/api/products"
  done
}
scrape & scraper=$!
# A few checkouts one at a time first: a cold JVM on a busy build machine would time some of a burst out.
for i in $(seq 1 10); do
  curl -s -o /dev/null --max-time 30 -X POST "$checkout/api/checkout" -H 'Content-Type: application/json' \
    -d "{\"customerId\":\"training-$i\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":1}],\"cardNumber\":\"4242424242424242\"}"
done
# The run is for the JIT and the class loader, not a test: timeouts on a slow machine are fine, but some orders
# must have gone through.
"$ROOT/deploy/load/load.sh" --url "$checkout" --rate "${TRAINING_RATE:-15}" --duration "${TRAINING_DURATION:-45s}" \
  > "$LOGS/load.txt" 2>&1 || true
grep -qE '^  201 +[1-9]' "$LOGS/load.txt" || { kill $scraper; fail "no checkout went through: $(cat "$LOGS/load.txt")"; }
kill $scraper 2>/dev/null || true
sed -n '/^Requests by status/,/^$/p' "$LOGS/load.txt"

echo "=== Stopping: each JVM writes its AOT cache"
stop_all
exec {POSTGRES[1]}>&-
wait "$postgres_pid" 2>/dev/null || true
for service in "${SERVICES[@]}"; do
  [ -s "${APP[$service]}/app.aot" ] || fail "no AOT cache written for $service"
  echo "$service: ${APP[$service]}/app.aot ($(du -h "${APP[$service]}/app.aot" | cut -f1))"
done
rm -rf "$LOGS" "$postgres_files"
