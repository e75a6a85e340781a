#!/usr/bin/env bash
# What full observability costs: the same jars, run as the images run them, with telemetry on and off, under
# the same load.
#
#   bench/run.sh            # the full benchmark (about 70 minutes); rewrites docs/benchmarks.md and its chart
#   bench/run.sh --smoke    # seconds per step, one repetition, results under target/bench/ only (CI)
#
# Configurations (same jars, same JVM, same flags, same AOT cache, same data):
#   full  traces sampled always and exported over OTLP/HTTP to a local receiver (deploy/stand-ins/receiver/Receiver.java),
#         Prometheus metrics with exemplars, JSON logs at INFO
#   off   OpenTelemetry SDK disabled, every meter a no-op (observability.metrics.enabled=false),
#         plain-text logs at WARN
# As the images run them: the Java release of the Dockerfile's base image, the Dockerfile's JDK_JAVA_OPTIONS
# and the AOT cache made by deploy/aot/train.sh, the training run the Dockerfile runs.
#
# Per configuration and repetition: time to ready of each service (started one at a time); a warm-up until
# the JIT compilers have settled (the CPU they spend on the way is reported apart: it is paid once, not per
# checkout); a closed-loop wrk run (maximum throughput); open-loop hey runs at fixed rates (latency); CPU
# milliseconds per checkout of the three services in each run, from /proc; RSS after the runs; for `full` the
# telemetry volume. Then, once: the attribution (async-profiler CPU profiles of both configurations at half
# the maximum rate, split by component with bench/Attribution.java) and the price list (`full` with one part
# switched off at a time). Repetitions alternate the order of the configurations so drift hits both. Timings
# are reported, never asserted.
#
# Needs: PostgreSQL (deploy/local/postgres.sh), wrk, hey, gnuplot, jq, unzip (installed with apt when
# missing and running as root), a JDK of the images' Java release (BENCH_JAVA_HOME, else JAVA_HOME, else
# /usr/lib/jvm/*), the packaged jars (built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
if [ $SMOKE = 1 ]; then
  REPS=${REPS:-1} WARMUP_MIN=5 WARMUP_MAX=10 CLOSED=3s OPEN=3s PROFILE=3 RATES_PCT=${RATES_PCT:-"50"} OUT=target/bench
  export TRAINING_DURATION=5s
else
  REPS=${REPS:-3} WARMUP_MIN=30 WARMUP_MAX=180 CLOSED=20s OPEN=20s PROFILE=30 RATES_PCT=${RATES_PCT:-"25 50 75"} OUT=docs
fi
export PORT_OFFSET=${PORT_OFFSET:-0}
export RUN_DIR=target/bench/run
export SEQUENTIAL_START=1
SINK_PORT=$((14318 + PORT_OFFSET))
CHECKOUT=http://127.0.0.1:$((8080 + PORT_OFFSET))
WRK_CONNECTIONS=${WRK_CONNECTIONS:-16}
HEY_WORKERS=8
# async-profiler's CPU sampling interval: at 1 ms its own cost skews the figures it measures.
PROFILE_INTERVAL_MS=10
SERVICES=(checkout-service inventory-service payment-service)
declare -A MANAGEMENT_PORT=([checkout-service]=9080 [inventory-service]=9081 [payment-service]=9082)
RESULTS=target/bench/results.tsv
mkdir -p target/bench "$RUN_DIR"
rm -f target/bench/cpu-*
: > "$RESULTS"

for tool in wrk hey gnuplot unzip jq; do
  if ! command -v $tool >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "Please install $tool (apt-get install wrk hey gnuplot-nox unzip jq)" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk hey gnuplot-nox unzip jq >/dev/null
  fi
done

# --- The JVM of the images: their Java release, their flags, their container memory limit
IMAGE_JAVA=$(sed -n 's/^ARG JRE_IMAGE=eclipse-temurin:\([0-9.]*\)_\([0-9]*\)-jre.*/\1+\2/p' Dockerfile)   # e.g. 25.0.4.1+1
[ -n "$IMAGE_JAVA" ] || { echo "bench: no ARG JRE_IMAGE=eclipse-temurin:<version>_<build>-jre... in the Dockerfile" >&2; exit 1; }
java_version() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ { print $2 }'; }
if [ -z "${BENCH_JAVA_HOME:-}" ]; then
  for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$candidate/bin/jcmd" ] && [ "$(java_version "$candidate" | cut -d. -f1)" = "${IMAGE_JAVA%%.*}" ] \
      && { BENCH_JAVA_HOME=$candidate; break; }
  done
fi
[ -n "${BENCH_JAVA_HOME:-}" ] || { echo "No JDK ${IMAGE_JAVA%%.*} found (the images' Java): set BENCH_JAVA_HOME" >&2; exit 1; }
BENCH_JAVA=$(java_version "$BENCH_JAVA_HOME")
[ "${BENCH_JAVA%-LTS}" = "$IMAGE_JAVA" ] \
  || echo "Note: measuring with Java $BENCH_JAVA; the images run $IMAGE_JAVA (same release line)" >&2
# Given to the services only (exported, it would reach Maven and every other JVM this script starts).
IMAGE_JAVA_OPTIONS=$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\(.*\)"$/\1/p' Dockerfile)
[ -n "$IMAGE_JAVA_OPTIONS" ] || { echo "bench: JDK_JAVA_OPTIONS not found in the Dockerfile" >&2; exit 1; }
# The ENTRYPOINT's options (the heap is fixed by -Xmx in JDK_JAVA_OPTIONS, so the container's memory limit
# changes nothing the JVM sizes).
CONTAINER_OPTS="-XX:AOTCache=app.aot"

# --- The jars and their AOT cache, made as the Dockerfile makes them
for service in "${SERVICES[@]}"; do
  if ! unzip -p "$service/target/quarkus-app/quarkus-run.jar" META-INF/MANIFEST.MF 2>/dev/null | grep -q AotQuarkusEntryPoint; then
    ./mvnw -B -q package -DskipTests -pl checkout-service,inventory-service,payment-service -am
    break
  fi
done
echo "=== AOT cache: deploy/aot/train.sh"
JAVA_HOME=$BENCH_JAVA_HOME deploy/aot/train.sh > target/bench/train.txt 2>&1 \
  || { cat target/bench/train.txt >&2; exit 1; }
grep -E '^[a-z]+-service: .*app.aot' target/bench/train.txt

# --- The OTLP receiver, and async-profiler (from Maven Central) for the attribution
"$BENCH_JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m deploy/stand-ins/receiver/Receiver.java "$SINK_PORT" \
  > target/bench/sink.log 2>&1 &
SINK_PID=$!
cleanup() { deploy/local/services.sh stop || true; kill "$SINK_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$SINK_PORT/stats" && break; sleep 0.2; done
./mvnw -B -q -N dependency:copy -Dartifact=tools.profiler:async-profiler:4.2 -DoutputDirectory="$PWD/target/bench"
PROFILER=$PWD/target/bench/async-profiler/linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')/libasyncProfiler.so
unzip -o -q target/bench/async-profiler-4.2.jar 'linux-*' -d target/bench/async-profiler

record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; } # rep config metric value

config_env() {
  local common=(PAYMENT_CHAOS_FAILURE_RATE=0 PAYMENT_CHAOS_LATENCY=0ms)
  if [ "$1" = full ]; then
    echo "${common[@]} QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$SINK_PORT QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
  else
    echo "${common[@]} QUARKUS_OTEL_SDK_DISABLED=true OBSERVABILITY_METRICS_ENABLED=false QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_LOG_LEVEL=WARN"
  fi
}

# A snapshot of the three services' CPU clock ticks: one line per process (its total includes threads that
# have ended) and one per live thread, with its group: request (the worker threads that run the blocking
# request handlers), jit, gc, other (Vert.x event loops, span exporter, schedulers). /proc gives 15 characters
# of a thread's name.
# Prints the snapshot file's name.
cpu_snapshot() {
  local file pid service; file=$(mktemp -p target/bench cpu-XXXXXX)
  for service in "${SERVICES[@]}"; do
    pid=$(cat "$RUN_DIR/$service.pid")
    # Threads come and go while this reads them: a vanished one is skipped, not an error.
    { cat "/proc/$pid/stat"; cat "/proc/$pid"/task/*/stat 2>/dev/null || true; } | awk -v pid="$pid" '{
      name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) [A-Z] .*/, "", name); tid = $1; sub(/^.*\) /, ""); t = $12 + $13
      if (NR == 1) { print "process", pid, t; next }
      group = name ~ /CompilerThre/ ? "jit" : name ~ /GC|^VM Thread|^G1/ ? "gc" \
        : name ~ /^(executor-thread|vert\.x-worker)/ ? "request" : "other"
      print group, tid, t }'
  done > "$file"
  echo "$file"
}
# Ticks between two snapshots, by group: "request jit gc other". The live threads give jit, gc and other;
# request is the rest of the processes' total, so the threads that ended in between (pooled request threads,
# mostly) are counted there.
cpu_delta() {
  awk 'FNR == NR { before[$1 " " $2] = $3; next }
    { d = $3 - (($1 " " $2) in before ? before[$1 " " $2] : 0); if (d < 0) d = 0
      if ($1 == "process") total += d; else if ($1 != "request") group[$1] += d }
    END { printf "%d %d %d %d\n", total - group["jit"] - group["gc"] - group["other"], group["jit"], group["gc"], group["other"] }' "$1" "$2"
}
# CPU milliseconds per checkout between two snapshots: record_cpu <rep> <config> <prefix> <before> <after> <n>
record_cpu() {
  local rep=$1 config=$2 prefix=$3 n=$6 d
  read -r -a d <<< "$(cpu_delta "$4" "$5")"
  local hz; hz=$(getconf CLK_TCK)
  ms() { awk -v t="$1" -v hz="$hz" -v n="$n" 'BEGIN { printf "%.2f", t / hz * 1000 / n }'; }
  record "$rep" "$config" "${prefix}cpu_ms" "$(ms $((d[0] + d[1] + d[2] + d[3])))"
  record "$rep" "$config" "${prefix}cpu_ms_request" "$(ms "${d[0]}")"
  record "$rep" "$config" "${prefix}cpu_ms_jit" "$(ms "${d[1]}")"
  record "$rep" "$config" "${prefix}cpu_ms_gc" "$(ms "${d[2]}")"
  record "$rep" "$config" "${prefix}cpu_ms_other" "$(ms "${d[3]}")"
}

log_bytes() { cat "$RUN_DIR"/*-service.log | wc -c; }

# wrk's latency line "99%  12.34ms" in milliseconds
wrk_ms() { awk -v p="$1" '$1 == p { v=$2; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } print v }' "$2"; }
# hey's "  99% in 0.0123 secs" in milliseconds
hey_ms() { awk -v p="$1%" '$1 == p && $2 == "in" { v = $3 * 1000 } END { print (v == "" ? "n/a" : v) }' "$2"; }
hey_ok() { awk '/Status code distribution/ { f = 1 } f && /\[2[0-9][0-9]\]/ { n += $2 } END { print n + 0 }' "$1"; }

# Stock for every run: plenty, so no run ends in out-of-stock answers.
top_up_stock() {
  PGPASSWORD=demo psql -h localhost -U demo -qtA -d "inventory$([ "$PORT_OFFSET" = 0 ] || echo "_$PORT_OFFSET")" \
    -c "update product set available = 100000000" > /dev/null
}

# Starts the three services in a configuration, as the images run them: start_services <config> [VAR=value...]
start_services() {
  local config=$1; shift
  JAVA_OPTS="$CONTAINER_OPTS" JDK_JAVA_OPTIONS="$IMAGE_JAVA_OPTIONS" env $(config_env "$config") "$@" \
    JAVA_HOME="$BENCH_JAVA_HOME" deploy/local/services.sh start
  # The cache must really be in use (a JVM that cannot use it only warns), or the startup figures would mislead:
  # the JDK's own CDS archive is about 15 MB, the application's cache about ten times that.
  for service in "${SERVICES[@]}"; do
    local mapped; mapped=$("$BENCH_JAVA_HOME/bin/jcmd" "$(cat "$RUN_DIR/$service.pid")" VM.info \
      | sed -n 's/^CDS archive(s) mapped at: .*, size \([0-9]*\),.*/\1/p')
    [ "${mapped:-0}" -gt 50000000 ] || { echo "$service does not run from its AOT cache: see $RUN_DIR/$service.log" >&2; exit 1; }
  done
}

# Warm-up: a few checkouts one by one (first-request initialisation), then load until the JIT compilers have
# settled (under 5% of a core in a 5-second window), between WARMUP_MIN and WARMUP_MAX seconds. Records the
# compilers' CPU seconds on the way, and how long it took.
warm_up() {
  local rep=$1 config=$2 dir=$3
  top_up_stock
  for i in 1 2 3 4 5; do
    curl -fsS -o /dev/null -X POST "$CHECKOUT/api/checkout" -H 'Content-Type: application/json' \
      -d "{\"customerId\":\"warm-up-$i\",\"items\":[{\"sku\":\"KB-001\",\"quantity\":1}],\"cardNumber\":\"4242424242424242\"}"
  done
  wrk -t2 -c"$WRK_CONNECTIONS" -d"${WARMUP_MAX}s" --timeout 10s -s bench/checkout.lua "$CHECKOUT" > "$dir/warmup.txt" &
  local wrk_pid=$! start last now elapsed=0 hz; hz=$(getconf CLK_TCK)
  start=$(cpu_snapshot); last=$start; now=$start
  while kill -0 $wrk_pid 2>/dev/null; do
    sleep 5; elapsed=$((elapsed + 5))
    now=$(cpu_snapshot)
    if [ $elapsed -ge "$WARMUP_MIN" ] && [ "$(cpu_delta "$last" "$now" | awk '{ print $2 }')" -lt $((5 * hz / 20)) ]; then
      kill $wrk_pid 2>/dev/null || true; break   # wrk may have ended on its own (WARMUP_MAX)
    fi
    last=$now
  done
  wait $wrk_pid 2>/dev/null || true
  record "$rep" "$config" warmup_s "$elapsed"
  record "$rep" "$config" warmup_jit_cpu_s "$(cpu_delta "$start" "$now" | awk -v hz="$hz" '{ printf "%.1f", $2 / hz }')"
}

# Closed loop at full speed: maximum throughput, latency at that load, errors, CPU per checkout, and what the
# telemetry weighs per checkout.
closed_loop() {
  local rep=$1 config=$2 dir=$3
  curl -fs -X POST "http://127.0.0.1:$SINK_PORT/reset" > /dev/null
  local before bytes_before sink_before
  before=$(cpu_snapshot); bytes_before=$(log_bytes); sink_before=$(awk '{ print $14 + $15 }' "/proc/$SINK_PID/stat")
  wrk -t2 -c"$WRK_CONNECTIONS" -d"$CLOSED" --timeout 10s --latency -s bench/checkout.lua "$CHECKOUT" > "$dir/closed.txt"
  local after; after=$(cpu_snapshot)
  local requests errors
  requests=$(awk '/requests in/ { print $1 }' "$dir/closed.txt")
  # Non-2xx answers plus socket errors (connect, read, write, timeout).
  errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 }
                END { print n + 0 }' "$dir/closed.txt")
  [ "${requests:-0}" -gt 0 ] || { echo "No checkout completed in the closed-loop run: see $dir/closed.txt" >&2; exit 1; }
  record "$rep" "$config" max_rps "$(awk '/Requests\/sec:/ { print $2 }' "$dir/closed.txt")"
  record "$rep" "$config" closed_errors "$errors"
  record "$rep" "$config" closed_p50_ms "$(wrk_ms 50% "$dir/closed.txt")"
  record "$rep" "$config" closed_p99_ms "$(wrk_ms 99% "$dir/closed.txt")"
  record_cpu "$rep" "$config" closed_ "$before" "$after" "$requests"
  if [ "$config" != off ]; then
    local stats; stats=$(curl -fs "http://127.0.0.1:$SINK_PORT/stats")
    record "$rep" "$config" spans_per_checkout "$(echo "$stats" | jq --argjson n "$requests" '[.spans[]] | add // 0 | . / $n | . * 100 | round / 100')"
    record "$rep" "$config" otlp_bytes_per_checkout "$(echo "$stats" | jq --argjson n "$requests" '.bytes / $n | round')"
    record "$rep" "$config" log_bytes_per_checkout "$(( ($(log_bytes) - bytes_before) / requests ))"
    record "$rep" "$config" sink_cpu_ms "$(awk -v t=$(( $(awk '{ print $14 + $15 }' "/proc/$SINK_PID/stat") - sink_before )) \
      -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.3f", t / hz * 1000 / n }')"
  fi
}

# Open loop at a fixed rate: open_loop <rep> <config> <dir> <name> <rate> <seconds> [profile]
open_loop() {
  local rep=$1 config=$2 dir=$3 name=$4 rate=$5 seconds=$6 profile=${7:-}
  local per_worker; per_worker=$(awk -v r="$rate" -v w="$HEY_WORKERS" 'BEGIN { printf "%.2f", r / w }')
  [ -z "$profile" ] || for service in "${SERVICES[@]}"; do
    "$BENCH_JAVA_HOME/bin/jcmd" "$(cat "$RUN_DIR/$service.pid")" JVMTI.agent_load "$PROFILER" \
      "\"start,event=cpu,interval=${PROFILE_INTERVAL_MS}ms,threads\"" > /dev/null
  done
  local before after; before=$(cpu_snapshot)
  hey -z "${seconds}s" -c "$HEY_WORKERS" -q "$per_worker" -m POST -T application/json \
    -d '{"customerId":"bench-open","items":[{"sku":"CB-005","quantity":1}],"cardNumber":"4242424242424242"}' \
    "$CHECKOUT/api/checkout" > "$dir/$name.txt"
  after=$(cpu_snapshot)
  [ -z "$profile" ] || for service in "${SERVICES[@]}"; do
    "$BENCH_JAVA_HOME/bin/jcmd" "$(cat "$RUN_DIR/$service.pid")" JVMTI.agent_load "$PROFILER" \
      "\"stop,file=$PWD/$profile/$service.collapsed,collapsed\"" > /dev/null
  done
  local ok; ok=$(hey_ok "$dir/$name.txt")
  [ "$ok" -gt 0 ] || { echo "No checkout completed at $rate/s: see $dir/$name.txt" >&2; exit 1; }
  [ -z "$profile" ] || echo "$ok" > "$profile/checkouts"
  record "$rep" "$config" "${name}_rate" "$rate"
  record "$rep" "$config" "${name}_p50_ms" "$(hey_ms 50 "$dir/$name.txt")"
  record "$rep" "$config" "${name}_p95_ms" "$(hey_ms 95 "$dir/$name.txt")"
  record "$rep" "$config" "${name}_p99_ms" "$(hey_ms 99 "$dir/$name.txt")"
  record_cpu "$rep" "$config" "${name}_" "$before" "$after" "$ok"
}

# The maximum measured with observability off in the first repetition (which runs `off` first): every open-loop
# rate is a share of it, so both configurations get exactly the same rates.
rate_at() {
  awk -v b="$(awk '$2 == "off" && $3 == "max_rps" { print $4; exit }' "$RESULTS")" -v p="$1" \
    'BEGIN { r = int(b * p / 100); print (r < 8 ? 8 : r) }'
}

run_config() {
  local rep=$1 config=$2 dir=target/bench/rep$1-$2
  mkdir -p "$dir"
  echo "=== repetition $rep, configuration $config"
  start_services "$config" | tee "$dir/start.txt"
  for service in "${SERVICES[@]}"; do record "$rep" "$config" "ready_ms_$service" "$(cat "$RUN_DIR/$service.ready-ms")"; done
  warm_up "$rep" "$config" "$dir"
  closed_loop "$rep" "$config" "$dir"
  if [ "$config" = full ]; then
    for service in "${SERVICES[@]}"; do
      record "$rep" "$config" "series_$service" \
        "$(curl -fs "http://127.0.0.1:$((MANAGEMENT_PORT[$service] + PORT_OFFSET))/q/metrics" | grep -vc '^#')"
    done
  fi
  for pct in $RATES_PCT; do open_loop "$rep" "$config" "$dir" "open$pct" "$(rate_at "$pct")" "${OPEN%s}"; done
  for service in "${SERVICES[@]}"; do
    record "$rep" "$config" "rss_mb_$service" "$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$(cat "$RUN_DIR/$service.pid")/status")"
  done
  deploy/local/services.sh stop
}

# The attribution: CPU profiles of both configurations at half the maximum rate, after the same warm-up.
attribution() {
  for config in off full; do
    local dir=target/bench/attribution-$config
    rm -rf "$dir"; mkdir -p "$dir"
    echo "=== attribution: $config, profiled at half the maximum rate"
    start_services "$config" > "$dir/start.txt"
    warm_up attribution "$config" "$dir"
    open_loop attribution "$config" "$dir" profiled "$(rate_at 50)" "$PROFILE" "$dir"
    deploy/local/services.sh stop
  done
  "$BENCH_JAVA_HOME/bin/java" bench/Attribution.java target/bench/attribution-full target/bench/attribution-off \
    "$PROFILE_INTERVAL_MS" > target/bench/attribution.md
}

# The price list: the full configuration with one part switched off, or sampled, at a time: one closed-loop run
# each after the same warm-up.
price() {
  local name=$1 dir=target/bench/price-$1; shift
  mkdir -p "$dir"
  echo "=== price list: full observability, $name"
  start_services full "$@" > "$dir/start.txt"
  warm_up price "$name" "$dir"
  closed_loop price "$name" "$dir"
  deploy/local/services.sh stop
}

for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) = 1 ]; then order="off full"; else order="full off"; fi
  for config in $order; do run_config "$rep" "$config"; done
done
attribution
price no-jdbc-spans QUARKUS_DATASOURCE_JDBC_TELEMETRY_ENABLED=false
if [ $SMOKE = 0 ]; then
  price no-traces QUARKUS_OTEL_SDK_DISABLED=true
  price traces-sampled-10pct QUARKUS_OTEL_TRACES_SAMPLER_ARG=0.1
  price no-metrics OBSERVABILITY_METRICS_ENABLED=false
  price text-logs-at-warn QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_LOG_LEVEL=WARN
  # Not a part of the telemetry: the JVM with its C1 compiler only, the usual advice for small containers.
  price jvm-c1-only "JDK_JAVA_OPTIONS=$IMAGE_JAVA_OPTIONS -XX:TieredStopAtLevel=1"
fi

JAVA_HOME=$BENCH_JAVA_HOME WRK_CONNECTIONS=$WRK_CONNECTIONS CONTAINER_OPTS=$CONTAINER_OPTS IMAGE_JAVA_OPTIONS=$IMAGE_JAVA_OPTIONS \
  bash bench/report.sh "$RESULTS" "$OUT"
