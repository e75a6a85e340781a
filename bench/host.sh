# bench/run.sh --host: the two copies as host processes, for machines without Docker. Sourced by bench/run.sh; it
# defines the same functions as the container mode. Each copy is deploy/local/services.sh with a port offset
# (its own ports and databases) and an OTLP receiver of its own; the JVM is the images': a JDK of their Java
# release, the Dockerfile's JDK_JAVA_OPTIONS and the AOT cache of deploy/aot/train.sh, the training run the
# Dockerfile runs. CPU per service from /proc (the process's total); no container, so no container memory.
# Needs PostgreSQL as deploy/local/postgres.sh sets it up, and a JDK of the images' release (BENCH_JAVA_HOME, else
# JAVA_HOME, else /usr/lib/jvm/*).

IMAGE_JAVA=$(sed -n 's/^ARG JRE_IMAGE=eclipse-temurin:\([0-9.]*\)_\([0-9]*\)-jre.*/\1+\2/p' Dockerfile)   # e.g. 25.0.4.1+1
[ -n "$IMAGE_JAVA" ] || { echo "bench: no ARG JRE_IMAGE=eclipse-temurin:<version>_<build>-jre... in the Dockerfile" >&2; exit 1; }
java_version() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ { print $2 }'; }
if [ -z "${BENCH_JAVA_HOME:-}" ]; then
  for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$candidate/bin/jcmd" ] && [ "$(java_version "$candidate" | cut -d. -f1)" = "${IMAGE_JAVA%%.*}" ] \
      && { BENCH_JAVA_HOME=$candidate; break; }
  done
fi
[ -n "${BENCH_JAVA_HOME:-}" ] || { echo "No JDK ${IMAGE_JAVA%%.*} found (the images' Java): set BENCH_JAVA_HOME" >&2; exit 1; }
# Given to the services only (exported, it would reach Maven and every other JVM this script starts).
IMAGE_JAVA_OPTIONS=$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\(.*\)"$/\1/p' Dockerfile)
[ -n "$IMAGE_JAVA_OPTIONS" ] || { echo "bench: JDK_JAVA_OPTIONS not found in the Dockerfile" >&2; exit 1; }

[ "$SMOKE" = 1 ] && export TRAINING_DURATION=5s   # deploy/aot/train.sh: seconds, not minutes
offset() { echo $((PORT[$1] - 8080)); }
run_dir() { echo "target/bench/run-$1"; }
receiver_port() { echo $((4318 + $(offset "$1"))); }

copy_build() { # the jars, and their AOT cache made as the Dockerfile makes it
  local service
  for service in "${SERVICES[@]}"; do
    if ! unzip -p "$service/target/quarkus-app/quarkus-run.jar" META-INF/MANIFEST.MF 2>/dev/null | grep -q AotQuarkusEntryPoint; then
      ./mvnw -B -q package -DskipTests -Dformatter.skip -Dimpsort.skip -pl checkout-service,inventory-service,payment-service -am
      break
    fi
  done
  JAVA_HOME=$BENCH_JAVA_HOME deploy/aot/train.sh > "$OUT/build.txt" 2>&1 || { cat "$OUT/build.txt" >&2; exit 1; }
}
copy_start() {
  local copy=$1 dir service; dir=$(run_dir "$copy")
  mkdir -p "$dir"
  "$BENCH_JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m deploy/stand-ins/receiver/Receiver.java \
    "$(receiver_port "$copy")" > "$dir/receiver.log" 2>&1 &
  echo $! > "$dir/receiver.pid"
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$(receiver_port "$copy")/stats" && break; sleep 0.2; done
  # The configuration's variables over what docker-compose.yml and bench/compose.yml set.
  env $(grep -v '^#' "bench/config/${CONFIG[$copy]}.env") PAYMENT_CHAOS_FAILURE_RATE=0 PAYMENT_CHAOS_LATENCY=0ms \
    QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$(receiver_port "$copy")" QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    JAVA_OPTS="-XX:AOTCache=app.aot" JDK_JAVA_OPTIONS="$IMAGE_JAVA_OPTIONS" JAVA_HOME="$BENCH_JAVA_HOME" \
    PORT_OFFSET="$(offset "$copy")" RUN_DIR="$dir" SEQUENTIAL_START=1 deploy/local/services.sh start > "$OUT/start-$copy.txt"
  # The cache must really be in use (a JVM that cannot use it only warns): the JDK's own CDS archive is about
  # 15 MB, the application's cache about ten times that.
  for service in "${SERVICES[@]}"; do
    local mapped; mapped=$("$BENCH_JAVA_HOME/bin/jcmd" "$(pid_of "$copy" "$service")" VM.info \
      | sed -n 's/^CDS archive(s) mapped at: .*, size \([0-9]*\),.*/\1/p')
    [ "${mapped:-0}" -gt 50000000 ] || { echo "$service does not run from its AOT cache: see $dir/$service.log" >&2; exit 1; }
  done
}
copy_stop() { # services.sh stops every process with a pid file in the run directory: the receiver's too
  PORT_OFFSET="$(offset "$1")" RUN_DIR="$(run_dir "$1")" deploy/local/services.sh stop > /dev/null 2>&1 || true
}
copy_recreate() { copy_stop "$1"; copy_start "$1"; }
copy_logs() { echo "$(run_dir "$1")"; }   # the services' log files stay there
pid_of() { cat "$(run_dir "$1")/$2.pid"; }
cpu_ns() { awk -v hz="$HZ" '{ sub(/^.*\) /, ""); printf "%.0f\n", ($12 + $13) * 1e9 / hz }' "/proc/$(pid_of "$1" "$2")/stat"; }
container_mb() { echo "n/a"; }
startup() { # "<started in, s> <ms from the process's start to ready>"
  local dir; dir=$(run_dir "$1")
  echo "$(grep -o -m1 'started in [0-9.]*s' "$dir/$2.log" | grep -o '[0-9.]*[0-9]' || echo n/a) $(cat "$dir/$2.ready-ms")"
}
spans_received() { curl -fs "http://127.0.0.1:$(receiver_port "$1")/stats" | jq '[.spans[]] | add // 0'; }
log_mark() { cat "$(run_dir "$1")"/*-service.log | wc -c; }
log_bytes_since() { echo $(( $(log_mark "$1") - $2 )); }
top_up_stock() {
  PGPASSWORD=demo psql -h localhost -U demo -qtA -d "inventory_$(offset "$1")" -c "update product set available = 100000000" > /dev/null
}
