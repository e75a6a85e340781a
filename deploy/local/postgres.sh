#!/usr/bin/env bash
# Debian/Ubuntu: install PostgreSQL if needed, start it, and create the role demo/demo (allowed to create
# databases) that the services and deploy/local/services.sh use. Runs as root, or with sudo.
set -euo pipefail
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
if ! command -v pg_ctlcluster >/dev/null; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
$SUDO pg_ctlcluster "$version" main status >/dev/null 2>&1 || $SUDO pg_ctlcluster "$version" main start
for _ in $(seq 1 30); do as_postgres pg_isready -q && break; sleep 0.5; done
as_postgres psql -qtA -c "select 1 from pg_roles where rolname = 'demo'" | grep -q 1 \
  || as_postgres psql -q -c "create role demo login createdb password 'demo'"
as_postgres psql -q -c "alter role demo createdb"
echo "PostgreSQL $version running on localhost:5432 with role demo"
