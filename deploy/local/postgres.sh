#!/usr/bin/env bash
# Debian/Ubuntu, as root: install PostgreSQL if needed, start it, and create the role demo/demo
# (allowed to create databases) that the services and deploy/local/services.sh use.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null
for _ in $(seq 1 30); do runuser -u postgres -- pg_isready -q && break; sleep 0.5; done
runuser -u postgres -- psql -qtA -c "select 1 from pg_roles where rolname = 'demo'" | grep -q 1 \
  || runuser -u postgres -- psql -q -c "create role demo login createdb password 'demo'"
runuser -u postgres -- psql -q -c "alter role demo createdb"
echo "PostgreSQL $version running on localhost:5432 with role demo"
