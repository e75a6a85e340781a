# Sourced, not run: `debian_suite_extract DIR PACKAGE...` downloads Debian packages of a newer suite (DEBIAN_SUITE,
# default sid) with apt's own client and a private configuration (its own sources list, lists and cache under
# DIR/apt), unpacks them with `dpkg-deb -x` into DIR/root and appends "<package> <version>" lines to DIR/versions.
# Nothing is installed or changed on the system. prometheus-tools.sh (Prometheus 3) and docker.sh (the buildx
# and compose CLI plugins) use it: a stable distribution ships neither the versions the stack runs nor Compose v2.
#
# The mirror is the system's own (deb822 /etc/apt/sources.list.d/*.sources or one-line sources.list); on a system
# whose sources name no Debian mirror (Ubuntu), DEBIAN_MIRROR (default http://deb.debian.org/debian), with the
# debian-archive-keyring package for the signature.

# The first Debian mirror of the system's sources (not the security archive).
debian_suite_system_mirror() {
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | sed -E 's/\[[^]]*\]//' | awk '$1 == "deb" { print $2 }'
  } | grep -E '/debian/?$' | grep -v security | head -n 1
}

# The Debian mirror to use: the system's own, else DEBIAN_MIRROR.
debian_suite_mirror() {
  local mirror
  mirror=$(debian_suite_system_mirror || true)
  echo "${mirror:-${DEBIAN_MIRROR:-http://deb.debian.org/debian}}"
}

debian_suite_extract() {
  local dir=$1; shift
  local suite=${DEBIAN_SUITE:-sid} keyring=/usr/share/keyrings/debian-archive-keyring.gpg mirror apt deb
  command -v apt-get > /dev/null && command -v dpkg-deb > /dev/null \
    || { echo "debian-suite: needs apt-get and dpkg-deb (Debian or Ubuntu)" >&2; return 1; }
  [ -f "$keyring" ] || { echo "debian-suite: no $keyring: apt-get install debian-archive-keyring" >&2; return 1; }
  mirror=$(debian_suite_mirror)
  apt="$dir/apt"
  rm -rf "$apt" "$dir/debs"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d" "$apt/preferences.d" "$dir/debs"
  echo "deb [signed-by=$keyring] $mirror $suite main" > "$apt/sources.list"
  local opts=(-q -o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
    -o "Dir::Etc::Preferences=$apt/preferences" -o "Dir::Etc::PreferencesParts=$apt/preferences.d"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=$(id -un)")
  echo "debian-suite: fetching $* from $mirror $suite" >&2
  apt-get "${opts[@]}" update > "$dir/apt-update.log" 2>&1 \
    || { cat "$dir/apt-update.log" >&2; echo "debian-suite: apt-get update failed" >&2; return 1; }
  (cd "$dir/debs" && apt-get "${opts[@]}" download "$@" > "$dir/apt-download.log" 2>&1) \
    || { cat "$dir/apt-download.log" >&2; echo "debian-suite: apt-get download failed" >&2; return 1; }
  for deb in "$dir"/debs/*.deb; do
    dpkg-deb -x "$deb" "$dir/root"
    dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb" >> "$dir/versions"
  done
  rm -rf "$apt" "$dir/debs"
}
