#!/usr/bin/env bash
# Offline checks of the compose stack configuration, with the real tools, no Docker engine needed.
# Run from the repository root:   bash deploy/validate.sh
#
# Needs: promtool (Prometheus 2.42+), amtool (Alertmanager 0.25+), jq, /usr/bin/python3 with the
# yaml module, and docker-compose 1.29 or the `docker compose` plugin (config only, no engine);
# node (Node.js 18+) for the k6 script.
# Debian/Ubuntu: apt-get install prometheus prometheus-alertmanager jq python3-yaml docker-compose
#
# Every check runs even after a failure; the script exits 1 if any failed.
set -euo pipefail

if [[ ! -f docker-compose.yml || ! -d deploy ]]; then
  echo "validate.sh: run me from the repository root (bash deploy/validate.sh)" >&2
  exit 2
fi

PYTHON=/usr/bin/python3   # Debian's python3 has the yaml module; a pyenv python3 may not.
failures=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n==> %s\n' "$*"; }
ok()   { printf '    ok: %s\n' "$*"; }
bad()  { printf '    FAILED: %s\n' "$*" >&2; failures=$((failures + 1)); }

# run "<description>" cmd args...: run a check, print its output indented, record a failure.
run() {
  local what="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    ok "$what"
  else
    printf '%s\n' "$out" | sed 's/^/      /' >&2
    bad "$what"
  fi
}

need() {
  if ! command -v "$1" >/dev/null 2>&1 && [[ ! -x "$1" ]]; then
    bad "required tool not found: $1"
    return 1
  fi
}

tools_ok=1
for t in promtool amtool jq "$PYTHON"; do need "$t" || tools_ok=0; done
if [[ "$tools_ok" == 1 ]] && ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
  bad "$PYTHON has no yaml module (apt-get install python3-yaml)"; tools_ok=0
fi
if command -v docker-compose >/dev/null 2>&1; then
  COMPOSE=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
else
  bad "neither docker-compose nor the docker compose plugin is available"; tools_ok=0
fi
if [[ "$tools_ok" != 1 ]]; then
  echo "validate.sh: missing tools, stopping." >&2
  exit 1
fi

# ---------------------------------------------------------------- Prometheus
step "Prometheus config: promtool check config ($(promtool --version 2>&1 | head -n1))"
# The config names its rules by their path inside the container (/etc/prometheus/rules/*.yml).
# Check a copy whose rule_files point at the repository's rules, so promtool also loads them.
sed 's#/etc/prometheus/rules/#'"$PWD"'/deploy/prometheus/rules/#' \
  deploy/prometheus/prometheus.yml > "$work/prometheus.yml"
run "deploy/prometheus/prometheus.yml (rule_files -> deploy/prometheus/rules)" \
  promtool check config "$work/prometheus.yml"
# The variant a local Prometheus uses, with the services on localhost.
sed 's/\(checkout\|inventory\|payment\)-service:/localhost:/' \
  "$work/prometheus.yml" > "$work/prometheus-localhost.yml"
run "localhost variant (sed service targets -> localhost)" \
  promtool check config "$work/prometheus-localhost.yml"
if grep -q 'checkout-service:9080' "$work/prometheus-localhost.yml"; then
  bad "the localhost sed left a service target unchanged"
fi
# The Kubernetes variant (pod discovery instead of static targets), rules resolved the same way.
# Kubernetes service discovery needs promtool 3: Debian bookworm builds Prometheus 2.42 without it.
sed 's#/etc/prometheus/rules/#'"$PWD"'/deploy/prometheus/rules/#' \
  deploy/kubernetes/prometheus/prometheus.yml > "$work/prometheus-kubernetes.yml"
if out="$(promtool check config "$work/prometheus-kubernetes.yml" 2>&1)"; then
  ok "deploy/kubernetes/prometheus/prometheus.yml (rule_files -> deploy/prometheus/rules)"
else
  printf '%s\n' "$out" | sed 's/^/      /' >&2
  if grep -q 'field kubernetes_sd_configs not found' <<<"$out"; then
    echo "      this promtool has no Kubernetes service discovery (Debian bookworm's 2.42 is built without it): use promtool 3" >&2
  fi
  bad "deploy/kubernetes/prometheus/prometheus.yml"
fi

step "Prometheus rules: promtool check rules"
shopt -s nullglob
rule_files=(deploy/prometheus/rules/*.yml deploy/prometheus/rules/*.yaml)
test_files=(deploy/prometheus/tests/*.yml deploy/prometheus/tests/*.yaml)
[[ ${#rule_files[@]} -gt 0 ]] || bad "no rules files in deploy/prometheus/rules"
for f in "${rule_files[@]}"; do
  run "$f" promtool check rules "$f"
done

step "Prometheus rule unit tests: promtool test rules"
[[ ${#test_files[@]} -gt 0 ]] || bad "no test files in deploy/prometheus/tests"
for f in "${test_files[@]}"; do
  run "$f" promtool test rules "$f"
done

step "PromQL in Grafana dashboards and datasource links (parsed by promtool check rules)"
# Grafana macros are replaced by plain durations/matchers, then every expression becomes a
# recording rule that promtool parses.
if ! "$PYTHON" - "$work/grafana-promql.yml" <<'PY'
import glob, json, re, sys, yaml

exprs = []

def walk(panels, where):
    for p in panels or []:
        for t in p.get("targets", []) or []:
            if t.get("expr"):
                exprs.append((f"{where} panel {p.get('title')!r} {t.get('refId')}", t["expr"]))
        walk(p.get("panels"), where)

for path in sorted(glob.glob("deploy/grafana/dashboards/**/*.json", recursive=True)):
    try:
        with open(path) as fh:
            walk(json.load(fh).get("panels"), path)
    except ValueError as err:  # reported by the jq step below
        print(f"skipped (not valid JSON): {path}: {err}")

for path in sorted(glob.glob("deploy/grafana/provisioning/datasources/*.y*ml")):
    try:
        with open(path) as fh:
            doc = yaml.safe_load(fh) or {}
    except yaml.YAMLError as err:  # reported by the YAML step below
        print(f"skipped (not valid YAML): {path}: {err}")
        continue
    for ds in doc.get("datasources", []):
        for q in ((ds.get("jsonData") or {}).get("tracesToMetrics") or {}).get("queries", []) or []:
            # In provisioning YAML $$ is a literal $.
            exprs.append((f"{path} {ds['name']} tracesToMetrics {q['name']!r}", q["query"].replace("$$", "$")))

def plain(e):
    e = re.sub(r"\$__(rate_interval|interval|range)", "5m", e)
    return e.replace("$__tags", 'job="checkout-service"')

rules = [{"record": f"validate:expr_{i}", "expr": plain(e)} for i, (_, e) in enumerate(exprs)]
with open(sys.argv[1], "w") as fh:
    yaml.safe_dump({"groups": [{"name": "grafana-promql", "rules": rules}]}, fh, sort_keys=False)
for i, (where, _) in enumerate(exprs):
    print(f"      validate:expr_{i}  {where}")
PY
then
  bad "could not extract the PromQL expressions from the Grafana files"
fi
if [[ -s "$work/grafana-promql.yml" ]]; then
  run "$(grep -c 'record:' "$work/grafana-promql.yml") PromQL expressions parse" \
    promtool check rules "$work/grafana-promql.yml"
else
  bad "no PromQL expressions found in the Grafana files"
fi

# ---------------------------------------------------------------- Alertmanager
step "Alertmanager: amtool check-config ($(amtool --version 2>&1 | head -n1))"
run "deploy/alertmanager/alertmanager.yml" amtool check-config deploy/alertmanager/alertmanager.yml

step "Alertmanager routing: amtool config routes test"
route_of() {
  amtool config routes test --config.file=deploy/alertmanager/alertmanager.yml "$@" 2>/dev/null
}
for pair in "severity=page:page" "severity=warning:warning" "severity=info:default"; do
  label="${pair%%:*}"; want="${pair##*:}"
  got="$(route_of alertname=Example job=checkout-service "$label" || true)"
  if [[ "$got" == "$want" ]]; then ok "$label -> $want"; else bad "$label -> '$got', expected '$want'"; fi
done

# ---------------------------------------------------------------- Compose
step "Compose: ${COMPOSE[*]} -f docker-compose.yml config -q"
run "docker-compose.yml (+ .env)" "${COMPOSE[@]}" -f docker-compose.yml config -q

# ---------------------------------------------------------------- JSON and YAML syntax
step "JSON under deploy/: jq"
while IFS= read -r -d '' f; do
  run "$f" jq -e . "$f"
done < <(find deploy -type f -name '*.json' -print0 | sort -z)

step "YAML under deploy/ and docker-compose.yml: $PYTHON yaml.safe_load_all"
# Every document of the file (the Kubernetes manifests hold several, separated by ---).
while IFS= read -r -d '' f; do
  run "$f" "$PYTHON" -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$f"
done < <(find deploy docker-compose.yml -type f \( -name '*.yml' -o -name '*.yaml' \) -print0 | sort -z)

# ---------------------------------------------------------------- k6 script
# There is no k6 here; Node checks the script instead. A k6 script is an ES module (import http from 'k6/http'),
# which some Node versions parse as CommonJS when the file ends in .js: check a .mjs copy. selftest.mjs then
# loads it with stand-ins for the k6 modules and checks the options and requests of every scenario.
step "k6 script: node --check and deploy/load/k6/selftest.mjs (node $(node --version 2>&1 || echo missing))"
if command -v node >/dev/null 2>&1; then
  cp deploy/load/k6/checkout.js "$work/checkout.mjs"
  run "deploy/load/k6/checkout.js parses as an ES module" node --check "$work/checkout.mjs"
  run "deploy/load/k6/checkout.js options and requests (deploy/load/k6/selftest.mjs)" node deploy/load/k6/selftest.mjs
else
  bad "required tool not found: node (Node.js 18 or later, for the k6 script check)"
fi

# ---------------------------------------------------------------- result
echo
if [[ "$failures" -gt 0 ]]; then
  echo "validate.sh: $failures check(s) FAILED" >&2
  exit 1
fi
echo "validate.sh: all checks passed"
