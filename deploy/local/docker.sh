#!/usr/bin/env bash
# A Docker engine with BuildKit (buildx) and Compose v2 for this machine: CI (.ci/run) and developers run the
# images and the compose stack with it. Idempotent: a running engine is reused and nothing is installed when the
# engine and both CLI plugins are there.
#
#   deploy/local/docker.sh          # make sure `docker info`, `docker buildx` and `docker compose` work
#
# What it does, only where something is missing (Debian or Ubuntu, as root):
#   - the engine: Debian's docker.io (with containerd, runc, iptables) from the system's own suite;
#   - dockerd started in the background (log in /var/log/dockerd.log) when no engine answers;
#   - the buildx and compose CLI plugins from Debian's newer suite (a stable Debian has neither Compose v2 nor
#     a recent buildx), unpacked into ~/.docker/cli-plugins by debian-suite.sh without installing anything.
# Fails with a message saying why where it cannot work (no root, no apt-get, dockerd does not start).
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/local/debian-suite.sh

say() { echo "docker.sh: $*" >&2; }
die() { say "$*"; exit 1; }
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
PLUGINS=${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins

engine_up() { docker info > /dev/null 2>&1; }

if ! engine_up; then
  if ! command -v dockerd > /dev/null; then
    command -v apt-get > /dev/null || die "no Docker engine and no apt-get to install one: install Docker yourself"
    [ -z "$SUDO" ] || command -v sudo > /dev/null || die "no Docker engine, and installing one needs root or sudo"
    say "installing Debian's docker.io"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends docker.io containerd runc iptables > /dev/null
  fi
  if ! engine_up; then
    # No init system to start it (a container, a CI machine): run the daemon in the background ourselves.
    say "starting dockerd (log: /var/log/dockerd.log)"
    $SUDO sh -c 'nohup dockerd > /var/log/dockerd.log 2>&1 &'
    for _ in $(seq 1 60); do engine_up && break; sleep 0.5; done
    engine_up || { $SUDO tail -20 /var/log/dockerd.log >&2 || true; die "dockerd did not start (see above)"; }
  fi
fi

if ! docker buildx version > /dev/null 2>&1 || ! docker compose version > /dev/null 2>&1; then
  work=$(mktemp -d)
  debian_suite_extract "$work" docker-buildx docker-compose || die "could not fetch the buildx and compose plugins"
  mkdir -p "$PLUGINS"
  for plugin in docker-buildx docker-compose; do
    install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/$plugin" "$PLUGINS/$plugin"
  done
  say "$(paste -sd',' "$work/versions" | sed 's/,/, /g') in $PLUGINS"
  rm -rf "$work"
fi
docker buildx version > /dev/null 2>&1 || die "docker buildx does not work"
docker compose version > /dev/null 2>&1 || die "docker compose does not work"
say "engine $(docker version -f '{{.Server.Version}}'), $(docker buildx version | cut -d' ' -f1-2), $(docker compose version --short | sed 's/^/compose /')"
