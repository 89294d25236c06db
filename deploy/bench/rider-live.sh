#!/usr/bin/env bash
# Benchmark (not a test) of rider-service's live feed and location ingest, on this machine:
#   1,000 riders connected to one rider-service by WebSocket, offers emitted on the broker's dispatch-offers topic
#   → p50/p99 from emit to arrival on the rider's socket; then location ingest in points/s with the sockets open;
#   rider-service's RSS throughout, and CPU time per offer and per location report of rider-service and of the
#   PostgreSQL backends it uses (from /proc; far less sensitive to the machine's load). Prints figures; asserts nothing.
#
#   deploy/bench/rider-live.sh
# Environment (all optional): RIDERS=1000 OFFERS_PER_SECOND=20,100 (one phase per rate) OFFER_SECONDS=20
#   LOCATION_SECONDS=20 POINTS_PER_REPORT=10 LOCATION_SENDERS=16 SKIP_BUILD=1 (reuse rider-service/target/quarkus-app)
#
# The service runs with the JVM options deploy/local/run.sh gives the services (SERVICE_JVM_OPTS, same default), on
# the rider_test database, emptied at start, with topics of this run only; it holds the rider tests' lock meanwhile,
# so it never runs beside them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { printf '[rider-live] %s\n' "$*"; }

"$ROOT/deploy/local/infra.sh" start > /dev/null 2>&1 || "$ROOT/deploy/local/infra.sh" start
# shellcheck disable=SC1091
. "$ROOT/.local/infra.env"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    say "packaging rider-service (tests skipped)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl rider-service -am)
fi
APP="$ROOT/rider-service/target/quarkus-app"
[[ -f "$APP/quarkus-run.jar" ]] || { echo "rider-service is not packaged" >&2; exit 1; }

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    2>/dev/null || echo 18093)"
PREFIX="bench-$(date +%s)."
LOG="$ROOT/.local/logs/rider-live-bench.log"
SERVICE_JVM_OPTS="${SERVICE_JVM_OPTS:--XX:+UseSerialGC -Xms48m -Xmx192m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m -Xss512k}"
mkdir -p "$(dirname "$LOG")"

exec 9> /tmp/coop-rider-tests.lock
say "waiting for the rider tests' lock (rider_test database)"
flock 9

say "starting rider-service on port $PORT with $SERVICE_JVM_OPTS (log: ${LOG#"$ROOT/"})"
# shellcheck disable=SC2086
java $SERVICE_JVM_OPTS -Dquarkus.http.port="$PORT" \
    -Dquarkus.datasource.jdbc.url="${RIDER_DB_URL}_test" \
    -Dquarkus.flyway.clean-at-start=true -Dquarkus.flyway.clean-disabled=false \
    -Dcoop.kafka.topic-prefix="$PREFIX" -Dquarkus.log.file.enabled=false \
    -jar "$APP/quarkus-run.jar" > "$LOG" 2>&1 &
SERVICE_PID=$!
trap 'kill "$SERVICE_PID" 2> /dev/null || true; wait "$SERVICE_PID" 2> /dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" 2> /dev/null && break
    kill -0 "$SERVICE_PID" 2> /dev/null || { tail -n 30 "$LOG" >&2; exit 1; }
    sleep 1
done

say "$(nproc) cores, $(java -version 2>&1 | head -n 1), load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
RIDER_URL="http://127.0.0.1:$PORT" RIDER_PID="$SERVICE_PID" TOPIC_PREFIX="$PREFIX" DB_URL="${RIDER_DB_URL}_test" \
    java -Xmx512m -cp "$APP/lib/main/*" "$ROOT/deploy/bench/rider-live/RiderLiveBench.java" \
    2> >(grep -v '^SLF4J' >&2) # the Kafka client looks for a logger it does not need
