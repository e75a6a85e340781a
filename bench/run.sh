#!/usr/bin/env bash
# What full observability costs: the same jars, run with telemetry on and off, under the same load.
#
#   bench/run.sh            # the full benchmark (about 20 minutes); rewrites docs/benchmarks.md and its chart
#   bench/run.sh --smoke    # seconds per step, one repetition, results under target/bench/ only (CI)
#
# Configurations (same jars, same JVM flags, same data):
#   full  traces sampled always and exported over OTLP/HTTP to a local sink (bench/OtlpSink.java),
#         Prometheus metrics with exemplars, JSON logs at INFO
#   off   OpenTelemetry SDK disabled, every meter a no-op (observability.metrics.enabled=false),
#         plain-text logs at WARN
# Per configuration and repetition: time to ready of each service (started one at a time), a warm-up,
# a closed-loop wrk run (maximum throughput, CPU seconds per 1000 checkouts), open-loop hey runs at fixed
# rates (latency percentiles), RSS of each service after the runs, and for `full` the telemetry volume.
# Then the price list: `full` with one part off or sampled at a time (closed loop only), so the cost of
# observability splits into traces, JDBC spans, metrics and logs.
# Repetitions alternate the order of the configurations so drift hits both. Timings are reported, never
# asserted. Needs: PostgreSQL (deploy/local/postgres.sh), wrk, hey, gnuplot (installed with apt if missing
# and running as root), the packaged jars (./mvnw package -DskipTests).
#
# JVM: a JDK 25 or newer if one is found (BENCH_JAVA_HOME, else JAVA_HOME, else /usr/lib/jvm/*), with an
# ahead-of-time cache per service and configuration (JEP 483/514/515): the jars are packaged as Quarkus's
# aot-jar, a training run of each configuration under checkout load writes app-<config>.aot next to each
# jar, and every measured run starts with -XX:AOTCache (AOTMode=on: a cache that cannot be used is an
# error, not a silent slow start). Without such a JDK, the default java runs the jars as they are.
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
if [ $SMOKE = 1 ]; then
  REPS=${REPS:-1} TRAIN=3s WARMUP=2s CLOSED=3s OPEN=2s RATES_PCT=${RATES_PCT:-"50"} OUT=target/bench
else
  REPS=${REPS:-3} TRAIN=30s WARMUP=30s CLOSED=20s OPEN=15s RATES_PCT=${RATES_PCT:-"25 50 75"} OUT=docs
fi
export PORT_OFFSET=${PORT_OFFSET:-0}
export RUN_DIR=target/bench/run
export SEQUENTIAL_START=1
# Same JVM flags for both configurations: a small heap and the serial GC, as for a small container.
BASE_JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xms64m -Xmx160m -XX:+UseSerialGC"}
SINK_PORT=$((14318 + PORT_OFFSET))
CHECKOUT=http://127.0.0.1:$((8080 + PORT_OFFSET))
WRK_CONNECTIONS=${WRK_CONNECTIONS:-16}
HEY_WORKERS=8
SERVICES=(checkout-service inventory-service payment-service)
RESULTS=target/bench/results.tsv
mkdir -p target/bench "$RUN_DIR"
: > "$RESULTS"

for tool in wrk hey gnuplot unzip; do
  if ! command -v $tool >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "Please install $tool (apt-get install wrk hey gnuplot-nox unzip)" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk hey gnuplot-nox unzip >/dev/null
  fi
done
java_feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }'; }
BENCH_JAVA_HOME=${BENCH_JAVA_HOME:-}
if [ -z "$BENCH_JAVA_HOME" ]; then
  for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] && [ "$(java_feature "$candidate")" -ge 25 ] 2>/dev/null && { BENCH_JAVA_HOME=$candidate; break; }
  done
fi
if [ -n "$BENCH_JAVA_HOME" ] && [ "$(java_feature "$BENCH_JAVA_HOME")" -ge 25 ]; then
  AOT=1 PACKAGE_TYPE=aot-jar MAIN_CLASS=AotQuarkusEntryPoint
else
  echo "No JDK 25+ found (set BENCH_JAVA_HOME): running without an AOT cache, startup will be slower" >&2
  AOT=0 PACKAGE_TYPE=fast-jar MAIN_CLASS=QuarkusEntryPoint
  BENCH_JAVA_HOME=${BENCH_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
fi
for service in "${SERVICES[@]}"; do
  jar="$service/target/quarkus-app/quarkus-run.jar"
  if ! { [ -f "$jar" ] && unzip -p "$jar" META-INF/MANIFEST.MF | grep -q "Main-Class: .*\.$MAIN_CLASS"; }; then
    ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=$PACKAGE_TYPE \
      -pl checkout-service,inventory-service,payment-service -am
    break
  fi
done

# --- The OTLP sink
./mvnw -B -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/target/bench/sink.classpath"
java -cp "$(cat target/bench/sink.classpath)" bench/OtlpSink.java "$SINK_PORT" > target/bench/sink.log 2>&1 &
SINK_PID=$!
cleanup() { deploy/local/services.sh stop || true; kill "$SINK_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$SINK_PORT/stats" && break; sleep 0.2; done

record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; } # rep config metric value

config_env() {
  local common=(PAYMENT_CHAOS_FAILURE_RATE=0 PAYMENT_CHAOS_LATENCY=0ms)
  if [ "$1" = full ]; then
    echo "${common[@]} QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$SINK_PORT QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
  else
    echo "${common[@]} QUARKUS_OTEL_SDK_DISABLED=true OBSERVABILITY_METRICS_ENABLED=false QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_LOG_LEVEL=WARN"
  fi
}

cpu_ticks() { # utime + stime of the three services, in clock ticks
  local total=0
  for service in "${SERVICES[@]}"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$(cat "$RUN_DIR/$service.pid")/stat")))
  done
  echo $total
}

log_bytes() { cat "$RUN_DIR"/*-service.log | wc -c; }

# wrk's latency line "99%  12.34ms" in milliseconds
wrk_ms() { awk -v p="$1" '$1 == p { v=$2; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } print v }' "$2"; }
# hey's "  99% in 0.0123 secs" in milliseconds
hey_ms() { awk -v p="$1%" '$1 == p && $2 == "in" { v = $3 * 1000 } END { print (v == "" ? "n/a" : v) }' "$2"; }

# Stock for every run: plenty, so no run ends in out-of-stock answers.
top_up_stock() {
  PGPASSWORD=demo psql -h localhost -U demo -qtA -d "inventory$([ "$PORT_OFFSET" = 0 ] || echo "_$PORT_OFFSET")" \
    -c "update product set available = 100000000" > /dev/null
}

# Starts the three services in a configuration: start_services <config> <extra JVM options> [VAR=value...]
start_services() {
  local config=$1 options=$2; shift 2
  JAVA_OPTS="$BASE_JAVA_OPTS $options" env $(config_env "$config") "$@" JAVA_HOME="$BENCH_JAVA_HOME" \
    deploy/local/services.sh start
}
# The JVM options that start from the AOT cache of a configuration, if there is one.
aot_cache() { if [ $AOT = 1 ]; then echo "-XX:AOTMode=on -XX:AOTCache=app-$1.aot"; fi; }

# The AOT cache of a configuration: a training run under checkout load; each JVM writes
# target/quarkus-app/app-<config>.aot when it exits.
train() {
  local config=$1
  echo "=== training the AOT cache of configuration $config"
  rm -f ./*-service/target/quarkus-app/app-"$config".aot
  start_services "$config" "-XX:AOTCacheOutput=app-$config.aot" > "target/bench/train-$config.txt"
  top_up_stock
  wrk -t2 -c"$WRK_CONNECTIONS" -d"$TRAIN" --timeout 10s -s bench/checkout.lua "$CHECKOUT" >> "target/bench/train-$config.txt"
  deploy/local/services.sh stop
  for service in "${SERVICES[@]}"; do
    [ -s "$service/target/quarkus-app/app-$config.aot" ] || {
      echo "No AOT cache written for $service: see $RUN_DIR/$service.log" >&2; exit 1; }
  done
}

# Warm-up: a few checkouts one by one (first-request initialisation), then load until the JIT has settled.
warm_up() {
  top_up_stock
  for i in 1 2 3 4 5; do
    curl -fsS -o /dev/null -X POST "$CHECKOUT/api/checkout" -H 'Content-Type: application/json' \
      -d "{\"customerId\":\"warm-up-$i\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":1}],\"cardNumber\":\"4242424242424242\"}"
  done
  wrk -t2 -c"$WRK_CONNECTIONS" -d"$WARMUP" --timeout 10s -s bench/checkout.lua "$CHECKOUT" > "$1/warmup.txt"
}

# Closed loop at full speed: maximum throughput, latency at that load, errors, CPU seconds of the three
# services per 1000 checkouts, and what the telemetry weighs per checkout.
closed_loop() {
  local rep=$1 config=$2 dir=$3
  curl -fs -X POST "http://127.0.0.1:$SINK_PORT/reset" > /dev/null
  local ticks_before bytes_before ticks_after
  ticks_before=$(cpu_ticks); bytes_before=$(log_bytes)
  wrk -t2 -c"$WRK_CONNECTIONS" -d"$CLOSED" --timeout 10s --latency -s bench/checkout.lua "$CHECKOUT" > "$dir/closed.txt"
  ticks_after=$(cpu_ticks)
  local requests errors rps
  requests=$(awk '/requests in/ { print $1 }' "$dir/closed.txt")
  # Non-2xx answers plus socket errors (connect, read, write, timeout).
  errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
                END { print n + 0 }' "$dir/closed.txt")
  rps=$(awk '/Requests\/sec:/ { print $2 }' "$dir/closed.txt")
  [ "${requests:-0}" -gt 0 ] || { echo "No checkout completed in the closed-loop run: see $dir/closed.txt" >&2; exit 1; }
  record "$rep" "$config" max_rps "$rps"
  record "$rep" "$config" closed_errors "$errors"
  record "$rep" "$config" closed_p50_ms "$(wrk_ms 50% "$dir/closed.txt")"
  record "$rep" "$config" closed_p99_ms "$(wrk_ms 99% "$dir/closed.txt")"
  record "$rep" "$config" cpu_s_per_1000 "$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.2f", t / hz / n * 1000 }')"
  local stats; stats=$(curl -fs "http://127.0.0.1:$SINK_PORT/stats")
  record "$rep" "$config" spans_per_checkout "$(echo "$stats" | jq --argjson n "$requests" '[.spans[]] | add // 0 | . / $n | . * 100 | round / 100')"
  record "$rep" "$config" otlp_bytes_per_checkout "$(echo "$stats" | jq --argjson n "$requests" '.bytes / $n | round')"
  record "$rep" "$config" log_bytes_per_checkout "$(( ($(log_bytes) - bytes_before) / requests ))"
}

run_config() {
  local rep=$1 config=$2 dir=target/bench/rep$1-$2
  mkdir -p "$dir"
  echo "=== repetition $rep, configuration $config"
  start_services "$config" "$(aot_cache "$config")" | tee "$dir/start.txt"
  for service in "${SERVICES[@]}"; do record "$rep" "$config" "ready_ms_$service" "$(cat "$RUN_DIR/$service.ready-ms")"; done
  warm_up "$dir"
  closed_loop "$rep" "$config" "$dir"
  if [ "$config" = full ]; then
    record "$rep" "$config" series_checkout-service "$(curl -fs "http://127.0.0.1:$((9080 + PORT_OFFSET))/q/metrics" | grep -vc '^#')"
    record "$rep" "$config" series_inventory-service "$(curl -fs "http://127.0.0.1:$((9081 + PORT_OFFSET))/q/metrics" | grep -vc '^#')"
    record "$rep" "$config" series_payment-service "$(curl -fs "http://127.0.0.1:$((9082 + PORT_OFFSET))/q/metrics" | grep -vc '^#')"
  fi

  # Open loop at fixed shares of the maximum measured with observability off in the first repetition (which
  # runs `off` first), so both configurations get exactly the same rates.
  local base; base=$(awk '$2 == "off" && $3 == "max_rps" { print $4; exit }' "$RESULTS")
  for pct in $RATES_PCT; do
    local rate=$(awk -v b="$base" -v p="$pct" 'BEGIN { r = int(b * p / 100); print (r < 8 ? 8 : r) }')
    local per_worker=$(awk -v r="$rate" -v w="$HEY_WORKERS" 'BEGIN { printf "%.2f", r / w }')
    hey -z "$OPEN" -c "$HEY_WORKERS" -q "$per_worker" -m POST -T application/json \
      -d '{"customerId":"bench-open","items":[{"sku":"CB-005","quantity":1}],"cardNumber":"4242424242424242"}' \
      "$CHECKOUT/api/checkout" > "$dir/open-$pct.txt"
    record "$rep" "$config" "open${pct}_rate" "$rate"
    record "$rep" "$config" "open${pct}_p50_ms" "$(hey_ms 50 "$dir/open-$pct.txt")"
    record "$rep" "$config" "open${pct}_p95_ms" "$(hey_ms 95 "$dir/open-$pct.txt")"
    record "$rep" "$config" "open${pct}_p99_ms" "$(hey_ms 99 "$dir/open-$pct.txt")"
  done

  for service in "${SERVICES[@]}"; do
    record "$rep" "$config" "rss_mb_$service" "$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$(cat "$RUN_DIR/$service.pid")/status")"
  done
  deploy/local/services.sh stop
}

# The price list: the full configuration with one part switched off, or sampled, at a time; one closed-loop
# run each after the same warm-up, with the full configuration's AOT cache.
price() {
  local name=$1 dir=target/bench/price-$1; shift
  mkdir -p "$dir"
  echo "=== price list: full observability, $name"
  start_services full "$(aot_cache full)" "$@" > "$dir/start.txt"
  warm_up "$dir"
  closed_loop price "$name" "$dir"
  deploy/local/services.sh stop
}

if [ $AOT = 1 ]; then train off; train full; fi
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) = 1 ]; then order="off full"; else order="full off"; fi
  for config in $order; do run_config "$rep" "$config"; done
done

price no-jdbc-spans QUARKUS_DATASOURCE_JDBC_TELEMETRY_ENABLED=false
if [ $SMOKE = 0 ]; then
  price no-traces QUARKUS_OTEL_SDK_DISABLED=true
  price traces-sampled-10pct QUARKUS_OTEL_TRACES_SAMPLER_ARG=0.1
  price no-metrics OBSERVABILITY_METRICS_ENABLED=false
  price text-logs-at-warn QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_LOG_LEVEL=WARN
fi

JAVA_HOME=$BENCH_JAVA_HOME WRK_CONNECTIONS=$WRK_CONNECTIONS BASE_JAVA_OPTS=$BASE_JAVA_OPTS AOT=$AOT bash bench/report.sh "$RESULTS" "$OUT"
