#!/usr/bin/env bash
# Builds, from Debian packages, the images that stand in for the pinned upstream images when no container
# registry can be reached (as on the CI machines): nothing is pulled. deploy/test/containers.sh runs the compose
# stack on them, with the project's own three images built from its Dockerfile on the stand-in Java images.
#
#   deploy/stand-ins/build.sh        # build what is missing or changed; prints nothing else on stdout
#
# Every image is named observability-demo-stand-in/<name>:<tag>, never an upstream name, so a stand-in can never
# be mistaken for the real image (deploy/stand-ins/compose.yml maps compose's services onto them):
#   debian:sid          debootstrap --variant=minbase of Debian's newer suite (the only base; apt works inside)
#   jdk:25, jre:25      Debian's OpenJDK 25 for the Dockerfile's build and runtime stages (Temurin 25 upstream)
#   postgres:18         Debian's postgresql-18 with an entrypoint for what compose uses of the official image
#   prometheus:3        Debian's prometheus 3.x    alertmanager:0   Debian's prometheus-alertmanager
#   nginx:stable        Debian's nginx, as the runbooks server
#   receiver:1          a JDK-only OTLP/HTTP receiver in Jaeger's place and the alert sink (receiver/)
# Grafana, Loki, Alloy, Jaeger and k6 have no Debian package: they have no stand-in and do not run here.
#
# An image is rebuilt only when its folder (for the base: its recipe version) changed; that is the image's label. Needs a Docker engine
# with buildx (deploy/local/docker.sh), debootstrap (installed when missing) and root for it.
# Environment: DEBIAN_MIRROR (default: the system's own Debian mirror).
set -euo pipefail
cd "$(dirname "$0")"
. ../local/debian-suite.sh
PREFIX=observability-demo-stand-in
say() { echo "stand-ins: $*" >&2; }

# The label of an image: a hash of the files it is built from.
recipe_hash() { (cd "$1" && find . -type f | sort | xargs sha256sum) | sha256sum | cut -c1-16; }
current() { [ "$(docker image inspect -f '{{index .Config.Labels "stand-in.recipe"}}' "$1" 2>/dev/null)" = "$2" ]; }

base=$PREFIX/debian:sid
# Change the recipe version whenever the base recipe below changes.
base_hash=minbase-sid-2
if ! current "$base" "$base_hash"; then
  command -v debootstrap > /dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap > /dev/null
  mirror=$(debian_suite_mirror)
  root=$(mktemp -d)
  say "debootstrap sid from $mirror (about 2 minutes)"
  debootstrap --variant=minbase sid "$root" "$mirror" > "$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
  # apt inside: the mirror's Release files can be older than their validity window; no recommended packages.
  printf 'Acquire::Check-Valid-Until "false";\nAPT::Install-Recommends "false";\n' > "$root/etc/apt/apt.conf.d/90stand-in"
  echo "deb $mirror sid main" > "$root/etc/apt/sources.list"
  # No init system in a container: package scripts must not try to start the daemons they install.
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d" && chmod 755 "$root/usr/sbin/policy-rc.d"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c "LABEL stand-in.recipe=$base_hash" -c 'CMD ["bash"]' - "$base" > /dev/null
  rm -rf "$root" "$root.log"
fi
say "$base"

# Each folder is one image, built FROM the base (or another stand-in, by build argument).
build() {
  local name=$1 tag=$2 hash
  hash=$(recipe_hash "$name")
  if ! current "$PREFIX/$name:$tag" "$hash"; then
    say "building $PREFIX/$name:$tag"
    docker buildx build --load -q --label "stand-in.recipe=$hash" --build-arg "PREFIX=$PREFIX" \
      -t "$PREFIX/$name:$tag" "$name" > /dev/null
  fi
  say "$PREFIX/$name:$tag ($(docker image inspect -f '{{.Size}}' "$PREFIX/$name:$tag" | awk '{ printf "%d MB", $1 / 1e6 }'))"
}
build jdk 25
build jre 25
build postgres 18
build prometheus 3
build alertmanager 0
build nginx stable
build receiver 1
