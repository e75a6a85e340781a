#!/usr/bin/env bash
# What telemetry costs, measured on the containers users run: two copies of the stack side by side, one
# configuration each, the load switching between them in short slices many times over.
#
#   bench/run.sh                    # the suite (about 2.5 hours): A/A, off against full, and the price of each
#                                   # pillar; rewrites docs/benchmarks.md
#   bench/run.sh off full           # one comparison (about 30 minutes): results under target/bench/off-vs-full/
#   PROFILE=1 bench/run.sh off full # ... and where the CPU goes, by component (async-profiler, attribution.md)
#   bench/run.sh --smoke off full   # seconds per step (CI runs it, so the script cannot rot)
#   bench/run.sh --host off full    # without Docker: the same jars as host processes (bench/host.sh)
#
# Configurations: bench/config/<name>.env, environment variables over docker-compose.yml's (full changes nothing).
# A code change is measured the same way, on two sets of images: <config>@<tag> runs the images tagged <tag>.
#   git switch --detach main && bench/run.sh --tag main && git switch -   # build the images of main, tag them
#   bench/run.sh full@main full                                           # main's images against the change's
#
# Why paired: these machines are shared and their speed drifts within minutes (the same configuration has
# given 157 and then 244 checkouts/s ten minutes apart), so configurations measured one after the other differ
# by more than telemetry costs. Here both copies are warm at the same time and the load alternates between them
# in slices (A B, then B A); each pair of slices gives one ratio B / A, and a cost is the median of the ratios,
# with their quartiles and the median of each round. Two JVMs of one image do not compile the same code, so one
# pair of JVMs is one sample: every round starts fresh JVMs (ROUNDS, default 2), and the copies swap roles each
# round. Run A/A (full full) to see what the method resolves on the machine at hand.
#
# Per copy, as compose runs it (docker-compose.yml with bench/compose.yml: memory limits, JVM flags, AOT cache):
# PostgreSQL and the trace backend in containers of their own and the load generators on the host, so the
# measured CPU is the three services' alone, from their containers' cgroups. Per round:
#   1. start (the first round starts the stacks, the others recreate the three services); each service's time
#      from its container's start to Quarkus's "started in";
#   2. warm-up: closed-loop slices alternating between the copies until the JIT compilers of both have settled
#      (under 5% of a core over a slice), between WARMUP_MIN and WARMUP_MAX seconds of load each;
#   3. closed-loop pairs (wrk, 16 connections): maximum throughput and CPU per checkout at it;
#   4. open-loop pairs (hey) at half of A's maximum in the first round: CPU per checkout (the JIT's part apart)
#      and latency (pooled over the slices); spans and log bytes per checkout;
#   5. memory: each service's RSS and its container's memory as the limit counts it, after the load.
# Every answer must be a 201: a checkout that fails or finds no stock costs less and would flatter the figures. A
# pair of slices with another answer is dropped and taken again, at most MAX_RETAKES (3) times a run.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 [--smoke] [--host] [CONFIG_A[@TAG] CONFIG_B[@TAG]] | --tag TAG" >&2; exit 2; }
SMOKE=0 HOST=0 TAG=
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) SMOKE=1; shift ;;
    --host) HOST=1; shift ;;
    --tag) TAG=${2:?--tag needs a name}; shift 2 ;;
    -*) usage ;;
    *) break ;;
  esac
done
if [ $SMOKE = 1 ]; then
  SLICE=${SLICE:-3} ROUNDS=${ROUNDS:-2} CLOSED_PAIRS=${CLOSED_PAIRS:-1} OPEN_PAIRS=${OPEN_PAIRS:-2} WARMUP_MIN=${WARMUP_MIN:-6} WARMUP_MAX=${WARMUP_MAX:-6}
else
  SLICE=${SLICE:-10} ROUNDS=${ROUNDS:-2} CLOSED_PAIRS=${CLOSED_PAIRS:-4} OPEN_PAIRS=${OPEN_PAIRS:-8} WARMUP_MIN=${WARMUP_MIN:-90} WARMUP_MAX=${WARMUP_MAX:-240}
fi
WRK_CONNECTIONS=${WRK_CONNECTIONS:-16}
HEY_WORKERS=8
SERVICES=(inventory-service payment-service checkout-service)
HZ=$(getconf CLK_TCK)
for tool in wrk hey jq curl; do
  if ! command -v $tool >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "Please install $tool (apt-get install wrk hey jq curl)" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk hey jq curl >/dev/null
  fi
done

# ------------------------------------------------------------------------------------------------ the two copies
declare -A CONFIG PORT
if [ $HOST = 1 ]; then
  source bench/host.sh
else
  # Where no registry can be reached, the images stand in for the upstream ones (deploy/stand-ins/), as in CI.
  COMPOSE_FILES=(-f docker-compose.yml)
  [ "${STAND_INS:-0}" = 1 ] && COMPOSE_FILES+=(-f deploy/stand-ins/compose.yml)
  COMPOSE_FILES+=(-f bench/compose.yml)
  compose() { # compose <copy> <args...>
    local copy=$1; shift
    BENCH_CONFIG=$(config_of "${CONFIG[$copy]}") BENCH_IMAGE_TAG=$(tag_of "${CONFIG[$copy]}") BENCH_CHECKOUT_PORT=${PORT[$copy]} \
      docker compose -p "bench-$copy" "${COMPOSE_FILES[@]}" "$@"
  }
  copy_build() { # the images, as `docker compose up --build` makes them (a no-op when they are up to date)
    BENCH_CONFIG=full BENCH_CHECKOUT_PORT=8080 docker compose "${COMPOSE_FILES[@]}" build "${SERVICES[@]}" > "$OUT/build.txt" 2>&1 \
      || { tail -30 "$OUT/build.txt" >&2; exit 1; }
  }
  image_of() { echo "$(sed -n 's/^COMPOSE_PROJECT_NAME=//p' .env)-$1"; }
  declare -A CONTAINER PID
  copy_start() {
    local service
    compose "$1" down -v --remove-orphans > /dev/null 2>&1 || true
    compose "$1" up -d --wait --no-build checkout-service > "$OUT/start-$1.txt" 2>&1 \
      || { cat "$OUT/start-$1.txt" >&2; compose "$1" logs --tail 20 >&2; exit 1; }
    remember_containers "$1"
  }
  # Looked up once: a slice reads them many times, and `docker compose` takes a good part of a second.
  remember_containers() {
    local service
    for service in "${SERVICES[@]}"; do
      CONTAINER[$1 $service]=$(compose "$1" ps -q "$service")
      PID[$1 $service]=$(docker inspect -f '{{.State.Pid}}' "${CONTAINER[$1 $service]}")
    done
  }
  copy_recreate() { # new JVMs, in the copy's current configuration; the database and trace backend stay
    compose "$1" up -d --wait --no-build --no-deps --force-recreate "${SERVICES[@]}" > "$OUT/start-$1.txt" 2>&1 \
      || { cat "$OUT/start-$1.txt" >&2; exit 1; }
    remember_containers "$1"
  }
  copy_stop() { compose "$1" down -v --remove-orphans > /dev/null 2>&1 || true; }
  copy_logs() { compose "$1" logs --no-color --tail 500 "${SERVICES[@]}" > "$OUT/logs-$1.txt" 2>&1 || true; echo "$OUT/logs-$1.txt"; }
  container() { echo "${CONTAINER[$1 $2]}"; }
  pid_of() { echo "${PID[$1 $2]}"; }
  # The service's cgroup (its container's), from /proc: cgroup v1 or v2, either cgroup driver.
  cgroup_dir() { # cgroup_dir <pid> <v1 controller>
    local line; line=$(grep -E "^[0-9]+:([^:]*,)?$2(,[^:]*)?:" "/proc/$1/cgroup" || true)
    if [ -n "$line" ]; then echo "/sys/fs/cgroup/$2${line#*:*:}"; else line=$(grep '^0::' "/proc/$1/cgroup"); echo "/sys/fs/cgroup${line#0::}"; fi
  }
  # CPU nanoseconds the container has used.
  cpu_ns() {
    local dir; dir=$(cgroup_dir "$(pid_of "$1" "$2")" cpuacct)
    if [ -f "$dir/cpuacct.usage" ]; then cat "$dir/cpuacct.usage"; else awk '$1 == "usage_usec" { print $2 * 1000 }' "$dir/cpu.stat"; fi
  }
  # The container's memory as its limit (and `docker stats`) counts it: usage without the inactive page cache.
  container_mb() {
    local dir; dir=$(cgroup_dir "$(pid_of "$1" "$2")" memory)
    if [ -f "$dir/memory.usage_in_bytes" ]; then
      awk -v u="$(cat "$dir/memory.usage_in_bytes")" '$1 == "total_inactive_file" { printf "%.0f", (u - $2) / 1048576 }' "$dir/memory.stat"
    else
      awk -v u="$(cat "$dir/memory.current")" '$1 == "inactive_file" { printf "%.0f", (u - $2) / 1048576 }' "$dir/memory.stat"
    fi
  }
  # Quarkus's start-up line, and the milliseconds from the container's start to it (n/a at log level WARN).
  startup() { # startup <copy> <service>: "<started in, s> <ms from container start>"
    local id line started; id=$(container "$1" "$2")
    line=$(docker logs "$id" 2>&1 | grep -m1 'started in' || true)
    [ -n "$line" ] || { echo "n/a n/a"; return; }
    started=$(docker inspect -f '{{.State.StartedAt}}' "$id")
    echo "$(grep -o 'started in [0-9.]*s' <<< "$line" | grep -o '[0-9.]*[0-9]') $(( $(date -d "$(jq -r .timestamp <<< "$line")" +%s%3N) - $(date -d "$started" +%s%3N) ))"
  }
  # Spans and OTLP bytes the copy's trace backend has received: the receiver's counts where it stands in for
  # Jaeger, Jaeger's own collector metrics otherwise.
  spans_received() {
    local stats; stats=$(compose "$1" exec -T jaeger wget -q -O - http://127.0.0.1:4318/stats 2>/dev/null || true)
    if [ -n "$stats" ]; then jq '[.spans[]] | add // 0' <<< "$stats"
    else compose "$1" exec -T jaeger wget -q -O - http://127.0.0.1:8888/metrics 2>/dev/null \
      | awk '/^otelcol_receiver_accepted_spans/ { n += $NF } END { print n + 0 }'
    fi
  }
  # Log bytes: log_mark <copy> marks a moment, log_bytes_since <copy> <mark> counts what the three services wrote to
  # standard output since (by time: json-file rotates the files under load).
  log_mark() { date -u +%Y-%m-%dT%H:%M:%S.%NZ; }
  log_bytes_since() {
    local service total=0 n until; until=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
    for service in "${SERVICES[@]}"; do
      n=$(docker logs --since "$2" --until "$until" "$(container "$1" "$service")" 2>&1 | wc -c); total=$((total + n))
    done
    echo "$total"
  }
  top_up_stock() {
    compose "$1" exec -T postgres psql -U postgres -d inventory -qtA -c "update product set available = 100000000" > /dev/null
  }
fi

A=${1:-} B=${2:-}
# <config>@<tag>: the configuration's file, and the tag of the images it runs on (latest: what copy_build made).
config_of() { echo "${1%@*}"; }
tag_of() { if [[ $1 == *@* ]]; then echo "${1##*@}"; else echo latest; fi; }
# ---------------------------------------------------------------------------------------------- measurement
# Ticks of the services' threads by group (jit, gc, request, other), from /proc: the containers' processes are
# the host's. /proc gives 15 characters of a thread's name.
thread_ticks() { # thread_ticks <copy>: "jit gc"
  local service pid
  for service in "${SERVICES[@]}"; do
    pid=$(pid_of "$1" "$service")
    cat "/proc/$pid"/task/*/stat 2>/dev/null || true
  done | awk '{ name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) [A-Z] .*/, "", name); sub(/^.*\) /, ""); t = $12 + $13
    if (name ~ /CompilerThre/) jit += t; else if (name ~ /GC|^VM Thread/) gc += t }
    END { printf "%d %d\n", jit, gc }'
}
copy_cpu_ns() { local s total=0; for s in "${SERVICES[@]}"; do total=$((total + $(cpu_ns "$1" "$s"))); done; echo $total; }

RESULTS=
record() { printf '%s\n' "$*" >> "$RESULTS"; }
CHECKOUT_BODY='{"customerId":"bench-open","items":[{"sku":"CB-005","quantity":1}],"cardNumber":"4242424242424242"}'
# The first checkout of fresh JVMs, alone and with time to spare: a cold JVM can take longer to answer it than a
# slice lasts (the smoke's 3-second slices), and a slice in which nothing was answered stops the benchmark.
first_checkout() { # first_checkout <copy>
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -H 'Content-Type: application/json' \
    -d "$CHECKOUT_BODY" "http://127.0.0.1:${PORT[$1]}/api/checkout" || true)
  [ "$status" = 201 ] || { echo "bench: the first checkout on copy $1 (${CONFIG[$1]}) answered ${status:-nothing}" >&2; exit 1; }
}
declare -A ROLE

# One slice of load on one copy: slice <phase> <pair> <copy> <closed|open> [rate]
# Records: phase round.pair copy role config ok other_answers cpu_ms_per_checkout jit_ms gc_ms idle_copy_cpu_ms_per_s
# (role: A or B, the configuration's place on the command line; the copies swap roles every round).
slice() {
  local phase=$1 pair=$ROUND.$2 copy=$3 mode=$4 rate=${5:-} other ok bad cpu0 cpu1 idle0 idle1 th0 th1 out
  other=$([ "$copy" = a ] && echo b || echo a)
  out=$OUT/slices/$phase-$pair-${ROLE[$copy]}.txt
  cpu0=$(copy_cpu_ns "$copy"); idle0=$(copy_cpu_ns "$other"); th0=$(thread_ticks "$copy")
  if [ "$mode" = closed ]; then
    wrk -t2 -c"$WRK_CONNECTIONS" -d"${SLICE}s" --timeout 10s --latency -s bench/checkout.lua "http://127.0.0.1:${PORT[$copy]}" > "$out"
    cpu1=$(copy_cpu_ns "$copy"); idle1=$(copy_cpu_ns "$other"); th1=$(thread_ticks "$copy")
    ok=$(awk '/requests in/ { print $1 }' "$out")
    bad=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")
    ok=$((ok - bad))
  else
    hey -z "${SLICE}s" -c "$HEY_WORKERS" -q "$(awk -v r="$rate" -v w="$HEY_WORKERS" 'BEGIN { printf "%.3f", r / w }')" -o csv \
      -m POST -T application/json \
      -d "$CHECKOUT_BODY" "http://127.0.0.1:${PORT[$copy]}/api/checkout" > "$out"
    cpu1=$(copy_cpu_ns "$copy"); idle1=$(copy_cpu_ns "$other"); th1=$(thread_ticks "$copy")
    ok=$(awk -F, 'NR > 1 && $7 == 201 { n++ } END { print n + 0 }' "$out")
    bad=$(awk -F, 'NR > 1 && $7 != 201 { n++ } END { print n + 0 }' "$out")
  fi
  # The requests a load generator leaves unanswered when its time is up still run: they finish before the next slice,
  # which may be on this copy (A B, B A) and would find them holding checkout's bulkhead (as many permits as wrk has
  # connections), or on the other, whose idle CPU they would count.
  sleep 1
  [ "$ok" -gt 0 ] || { echo "bench: no checkout answered 201 on copy $copy (${CONFIG[$copy]}): see $out" >&2; exit 1; }
  SLICE_OK=$ok SLICE_REJECTED=0
  if [ "$bad" != 0 ] && [ "$phase" != warmup ]; then
    [ "$phase" = closed ] || [ "$phase" = open ] \
      || { echo "bench: $bad answers other than 201 on copy $copy (${CONFIG[$copy]}) in $phase: see $out" >&2; exit 1; }
    echo "bench: $bad answers other than 201 on copy $copy (${CONFIG[$copy]}) in $phase pair $pair: see $out.rejected" >&2
    mv "$out" "$out.rejected"; SLICE_REJECTED=1; return 0
  fi
  read -r jit0 gc0 <<< "$th0"; read -r jit1 gc1 <<< "$th1"
  record "$phase $pair $copy ${ROLE[$copy]} ${CONFIG[$copy]} $ok $bad" \
    "$(awk -v c=$((cpu1 - cpu0)) -v n="$ok" 'BEGIN { printf "%.3f", c / 1e6 / n }')" \
    "$(awk -v t=$((jit1 - jit0)) -v hz="$HZ" -v n="$ok" 'BEGIN { printf "%.3f", t * 1000 / hz / n }')" \
    "$(awk -v t=$((gc1 - gc0)) -v hz="$HZ" -v n="$ok" 'BEGIN { printf "%.3f", t * 1000 / hz / n }')" \
    "$(awk -v c=$((idle1 - idle0)) -v s="$SLICE" 'BEGIN { printf "%.1f", c / 1e6 / s }')"
  # The JIT's share of a core over the slice, for the warm-up's end.
  LAST_JIT_SHARE=$(awk -v t=$((jit1 - jit0)) -v hz="$HZ" -v s="$SLICE" 'BEGIN { printf "%.3f", t / hz / s }')
}

# One pair of measured slices: take_pair <phase> <pair> <first copy> <second copy> <closed|open> [rate]
# A pair in which a slice got an answer other than 201 does not count: a stall of a second or two (these machines
# have them) leaves requests running past the slice's end, and the next slice's connections then find checkout's
# bulkhead full. Its records go, the copies get 10 s to drain, and the pair is taken again, at most MAX_RETAKES
# times in a run. Set apart what the dropped slices answered, for the spans and log bytes per checkout.
MAX_RETAKES=${MAX_RETAKES:-3} RETAKES=0
declare -A DROPPED_OK=([a]=0 [b]=0)
take_pair() {
  local copy
  while :; do
    for copy in "$3" "$4"; do
      slice "$1" "$2" "$copy" "$5" "${6:-}"
      [ "$SLICE_REJECTED" = 0 ] || { DROPPED_OK[$copy]=$((DROPPED_OK[$copy] + SLICE_OK)); break; }
    done
    [ "$SLICE_REJECTED" = 1 ] || return 0
    RETAKES=$((RETAKES + 1))
    [ "$RETAKES" -le "$MAX_RETAKES" ] || { echo "bench: more than $MAX_RETAKES pairs to take again: stopping" >&2; exit 1; }
    if [ "$copy" = "$4" ]; then DROPPED_OK[$3]=$((DROPPED_OK[$3] + $(awk -v p="$1" -v r="$ROUND.$2" -v k="$3" \
      '$1 == p && $2 == r && $3 == k { print $6 }' "$RESULTS"))); fi
    awk -v p="$1" -v r="$ROUND.$2" '!($1 == p && $2 == r)' "$RESULTS" > "$RESULTS.kept" && mv "$RESULTS.kept" "$RESULTS"
    echo "bench: taking $1 pair $ROUND.$2 again ($RETAKES of at most $MAX_RETAKES in this run)" >&2
    sleep 10
  done
}

# Median and quartiles of the numbers on standard input: "q1 median q3"
quartiles() {
  { grep -E '^-?[0-9]' || true; } | sort -g | awk '{ v[NR] = $1 }
    function q(p,  h, l) { h = (NR - 1) * p + 1; l = int(h); return l >= NR ? v[NR] : v[l] + (h - l) * (v[l + 1] - v[l]) }
    END { if (NR == 0) print "n/a n/a n/a"; else printf "%.4g %.4g %.4g\n", q(0.25), q(0.5), q(0.75) }'
}
# Per pair of a phase: column <col> of B over A, minus one: one ratio per line
pair_ratios() { # pair_ratios <phase> <col> [round]
  awk -v p="$1" -v c="$2" -v r="${3:-}" '$1 == p && (r == "" || index($2, r ".") == 1) { v[$2 " " $4] = $c; pairs[$2] = 1 }
    END { for (i in pairs) if (v[i " A"] > 0 && (i " B") in v) print v[i " B"] / v[i " A"] - 1 }' "$RESULTS"
}
column_of() { awk -v p="$1" -v k="$2" -v c="$3" '$1 == p && $4 == k { print $c }' "$RESULTS"; } # <phase> <role> <col>
median_of() { quartiles | awk '{ print $2 }'; }
percent() { awk '{ for (i = 1; i <= NF; i++) $i = ($i == "n/a" ? $i : sprintf("%+.1f%%", $i * 100)) } 1'; }
# Pooled latency percentile over a role's open-loop slices, in ms
latency() { # latency <role> <percentile>
  cat "$OUT"/slices/open-*-"$1".txt | awk -F, '$7 == 201 { print $1 * 1000 }' | sort -g \
    | awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.5); if (i < 1) i = 1; printf "%.1f", v[i] }'
}

# PROFILE=1: one more open-loop pair at the end, with async-profiler (from Maven Central) in the three JVMs of each
# copy, a CPU sample every 10 ms of every thread; bench/Attribution.java splits the samples by component into
# attribution.md. Loaded and read with jcmd from a host JDK (the images carry a JRE only).
PROFILE_INTERVAL_MS=10   # at 1 ms the profiler's own cost skews what it measures
profile_pair() {
  local jcmd copy service dir lib
  jcmd=$({ ls /usr/lib/jvm/*/bin/jcmd "${JAVA_HOME:-/none}/bin/jcmd" 2>/dev/null || true; } | sort -V | tail -1)
  [ -n "$jcmd" ] || { echo "bench: PROFILE=1 needs a JDK's jcmd on the host" >&2; exit 1; }
  ./mvnw -B -q -N dependency:copy -Dartifact=tools.profiler:async-profiler:4.2 -DoutputDirectory="$PWD/target/bench"
  unzip -o -q target/bench/async-profiler-4.2.jar 'linux-*' -d target/bench/async-profiler
  lib=$PWD/target/bench/async-profiler/linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')/libasyncProfiler.so
  in_jvm() { # in_jvm <copy> <service> <profiler arguments>: the library where the JVM sees it, then the command
    local path=/tmp/libasyncProfiler.so
    if [ $HOST = 0 ]; then docker cp -q "$lib" "$(container "$1" "$2"):$path"; else path=$lib; fi
    "$jcmd" "$(pid_of "$1" "$2")" JVMTI.agent_load "$path" "\"$3\"" > /dev/null
  }
  for copy in a b; do for service in "${SERVICES[@]}"; do
    in_jvm $copy "$service" "start,event=cpu,interval=${PROFILE_INTERVAL_MS}ms,threads"
  done; done
  slice profiled 1 a open "$RATE"; slice profiled 1 b open "$RATE"
  for copy in a b; do
    dir=$OUT/profile-${ROLE[$copy]}; mkdir -p "$dir"
    for service in "${SERVICES[@]}"; do
      in_jvm $copy "$service" "stop,file=/tmp/$service.collapsed,collapsed"
      if [ $HOST = 0 ]; then docker cp -q "$(container $copy "$service"):/tmp/$service.collapsed" "$dir/"; else mv "/tmp/$service.collapsed" "$dir/"; fi
    done
    awk -v k=$copy '$1 == "profiled" && $3 == k { print $6 }' "$RESULTS" > "$dir/checkouts"
  done
  "${jcmd%/jcmd}/java" bench/Attribution.java "$OUT/profile-B" "$OUT/profile-A" "$PROFILE_INTERVAL_MS" \
    "$([ "${ROLE[a]}" = B ] && echo "${CONFIG[a]}" || echo "${CONFIG[b]}")" "$([ "${ROLE[a]}" = A ] && echo "${CONFIG[a]}" || echo "${CONFIG[b]}")" > "$OUT/attribution.md"
  echo "attribution (B against A): $OUT/attribution.md"
}

# One round: fresh JVMs in both copies (a JVM's JIT makes its own choices, so one pair of JVMs is one sample),
# warm-up, closed-loop pairs, open-loop pairs, then telemetry volume and memory per role.
round() {
  local copy service pair first second
  for copy in a b; do
    if [ "$ROUND" = 1 ]; then copy_start "$copy"; else copy_recreate "$copy"; fi
    for service in "${SERVICES[@]}"; do echo "$ROUND ${ROLE[$copy]} $service $(startup "$copy" "$service")"; done >> "$OUT/startup.txt"
    top_up_stock "$copy"
    first_checkout "$copy"
  done

  # Warm-up: alternate until both copies' compilers have settled.
  local elapsed=0 settled_a=0 settled_b=0
  while :; do
    pair=w$((elapsed / SLICE))
    slice warmup "$pair" a closed; settled_a=$(awk -v s="$LAST_JIT_SHARE" 'BEGIN { print (s < 0.05) }')
    slice warmup "$pair" b closed; settled_b=$(awk -v s="$LAST_JIT_SHARE" 'BEGIN { print (s < 0.05) }')
    elapsed=$((elapsed + SLICE))
    { [ $elapsed -ge "$WARMUP_MIN" ] && [ "$settled_a$settled_b" = 11 ]; } && break
    [ $elapsed -ge "$WARMUP_MAX" ] && break
  done
  echo "$ROUND $elapsed $settled_a$settled_b" >> "$OUT/warmup.txt"
  echo "round $ROUND: warm-up $elapsed s of load per copy, compilers $([ "$settled_a$settled_b" = 11 ] && echo settled || echo "still busy")"
  for copy in a b; do top_up_stock "$copy"; done

  for pair in $(seq 1 "$CLOSED_PAIRS"); do
    if [ $((pair % 2)) = 1 ]; then first=a second=b; else first=b second=a; fi
    take_pair closed "$pair" $first $second closed
  done
  # Half of A's maximum (first round), the same rate for both and for every round.
  [ "$ROUND" = 1 ] && RATE=$(column_of closed A 6 | awk -v s="$SLICE" '{ print $1 / s }' | median_of | awk '{ r = int($1 / 2); print (r < 4 ? 4 : r) }')
  # The batch span processor exports every 5 s: let what the closed loop made arrive before counting.
  sleep 6
  declare -A logs0 spans0
  for copy in a b; do logs0[$copy]=$(log_mark $copy); spans0[$copy]=$(spans_received $copy); DROPPED_OK[$copy]=0; done
  for pair in $(seq 1 "$OPEN_PAIRS"); do
    if [ $((pair % 2)) = 1 ]; then first=a second=b; else first=b second=a; fi
    take_pair open "$pair" $first $second open "$RATE"
  done
  sleep 6
  for copy in a b; do
    local n; n=$(awk -v r="$ROUND." -v k=$copy -v d="${DROPPED_OK[$copy]}" \
      '$1 == "open" && index($2, r) == 1 && $3 == k { n += $6 } END { print n + d }' "$RESULTS")
    echo "$ROUND ${ROLE[$copy]} $(awk -v s=$(( $(spans_received $copy) - spans0[$copy] )) -v n="$n" 'BEGIN { printf "%.1f", s / n }') \
$(( $(log_bytes_since $copy "${logs0[$copy]}") / n ))" >> "$OUT/volume.txt"
    for service in "${SERVICES[@]}"; do
      echo "$ROUND ${ROLE[$copy]} $service $(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$(pid_of $copy "$service")/status") $(container_mb $copy "$service")"
    done >> "$OUT/memory.txt"
  done
  # Last, so its checkouts and the profiler's own cost stay out of the figures above.
  if [ "${PROFILE:-0}" = 1 ] && [ "$ROUND" = "$ROUNDS" ]; then profile_pair; fi
}

compare() { # compare <config A> <config B>
  local A=$1 B=$2
  local c service
  for c in "$A" "$B"; do
    [ -f "bench/config/$(config_of "$c").env" ] || { echo "bench: no bench/config/$(config_of "$c").env" >&2; exit 2; }
    [ "$(tag_of "$c")" = latest ] && continue
    [ $HOST = 0 ] || { echo "bench: --host runs the working tree's jars, not tagged images ($c)" >&2; exit 2; }
    for service in "${SERVICES[@]}"; do
      docker image inspect "$(image_of "$service"):$(tag_of "$c")" > /dev/null 2>&1 \
        || { echo "bench: no image $(image_of "$service"):$(tag_of "$c"): make it with bench/run.sh --tag $(tag_of "$c")" >&2; exit 2; }
    done
  done
  OUT=target/bench/$A-vs-$B
  rm -rf "$OUT"; mkdir -p "$OUT/slices"
  RESULTS=$OUT/slices.tsv; : > "$RESULTS"
  echo "=== $A (A) against $B (B): $ROUNDS rounds, slices of ${SLICE}s"
  copy_build
  # A run that stops keeps the services' last log lines: its copies are gone after it.
  trap 'status=$?; [ $status = 0 ] || echo "bench: the services logged $(copy_logs a) and $(copy_logs b)" >&2; copy_stop a; copy_stop b' EXIT
  for ROUND in $(seq 1 "$ROUNDS"); do
    # The copies swap roles every round, so whatever differs between them (start order, ports) cancels out.
    if [ $((ROUND % 2)) = 1 ]; then ROLE[a]=A ROLE[b]=B CONFIG[a]=$A CONFIG[b]=$B; else ROLE[a]=B ROLE[b]=A CONFIG[a]=$B CONFIG[b]=$A; fi
    round
  done
  copy_stop a; copy_stop b; trap - EXIT
  summary "$A" "$B" | tee "$OUT/summary.md"
}

summary() { # summary <config A> <config B>: the comparison as Markdown
  local A=$1 B=$2 load_s; load_s=$(awk -v s="$SLICE" -v r="$ROUNDS." '$3 == "a" && index($2, r) == 1 { n++ } END { print n * s }' "$RESULTS")
  echo "### $B against $A"
  echo
  echo "A: \`$A\`; B: \`$B\`. $ROUNDS rounds of fresh JVMs, each with $CLOSED_PAIRS closed-loop and $OPEN_PAIRS open-loop pairs of" \
    "${SLICE}-second slices after a warm-up of $(awk '{ print $2 }' "$OUT/warmup.txt" | median_of) seconds of load per copy" \
    "(compilers settled in $(awk '$3 == 11' "$OUT/warmup.txt" | wc -l) of $ROUNDS rounds)."
  echo "Cost = B / A − 1 per pair of slices: the median over all pairs, with the quartiles, and the median of each round."
  [ "$RETAKES" = 0 ] || echo "$RETAKES pairs were taken again: a slice of theirs got answers other than 201 (bench/run.sh, take_pair)."
  echo
  echo "| | $A (median) | $B (median) | cost: median | quartiles | per round |"
  echo "| --- | --- | --- | --- | --- | --- |"
  local a b r rounds
  : > "$OUT/figures.tsv"
  figure() { echo "$*" >> "$OUT/figures.tsv"; }   # what bench/report.sh reads: <name> <values...>
  row() { # row <label> <phase> <column> <unit> [divide by slice seconds]
    local div=${5:-1}
    a=$(column_of "$2" A "$3" | awk -v d="$div" '{ print $1 / d }' | median_of)
    b=$(column_of "$2" B "$3" | awk -v d="$div" '{ print $1 / d }' | median_of)
    read -r q1 med q3 <<< "$(pair_ratios "$2" "$3" | quartiles | percent)"
    rounds=$(for r in $(seq 1 "$ROUNDS"); do pair_ratios "$2" "$3" "$r" | median_of | percent; done | paste -sd' ')
    figure "$2_$3" "$a" "$b" "$q1" "$med" "$q3" "$rounds"
    echo "| $1 | $a $4 | $b $4 | **$med** | $q1 to $q3 | $rounds |"
  }
  row "CPU per checkout at $RATE checkouts/s (half of A's maximum)" open 8 ms
  row "… of it, JIT compiler threads" open 9 ms
  row "Maximum throughput (closed loop, $WRK_CONNECTIONS connections)" closed 6 "checkouts/s" "$SLICE"
  row "CPU per checkout at the maximum" closed 8 ms
  for p in 50 99; do
    a=$(latency A $p) b=$(latency B $p)
    figure "p$p" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }')"
    echo "| Latency p$p at $RATE checkouts/s (all open-loop slices pooled) | $a ms | $b ms | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f%%", (b / a - 1) * 100 }') | | |"
  done
  echo "| CPU of the idle copy while the other is loaded | $(column_of open A 11 | median_of) ms/s | $(column_of open B 11 | median_of) ms/s | | | |"
  echo
  echo "Per checkout in the open loop (median of the rounds): spans exported, $A $(awk '$2 == "A" { print $3 }' "$OUT/volume.txt" | median_of)" \
    "and $B $(awk '$2 == "B" { print $3 }' "$OUT/volume.txt" | median_of); log bytes written, $A $(awk '$2 == "A" { print $4 }' "$OUT/volume.txt" | median_of)" \
    "and $B $(awk '$2 == "B" { print $4 }' "$OUT/volume.txt" | median_of)."
  echo
  echo "| Service | Quarkus \"started in\" (A / B) | from its $([ $HOST = 1 ] && echo "process's start to ready" || echo "container's start to \"started in\"") (A / B) | RSS after $load_s s of load (A / B) | container memory (A / B) |"
  echo "| --- | --- | --- | --- | --- |"
  local service f
  for service in "${SERVICES[@]}"; do
    f=()
    for role in A B; do  # medians over the rounds
      f+=("$(awk -v k="$role" -v s="$service" '$2 == k && $3 == s { print $4 }' "$OUT/startup.txt" | median_of)")
      f+=("$(awk -v k="$role" -v s="$service" '$2 == k && $3 == s { print $5 }' "$OUT/startup.txt" | median_of)")
      f+=("$(awk -v k="$role" -v s="$service" '$2 == k && $3 == s { print $4 }' "$OUT/memory.txt" | median_of)")
      f+=("$(awk -v k="$role" -v s="$service" '$2 == k && $3 == s { print $5 }' "$OUT/memory.txt" | median_of)")
    done
    figure "service $service" "${f[0]}" "${f[4]}" "${f[1]}" "${f[5]}" "${f[2]}" "${f[6]}" "${f[3]}" "${f[7]}"
    echo "| $service | ${f[0]} s / ${f[4]} s | ${f[1]} ms / ${f[5]} ms | ${f[2]} MB / ${f[6]} MB | ${f[3]} MiB / ${f[7]} MiB |"
  done
  echo
}

OUT=target/bench
mkdir -p "$OUT"
if [ -n "$TAG" ]; then # --tag: the working tree's images, as copy_build makes them, kept under a tag of their own
  [ $HOST = 0 ] || { echo "bench: --tag tags images; --host has none" >&2; exit 2; }
  copy_build
  for service in "${SERVICES[@]}"; do docker tag "$(image_of "$service")" "$(image_of "$service"):$TAG"; done
  echo "bench: the images of $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' with uncommitted changes') are tagged $TAG"
  exit 0
fi
PORT[a]=$((18080)) PORT[b]=$((28080))
if [ -n "$A" ]; then
  [ -n "$B" ] || usage
  compare "$A" "$B"
  exit 0
fi

# The suite: what the method resolves, the whole cost, then each pillar's price (full against full without it).
SUITE=(full:full off:full full:no-traces full:no-metrics full:no-logs)
for c in "${SUITE[@]}"; do compare "${c%%:*}" "${c##*:}"; done
[ $SMOKE = 1 ] && exit 0
bash bench/report.sh "${SUITE[@]}" > docs/benchmarks.md
