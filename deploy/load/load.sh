#!/usr/bin/env bash
# Zero-install load generator for the checkout API: bash, curl and awk, nothing else (no k6 needed).
#
#   deploy/load/load.sh                                   # 10 req/s for 30 s, default mix, localhost:8080
#   deploy/load/load.sh --rate 20 --duration 2m
#   deploy/load/load.sh --mix "good=90,decline=10" --url http://localhost:38080
#   deploy/load/load.sh --duration 5m --max-error-rate 0.05
#
# Options (also --name=value):
#   --rate N            requests per second, 1-200 (default 10). Open loop: a request starts on schedule
#                       whether or not the earlier ones have answered, like real users do.
#   --duration D        30s, 2m, 1h or plain seconds; at most 1h (default 30s).
#   --mix M             weights of the request kinds (default good=70,decline=10,oos=5,invalid=5,unknown=5,retry=5):
#                         good     a checkout with the approving test card              -> 201 (503 under chaos)
#                         decline  declined cards 4000000000000002 / ...9995            -> 402
#                         oos      100 units of LT-007 (25 in stock)                    -> 409
#                         invalid  a body that breaks validation                       -> 400
#                         unknown  a product that does not exist                        -> 422
#                         retry    the same Idempotency-Key sent twice (two requests)   -> 201, 201 (replayed)
#   --url U             checkout's base URL (default http://localhost:8080, or $CHECKOUT_URL).
#   --max-error-rate R  also fail when the share of 5xx answers (503 included) and connection errors is above R.
#   --timeout S         per-request timeout in seconds (default 10).
#
# Synthetic traffic is tagged: every request carries `X-Request-ID: load-<run>-<n>` (in every log line of the
# three services: mdc.requestId) and `User-Agent: observability-demo-load/1`; customers are `load-<run>`.
#
# While it runs, a progress line on stderr (rewritten each second on a terminal, a new line every 5 s otherwise).
# At the end, on stdout: requests by status code and by kind, and latency percentiles (curl's time_total).
# Exit status: 0 when every answer was a designed one; 1 when any 5xx other than the designed 503, any connection
# error or timeout (status 000), any request dropped by the client's in-flight limit, or (with --max-error-rate)
# too many errors; 2 for a usage error.
set -euo pipefail

readonly USER_AGENT="observability-demo-load/1"
readonly KINDS="good decline oos invalid unknown retry"
readonly MAX_IN_FLIGHT=200

rate=10
duration_arg=30s
mix="good=70,decline=10,oos=5,invalid=5,unknown=5,retry=5"
url="${CHECKOUT_URL:-http://localhost:8080}"
max_error_rate=""
timeout=10

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "load.sh: $*" >&2; echo "Try: $0 --help" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  arg=$1
  value=""
  if [[ "$arg" == --*=* ]]; then value=${arg#*=}; arg=${arg%%=*}; shift
  elif [[ "$arg" == --help || "$arg" == -h ]]; then usage; exit 0
  elif [[ $# -ge 2 ]]; then value=$2; shift 2
  else die "$arg needs a value"
  fi
  case "$arg" in
    --rate) rate=$value ;;
    --duration) duration_arg=$value ;;
    --mix) mix=$value ;;
    --url) url=${value%/} ;;
    --max-error-rate) max_error_rate=$value ;;
    --timeout) timeout=$value ;;
    *) die "unknown option $arg" ;;
  esac
done

# ---------------------------------------------------------------- validation
[[ "$rate" =~ ^[0-9]+$ ]] && (( rate >= 1 && rate <= 200 )) || die "--rate must be a whole number of requests per second from 1 to 200, not '$rate'"
if [[ "$duration_arg" =~ ^([0-9]+)(s|m|h)?$ ]]; then
  case "${BASH_REMATCH[2]}" in
    m) duration=$(( BASH_REMATCH[1] * 60 )) ;;
    h) duration=$(( BASH_REMATCH[1] * 3600 )) ;;
    *) duration=$(( BASH_REMATCH[1] )) ;;
  esac
else
  die "--duration must look like 30s, 2m, 1h or 45, not '$duration_arg'"
fi
(( duration >= 1 && duration <= 3600 )) || die "--duration must be between 1s and 1h, not '$duration_arg'"
[[ "$timeout" =~ ^[0-9]+$ ]] && (( timeout >= 1 && timeout <= 60 )) || die "--timeout must be 1 to 60 seconds, not '$timeout'"
if [[ -n "$max_error_rate" ]]; then
  awk -v r="$max_error_rate" 'BEGIN { exit !(r ~ /^(0|1|0?\.[0-9]+|1\.0*)$/) }' \
    || die "--max-error-rate must be a ratio from 0 to 1 such as 0.05, not '$max_error_rate'"
fi
[[ "$url" =~ ^https?://[^[:space:]]+$ ]] || die "--url must be an http(s) URL such as http://localhost:8080, not '$url'"
command -v curl >/dev/null || die "curl is not installed"
command -v awk >/dev/null || die "awk is not installed"

# The mix: kinds and cumulative weights, for a weighted pick with $RANDOM.
declare -a mix_kinds=() mix_upto=()
total_weight=0
IFS=',' read -r -a mix_parts <<< "$mix"
for part in "${mix_parts[@]}"; do
  part=${part// /}
  [[ "$part" =~ ^([a-z]+)=([0-9]+)$ ]] || die "--mix takes kind=weight pairs separated by commas, such as good=70,decline=30; '$part' is not one"
  kind=${BASH_REMATCH[1]} weight=${BASH_REMATCH[2]}
  [[ " $KINDS " == *" $kind "* ]] || die "--mix: unknown kind '$kind' (known: $KINDS)"
  (( weight > 0 )) || continue
  total_weight=$(( total_weight + weight ))
  mix_kinds+=("$kind")
  mix_upto+=("$total_weight")
done
(( total_weight > 0 )) || die "--mix: the weights add up to 0"

# ---------------------------------------------------------------- the requests
run_id=$(printf '%04x%04x' "$RANDOM" "$RANDOM")
work=$(mktemp -d "${TMPDIR:-/tmp}/load.XXXXXX")
results="$work/results"   # one line per answer: <kind> <status> <seconds>
: > "$results"

cleanup() {
  local pids
  pids=$(jobs -pr) || true
  [[ -z "$pids" ]] || kill $pids 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
stop=0
trap 'stop=1' INT TERM

# Picked in proportion to the seeded stock (inventory-service's V2__seed_products.sql), one unit per order: an hour at
# 10 req/s takes about 70% of it, so good orders do not turn into 409s. LT-007 (25 units) is the oos kind.
readonly GOOD_SKUS=(CB-005 CB-005 CB-005 CB-005 CB-005 CB-005 MS-002 MS-002 KB-001 HS-004)
readonly DECLINED_CARDS=(4000000000000002 4000000000009995)
readonly GOOD_CARD=4242424242424242

# post <n> <kind> <body> [curl args...]: one POST /api/checkout; appends "<kind> <status> <seconds>".
post() {
  local n=$1 kind=$2 body=$3 answer
  shift 3
  answer=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' --max-time "$timeout" \
    -X POST -H 'Content-Type: application/json' -H "X-Request-ID: load-$run_id-$n" -A "$USER_AGENT" \
    "$@" --data "$body" "$url/api/checkout" 2>/dev/null) || true
  # A refused connection or a timeout gives status 000.
  [[ "$answer" =~ ^[0-9]{3}\ [0-9.]+$ ]] || answer="000 0"
  printf '%s %s\n' "$kind" "$answer" >> "$results"
}

order() { # order <sku> <quantity> <card>
  printf '{"customerId":"load-%s","items":[{"sku":"%s","quantity":%d}],"cardNumber":"%s"}' "$run_id" "$1" "$2" "$3"
}

# send <n> <kind>: runs in the background, one (retry: two) requests.
send() {
  local n=$1 kind=$2 sku=${GOOD_SKUS[RANDOM % ${#GOOD_SKUS[@]}]}
  case "$kind" in
    good) post "$n" good "$(order "$sku" 1 "$GOOD_CARD")" ;;
    decline) post "$n" decline "$(order "$sku" 1 "${DECLINED_CARDS[RANDOM % 2]}")" ;;
    oos) post "$n" oos "$(order LT-007 100 "$GOOD_CARD")" ;;
    invalid) post "$n" invalid "{\"customerId\":\"load-$run_id\",\"items\":[{\"sku\":\"$sku\",\"quantity\":0}],\"cardNumber\":\"1234\"}" ;;
    unknown) post "$n" unknown "$(order NOPE-404 1 "$GOOD_CARD")" ;;
    retry)
      # A client that retries: the second request replays the first one's answer and charges nothing.
      local body
      body=$(order "$sku" 1 "$GOOD_CARD")
      post "$n" retry "$body" -H "Idempotency-Key: load-$run_id-$n"
      post "$n.retry" retry "$body" -H "Idempotency-Key: load-$run_id-$n" ;;
  esac
}

pick() { # sets $kind
  local r=$(( RANDOM % total_weight )) i
  for i in "${!mix_upto[@]}"; do
    if (( r < mix_upto[i] )); then kind=${mix_kinds[i]}; return; fi
  done
}

now_us() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then echo "${EPOCHREALTIME//[!0-9]/}"; else date +%s%6N; fi
}

# counts: "<answers> answers  <status>:<count> ..." from the results so far, statuses in order.
counts() {
  awk '{ n++; if (!($2 in c)) k[++m] = $2; c[$2]++ }
    END {
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (k[j] < k[i]) { x = k[i]; k[i] = k[j]; k[j] = x }
      printf "%d answers ", n; for (i = 1; i <= m; i++) printf " %s:%d", k[i], c[k[i]]
    }' "$results"
}

tty=0
[[ -t 2 ]] && tty=1
progress() { # progress <elapsed s> <sent> <in-flight>
  local line
  line=$(printf '[%4ds/%ds] sent %d  in flight %d  %s' "$1" "$duration" "$2" "$3" "$(counts)")
  if (( tty )); then printf '\r\033[K%s' "$line" >&2; else printf '%s\n' "$line" >&2; fi
}

echo "load.sh: run load-$run_id, $rate req/s for ${duration}s against $url, mix $mix" >&2
total=$(( rate * duration ))
sent=0 dropped=0 in_flight=0 n=0
start=$(now_us)
next_tick=$(( start + 1000000 ))

while (( n < total && !stop )); do
  due=$(( start + n * 1000000 / rate ))
  now=$(now_us)
  if (( due > now )); then
    wait_us=$(( due - now ))
    sleep "$(printf '%d.%06d' $(( wait_us / 1000000 )) $(( wait_us % 1000000 )))"
    now=$(now_us)
  fi
  if (( now >= next_tick )); then
    in_flight=$(jobs -pr | wc -l)
    elapsed=$(( (now - start) / 1000000 ))
    if (( tty || elapsed % 5 == 0 )); then progress "$elapsed" "$sent" "$in_flight"; fi
    next_tick=$(( next_tick + 1000000 ))
  fi
  n=$(( n + 1 ))
  # Bounded: the client never holds more than MAX_IN_FLIGHT requests open; beyond that it drops (and says so).
  if (( in_flight >= MAX_IN_FLIGHT )); then dropped=$(( dropped + 1 )); continue; fi
  pick
  send "$n" "$kind" &
  sent=$(( sent + 1 ))
done
(( stop )) && echo >&2 && echo "load.sh: interrupted; waiting for the requests in flight" >&2
# Every request ends within --timeout (twice for a retry pair), so this wait is bounded.
wait
elapsed_us=$(( $(now_us) - start ))
progress $(( elapsed_us / 1000000 )) "$sent" 0
(( tty )) && echo >&2

# ---------------------------------------------------------------- summary
sort -k3,3n "$results" | awk -v run="load-$run_id" -v url="$url" -v mix="$mix" -v sent="$sent" \
  -v dropped="$dropped" -v elapsed_us="$elapsed_us" -v max_error_rate="$max_error_rate" '
  function pct(p,   i) { if (timed == 0) return "-"; i = int(p * timed + 0.999999); if (i < 1) i = 1; return sprintf("%.3f", t[i]) }
  function expected(kind, status) {
    if (status == "503") return kind != "invalid"              # designed: payment or inventory unavailable
    if (kind == "good" || kind == "retry") return status == "201"
    if (kind == "decline") return status == "402"
    if (kind == "oos") return status == "409"
    if (kind == "invalid") return status == "400"
    if (kind == "unknown") return status == "422"
    return 0
  }
  {
    answers++; status[$2]++; by_kind[$1]++; kind_status[$1 " " $2]++
    if ($2 == "000") conn++
    else { t[++timed] = $3 }
    if ($2 ~ /^5/) { fivexx++; if ($2 != "503") undesigned++ }
    if ($2 != "000" && !expected($1, $2)) unexpected[$1 " " $2]++
  }
  END {
    seconds = elapsed_us / 1e6
    printf "\nLoad run %s against %s\n", run, url
    printf "  mix %s\n", mix
    printf "  %d requests started (%d answers) in %.1f s: %.1f req/s\n", sent, answers, seconds, (seconds > 0 ? answers / seconds : 0)
    print "\nRequests by status"
    n = 0; for (s in status) keys[++n] = s
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (keys[j] < keys[i]) { x = keys[i]; keys[i] = keys[j]; keys[j] = x }
    for (i = 1; i <= n; i++) printf "  %s %7d  %5.1f%%%s\n", keys[i], status[keys[i]], 100 * status[keys[i]] / answers, (keys[i] == "000" ? "  connection error or timeout" : "")
    print "\nRequests by kind"
    for (k in by_kind) {
      line = ""
      for (i = 1; i <= n; i++) if ((k " " keys[i]) in kind_status) line = line sprintf("  %s:%d", keys[i], kind_status[k " " keys[i]])
      printf "  %-8s %6d %s\n", k, by_kind[k], line
    }
    printf "\nLatency in seconds (curl time_total, %d answers; connection errors excluded)\n", timed
    printf "  p50 %s  p90 %s  p95 %s  p99 %s  max %s\n", pct(0.50), pct(0.90), pct(0.95), pct(0.99), (timed ? sprintf("%.3f", t[timed]) : "-")
    for (u in unexpected) printf "  note: %d %s answer(s) with status %s, not the designed one\n", unexpected[u], substr(u, 1, index(u, " ") - 1), substr(u, index(u, " ") + 1)
    failed = 0
    print ""
    if (answers == 0) { print "FAILED: no answers at all"; failed = 1 }
    if (undesigned > 0) { printf "FAILED: %d 5xx answer(s) other than the designed 503\n", undesigned; failed = 1 }
    if (conn > 0) { printf "FAILED: %d connection error(s) or timeout(s)\n", conn; failed = 1 }
    if (dropped > 0) { printf "FAILED: %d request(s) dropped: more than the client limit were in flight (the service is too slow for this rate)\n", dropped; failed = 1 }
    error_rate = answers ? (fivexx + conn) / answers : 1
    if (max_error_rate != "" && error_rate > max_error_rate + 0) { printf "FAILED: error rate %.3f (5xx and connection errors) is above --max-error-rate %s\n", error_rate, max_error_rate; failed = 1 }
    if (!failed) printf "OK: every answer was a designed one (error rate %.3f: 5xx and connection errors)\n", error_rate
    exit failed
  }'
