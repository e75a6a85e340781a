#!/usr/bin/env bash
# docs/benchmarks.md from the comparisons bench/run.sh made (target/bench/<a>-vs-<b>/): their summaries, the price
# of each pillar side by side, the targets, and bench/notes.md (what the figures mean, written by hand).
#   bash bench/report.sh full:full off:full full:no-traces full:no-metrics full:no-logs > docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
dir() { echo "target/bench/${1%%:*}-vs-${1##*:}"; }
figure() { awk -v k="$2 " 'index($0, k) == 1 { print substr($0, length(k) + 1) }' "$(dir "$1")/figures.tsv"; }   # figure <a:b> <name>
field() { cut -d' ' -f"$1"; }
for c in "$@"; do [ -f "$(dir "$c")/summary.md" ] || { echo "report: $(dir "$c") has no summary: run bench/run.sh ${c/:/ }" >&2; exit 1; }; done
measured=$(for c in "$@"; do date -u -r "$(dir "$c")/summary.md" +%Y-%m-%d; done | sort -u | paste -sd, | sed "s/,/ and /g")   # the days of the comparisons
runtime=$(docker run --rm --entrypoint java observability-demo-checkout-service -version 2>&1 | sed -n 2p)

cat <<EOF
# Benchmark: what telemetry costs

Measured by \`bench/run.sh\` on $measured, on the images \`docker compose build\` makes, started by
\`docker-compose.yml\` with its memory limits. Reproduce with \`bench/run.sh\` (about 2.5 hours), or one comparison
with \`bench/run.sh <config a> <config b>\` (about 30 minutes; the configurations are \`bench/config/*.env\`), and a code
change with \`<config>@<tag>\`, which runs the images \`bench/run.sh --tag <tag>\` kept (its header says how).

## Machine and JVM

- CPU: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); memory $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(uname -sr); Docker $(docker version -f '{{.Server.Version}}' 2>/dev/null || echo n/a)
- Images: the Dockerfile's runtime stage, $runtime$(
  grep -q Temurin <<< "$runtime" || echo "; the stand-in JRE of \`deploy/stand-ins/\` (no registry is reachable here), not the Dockerfile's default \`$(sed -n 's/^ARG JRE_IMAGE=//p' Dockerfile)\`")
- JVM flags, as in the images: \`$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\(.*\)"$/\1/p' Dockerfile)\` and the
  ENTRYPOINT's \`-XX:AOTCache=app.aot\` (the cache trained by \`deploy/aot/train.sh\` in the image build)
- Memory limit per service: $(grep -m1 -A3 'limits:' <(sed -n '/^  inventory-service:/,/^  [a-z]/p' docker-compose.yml) | awk '/memory:/ { print $2 }'), as in \`docker-compose.yml\`

## Method

Two copies of the stack run side by side (compose projects \`bench-a\` and \`bench-b\`), each with its own
PostgreSQL and trace backend, and one configuration each. The load goes to one copy at a time, in slices, and
switches between them many times: A then B, then B then A, and so on. Each pair of slices gives one ratio of B to A,
and every cost below is the **median of those ratios**, with their quartiles. Drift (these machines' speed
changes within minutes) hits both slices of a pair alike, so it cancels. Two JVMs of one image do not compile
the same code and differ by a few percent for as long as they run, so one pair of JVMs is one sample: each
round starts fresh JVMs, and the copies swap roles every round. The A/A comparison (the same configuration in
both copies) shows what the method resolves here.

- CPU is the three services' containers' own (their cgroups' CPU accounting), divided by the checkouts answered
  201 in the slice. PostgreSQL, the trace backend and the load generators run outside them.
- Both copies first take closed-loop load in turns until the JIT compilers of both have settled; the compilers'
  CPU after that is counted (it is part of what a service costs).
- Closed-loop slices (\`wrk\`, 16 connections): maximum throughput. Open-loop slices (\`hey\`) at half of copy A's
  maximum: CPU per checkout and latency (pooled over all slices of a copy).
- Every answer must be a 201: a checkout that fails, or finds no stock, costs less and would flatter the figures;
  stock is topped up before the measured slices.
- A second's pause follows every slice: the requests the load generator left unanswered when its time was up
  finish before the next slice starts (with as many connections as checkout's bulkhead admits, they would turn
  the next slice's first checkouts away).
- The configurations (\`bench/config/\`): **full** is \`docker-compose.yml\` as users run it (every trace sampled and
  exported over OTLP, Prometheus metrics with exemplars, JSON logs at INFO; the simulated payment gateway's
  designed failures and latency off in both copies). **off** switches off at run time what the same image can:
  the OpenTelemetry SDK, every meter, and logs (plain text at WARN). The OpenTelemetry instrumentation and the
  JDBC wrapper are fixed at build time and stay (they run with a no-op tracer).

EOF

for c in "$@"; do cat "$(dir "$c")/summary.md"; done

for c in "$@"; do
  [ -f "$(dir "$c")/attribution.md" ] || continue
  echo "### Where the CPU goes: \`${c##*:}\` against \`${c%%:*}\`, by component"
  echo
  echo "async-profiler in the three JVMs of each copy (a CPU sample every 10 ms of every thread) during one more open-loop"
  echo "pair at the end of the last round (\`PROFILE=1\`), split by \`bench/Attribution.java\`: a sample belongs to the"
  echo "component of its innermost library frame (JDK frames are skipped, so a \`HashMap.put\` inside the tracing SDK"
  echo "counts as tracing). One pair of slices: read it to a tenth of a millisecond."
  echo
  cat "$(dir "$c")/attribution.md"
  echo
done

echo "## The comparisons side by side"
echo
echo "CPU per checkout at the same open-loop rate; \`full\` / \`no-<pillar>\` is what switching that pillar off saves."
echo
echo "| Comparison | CPU per checkout (a / b) | cost of b against a: median | quartiles | p99 (a / b) |"
echo "| --- | --- | --- | --- | --- |"
for c in "$@"; do
  f=$(figure "$c" open_8); p=$(figure "$c" p99)
  echo "| \`${c%%:*}\` / \`${c##*:}\` | $(field 1 <<< "$f") / $(field 2 <<< "$f") ms | **$(field 4 <<< "$f")** | $(field 3 <<< "$f") to $(field 5 <<< "$f") | $(field 1 <<< "$p") / $(field 2 <<< "$p") ms |"
done
echo

# A pillar's price is full over full without it: the saving the comparison full:no-<pillar> measured, inverted.
price() { awk -v x="${1%\%}" 'BEGIN { printf "%+.1f%%", (1 / (1 + x / 100) - 1) * 100 }'; }
pillars=(); for c in "$@"; do [[ $c == full:no-* ]] && pillars+=("$c"); done
if [ ${#pillars[@]} -gt 0 ]; then
  echo "## The price of each pillar"
  echo
  echo "What \`full\` costs over \`full\` with one pillar switched off at run time (\`no-<pillar>\`): the saving above, the"
  echo "other way round (a saving s is a price of 1 / (1 + s) − 1), at the rate of that comparison."
  echo
  echo "| Pillar | CPU per checkout at half the maximum: median | quartiles | per round | maximum throughput | p99 |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for c in "${pillars[@]}"; do
    f=$(figure "$c" open_8) t=$(figure "$c" closed_6) p=$(figure "$c" p99)
    rounds=$(for r in $(cut -d' ' -f6- <<< "$f"); do price "$r"; echo; done | paste -sd' ')
    echo "| ${c#full:no-} | **$(price "$(field 4 <<< "$f")")** | $(price "$(field 5 <<< "$f")") to $(price "$(field 3 <<< "$f")") | $rounds | $(price "$(field 4 <<< "$t")") | $(price "$(field 3 <<< "$p")") |"
  done
  echo
fi

# The targets, from the comparison of off (a) with full (b).
main=off:full
cpu=$(figure $main open_8) tput=$(figure $main closed_6) p99=$(figure $main p99)
echo "## The targets"
echo
echo "| Target | Result | Met? |"
echo "| --- | --- | --- |"
met() { awk -v v="${1%\%}" -v lim="$2" -v dir="$3" 'BEGIN { print (v !~ /^[-+]?[0-9.]+$/ ? "n/a" : (dir == "max" ? v <= lim : v >= lim) ? "yes" : "no") }'; }
echo "| CPU per checkout at half the maximum: at most +5% | $(field 4 <<< "$cpu") (quartiles $(field 3 <<< "$cpu") to $(field 5 <<< "$cpu")) | $(met "$(field 4 <<< "$cpu")" 5 max) |"
echo "| Maximum throughput: at most 3% lower | $(field 4 <<< "$tput") | $(met "$(field 4 <<< "$tput")" -3 min) |"
echo "| p99 at half the maximum: at most +5% | $(field 3 <<< "$p99") | $(met "$(field 3 <<< "$p99")" 5 max) |"
for service in inventory-service payment-service checkout-service; do
  s=$(figure $main "service $service")
  echo "| $service ready in under 1 s after its container starts (full) | $(field 4 <<< "$s") ms (Quarkus: started in $(field 2 <<< "$s") s) | $(met "$(field 4 <<< "$s")" 1000 max) |"
done
for service in inventory-service payment-service checkout-service; do
  s=$(figure $main "service $service")
  echo "| $service under 200 MB RSS after the load (full) | $(field 6 <<< "$s") MB (container: $(field 8 <<< "$s") MiB) | $(met "$(field 6 <<< "$s")" 200 max) |"
done
echo
cat bench/notes.md
