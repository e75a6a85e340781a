#!/usr/bin/env bash
# Turns bench/run.sh's results (rep, config, metric, value) into docs/benchmarks.md and a latency chart:
# the median over repetitions of every metric, per configuration, with the machine and JVM it ran on.
#   bench/report.sh target/bench/results.tsv docs
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS=$1 OUT=$2
mkdir -p "$OUT"

median() { # config metric
  awk -v c="$1" -v m="$2" '$2 == c && $3 == m { print $4 }' "$RESULTS" | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
cost() { # metric: relative change from off to full, in percent
  awk -v a="$(median off "$1")" -v b="$(median full "$1")" 'BEGIN { if (a == "n/a" || b == "n/a" || a == 0) print "n/a"; else printf "%+.1f%%", (b - a) / a * 100 }'
}
reps=$(awk '$1 ~ /^[0-9]+$/ { print $1 }' "$RESULTS" | sort -u | wc -l)
rates=$(awk '$1 ~ /^[0-9]+$/ && $3 ~ /^open[0-9]+_rate$/ { sub(/^open/, "", $3); sub(/_rate$/, "", $3); print $3 }' "$RESULTS" | sort -nu)
java_line=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | sed -n 2p)

# Latency vs rate, one line per configuration and percentile.
for config in off full; do
  for pct in $rates; do
    echo "$(median "$config" "open${pct}_rate") $(median "$config" "open${pct}_p50_ms") $(median "$config" "open${pct}_p99_ms")"
  done > "target/bench/latency-$config.dat"
done
gnuplot <<PLOT
set terminal pngcairo size 900,520 font ",11"
set output "$OUT/benchmarks-latency.png"
set title "POST /api/checkout latency vs offered rate (median of $reps repetitions)"
set xlabel "offered rate (checkouts/s)"
set ylabel "latency (ms)"
set key top left
set grid
plot "target/bench/latency-off.dat" using 1:2 with linespoints lw 2 title "p50, observability off", \
     "target/bench/latency-full.dat" using 1:2 with linespoints lw 2 title "p50, full observability", \
     "target/bench/latency-off.dat" using 1:3 with linespoints lw 2 dt 2 title "p99, observability off", \
     "target/bench/latency-full.dat" using 1:3 with linespoints lw 2 dt 2 title "p99, full observability"
PLOT

row() { # label metric unit
  printf '| %s | %s | %s | %s |\n' "$1" "$(median off "$2")$3" "$(median full "$2")$3" "$(cost "$2")"
}
{
  echo "# Benchmark: what full observability costs"
  echo
  echo "Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%d). Reproduce with \`bench/run.sh\` (about 70 minutes);"
  echo "\`bench/run.sh --smoke\` runs every step for a few seconds (CI does, so the script cannot rot)."
  echo
  echo "## Machine and JVM"
  echo
  echo "- CPU: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "- Memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(uname -sr)"
  echo "- Java: $java_line, the release the images run (\`Dockerfile\`)"
  echo "- JVM flags, as in the images: \`$IMAGE_JAVA_OPTIONS\` (the Dockerfile's \`JDK_JAVA_OPTIONS\`),"
  echo "  plus the ENTRYPOINT's \`$CONTAINER_OPTS\`: the AOT cache of \`deploy/aot/train.sh\`, the training run"
  echo "  the Dockerfile runs"
  echo "- PostgreSQL $(psql --version | awk '{ print $3 }'), the load generators (wrk, hey) and the OTLP receiver on the same 2 cores"
  echo "- $reps repetitions, alternating the order of the two configurations; every figure is the median"
  echo
  echo "## What is compared"
  echo
  echo "The same three jars with the same data (fresh databases, stock topped up) and the simulated payment"
  echo "gateway's latency and failures off, so the services themselves are what is measured:"
  echo
  echo "- **full**: traces sampled always (a span per SQL statement included) and exported over OTLP/HTTP to a"
  echo "  local receiver that counts what it gets and keeps nothing (\`deploy/stand-ins/receiver/Receiver.java\`; it walks the protobuf"
  echo "  bytes without decoding them, $(median full sink_cpu_ms) ms of CPU per checkout, far less than a collector"
  echo "  that stores every span), Prometheus metrics with exemplars, JSON logs at INFO."
  echo "- **off**: OpenTelemetry SDK disabled (\`QUARKUS_OTEL_SDK_DISABLED=true\`), every meter a no-op"
  echo "  (\`OBSERVABILITY_METRICS_ENABLED=false\`), plain-text logs at WARN."
  echo
  echo "Every run starts with a warm-up under load that lasts until the JIT compilers have settled (under 5% of"
  echo "a core), so the runs measure the steady state. What the compilers spent until then is reported apart"
  echo "(\"JIT warm-up\" below): a service pays it once after each start, not per checkout."
  echo
  echo "## Results"
  echo
  echo "CPU per checkout is the CPU time of the three services' processes (all their threads, from"
  echo "\`/proc/<pid>/task/*/stat\`) divided by the checkouts answered in the run."
  echo
  echo "| | observability off | full observability | cost |"
  echo "| --- | --- | --- | --- |"
  for pct in $rates; do
    row "**CPU per checkout at ${pct}% of max ($(median off "open${pct}_rate") checkouts/s)**" "open${pct}_cpu_ms" " ms"
  done
  row "CPU per checkout at maximum throughput" closed_cpu_ms " ms"
  row "Maximum throughput (closed loop, ${WRK_CONNECTIONS:-16} connections)" max_rps " checkouts/s"
  row "Latency p50 at maximum throughput" closed_p50_ms " ms"
  row "Latency p99 at maximum throughput" closed_p99_ms " ms"
  row "Errors during the closed-loop run" closed_errors ""
  for pct in $rates; do
    row "Latency p50 at ${pct}% of max (open loop)" "open${pct}_p50_ms" " ms"
    row "Latency p95 at ${pct}% of max" "open${pct}_p95_ms" " ms"
    row "Latency p99 at ${pct}% of max" "open${pct}_p99_ms" " ms"
  done
  for service in checkout-service inventory-service payment-service; do
    row "$service: time to ready (started alone)" "ready_ms_$service" " ms"
  done
  for service in checkout-service inventory-service payment-service; do
    row "$service: RSS after the runs" "rss_mb_$service" " MB"
  done
  row "JIT warm-up: compiler CPU until settled (three services)" warmup_jit_cpu_s " s"
  row "JIT warm-up: time under load until settled" warmup_s " s"
  echo
  echo "![Latency vs rate](benchmarks-latency.png)"
  echo
  half=$(echo "$rates" | awk '$1 == 50' | head -1)
  if [ -n "$half" ]; then
    echo "### CPU per checkout at 50% of max, by thread"
    echo
    echo "| Threads | observability off | full observability | cost |"
    echo "| --- | --- | --- | --- |"
    row "Worker threads (\`executor-thread\`: the request handlers), and threads that ended during the run" open50_cpu_ms_request " ms"
    row "JIT compilers" open50_cpu_ms_jit " ms"
    row "Garbage collector and VM" open50_cpu_ms_gc " ms"
    row "Other threads (Vert.x event loops: HTTP server and client I/O; span exporter; schedulers)" open50_cpu_ms_other " ms"
    echo
  fi
  echo "## Telemetry volume per checkout (full observability)"
  echo
  echo "| | per checkout |"
  echo "| --- | --- |"
  echo "| Spans exported (three services) | $(median full spans_per_checkout) |"
  echo "| OTLP bytes exported | $(median full otlp_bytes_per_checkout) |"
  echo "| Log bytes written (three services) | $(median full log_bytes_per_checkout) |"
  echo
  echo "Time series exposed at \`/q/metrics\` after the run: checkout-service $(median full series_checkout-service),"
  echo "inventory-service $(median full series_inventory-service), payment-service $(median full series_payment-service)."
  echo
  if [ -f target/bench/attribution.md ]; then
    echo "## Where the CPU goes: attribution by component"
    echo
    echo "async-profiler CPU profiles (a sample every 10 ms of CPU, every thread) of the three services,"
    echo "one run per configuration at 50% of max after the same warm-up, split by \`bench/Attribution.java\`:"
    echo "a sample belongs to the component of its innermost library frame (JDK frames are skipped, so a"
    echo "\`HashMap.put\` inside the tracing SDK counts as tracing). One run each, so read it to a tenth of a"
    echo "millisecond; the profiles are under \`target/bench/attribution-*/\`."
    echo
    cat target/bench/attribution.md
    echo
    echo "During the profiled runs \`/proc\` counted $(median off profiled_cpu_ms) ms (off) and $(median full profiled_cpu_ms) ms (full) per checkout,"
    echo "against $(median off open50_cpu_ms) ms and $(median full open50_cpu_ms) ms in the runs above: the profiler's own cost, and one run's noise."
    echo
  fi
  variants=$(awk '$1 == "price" { print $2 }' "$RESULTS" | uniq)
  if [ -n "$variants" ]; then
    echo "## Price list: what each part costs"
    echo
    echo "Full observability with one part switched off, or sampled, at a time: one closed-loop run each after"
    echo "the same warm-up, compared with the median of the full configuration's closed-loop runs."
    echo
    echo "| Configuration | CPU per checkout | against full | Maximum throughput | Spans per checkout |"
    echo "| --- | --- | --- | --- | --- |"
    price_row() { # label config
      awk -v label="$1" -v t="$(median "$2" max_rps)" -v c="$(median "$2" closed_cpu_ms)" -v s="$(median "$2" spans_per_checkout)" \
          -v full="$(median full closed_cpu_ms)" 'BEGIN {
        printf "| %s | %s ms | %+.2f ms | %s checkouts/s | %s |\n", label, c, c - full, t, (s == "n/a" ? 0 : s) }'
    }
    price_row "full observability (median above)" full
    for variant in $variants; do price_row "full, $variant" "$variant"; done
    price_row "observability off (median above)" off
    echo
  fi
  echo "## The targets"
  echo
  echo "| Target | Result | Met? |"
  echo "| --- | --- | --- |"
  target() { # label value unit at-most|at-least limit
    awk -v l="$1" -v v="$2" -v u="$3" -v op="$4" -v lim="$5" 'BEGIN {
      if (v == "n/a" || v == "") { printf "| %s | n/a | n/a |\n", l; exit }
      met = (op == "at-most") ? v + 0 <= lim : v + 0 >= lim
      printf "| %s | %s%s | %s |\n", l, v, u, (met ? "yes" : "no") }'
  }
  target "CPU per checkout at 50% of max: at most +10%" "$(cost open50_cpu_ms)" "" at-most 10
  target "Maximum throughput: at most 7% lower" "$(cost max_rps)" "" at-least -7
  target "p99 at 50% of max: at most +15%" "$(cost open50_p99_ms)" "" at-most 15
  for service in checkout-service inventory-service payment-service; do
    target "$service ready in under 1.5 s (full, started alone)" "$(median full "ready_ms_$service")" " ms" at-most 1499
  done
  for service in checkout-service inventory-service payment-service; do
    target "$service under 200 MB RSS after the load (full)" "$(median full "rss_mb_$service")" " MB" at-most 199
  done
  echo
  if [ -f bench/notes.md ]; then cat bench/notes.md; fi
} > "$OUT/benchmarks.md"
echo "Wrote $OUT/benchmarks.md and $OUT/benchmarks-latency.png"
