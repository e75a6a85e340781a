#!/usr/bin/env bash
# Offline checks of the compose stack configuration, with the real tools, no Docker engine needed.
# Run from the repository root:   bash deploy/validate.sh
#
# Needs: apt-get and dpkg-deb (deploy/local/prometheus-tools.sh brings promtool 3.x and amtool 0.3x into
# target/, the majors the compose stack runs), jq, /usr/bin/python3 with the yaml module, the
# `docker compose` plugin (Compose v2; config only, no engine: deploy/local/docker.sh brings it); node (Node.js 18+)
# and npm for the k6 script and the LogQL parser.
# Debian/Ubuntu: apt-get install jq python3-yaml nodejs npm
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
# Stops the local runbooks server (below) if a check fails while it runs.
trap '[[ ! -d "$work/runbooks-run" ]] || RUN_DIR="$work/runbooks-run" deploy/local/services.sh stop; rm -rf "$work"' EXIT

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
# promtool and amtool of the stack's majors, never a 2.x from the PATH (prometheus-tools.sh checks the versions).
if PROMETHEUS_TOOLS=$(deploy/local/prometheus-tools.sh); then
  PATH="$PROMETHEUS_TOOLS:$PATH"
else
  bad "deploy/local/prometheus-tools.sh could not provide Prometheus 3 and Alertmanager 0.3x"; tools_ok=0
fi
for t in promtool amtool jq "$PYTHON"; do need "$t" || tools_ok=0; done
if [[ "$tools_ok" == 1 ]] && ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
  bad "$PYTHON has no yaml module (apt-get install python3-yaml)"; tools_ok=0
fi
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
else
  bad "the docker compose plugin (Compose v2) is not available: deploy/local/docker.sh"; tools_ok=0
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
            # Loki targets are LogQL: the LogQL step below parses them.
            if t.get("expr") and (t.get("datasource") or p.get("datasource") or {}).get("type") != "loki":
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

def plain(e, tags):
    e = re.sub(r"\$__(rate_interval|interval|range)", "5m", e)
    return e.replace("$__tags", tags)

# $__tags is job="<service>" when the span has the tag, and empty when it has none (Jaeger's v1 API):
# both forms must parse (an empty {} selector does not).
variants = [(where, plain(e, tags), note) for where, e in exprs
            for tags, note in (('job="checkout-service"', ""), ("", " ($__tags empty)"))
            if note == "" or "$__tags" in e]
rules = [{"record": f"validate:expr_{i}", "expr": e} for i, (_, e, _) in enumerate(variants)]
with open(sys.argv[1], "w") as fh:
    yaml.safe_dump({"groups": [{"name": "grafana-promql", "rules": rules}]}, fh, sort_keys=False)
for i, (where, _, note) in enumerate(variants):
    print(f"      validate:expr_{i}  {where}{note}")
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

# ---------------------------------------------------------------- LogQL
# Every LogQL query (the dashboards' Loki targets and the Jaeger datasource's trace-to-logs query), parsed by
# Grafana's own LogQL grammar (@grafana/lezer-logql, pinned in deploy/logql/package-lock.json, installed with
# npm ci under target/). Grafana variables are replaced by plain values first.
step "LogQL in Grafana dashboards and datasource links: @grafana/lezer-logql"
logql_dir=target/logql
if ! cmp -s deploy/logql/package-lock.json "$logql_dir/package-lock.json" \
     || [[ ! -d "$logql_dir/node_modules/@grafana/lezer-logql" ]]; then
  rm -rf "$logql_dir" && mkdir -p "$logql_dir"
  cp deploy/logql/package.json deploy/logql/package-lock.json "$logql_dir/"
  (cd "$logql_dir" && npm ci --no-audit --no-fund --loglevel=error > npm-ci.log 2>&1) \
    || { sed 's/^/      /' "$logql_dir/npm-ci.log" >&2; bad "npm ci of deploy/logql failed"; }
fi
if ! "$PYTHON" - "$work/logql.json" <<'PY'
import glob, json, re, sys, yaml

queries = []
for path in sorted(glob.glob("deploy/grafana/dashboards/**/*.json", recursive=True)):
    try:
        dashboard = json.load(open(path))
    except ValueError:
        continue  # reported by the jq step below
    def walk(panels):
        for p in panels or []:
            for t in p.get("targets", []) or []:
                ds = (t.get("datasource") or p.get("datasource") or {}).get("type")
                if ds == "loki" and t.get("expr"):
                    queries.append((f"{path} panel {p.get('title')!r} {t.get('refId')}", t["expr"]))
            walk(p.get("panels"))
    walk(dashboard.get("panels"))
for path in sorted(glob.glob("deploy/grafana/provisioning/datasources/*.y*ml")):
    try:
        doc = yaml.safe_load(open(path)) or {}
    except yaml.YAMLError:
        continue  # reported by the YAML step below
    for ds in doc.get("datasources", []):
        for key in ("tracesToLogsV2", "tracesToLogs"):
            q = ((ds.get("jsonData") or {}).get(key) or {}).get("query")
            if q:  # in provisioning YAML $$ is a literal $
                queries.append((f"{path} {ds['name']} {key}", q.replace("$$", "$")))

def plain(e):
    e = re.sub(r"\$\{?__(interval|rate_interval|auto|range)(_ms|_s)?\}?", "1m", e)
    e = re.sub(r"\$\{__(span|trace)\.(traceId|spanId)\}", "4bf92f3577b34da6a3ce929d0e0e4736", e)
    e = re.sub(r"\$\{__span\.tags(\.[\w.]+|\[\"[^\"]+\"\])\}", "checkout-service", e)
    return re.sub(r"\$\{?[A-Za-z_]\w*\}?", "checkout-service", e)  # dashboard variables

json.dump([{"where": w, "expr": plain(e)} for w, e in queries], open(sys.argv[1], "w"), indent=1)
PY
then
  bad "could not extract the LogQL queries from the Grafana files"
fi
if [[ -d "$logql_dir/node_modules/@grafana/lezer-logql" ]]; then
  if node deploy/logql/check.mjs "$logql_dir/node_modules" "$work/logql.json"; then :; else
    bad "LogQL queries with syntax errors (above)"
  fi
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

# ---------------------------------------------------------------- runbook links
# Every alert's runbook_url must open its runbook: http://localhost:<the runbooks service's published port>/
# <AlertName>.md, and deploy/runbooks/<AlertName>.md must exist. Then the same links, live over HTTP, from the
# Without-Docker runbooks server (deploy/local/services.sh runbooks, PORT_OFFSET honoured): each answers the
# file's bytes as text/plain UTF-8.
step "Runbook links: every alert's runbook_url -> deploy/runbooks/<AlertName>.md, and served live"
if "$PYTHON" - > "$work/runbooks.tsv" <<'PY'
import glob, sys, yaml
compose = yaml.safe_load(open("docker-compose.yml"))
ports = (compose["services"].get("runbooks") or {}).get("ports") or []
if len(ports) != 1:
    sys.exit(f"docker-compose.yml: the runbooks service must publish one port, has {ports}")
host_port = str(ports[0]).split(":")[-2]
base = f"http://localhost:{host_port}/"
problems = 0
for path in sorted(glob.glob("deploy/prometheus/rules/*.yml")):
    for group in (yaml.safe_load(open(path)) or {}).get("groups", []):
        for rule in group.get("rules", []):
            if "alert" not in rule:
                continue
            name, url = rule["alert"], (rule.get("annotations") or {}).get("runbook_url", "")
            if url != f"{base}{name}.md":
                print(f"{path}: {name}: runbook_url {url!r}, expected {base}{name}.md", file=sys.stderr); problems += 1
            elif not glob.glob(f"deploy/runbooks/{name}.md"):
                print(f"{path}: {name}: deploy/runbooks/{name}.md does not exist", file=sys.stderr); problems += 1
            else:
                print(f"{name}\t{url}\tdeploy/runbooks/{name}.md")
sys.exit(1 if problems else 0)
PY
then
  ok "$(wc -l < "$work/runbooks.tsv") alerts link to their runbook file"
else
  bad "runbook_url of some alerts does not map to its runbook file (above)"
fi
runbooks_offset=${PORT_OFFSET:-0}
if [[ -s "$work/runbooks.tsv" ]] && RUN_DIR="$work/runbooks-run" PORT_OFFSET=$runbooks_offset \
     deploy/local/services.sh runbooks > /dev/null; then
  while IFS=$'\t' read -r name url file; do
    # The compose host port plus the offset the local server runs at.
    port=${url#http://localhost:}; port=${port%%/*}
    live="http://127.0.0.1:$((port + runbooks_offset))/${url##*/}"
    if ! type=$(curl -fsS -o "$work/runbook.md" -w '%{content_type}' "$live"); then
      bad "$name: $live does not answer"
    elif ! cmp -s "$work/runbook.md" "$file"; then
      bad "$name: $live is not $file"
    elif [[ "$type" != "text/plain; charset=utf-8" ]]; then
      bad "$name: $live answers Content-Type '$type', expected text/plain; charset=utf-8"
    else
      ok "$name: $live = $file"
    fi
  done < "$work/runbooks.tsv"
  RUN_DIR="$work/runbooks-run" deploy/local/services.sh stop
else
  bad "the local runbooks server (deploy/local/services.sh runbooks) did not start"
fi

# ---------------------------------------------------------------- Compose
step "Compose: ${COMPOSE[*]} -f docker-compose.yml config -q"
run "docker-compose.yml (+ .env)" "${COMPOSE[@]}" -f docker-compose.yml config -q
run "docker-compose.yml with the stand-ins of CI (deploy/stand-ins/compose.yml)" \
  "${COMPOSE[@]}" -f docker-compose.yml -f deploy/stand-ins/compose.yml config -q
for config in bench/config/*.env; do
  config=$(basename "$config" .env)
  run "docker-compose.yml with the benchmark's layer (bench/compose.yml), configuration $config" \
    env BENCH_CONFIG="$config" BENCH_CHECKOUT_PORT=18080 "${COMPOSE[@]}" -f docker-compose.yml -f bench/compose.yml config -q
done

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
