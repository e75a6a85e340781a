#!/usr/bin/env bash
# "Dashboards don't lie": every PromQL query of every Grafana dashboard, and every recording rule,
# must return data from the real services. A panel that shows "No data" is a bug.
#
#   bash deploy/test/dashboards-dont-lie.sh
#
# What it does, without Docker:
#   1. starts the three packaged services (java -jar) against the local PostgreSQL and Prometheus 3
#      (deploy/local/prometheus-tools.sh) on loopback, with the project's prometheus.yml adapted to
#      localhost and the rules of deploy/prometheus/rules loaded (deploy/local/services.sh), on a
#      fresh TSDB;
#   2. drives checkout traffic that covers every outcome: confirmed, declined (card_declined,
#      insufficient_funds), out_of_stock, unknown_product, invalid, payment_unavailable (the
#      always-503 card, then a chaos window with failureRate 1.0), an idempotent replay, and
#      a few slow checkouts (chaos latency 600 ms) for the latency SLI; then checks in
#      Prometheus that every order outcome but inventory_unavailable (optional: it needs
#      inventory down) was counted by checkout_orders_total, and the invalid requests (no order)
#      by http_server_requests_seconds_count{status="400"}; light background traffic keeps every
#      rate() window busy;
#   3. waits for a few scrapes and rule evaluations, then runs through /api/v1/query:
#      - every `expr` of every Prometheus target of every dashboard in deploy/grafana/dashboards,
#        with the template variables replaced by real values (query variables are resolved
#        through the Prometheus API; each value is checked, plus the "All" value), and
#        $__rate_interval / $__interval / $__range replaced by what Grafana would use;
#      - the `query` of every recording rule Prometheus loaded (and every rule must be healthy);
#      and fails on an error, an empty result, or a result with no finite value (all NaN: a
#      panel that draws nothing);
#   4. checks that each metric name the dashboards and rules use exists in Prometheus
#      (count by (__name__)), so a fallback such as `or 0 * ...` or absent() can never hide a
#      metric that disappeared entirely;
#   5. checks that the targets with "exemplar": true get exemplars (trace ids) from Prometheus;
#   6. checks every LogQL (Loki) target lexically: there is no Loki here (see logql_check).
# It prints one line per query and "N queries, N with data", and stops everything it started.
#
# Environment:
#   PORT_OFFSET      added to every port, as in deploy/local/services.sh (default 0: HTTP 8080-8082,
#                    management 9080-9082, Prometheus 9090).
#   SCRAPE_INTERVAL  scrape and rule evaluation interval of the local Prometheus (default 5s).
#   RATE_INTERVAL    value for $__rate_interval (default 1m: what Grafana computes from the
#                    datasource's 15s timeInterval, 4 x 15s).
#   DASHBOARDS_DIR   the dashboards to check (default deploy/grafana/dashboards).
#   RUN_DIR          logs, pids and the Prometheus TSDB (default target/dashboards-dont-lie[-<offset>]);
#                    wiped at start.
# Needs: the packaged jars (./mvnw package -DskipTests), PostgreSQL with the demo role
# (deploy/local/postgres.sh), curl, jq, and apt-get/dpkg-deb for deploy/local/prometheus-tools.sh.
set -euo pipefail

cd "$(dirname "$0")/../.."
export PORT_OFFSET=${PORT_OFFSET:-0}
export SCRAPE_INTERVAL=${SCRAPE_INTERVAL:-5s}
export RUN_DIR=${RUN_DIR:-target/dashboards-dont-lie$([ "$PORT_OFFSET" = 0 ] || echo "-$PORT_OFFSET")}
RATE_INTERVAL=${RATE_INTERVAL:-1m}
OFFSET=$PORT_OFFSET
CHECKOUT="http://127.0.0.1:$((8080 + OFFSET))"
PAYMENT_MGMT="http://127.0.0.1:$((9082 + OFFSET))"
PROM="http://127.0.0.1:$((9090 + OFFSET))"
DASHBOARDS=${DASHBOARDS_DIR:-deploy/grafana/dashboards}
SERVICES_SH=deploy/local/services.sh
started_at=$(date +%s)

for tool in curl jq java; do
  command -v "$tool" > /dev/null || { echo "dashboards-dont-lie: $tool not found" >&2; exit 2; }
done
for jar in checkout-service inventory-service payment-service; do
  [ -f "$jar/target/quarkus-app/quarkus-run.jar" ] || {
    echo "dashboards-dont-lie: $jar/target/quarkus-app/quarkus-run.jar missing:" \
      "./mvnw -B -q package -DskipTests -pl checkout-service,inventory-service,payment-service -am" >&2; exit 2; }
done
# Refuse to start over another run (and never stop processes this script did not start).
for port in $((8080 + OFFSET)) $((8081 + OFFSET)) $((8082 + OFFSET)) $((9080 + OFFSET)) $((9081 + OFFSET)) \
            $((9082 + OFFSET)) $((9090 + OFFSET)); do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    echo "dashboards-dont-lie: port $port is in use (another run?); try PORT_OFFSET=20000" >&2; exit 2
  fi
done

work=$(mktemp -d)
traffic_pid=""
started=0
cleanup() {
  local rc=$?
  [ -z "$traffic_pid" ] || kill "$traffic_pid" 2> /dev/null || true
  [ -z "$traffic_pid" ] || wait "$traffic_pid" 2> /dev/null || true
  [ "$started" = 0 ] || "$SERVICES_SH" stop || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '==> %s (+%ss)\n' "$*" "$(( $(date +%s) - started_at ))"; }

# ------------------------------------------------------------------------------------- start
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
started=1
log "starting the services and Prometheus (offset $OFFSET, scrape and evaluation every $SCRAPE_INTERVAL, $RUN_DIR)"
"$SERVICES_SH" start
"$SERVICES_SH" prometheus
# The rules and queries are judged by the Prometheus major the compose stack runs (left-open ranges in 3.x).
prometheus_version=$(curl -fsS "$PROM/api/v1/status/buildinfo" | jq -r .data.version)
[[ "$prometheus_version" == 3.* ]] || { echo "dashboards-dont-lie: Prometheus is $prometheus_version, not 3.x" >&2; exit 1; }
log "Prometheus $prometheus_version"

# ------------------------------------------------------------------------------------- traffic
# checkout <expected status|any> <card> <sku> <quantity> [curl args...]: one POST /api/checkout.
checkout() {
  local want=$1 card=$2 sku=$3 qty=$4; shift 4
  local body="{\"customerId\":\"dont-lie\",\"items\":[{\"sku\":\"$sku\",\"quantity\":$qty}],\"cardNumber\":\"$card\"}"
  local got
  got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST "$CHECKOUT/api/checkout" \
    -H 'content-type: application/json' "$@" -d "$body")
  if [ "$want" != any ] && [ "$got" != "$want" ]; then
    echo "dashboards-dont-lie: checkout $card $sku x$qty answered $got, expected $want" >&2; return 1
  fi
}
chaos() { curl -fsS -o /dev/null -X PUT "$PAYMENT_MGMT/q/chaos" -H 'content-type: application/json' -d "$1"; }
chaos_reset() { curl -fsS -o /dev/null -X POST "$PAYMENT_MGMT/q/chaos/reset"; }

OK=4242424242424242 DECLINED=4000000000000002 NO_FUNDS=4000000000009995 GATEWAY_503=4000000000000119
log "driving traffic that covers every checkout outcome"
for round in 1 2 3; do
  # Confirmed (the default 5% simulated gateway failures may turn one into a retry or a 503).
  for sku in KB-001 MS-002 MN-003 HS-004 CB-005 DK-006 LT-007; do checkout any "$OK" "$sku" 1; done
  checkout 402 "$DECLINED" KB-001 1              # declined: card_declined
  checkout 402 "$NO_FUNDS" MS-002 1              # declined: insufficient_funds
  checkout 409 "$OK" LT-007 30                   # out_of_stock (LT-007 has 25 units)
  checkout 422 "$OK" NO-SUCH-SKU 1               # unknown_product
  curl -s -o /dev/null -X POST "$CHECKOUT/api/checkout" -H 'content-type: application/json' -d '{}'  # invalid (400)
  checkout 503 "$GATEWAY_503" CB-005 1           # payment_unavailable: the gateway always answers 503
done
# Idempotent replay: the second request with the same key is answered from the first.
key="dont-lie-$(date +%s)-$$"
checkout any "$OK" KB-001 1 -H "Idempotency-Key: $key"
checkout any "$OK" KB-001 1 -H "Idempotency-Key: $key"
# Chaos window: every authorization fails (gateway_error); checkout retries, then answers 503 and
# its circuit breaker on PaymentClient.authorize (20 calls, 75% failures) opens.
chaos '{"failureRate":1.0}'
for _ in 1 2 3 4 5 6 7 8; do checkout 503 "$OK" MS-002 1; done
chaos_reset
sleep 6   # the breaker's delay (5 s): it goes half-open, and the next successful calls close it
# Slow but successful checkouts: bad events for the latency SLI (> 500 ms, under the 2 s timeout).
chaos '{"failureRate":0.0,"latency":"600ms"}'
for _ in 1 2 3; do checkout any "$OK" HS-004 1; done
chaos_reset

# Light background traffic for the rest of the run, so that every rate() window has recent
# samples on all three services, as in a live demo.
(
  while true; do
    checkout any "$OK" KB-001 1 || true
    checkout any "$OK" CB-005 1 || true
    sleep 0.5
  done
) > /dev/null 2>&1 &
traffic_pid=$!

# ------------------------------------------------------------------------------------- Prometheus API
query() {  # query <PromQL>: the raw JSON answer of an instant query at "now".
  curl -sS --max-time 30 -G "$PROM/api/v1/query" --data-urlencode "query=$1"
}
# has_data <json>: a successful answer with at least one finite value.
has_data() {
  jq -e '.status == "success" and (
           if .data.resultType == "scalar" then (.data.result[1] | IN("NaN", "+Inf", "-Inf") | not)
           else ([.data.result[].value[1] | select(IN("NaN", "+Inf", "-Inf") | not)] | length > 0) end)' \
    <<< "$1" > /dev/null
}
describe() {  # describe <json>: "error: ...", "empty", "all NaN", or "<n> series".
  jq -r 'if .status != "success" then "error: \(.errorType // ""): \(.error // "no answer")"
         elif .data.resultType == "scalar" then "scalar \(.data.result[1])"
         elif (.data.result | length) == 0 then "empty"
         elif ([.data.result[].value[1] | select(IN("NaN", "+Inf", "-Inf") | not)] | length) == 0 then "no finite value (all NaN/Inf)"
         else "\(.data.result | length) series" end' <<< "$1" 2> /dev/null || echo "error: not JSON: ${1:0:200}"
}

case "$SCRAPE_INTERVAL" in   # in seconds, for the waits below
  *ms) scrape_seconds=1 ;;
  *s) scrape_seconds=${SCRAPE_INTERVAL%s} ;;
  *m) scrape_seconds=$(( ${SCRAPE_INTERVAL%m} * 60 )) ;;
  *) echo "dashboards-dont-lie: SCRAPE_INTERVAL=$SCRAPE_INTERVAL: use seconds or minutes (5s, 1m)" >&2; exit 2 ;;
esac
log "waiting for the outcomes to be scraped"
outcomes="confirmed declined out_of_stock unknown_product invalid payment_unavailable"
for _ in $(seq 1 30); do
  # An invalid request creates no order: the HTTP server metrics count it, as outcome "invalid".
  seen=$(query 'sum by (outcome) (checkout_orders_total{job="checkout-service"}) > 0
                or label_replace(sum(http_server_requests_seconds_count{job="checkout-service", uri="/api/checkout",
                  status="400"}) > 0, "outcome", "invalid", "", "")' \
    | jq -r '[.data.result[]?.metric.outcome] | join(" ")')
  missing=""
  for o in $outcomes; do [[ " $seen " == *" $o "* ]] || missing="$missing $o"; done
  [ -n "$missing" ] || break
  sleep 2
done
if [ -n "$missing" ]; then
  echo "dashboards-dont-lie: outcomes never counted (checkout_orders_total, or the 400s for invalid):$missing" >&2; exit 1
fi
# rate() needs two samples after the traffic; the rules need evaluations after that.
sleep $(( 3 * scrape_seconds + 2 ))
log "traffic covered: $seen (+ idempotent replay, chaos failures, slow checkouts)"

# metric_names: the metric names in the PromQL expressions on stdin, one per line. String
# literals, label matchers, ranges and grouping label lists are removed; every identifier left
# that is not a function call or a keyword is a metric name.
metric_names() {
  sed -E -e 's/"([^"\\]|\\.)*"//g' -e 's/\{[^}]*\}//g' -e 's/\[[^]]*\]//g' \
         -e 's/(by|without|on|ignoring|group_left|group_right)[[:space:]]*\([^)]*\)//g' \
    | grep -oE '[a-zA-Z_:][a-zA-Z0-9_:]*[[:space:]]*\(?' | grep -v '($' | sed 's/[[:space:]]//g' \
    | grep -vxE 'and|or|unless|bool|offset|by|without|on|ignoring|group_left|group_right|inf|nan|Inf|NaN' \
    | sort -u || true
}

# Metrics that only exist while something this test does not run produces them. A query whose
# result is empty and whose metric names all match is reported as "needs <producer>" and counted
# apart, not as data and not as a failure (an error still fails). Keep this list short and explicit.
#   k6_*: the k6 load test remote-writes them (deploy/load/k6, `docker compose --profile load run
#         --rm k6`); there is no k6 binary here and the local Prometheus has no remote-write receiver.
EXTERNAL_PRODUCERS=("^k6_:the k6 load test (remote write)")
external_producer() {  # external_producer <expr>: prints the producer if every metric name matches one
  local names entry re what
  names=$(metric_names <<< "$1")
  [ -n "$names" ] || return 1
  for entry in "${EXTERNAL_PRODUCERS[@]}"; do
    re=${entry%%:*} what=${entry#*:}
    if ! grep -qvE "$re" <<< "$names"; then echo "$what"; return 0; fi
  done
  return 1
}

# ------------------------------------------------------------------------------------- checks
total=0 with_data=0 external=0
failures=()
externals=()
# check <label> <PromQL>: one query, one line of the table.
check() {
  local label=$1 expr=$2 answer result producer
  total=$((total + 1))
  answer=$(query "$expr" || echo '{"status":"error","error":"curl failed"}')
  result=$(describe "$answer")
  if has_data "$answer"; then
    with_data=$((with_data + 1))
    printf '  ok    %-70s %s\n' "${label:0:70}" "$result"
  elif [ "$result" = empty ] && producer=$(external_producer "$expr"); then
    external=$((external + 1))
    printf '  NEEDS %-70s %s\n' "${label:0:70}" "empty: needs $producer, not run here"
    externals+=("$label: needs $producer")
  else
    printf '  FAIL  %-70s %s\n' "${label:0:70}" "$result"
    failures+=("$label: $result"$'\n'"        $expr")
  fi
}

# Grafana's built-in variables, as Grafana would fill them for the dashboard's time range.
range_of() {  # range_of <dashboard.json>: "now-30m" -> "30m"
  local from
  from=$(jq -r '.time.from // "now-1h"' "$1")
  [[ "$from" =~ ^now-([0-9]+[smhdwy])$ ]] && echo "${BASH_REMATCH[1]}" || echo 1h
}
builtins() {  # builtins <expr> <range>
  local e=$1
  e=${e//'${__rate_interval}'/$RATE_INTERVAL}; e=${e//'$__rate_interval'/$RATE_INTERVAL}
  e=${e//'${__interval}'/15s};                 e=${e//'$__interval'/15s}
  e=${e//'${__range}'/$2};                     e=${e//'$__range'/$2}
  printf '%s' "$e"
}

# Values of a dashboard's Prometheus query variables: "name<TAB>value" lines. Each value is used
# alone; an includeAll variable also gets its allValue (what "All" sends).
resolve_variables() {
  local file=$1 name q selector label
  while IFS=$'\t' read -r name q allvalue; do
    if [[ "$q" =~ ^label_values\((.*),[[:space:]]*([a-zA-Z_][a-zA-Z0-9_]*)\)$ ]]; then
      selector=${BASH_REMATCH[1]} label=${BASH_REMATCH[2]}
      curl -sS -G "$PROM/api/v1/label/$label/values" --data-urlencode "match[]=$selector" \
        | jq -r --arg n "$name" '.data[] | "\($n)\t\(.)"'
    elif [[ "$q" =~ ^label_values\(([a-zA-Z_][a-zA-Z0-9_]*)\)$ ]]; then
      curl -sS "$PROM/api/v1/label/${BASH_REMATCH[1]}/values" | jq -r --arg n "$name" '.data[] | "\($n)\t\(.)"'
    else
      echo "dashboards-dont-lie: $file: variable $name: query '$q' not understood" >&2; return 1
    fi
    [ -z "$allvalue" ] || printf '%s\t%s\n' "$name" "$allvalue"
  done < <(jq -r '.templating.list[]? | select(.type == "query" and .datasource.type == "prometheus")
                  | [.name, (if (.query | type) == "object" then .query.query else .query end),
                     (if .includeAll then (.allValue // "") else "" end)] | @tsv' "$file")
}

# All Prometheus targets: "dashboard<TAB>panel<TAB>refId<TAB>exemplar<TAB>expr" (panels in rows too).
prom_targets() {
  jq -r --arg f "$(basename "$1" .json)" '
    [.panels[]? | ., (.panels[]?)] | .[] | select(.type != "row") | . as $p
    | .targets[]? | select((.expr // "") != "")
    | select(((.datasource.type // $p.datasource.type) // "prometheus") == "prometheus")
    | [$f, $p.title, .refId, (.exemplar // false | tostring), (.expr | gsub("\n"; " "))] | @tsv' "$1"
}
loki_targets() {
  jq -r --arg f "$(basename "$1" .json)" '
    [.panels[]? | ., (.panels[]?)] | .[] | select(.type != "row") | . as $p
    | .targets[]? | select((.expr // "") != "")
    | select((.datasource.type // $p.datasource.type) == "loki")
    | [$f, $p.title, .refId, (.expr | gsub("\n"; " "))] | @tsv' "$1"
}

all_exprs="$work/exprs.txt"      # every expression run, for the metric-name check
exemplar_exprs="$work/exemplars.tsv"
: > "$all_exprs"; : > "$exemplar_exprs"

log "dashboard queries (instant queries at now; \$__rate_interval=$RATE_INTERVAL)"
dashboards=0 targets=0
for file in "$DASHBOARDS"/*.json; do
  dashboards=$((dashboards + 1))
  range=$(range_of "$file")
  resolve_variables "$file" > "$work/vars.tsv"
  while IFS=$'\t' read -r dash panel ref exemplar expr; do
    targets=$((targets + 1))
    expr=$(builtins "$expr" "$range")
    variants=("$expr")
    # Each value of each variable the expression uses ($name or ${name}).
    for name in $(cut -f1 "$work/vars.tsv" | sort -u); do
      if [[ "$expr" == *"\$$name"* || "$expr" == *"\${$name}"* ]]; then
        next=()
        for v in "${variants[@]}"; do
          while IFS=$'\t' read -r n value; do
            [ "$n" = "$name" ] || continue
            w=${v//"\${$name}"/$value}; next+=("${w//"\$$name"/$value}")
          done < "$work/vars.tsv"
        done
        [ "${#next[@]}" -gt 0 ] || next=("$expr")   # no value at all: the query is run as is and fails
        variants=("${next[@]}")
      fi
    done
    for v in "${variants[@]}"; do
      if [[ "$v" =~ \$[a-zA-Z_{] ]]; then
        total=$((total + 1))
        printf '  FAIL  %-70s %s\n' "$dash / $panel / $ref" "unresolved variable"
        failures+=("$dash / $panel / $ref: unresolved variable"$'\n'"        $v"); continue
      fi
      label="$dash / $panel / $ref"
      [ "$v" = "$expr" ] || label="$label [$(grep -oE 'job=~?"[^"]*"' <<< "$v" | head -1)]"
      check "$label" "$v"
      printf '%s\n' "$v" >> "$all_exprs"
      [ "$exemplar" != true ] || printf '%s\t%s\t%s\n' "$dash / $panel / $ref" "$label" "$v" >> "$exemplar_exprs"
    done
  done < <(prom_targets "$file")
done
dashboard_total=$total dashboard_with_data=$with_data

log "recording rules (their expressions, as loaded by Prometheus)"
rules=$(curl -sS "$PROM/api/v1/rules")
unhealthy=$(jq -r '.data.groups[].rules[] | select(.health != "ok") | "\(.name // .alert): \(.health) \(.lastError // "")"' <<< "$rules")
if [ -n "$unhealthy" ]; then
  while IFS= read -r line; do failures+=("rule not healthy: $line"); done <<< "$unhealthy"
fi
rule_files=$(ls deploy/prometheus/rules/*.yml | wc -l)
loaded_groups=$(jq '[.data.groups[].file] | unique | length' <<< "$rules")
[ "$loaded_groups" = "$rule_files" ] || failures+=("Prometheus loaded rules from $loaded_groups files, deploy/prometheus/rules has $rule_files")
while IFS=$'\t' read -r name expr; do
  check "rule $name" "$expr"
  printf '%s\n' "$expr" >> "$all_exprs"
done < <(jq -r '.data.groups[].rules[] | select(.type == "recording") | [.name, (.query | gsub("\n"; " "))] | @tsv' <<< "$rules")
jq -r '.data.groups[].rules[] | select(.type == "alerting") | .query | gsub("\n"; " ")' <<< "$rules" >> "$all_exprs"
rule_total=$((total - dashboard_total)) rule_with_data=$((with_data - dashboard_with_data))

# Every metric name must exist, so that a fallback (`or 0 * ...`, absent()) can never hide a
# metric that disappeared entirely. Names only an external producer writes are exempt (above).
log "every metric name used exists in Prometheus"
names=$(metric_names < "$all_exprs")
regex=$(paste -sd'|' <<< "$names")
existing=$(query "count by (__name__) ({__name__=~\"$regex\"})" | jq -r '.data.result[].metric.__name__' | sort -u)
missing_names=$(comm -23 <(printf '%s\n' "$names") <(printf '%s\n' "$existing"))
for entry in "${EXTERNAL_PRODUCERS[@]}"; do
  missing_names=$(grep -vE "${entry%%:*}" <<< "$missing_names" || true)
done
name_count=$(wc -l <<< "$names")
if [ -n "$missing_names" ]; then
  while IFS= read -r n; do failures+=("metric $n is used by a dashboard or rule but does not exist in Prometheus"); done <<< "$missing_names"
fi
echo "  $name_count metric names used, $(( name_count - $(grep -c . <<< "$missing_names" || true) )) exist"

log "exemplars on the targets that enable them (for at least one value of the variables)"
exemplar_total=0 exemplar_ok=0
now=$(date +%s)
while IFS= read -r target; do
  exemplar_total=$((exemplar_total + 1))
  found=""
  while IFS=$'\t' read -r t label expr; do
    [ "$t" = "$target" ] || continue
    n=$(curl -sS -G "$PROM/api/v1/query_exemplars" --data-urlencode "query=$expr" \
          --data-urlencode "start=$((now - 900))" --data-urlencode "end=$now" \
        | jq '[.data[]?.exemplars[]? | select(.labels.trace_id != null)] | length')
    if [ "$n" -gt 0 ]; then found="$n exemplars with trace_id${label#"$target"}"; break; fi
  done < "$exemplar_exprs"
  if [ -n "$found" ]; then
    exemplar_ok=$((exemplar_ok + 1)); printf '  ok    %-70s %s\n' "${target:0:70}" "$found"
  else
    printf '  FAIL  %-70s no exemplar\n' "${target:0:70}"; failures+=("$target: exemplar enabled but Prometheus has no exemplar for it")
  fi
done < <(cut -f1 "$exemplar_exprs" | sort -u)

# LogQL, lexically (there is no Loki and no logcli here): balanced brackets and quotes outside
# strings, a stream selector with matchers on known stream labels, known functions, known
# pipeline stages, ranges that are durations or Grafana interval variables.
LOKI_LABELS="service container level service_name"   # stream labels Alloy/Loki set (deploy/alloy/config.alloy)
LOGQL_FUNCS="rate count_over_time bytes_over_time bytes_rate sum_over_time avg_over_time max_over_time min_over_time
  quantile_over_time first_over_time last_over_time absent_over_time sum avg min max count stddev stdvar topk bottomk
  sort sort_desc vector label_replace"
LOGQL_STAGES="json logfmt regexp pattern unpack line_format label_format drop keep decolorize unwrap"
logql_check() {  # logql_check <expr>: prints the problems, returns 1 if any
  local e=$1 problems=() stripped selectors m label stage f
  # Brackets and quotes, outside string literals ("..." with \-escapes, `...`).
  local balance
  balance=$(awk -v s="$e" 'BEGIN {
      n = split(s, c, ""); q = ""; depth = ""; bad = ""
      for (i = 1; i <= n; i++) {
        ch = c[i]
        if (q != "") { if (q == "\"" && ch == "\\") { i++; continue } if (ch == q) q = ""; continue }
        if (ch == "\"" || ch == "`") { q = ch; continue }
        if (ch == "(" || ch == "{" || ch == "[") depth = depth ch
        else if (ch == ")" || ch == "}" || ch == "]") {
          open = (ch == ")") ? "(" : (ch == "}") ? "{" : "["
          if (substr(depth, length(depth), 1) != open) { bad = "unbalanced " ch " at " i; break }
          depth = substr(depth, 1, length(depth) - 1)
        }
      }
      if (bad == "" && q != "") bad = "unterminated string"
      if (bad == "" && depth != "") bad = "unclosed " depth
      print bad }')
  [ -z "$balance" ] || problems+=("$balance")
  stripped=$(sed -E 's/"([^"\\]|\\.)*"/""/g; s/`[^`]*`/""/g' <<< "$e")
  # Stream selectors: at least one, each a comma list of label op "value".
  selectors=$(grep -oE '\{[^}]*\}' <<< "$stripped" || true)
  [ -n "$selectors" ] || problems+=("no stream selector {...}")
  while IFS= read -r m; do
    [ -n "$m" ] || continue
    local inner=${m#\{}; inner=${inner%\}}
    IFS=',' read -ra matchers <<< "$inner"
    for matcher in "${matchers[@]}"; do
      if [[ "$matcher" =~ ^[[:space:]]*([a-zA-Z_][a-zA-Z0-9_]*)[[:space:]]*(=~|!~|!=|=)[[:space:]]*\"\"[[:space:]]*$ ]]; then
        label=${BASH_REMATCH[1]}
        [[ " $LOKI_LABELS " == *" $label "* ]] || problems+=("unknown stream label '$label' (known: $LOKI_LABELS)")
      else
        problems+=("bad matcher '$matcher' in $m")
      fi
    done
  done <<< "$selectors"
  # Functions: every identifier followed by "(" (after removing by/without lists).
  for f in $(sed -E 's/(by|without)[[:space:]]*\([^)]*\)//g' <<< "$stripped" | grep -oE '[a-zA-Z_]+[[:space:]]*\(' | tr -d '( '); do
    [[ " $(echo $LOGQL_FUNCS) " == *" $f "* ]] || problems+=("unknown function '$f'")
  done
  # Pipeline stages: "| name" where name is not a label filter (label op ...).
  for stage in $(grep -oE '\|[[:space:]]*[a-zA-Z_]+[[:space:]]*[^[:space:]a-zA-Z_]?' <<< "$stripped" \
                 | grep -vE '(=|!|<|>)$' | sed -E 's/^\|[[:space:]]*//; s/[^a-zA-Z_].*$//'); do
    [[ " $LOGQL_STAGES " == *" $stage "* ]] || problems+=("unknown pipeline stage '$stage'")
  done
  # Line filters must be followed by a string.
  if grep -qE '(\|=|!=|\|~|!~)[[:space:]]*[^"[:space:]`]' <<< "$(sed -E 's/\{[^}]*\}//g' <<< "$stripped")"; then
    problems+=("line filter without a string")
  fi
  # Ranges.
  for m in $(grep -oE '\[[^]]*\]' <<< "$stripped" | tr -d '[]'); do
    [[ "$m" =~ ^([0-9]+(ms|s|m|h|d|w|y))+$ || "$m" =~ ^\$\{?__(interval|rate_interval|auto|range)\}?$ ]] \
      || problems+=("bad range [$m]")
  done
  [ "${#problems[@]}" = 0 ] || { printf '%s; ' "${problems[@]}"; return 1; }
}
log "LogQL targets (lexical check only: no Loki here)"
logql_total=0 logql_ok=0
for file in "$DASHBOARDS"/*.json; do
  while IFS=$'\t' read -r dash panel ref expr; do
    logql_total=$((logql_total + 1))
    if problems=$(logql_check "$expr"); then
      logql_ok=$((logql_ok + 1)); printf '  ok    %-70s %s\n' "$dash / $panel / $ref" "$expr"
    else
      printf '  FAIL  %-70s %s\n' "$dash / $panel / $ref" "$problems"
      failures+=("$dash / $panel / $ref (LogQL): $problems"$'\n'"        $expr")
    fi
  done < <(loki_targets "$file")
done

# ------------------------------------------------------------------------------------- result
elapsed=$(( $(date +%s) - started_at ))
echo
echo "Dashboards: $dashboards files, $targets Prometheus targets -> $dashboard_total queries, $dashboard_with_data with data, $external need an external producer"
echo "Recording rules: $rule_total queries, $rule_with_data with data"
echo "Metric names used: $name_count; exemplar targets: $exemplar_total, $exemplar_ok with exemplars; LogQL targets: $logql_total, $logql_ok pass the lexical check"
echo "$total queries, $with_data with data$([ "$external" = 0 ] || echo ", $external need an external producer (listed below)") (in ${elapsed}s)"
if [ "${#externals[@]}" -gt 0 ]; then
  echo "Not checkable here (empty because their producer does not run in this test):"
  printf '  - %s\n' "${externals[@]}"
fi
if [ "${#failures[@]}" -gt 0 ]; then
  echo
  echo "dashboards-dont-lie: ${#failures[@]} FAILURE(S):" >&2
  printf '  - %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "dashboards-dont-lie: every dashboard query and recording rule returns data"
