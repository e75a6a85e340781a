#!/usr/bin/env bash
# Turns bench/run.sh's results (rep, config, metric, value) into docs/benchmarks.md and a latency chart:
# the median over repetitions of every metric, per configuration, with the machine it ran on.
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
rates=$(awk '$3 ~ /^open[0-9]+_rate$/ { sub(/^open/, "", $3); sub(/_rate$/, "", $3); print $3 }' "$RESULTS" | sort -nu)

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
half=$(echo "$rates" | awk '$1 == 50' | head -1)
{
  echo "# Benchmark: what full observability costs"
  echo
  echo "Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%d). Reproduce with \`bench/run.sh\` (about 20 minutes);"
  echo "\`bench/run.sh --smoke\` runs every step for a few seconds (CI does, so the script cannot rot)."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "- Memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(uname -sr)"
  echo "- Java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | sed -n 2p); JVM flags for every service:"
  echo "  \`${BASE_JAVA_OPTS:-see bench/run.sh}$([ "${AOT:-0}" = 1 ] && echo " -XX:AOTMode=on -XX:AOTCache=app-<configuration>.aot")\`"
  [ "${AOT:-0}" = 1 ] && echo "  (an ahead-of-time cache per service and configuration, from a training run under checkout load)"
  echo "- PostgreSQL $(psql --version | awk '{ print $3 }') on the same machine; load generators (wrk, hey) on the same 2 cores"
  echo "- $reps repetitions, alternating the order of the two configurations; every figure is the median"
  echo
  echo "## What is compared"
  echo
  echo "The same three jars, with the same data (fresh databases, stock topped up) and the simulated payment"
  echo "gateway's latency and failures off, so the services themselves are what is measured:"
  echo
  echo "- **full**: traces sampled always and exported over OTLP/HTTP to a local sink (\`bench/OtlpSink.java\`),"
  echo "  Prometheus metrics with exemplars, JSON logs at INFO."
  echo "- **off**: OpenTelemetry SDK disabled (\`QUARKUS_OTEL_SDK_DISABLED=true\`), every meter a no-op"
  echo "  (\`OBSERVABILITY_METRICS_ENABLED=false\`), plain-text logs at WARN."
  echo
  echo "## Results"
  echo
  echo "| | observability off | full observability | cost |"
  echo "| --- | --- | --- | --- |"
  row "Maximum throughput (closed loop, ${WRK_CONNECTIONS:-16} connections)" max_rps " checkouts/s"
  row "Latency p50 at maximum throughput" closed_p50_ms " ms"
  row "Latency p99 at maximum throughput" closed_p99_ms " ms"
  row "Errors during the closed-loop run" closed_errors ""
  row "CPU seconds per 1000 checkouts (three services)" cpu_s_per_1000 " s"
  for pct in $rates; do
    row "Latency p50 at ${pct}% of max ($(median off "open${pct}_rate") checkouts/s, open loop)" "open${pct}_p50_ms" " ms"
    row "Latency p95 at ${pct}% of max" "open${pct}_p95_ms" " ms"
    row "Latency p99 at ${pct}% of max" "open${pct}_p99_ms" " ms"
  done
  for service in checkout-service inventory-service payment-service; do
    row "$service: time to ready (started alone)" "ready_ms_$service" " ms"
  done
  for service in checkout-service inventory-service payment-service; do
    row "$service: RSS after the runs" "rss_mb_$service" " MB"
  done
  echo
  echo "![Latency vs rate](benchmarks-latency.png)"
  echo
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
  variants=$(awk '$1 == "price" { print $2 }' "$RESULTS" | uniq)
  if [ -n "$variants" ]; then
    echo "## Price list: what each part costs"
    echo
    echo "Full observability with one part switched off, or sampled, at a time: one closed-loop run each after"
    echo "the same warm-up. *Share of the cost* is the part of the CPU that full observability adds per checkout"
    echo "(full minus off) that goes away with that change."
    echo
    echo "| Configuration | Maximum throughput | CPU seconds per 1000 checkouts | Spans per checkout | Share of the cost |"
    echo "| --- | --- | --- | --- | --- |"
    price_row() { # label config
      awk -v label="$1" -v t="$(median "$2" max_rps)" -v c="$(median "$2" cpu_s_per_1000)" -v s="$(median "$2" spans_per_checkout)" \
          -v full="$(median full cpu_s_per_1000)" -v off="$(median off cpu_s_per_1000)" 'BEGIN {
        share = (full - off > 0) ? sprintf("%.0f%%", (full - c) / (full - off) * 100) : "n/a"
        printf "| %s | %s checkouts/s | %s s | %s | %s |\n", label, t, c, s, share }'
    }
    price_row "full observability (median above)" full
    for variant in $variants; do price_row "full, $variant" "$variant"; done
    price_row "observability off (median above)" off
    echo
  fi
  if [ -f bench/notes.md ]; then cat bench/notes.md; fi
} > "$OUT/benchmarks.md"
echo "Wrote $OUT/benchmarks.md and $OUT/benchmarks-latency.png"
