#!/usr/bin/env bash
# CI check of the load and chaos scripts against the three live services (java -jar, no Docker):
#
#   1. start the packaged services with deploy/local/services.sh (fresh databases);
#   2. deploy/load/load.sh at 10 req/s for 15 s with the default mix: every answer must be a designed one;
#   3. deploy/chaos.sh --local payment-failures 30%: the gauge payment_chaos_failure_ratio reads 0.3 and, under
#      a few more seconds of load, payment_authorizations_total{result="failed"} grows by about 30% of the
#      gateway calls;
#   4. deploy/chaos.sh --local inventory-latency 200ms: inventory_chaos_latency_seconds reads 0.2 and a checkout
#      takes at least 200 ms;
#   5. deploy/chaos.sh --local reset: the gauges are back to their configured values;
#   6. along the way, Prometheus 3 (deploy/local/services.sh prometheus, scraping every 2 s) sees each chaos
#      setting, the reset and the failed authorizations, as the dashboards would show them;
#   7. print the counters before and after, stop the services and Prometheus.
#
#   bash deploy/test/load-and-chaos.sh        # after ./mvnw package (the jars under */target/quarkus-app)
#
# PORT_OFFSET shifts every port (and the database names), as in deploy/local/services.sh, so this can run
# next to other instances: PORT_OFFSET=30000 bash deploy/test/load-and-chaos.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
export PORT_OFFSET=${PORT_OFFSET:-0}
readonly CHECKOUT="http://127.0.0.1:$((8080 + PORT_OFFSET))"
readonly PAYMENT_METRICS="http://127.0.0.1:$((9082 + PORT_OFFSET))/q/metrics"
readonly INVENTORY_METRICS="http://127.0.0.1:$((9081 + PORT_OFFSET))/q/metrics"
readonly PROMETHEUS="http://127.0.0.1:$((9090 + PORT_OFFSET))"
export SCRAPE_INTERVAL=${SCRAPE_INTERVAL:-2s}
RUN_DIR=${RUN_DIR:-target/local-run$([ "$PORT_OFFSET" = 0 ] || echo "-$PORT_OFFSET")}
export RUN_DIR

step() { printf '\n==> %s\n' "$*"; }
fail() {
  echo "load-and-chaos: FAILED: $*" >&2
  for service in checkout-service inventory-service payment-service; do
    [[ -f "$RUN_DIR/$service.log" ]] && { echo "--- last lines of $service.log" >&2; tail -n 5 "$RUN_DIR/$service.log" | cut -c1-400 >&2; }
  done
  exit 1
}

started=0
cleanup() {
  if (( started )); then
    step "Stopping the services and Prometheus"
    deploy/local/services.sh stop || true
  fi
}
trap cleanup EXIT

# metric <url> <name> [label filter regex]: the sum of the matching samples (plain text format).
metric() {
  curl -fsS --max-time 10 -H 'Accept: text/plain' "$1" \
    | awk -v name="$2" -v filter="${3:-}" '
        $1 ~ ("^" name "([{]|$)") && (filter == "" || $1 ~ filter) { sum += $NF; found = 1 }
        END { if (!found) exit 1; printf "%.10g\n", sum }' \
    || fail "no $2 in $1"
}
authorizations() { metric "$PAYMENT_METRICS" payment_authorizations_total "result=\"$1\""; }
equals() { awk -v a="$1" -v b="$2" 'BEGIN { exit !((a - b) < 1e-9 && (b - a) < 1e-9) }'; }

for service in checkout-service inventory-service payment-service; do
  [[ -f "$service/target/quarkus-app/quarkus-run.jar" ]] \
    || fail "$service is not packaged: run ./mvnw -B package -DskipTests first"
done

step "Starting the three services and Prometheus 3 (PORT_OFFSET=$PORT_OFFSET)"
started=1
deploy/local/services.sh start
deploy/local/services.sh prometheus
prometheus_version=$(curl -fsS "$PROMETHEUS/api/v1/status/buildinfo" | jq -r .data.version)
[[ "$prometheus_version" == 3.* ]] || fail "the Prometheus on $PROMETHEUS is $prometheus_version, not 3.x"
echo "  Prometheus $prometheus_version"

# promql <expr>: the single value of an instant query (empty if no series).
promql() {
  curl -fsS --max-time 10 -G "$PROMETHEUS/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'
}
# prometheus_sees <metric selector> <value>: waits (up to 30 s) until Prometheus has scraped that value.
prometheus_sees() {
  local got=""
  for _ in $(seq 1 60); do
    got=$(promql "$1")
    equals "${got:-none}" "$2" && { echo "  Prometheus: $1 = $got"; return 0; }
    sleep 0.5
  done
  fail "Prometheus never saw $1 = $2 (last: ${got:-no series})"
}

step "Warm-up (not checked): 2 req/s for 5 s, so the first JIT compilations do not count"
deploy/load/load.sh --url "$CHECKOUT" --rate 2 --duration 5s > /dev/null 2>&1 || true

step "Load: 10 req/s for 15 s, default mix"
deploy/load/load.sh --url "$CHECKOUT" --rate 10 --duration 15s || fail "load.sh reported errors (summary above)"

step "Counters before the chaos"
ratio_configured=$(metric "$PAYMENT_METRICS" payment_chaos_failure_ratio)
inventory_latency_configured=$(metric "$INVENTORY_METRICS" inventory_chaos_latency_seconds)
authorized_before=$(authorizations authorized)
failed_before=$(authorizations failed)
declined_before=$(authorizations declined)
printf '  payment_chaos_failure_ratio                          %s\n' "$ratio_configured"
printf '  payment_authorizations_total{result="authorized"}   %s\n' "$authorized_before"
printf '  payment_authorizations_total{result="failed"}       %s\n' "$failed_before"
printf '  payment_authorizations_total{result="declined"}     %s\n' "$declined_before"

step "Chaos: deploy/chaos.sh --local payment-failures 30%"
deploy/chaos.sh --local payment-failures 30%
ratio_during=$(metric "$PAYMENT_METRICS" payment_chaos_failure_ratio)
equals "$ratio_during" 0.3 || fail "payment_chaos_failure_ratio is $ratio_during after payment-failures 30%, expected 0.3"
echo "  payment_chaos_failure_ratio = $ratio_during"
prometheus_sees 'payment_chaos_failure_ratio{job="payment-service"}' 0.3

step "Load under chaos: 10 req/s for 8 s (503s are designed: checkout's retries absorb most failures)"
deploy/load/load.sh --url "$CHECKOUT" --rate 10 --duration 8s || fail "load.sh under chaos reported errors (summary above)"

authorized_after=$(authorizations authorized)
failed_after=$(authorizations failed)
declined_after=$(authorizations declined)
failed_delta=$(awk -v a="$failed_after" -v b="$failed_before" 'BEGIN { print a - b }')
authorized_delta=$(awk -v a="$authorized_after" -v b="$authorized_before" 'BEGIN { print a - b }')
share=$(awk -v f="$failed_delta" -v a="$authorized_delta" 'BEGIN { if (f + a > 0) printf "%.2f", f / (f + a); else print 0 }')
awk -v d="$failed_delta" 'BEGIN { exit !(d > 0) }' \
  || fail "payment_authorizations_total{result=\"failed\"} did not increase under 30% payment failures"
# 30% of the approving gateway calls fail; with about a hundred calls the share stays well inside 10-60%.
awk -v s="$share" 'BEGIN { exit !(s >= 0.10 && s <= 0.60) }' \
  || fail "failed share of gateway calls is $share under payment-failures 30%, expected about 0.3"

step "Chaos: deploy/chaos.sh --local inventory-latency 200ms"
deploy/chaos.sh --local inventory-latency 200ms
inventory_latency=$(metric "$INVENTORY_METRICS" inventory_chaos_latency_seconds)
equals "$inventory_latency" 0.2 || fail "inventory_chaos_latency_seconds is $inventory_latency, expected 0.2"
echo "  inventory_chaos_latency_seconds = $inventory_latency"
prometheus_sees 'inventory_chaos_latency_seconds{job="inventory-service"}' 0.2
took=$(curl -sS -o /dev/null -w '%{time_total}' --max-time 10 -X POST -H 'Content-Type: application/json' \
  -H "X-Request-ID: load-and-chaos-slow" -A observability-demo-load/1 \
  --data '{"customerId":"load-and-chaos","items":[{"sku":"CB-005","quantity":1}],"cardNumber":"4000000000000002"}' \
  "$CHECKOUT/api/checkout")
awk -v t="$took" 'BEGIN { exit !(t >= 0.2) }' || fail "a checkout took ${took}s with 200ms of inventory latency"
echo "  one checkout (reserve + declined payment + release) took ${took}s"

step "Chaos: deploy/chaos.sh --local reset"
deploy/chaos.sh --local reset
ratio_reset=$(metric "$PAYMENT_METRICS" payment_chaos_failure_ratio)
inventory_reset=$(metric "$INVENTORY_METRICS" inventory_chaos_latency_seconds)
equals "$ratio_reset" "$ratio_configured" || fail "payment_chaos_failure_ratio is $ratio_reset after reset, expected $ratio_configured"
equals "$inventory_reset" "$inventory_latency_configured" || fail "inventory_chaos_latency_seconds is $inventory_reset after reset, expected $inventory_latency_configured"

step "Prometheus saw the failed authorizations and the reset (what the payment dashboard plots)"
prometheus_sees 'payment_chaos_failure_ratio{job="payment-service"}' "$ratio_reset"
prometheus_sees 'inventory_chaos_latency_seconds{job="inventory-service"}' "$inventory_reset"
seen_failed=$(promql 'increase(payment_authorizations_total{job="payment-service", result="failed"}[5m])')
awk -v d="${seen_failed:-0}" 'BEGIN { exit !(d > 0) }' || fail "Prometheus saw no failed payment authorization"
printf '  Prometheus: increase(payment_authorizations_total{result="failed"}[5m]) = %.1f\n' "$seen_failed"

step "Counters before and after 30% payment failures"
printf '  %-52s %10s %10s %8s\n' metric before after delta
row() { printf '  %-52s %10s %10s %8s\n' "$1" "$2" "$3" "$(awk -v a="$3" -v b="$2" 'BEGIN { print a - b }')"; }
row 'payment_authorizations_total{result="authorized"}' "$authorized_before" "$authorized_after"
row 'payment_authorizations_total{result="failed"}' "$failed_before" "$failed_after"
row 'payment_authorizations_total{result="declined"}' "$declined_before" "$declined_after"
printf '  %-52s %10s %10s\n' payment_chaos_failure_ratio "$ratio_configured" "$ratio_during"
printf '  failed share of gateway calls under chaos: %s (injected 0.3)\n' "$share"
printf '  after reset: payment_chaos_failure_ratio %s, inventory_chaos_latency_seconds %s\n' "$ratio_reset" "$inventory_reset"

echo
echo "load-and-chaos: OK"
