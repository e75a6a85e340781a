#!/usr/bin/env bash
# Failure injection at run time, no restart: drives the /q/chaos endpoints on the services' management ports.
#
#   deploy/chaos.sh payment-failures 30%      # or 0.3: share of authorizations the simulated gateway fails (503)
#   deploy/chaos.sh payment-latency 800ms     # simulated gateway latency (+-50% jitter); 2s, PT0.8S work too
#   deploy/chaos.sh payment-outage on|off     # every authorization fails
#   deploy/chaos.sh inventory-latency 300ms   # a slow database: every reservation runs a slow query
#   deploy/chaos.sh status                    # the live settings of both services
#   deploy/chaos.sh reset                     # both services back to their configured values
#
# Each change prints the settings before and after; the services log it once (INFO, "Chaos changed from [..] to
# [..]") and expose it as gauges: payment_chaos_failure_ratio, payment_chaos_latency_seconds,
# payment_chaos_outage, inventory_chaos_latency_seconds.
#
# Where it sends the requests (the management ports are never published on the host):
#   --compose   `docker compose exec -T <service> curl ... http://localhost:<9081|9082>/q/chaos` inside the
#               container (the runtime image has curl).
#   --local     http://127.0.0.1:<9081|9082 + PORT_OFFSET>/q/chaos, for services started with java -jar
#               (deploy/local/services.sh); CHAOS_HOST changes the host.
#   default     --compose when `docker compose ps -q payment-service` names a running container, else --local.
set -euo pipefail

cd "$(dirname "$0")/.."

declare -A MANAGEMENT_PORT=([payment-service]=9082 [inventory-service]=9081)
OFFSET=${PORT_OFFSET:-0}
HOST=${CHAOS_HOST:-127.0.0.1}
target=auto
compose=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "chaos.sh: $*" >&2; echo "Usage: $0 [--local|--compose] payment-failures 30%|payment-latency 800ms|payment-outage on|off|inventory-latency 300ms|status|reset" >&2; exit 2; }

# ---------------------------------------------------------------- where
compose_cli() {
  if docker compose version >/dev/null 2>&1; then compose=(docker compose)
  elif command -v docker-compose >/dev/null 2>&1; then compose=(docker-compose)
  else return 1
  fi
}

# True when the compose project has a running payment-service container.
compose_running() {
  compose_cli || return 1
  local id
  id=$("${compose[@]}" ps -q payment-service 2>/dev/null | head -n1) || return 1
  [[ -n "$id" ]] && [[ "$(docker inspect -f '{{.State.Running}}' "$id" 2>/dev/null)" == true ]]
}

choose_target() {
  case "$target" in
    compose) compose_cli || { echo "chaos.sh: --compose needs docker compose (or docker-compose)" >&2; exit 1; } ;;
    local) ;;
    auto) if compose_running; then target=compose; else target=local; fi ;;
  esac
}

# call <service> <METHOD> <path> [json body]: prints the response body, then a last line with the HTTP status
# (000 when the service could not be reached).
call() {
  local service=$1 method=$2 path=$3 body=${4:-} port=${MANAGEMENT_PORT[$1]}
  local args=(-sS -X "$method" --max-time 10 -w '\n%{http_code}')
  [[ -z "$body" ]] || args+=(-H 'Content-Type: application/json' --data "$body")
  if [[ "$target" == compose ]]; then
    "${compose[@]}" exec -T "$service" curl "${args[@]}" "http://localhost:$port$path" 2>/dev/null || true
  else
    curl "${args[@]}" "http://$HOST:$((port + OFFSET))$path" 2>/dev/null || true
  fi
}

where() {
  local service=$1 port=${MANAGEMENT_PORT[$1]}
  if [[ "$target" == compose ]]; then echo "${compose[*]} exec $service → localhost:$port"
  else echo "http://$HOST:$((port + OFFSET))"; fi
}

# {"failureRate":0.3,"latency":"800ms","outage":false} -> failureRate=0.3 latency=800ms outage=false
readable() { sed -e 's/[{}"]//g' -e 's/:/=/g' -e 's/,/ /g'; }

# request <service> <METHOD> <path> [body]: sets $answer (the body); exits with a clear message on failure.
request() {
  local service=$1 out status
  out=$(call "$@")
  status=${out##*$'\n'}
  answer=${out%$'\n'*}
  [[ "$out" == *$'\n'* ]] || answer=""
  case "$status" in
    200) return 0 ;;
    400) # A problem+json body: print its detail and one line per invalid field.
         answer=${answer//\\\"/\'}
         echo "chaos.sh: $service refused the change: $(sed -n 's/.*"detail":"\([^"]*\)".*/\1/p' <<< "$answer")" >&2
         sed -n 's/.*"errors":\[{\(.*\)}\].*/\1/p' <<< "$answer" | sed 's/},{/\n/g' \
           | sed 's/^"field":"\([^"]*\)","message":"\([^"]*\)"$/  \1: \2/' >&2
         exit 1 ;;
    000|"") echo "chaos.sh: cannot reach $service's management port ($(where "$service"))." >&2
         if [[ "$target" == local ]]; then
           echo "  Is it running? Start it with deploy/local/services.sh start (same PORT_OFFSET=$OFFSET), or use --compose." >&2
         else
           echo "  Is the container running and healthy? docker compose ps $service" >&2
         fi
         exit 1 ;;
    *) echo "chaos.sh: $service answered HTTP $status: $answer" >&2; exit 1 ;;
  esac
}

# change <service> <json>: GET (old), PUT, print old -> new.
change() {
  local service=$1 json=$2 old
  request "$service" GET /q/chaos; old=$answer
  request "$service" PUT /q/chaos "$json"
  printf '%-17s %s  ->  %s\n' "$service" "$(readable <<< "$old")" "$(readable <<< "$answer")"
}

# ---------------------------------------------------------------- values
ratio() { # 30% | 30.5% | 0.3 -> 0.3
  local v=$1
  if [[ "$v" =~ ^([0-9]+(\.[0-9]+)?)%$ ]]; then
    awk -v p="${BASH_REMATCH[1]}" 'BEGIN { if (p > 100) exit 1; printf "%.4g\n", p / 100 }' \
      || die "payment-failures: a percentage is at most 100%, not '$v'"
  elif [[ "$v" =~ ^(0|1|0?\.[0-9]+|0\.[0-9]*|1\.0*)$ ]]; then
    awk -v r="$v" 'BEGIN { printf "%.4g\n", r + 0 }'
  else
    die "payment-failures takes a percentage such as 30% or a ratio from 0 to 1 such as 0.3, not '$v'"
  fi
}

duration() { # 800ms | 2s | 1.5s | 1m | PT0.8S | 0 -> as is (the service checks the range)
  local what=$1 v=$2
  [[ "$v" == 0 ]] && { echo 0ms; return; }
  [[ "$v" =~ ^([0-9]+ms|[0-9]+(\.[0-9]+)?[smh]|P(T([0-9]+(\.[0-9]+)?[HMS])+|[0-9]+D))$ ]] \
    || die "$what takes a duration such as 800ms, 2s or PT0.8S (0 turns it off), not '$v'"
  echo "$v"
}

onoff() {
  case "$1" in
    on|true|yes|1) echo true ;;
    off|false|no|0) echo false ;;
    *) die "payment-outage takes on or off, not '$1'" ;;
  esac
}

# ---------------------------------------------------------------- main
args=()
for arg in "$@"; do
  case "$arg" in
    --local) target=local ;;
    --compose) target=compose ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $arg" ;;
    *) args+=("$arg") ;;
  esac
done
[[ ${#args[@]} -ge 1 ]] || die "no command given"
command=${args[0]}
value=${args[1]:-}
expect_value() { [[ -n "$value" ]] || die "$command needs a value"; [[ ${#args[@]} -le 2 ]] || die "too many arguments"; }
no_value() { [[ ${#args[@]} -eq 1 ]] || die "$command takes no value"; }

case "$command" in
  payment-failures) expect_value; json="{\"failureRate\":$(ratio "$value")}" ;;
  payment-latency) expect_value; json="{\"latency\":\"$(duration "$command" "$value")\"}" ;;
  payment-outage) expect_value; json="{\"outage\":$(onoff "$value")}" ;;
  inventory-latency) expect_value; json="{\"latency\":\"$(duration "$command" "$value")\"}" ;;
  status|reset) no_value ;;
  *) die "unknown command '$command'" ;;
esac

choose_target
echo "chaos.sh: $command ${value:+$value }(target: $target)" >&2

case "$command" in
  payment-*) change payment-service "$json" ;;
  inventory-latency) change inventory-service "$json" ;;
  status)
    for service in payment-service inventory-service; do
      request "$service" GET /q/chaos
      printf '%-17s %s\n' "$service" "$(readable <<< "$answer")"
    done ;;
  reset)
    for service in payment-service inventory-service; do
      request "$service" GET /q/chaos; old=$answer
      request "$service" POST /q/chaos/reset
      printf '%-17s %s  ->  %s\n' "$service" "$(readable <<< "$old")" "$(readable <<< "$answer")"
    done ;;
esac
