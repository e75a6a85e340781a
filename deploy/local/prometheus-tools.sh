#!/usr/bin/env bash
# Prometheus 3 and Alertmanager 0.3x for this machine, without touching the system: CI, deploy/validate.sh, the
# live checks in deploy/test/ and `deploy/local/services.sh prometheus` run the same major versions as the compose
# stack (.env), not the 2.x a stable distribution ships (Prometheus 3 changed alert timing: left-open ranges).
#
#   deploy/local/prometheus-tools.sh            # fetch if needed; print the bin folder on stdout
#   PATH="$(deploy/local/prometheus-tools.sh):$PATH"
#   deploy/local/prometheus-tools.sh --update   # fetch the newest packages of the suite again
#
# How: `apt-get download` of Debian's prometheus, promtool and prometheus-alertmanager packages from the suite
# DEBIAN_SUITE (default sid, where Prometheus is 3.5, its long-term-support line), through a private apt
# configuration (its own sources list, lists and cache under target/), then `dpkg-deb -x` into
# target/prometheus-tools. Nothing is installed or changed on the system: the binaries need only libc6.
# Debian's build has no web UI (its pages answer 404): use the HTTP API, promtool or Grafana.
# The mirror is the system's own (deb822 /etc/apt/sources.list.d/*.sources or one-line sources.list); on a
# system whose sources name no Debian mirror (Ubuntu), DEBIAN_MIRROR (default http://deb.debian.org/debian),
# with the debian-archive-keyring package for the signature.
#
# Environment: PROMETHEUS_TOOLS_DIR (default target/prometheus-tools), DEBIAN_SUITE, DEBIAN_MIRROR.
# Fails (exit 1) unless prometheus and promtool are 3.x and alertmanager and amtool 0.30 or later.
set -euo pipefail
cd "$(dirname "$0")/../.."

DIR=${PROMETHEUS_TOOLS_DIR:-target/prometheus-tools}
SUITE=${DEBIAN_SUITE:-sid}
PACKAGES=(prometheus promtool prometheus-alertmanager)
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
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

# The first Debian mirror of the system's sources (not the security archive), else DEBIAN_MIRROR.
system_mirror() {
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | sed -E 's/\[[^]]*\]//' | awk '$1 == "deb" { print $2 }'
  } | grep -E '/debian/?$' | grep -v security | head -n 1
}

if [ "${1:-}" != --update ] && [ -f "$DIR/versions" ] && check_versions 2> /dev/null; then
  echo "$BIN"
  exit 0
fi
[ -z "${1:-}" ] || [ "$1" = --update ] || die "usage: $0 [--update]"
command -v apt-get > /dev/null && command -v dpkg-deb > /dev/null || die "needs apt-get and dpkg-deb (Debian or Ubuntu)"
[ -f "$KEYRING" ] || die "no $KEYRING: apt-get install debian-archive-keyring"

mirror=$(system_mirror || true)
mirror=${mirror:-${DEBIAN_MIRROR:-http://deb.debian.org/debian}}
apt="$DIR/apt"
rm -rf "$apt" "$DIR/root" "$DIR/debs" "$DIR/versions" "$BIN"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d" "$apt/preferences.d" "$DIR/debs"
echo "deb [signed-by=$KEYRING] $mirror $SUITE main" > "$apt/sources.list"
APT_OPTS=(-q -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
  -o "Dir::Etc::Preferences=$apt/preferences" -o "Dir::Etc::PreferencesParts=$apt/preferences.d"
  -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=$(id -un)")

say "fetching ${PACKAGES[*]} from $mirror $SUITE"
apt-get "${APT_OPTS[@]}" update > "$DIR/apt-update.log" 2>&1 || { cat "$DIR/apt-update.log" >&2; die "apt-get update failed"; }
(cd "$DIR/debs" && apt-get "${APT_OPTS[@]}" download "${PACKAGES[@]}" > "$DIR/apt-download.log" 2>&1) \
  || { cat "$DIR/apt-download.log" >&2; die "apt-get download failed"; }
for deb in "$DIR"/debs/*.deb; do
  dpkg-deb -x "$deb" "$DIR/root"
  dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb" >> "$DIR/versions"
done
mkdir -p "$BIN"
# Debian names the server prometheus-alertmanager; the link gives it the upstream name.
for tool in prometheus promtool amtool; do ln -s ../root/usr/bin/$tool "$BIN/$tool"; done
ln -s ../root/usr/bin/prometheus-alertmanager "$BIN/alertmanager"
rm -rf "$apt" "$DIR/debs"
check_versions || die "the $SUITE packages are not the versions the stack runs (see above)"
say "$(paste -sd',' "$DIR/versions" | sed 's/,/, /g') in $BIN"
echo "$BIN"
