#!/usr/bin/env bash
# Prometheus 3 and Alertmanager 0.3x for this machine, without touching the system: CI, deploy/validate.sh, the
# live checks in deploy/test/ and `deploy/local/services.sh prometheus` run the same major versions as the compose
# stack (.env), not the 2.x a stable distribution ships (Prometheus 3 changed alert timing: left-open ranges).
#
#   deploy/local/prometheus-tools.sh            # fetch if needed; print the bin folder on stdout
#   PATH="$(deploy/local/prometheus-tools.sh):$PATH"
#   deploy/local/prometheus-tools.sh --update   # fetch the newest packages of the suite again
#
# How: Debian's prometheus, promtool and prometheus-alertmanager packages from the suite DEBIAN_SUITE (default
# sid, where Prometheus is 3.5, its long-term-support line), downloaded and unpacked into target/prometheus-tools
# by debian-suite.sh: nothing is installed or changed on the system; the binaries need only libc6.
# Debian's build has no web UI (its pages answer 404): use the HTTP API, promtool or Grafana.
#
# Environment: PROMETHEUS_TOOLS_DIR (default target/prometheus-tools), DEBIAN_SUITE, DEBIAN_MIRROR.
# Fails (exit 1) unless prometheus and promtool are 3.x and alertmanager and amtool 0.30 or later.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/local/debian-suite.sh

DIR=${PROMETHEUS_TOOLS_DIR:-target/prometheus-tools}
PACKAGES=(prometheus promtool prometheus-alertmanager)
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
BIN="$DIR/bin"   # links to the four binaries only, so it can go first on a PATH

say() { echo "prometheus-tools: $*" >&2; }
die() { say "$*"; exit 1; }

# "3.5.3" from "prometheus, version 3.5.3+ds1 (branch: ...)" or "amtool, version 0.33.1 ...".
version_of() { "$BIN/$1" --version 2>&1 | sed -nE '1s/^[a-z-]+, version ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p'; }

# The binaries must be the majors the compose stack runs: never let a caller fall back to a 2.x.
check_versions() {
  local tool v
  for tool in prometheus promtool alertmanager amtool; do
    [ -x "$BIN/$tool" ] || { say "missing $BIN/$tool"; return 1; }
    v=$(version_of "$tool")
    case "$tool:$v" in
      prometheus:3.*|promtool:3.*) ;;
      alertmanager:0.*|amtool:0.*) [ "$(cut -d. -f2 <<< "$v")" -ge 30 ] || { say "$tool is $v, need 0.30 or later"; return 1; } ;;
      *) say "$tool is '${v:-unknown}', need 3.x"; return 1 ;;
    esac
  done
}

if [ "${1:-}" != --update ] && [ -f "$DIR/versions" ] && check_versions 2> /dev/null; then
  echo "$BIN"
  exit 0
fi
[ -z "${1:-}" ] || [ "$1" = --update ] || die "usage: $0 [--update]"
rm -rf "$DIR/root" "$DIR/versions" "$BIN"
debian_suite_extract "$DIR" "${PACKAGES[@]}" || die "could not fetch ${PACKAGES[*]}"
mkdir -p "$BIN"
# Debian names the server prometheus-alertmanager; the link gives it the upstream name.
for tool in prometheus promtool amtool; do ln -s ../root/usr/bin/$tool "$BIN/$tool"; done
ln -s ../root/usr/bin/prometheus-alertmanager "$BIN/alertmanager"
check_versions || die "the ${DEBIAN_SUITE:-sid} packages are not the versions the stack runs (see above)"
say "$(paste -sd',' "$DIR/versions" | sed 's/,/, /g') in $BIN"
echo "$BIN"
