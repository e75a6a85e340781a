#!/usr/bin/env bash
# The three pillars, checked on the real thing: the packaged services (java -jar) against PostgreSQL, scraped
# by Prometheus 3 (deploy/local/prometheus-tools.sh) with exemplar storage on and the compose stack's prometheus.yml.
#  1. one checkout; its traceresponse header gives the trace id
#  2. the JSON log lines of all three services carry that trace id (and the request id), and none of the
#     fields the services exclude (host, process, LogManager bookkeeping)
#  3. Prometheus stored an exemplar with that trace id (/api/v1/query_exemplars)
#  4. `promtool check metrics` finds nothing to say about our own metrics (checkout_*, payment_*, inventory_*)
# Honours PORT_OFFSET (see deploy/local/services.sh). Needs curl, jq, and apt-get/dpkg-deb for prometheus-tools.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
OFFSET=${PORT_OFFSET:-0}
export SCRAPE_INTERVAL=${SCRAPE_INTERVAL:-2s}
RUN_DIR=${RUN_DIR:-target/local-run$([ "$OFFSET" = 0 ] || echo "-$OFFSET")}
export RUN_DIR
checkout=http://127.0.0.1:$((8080 + OFFSET))
prometheus=http://127.0.0.1:$((9090 + OFFSET))

PROMETHEUS_TOOLS=$(deploy/local/prometheus-tools.sh)   # Prometheus and promtool 3.x, or it fails
trap 'deploy/local/services.sh stop' EXIT
deploy/local/services.sh start
deploy/local/services.sh prometheus
version=$(curl -fsS "$prometheus/api/v1/status/buildinfo" | jq -r .data.version)
[[ "$version" == 3.* ]] || { echo "FAIL: the Prometheus on $prometheus is $version, not 3.x" >&2; exit 1; }
echo "Prometheus $version"

echo "--- 1. a checkout"
request_id="telemetry-live-$$"
headers=$(mktemp)
# Freshly started JVMs may answer the first checkouts with 503 while they compile (README, Quickstart):
# a few tries until one is confirmed; its trace is the one followed below.
for attempt in 1 2 3 4 5; do
  status=$(curl -sS -D "$headers" -o "$RUN_DIR/checkout-response.json" -w '%{http_code}' -X POST "$checkout/api/checkout" \
    -H 'Content-Type: application/json' -H "X-Request-ID: $request_id" \
    -d '{"customerId":"telemetry-live","items":[{"sku":"KB-001","quantity":1}],"cardNumber":"5555555555554444"}')
  [ "$status" = 201 ] && break
  echo "checkout attempt $attempt answered $status: $(jq -c '{title, detail}' "$RUN_DIR/checkout-response.json" 2>/dev/null)"
  sleep 2
done
[ "$status" = 201 ] || { echo "FAIL: no checkout confirmed in $attempt attempts" >&2; exit 1; }
traceresponse=$(grep -i '^traceresponse:' "$headers" | tr -d '\r' | cut -d' ' -f2)
trace_id=$(echo "$traceresponse" | cut -d- -f2)
echo "traceresponse: $traceresponse"
jq -c . "$RUN_DIR/checkout-response.json"

echo "--- 2. log lines with trace id $trace_id"
for service in checkout-service inventory-service payment-service; do
  lines=$(grep -F "$trace_id" "$RUN_DIR/$service.log" \
    | jq -c 'select(.mdc.traceId == "'"$trace_id"'") | {service: ."service.name", level, message, spanId: .mdc.spanId, requestId: .mdc.requestId}' || true)
  [ -n "$lines" ] || { echo "FAIL: no JSON log line of $service carries trace id $trace_id" >&2; exit 1; }
  echo "$lines"
  echo "$lines" | grep -q "\"requestId\":\"$request_id\"" \
    || { echo "FAIL: $service did not log request id $request_id" >&2; exit 1; }
  # Lines stay lean: no host, process or LogManager bookkeeping fields (docs/benchmarks.md counts the bytes).
  extra=$(grep -F "$trace_id" "$RUN_DIR/$service.log" \
    | jq -r 'keys[] | select(IN("hostName", "processName", "processId", "sequence", "loggerClassName", "ndc", "threadId"))' | sort -u)
  [ -z "$extra" ] || { echo "FAIL: $service's JSON log lines still carry: $extra" >&2; exit 1; }
done

echo "--- 3. the exemplar in Prometheus"
found=""
for _ in $(seq 1 30); do
  now=$(date +%s)
  found=$(curl -fsS "$prometheus/api/v1/query_exemplars" \
      --data-urlencode 'query=http_server_requests_seconds_bucket{job="checkout-service",uri="/api/checkout"}' \
      --data-urlencode "start=$((now - 600))" --data-urlencode "end=$now" \
    | jq -c '.data[] | {series: .seriesLabels | {job, uri, status, le}, exemplar: (.exemplars[] | select(.labels.trace_id == "'"$trace_id"'"))}' | head -1)
  [ -n "$found" ] && break
  sleep 1
done
[ -n "$found" ] || { echo "FAIL: Prometheus has no exemplar with trace id $trace_id" >&2; exit 1; }
echo "$found"
# Every target up; a target Prometheus has not scraped yet reads "unknown", so give each a few scrapes.
for _ in $(seq 1 30); do
  targets=$(curl -fsS "$prometheus/api/v1/targets" \
    | jq -r '.data.activeTargets[] | select(.health != "up") | "\(.labels.job) \(.health) \(.lastError)"')
  [ -z "$targets" ] && break
  sleep 1
done
[ -z "$targets" ] || { echo "FAIL: targets not up: $targets" >&2; exit 1; }

echo "--- 4. promtool check metrics"
for port in $((9080 + OFFSET)) $((9081 + OFFSET)) $((9082 + OFFSET)); do
  # promtool reads the text format; it exits non-zero for third-party names (listed in docs/telemetry.md).
  findings=$(curl -fsS -H 'Accept: text/plain' "http://127.0.0.1:$port/q/metrics" | "$PROMETHEUS_TOOLS/promtool" check metrics 2>&1 || true)
  ours=$(echo "$findings" | grep -E '^(checkout|payment|inventory)_' || true)
  [ -z "$ours" ] || { echo "FAIL: promtool on :$port flags our metrics:" >&2; echo "$ours" >&2; exit 1; }
  echo ":$port ok ($(echo "$findings" | grep -c . || true) third-party findings, none about our metrics)"
done
echo "telemetry-live: all checks passed"
