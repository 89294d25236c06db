#!/usr/bin/env bash
# Benchmark (not a test) of delivery creation on this machine: POST /api/v1/deliveries from CLIENTS concurrent
# clients (keep-alive HTTP/1.1), each request with its own merchant token check, validation, service-zone check,
# pricing (CEL policy) and the transactional outbox; the relay sends every event to the real Kafka broker meanwhile.
# Prints sustained requests/s and latency percentiles; asserts nothing.
#
#   deploy/bench/merchant-create.sh
# Environment (all optional): CLIENTS=16 WARMUP_SECONDS=15 SECONDS_MEASURED=30 IDEMPOTENCY=1 (send an
#   Idempotency-Key with every request) SKIP_BUILD=1 (reuse merchant-service/target/quarkus-app)
#   SERVICE_OPTS="-D..." (more JVM options for the service) JFR=file.jfr (record a Java Flight Recording of the measured seconds, for `jfr print` / `jfr summary`)
#
# The service runs as deploy/local/run.sh runs it (-Xmx256m, serial GC) on the merchant_test database, emptied at
# start, with topics of this run only, and without a router (prices from straight-line distances: the dispatcher's
# router is a separate service). It holds the merchant tests' lock meanwhile, so it never runs beside them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { printf '[merchant-create] %s\n' "$*"; }

"$ROOT/deploy/local/infra.sh" start > /dev/null 2>&1 || "$ROOT/deploy/local/infra.sh" start
# shellcheck disable=SC1091
. "$ROOT/.local/infra.env"

exec 9> /tmp/coop-merchant-tests.lock
say "waiting for the merchant tests' lock (merchant_test database)"
flock 9
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    say "packaging merchant-service (tests skipped)"
    (cd "$ROOT" && flock /tmp/coop-build.lock ./mvnw -B -q package -DskipTests -pl merchant-service -am)
fi
APP="$ROOT/merchant-service/target/quarkus-app"
[[ -f "$APP/quarkus-run.jar" ]] || { echo "merchant-service is not packaged" >&2; exit 1; }

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    2>/dev/null || echo 18091)"
PREFIX="bench-$(date +%s)."
LOG="$ROOT/.local/logs/merchant-create-bench.log"
mkdir -p "$(dirname "$LOG")"

JVM_EXTRA=()
[[ -n "${JFR:-}" ]] && JVM_EXTRA=(-XX:FlightRecorderOptions:stackdepth=256)
# shellcheck disable=SC2206
[[ -n "${SERVICE_OPTS:-}" ]] && JVM_EXTRA+=(${SERVICE_OPTS})
say "starting merchant-service on port $PORT (log: ${LOG#"$ROOT/"})"
java -Xmx256m -XX:+UseSerialGC "${JVM_EXTRA[@]}" -Dquarkus.http.port="$PORT" \
    -Dquarkus.datasource.jdbc.url="${MERCHANT_DB_URL}_test" \
    -Dquarkus.flyway.clean-at-start=true -Dquarkus.flyway.clean-disabled=false \
    -Dcoop.kafka.topic-prefix="$PREFIX" -Dquarkus.log.file.enabled=false \
    -Dcoop.routing.url=http://127.0.0.1:9 \
    -jar "$APP/quarkus-run.jar" > "$LOG" 2>&1 &
SERVICE_PID=$!
trap 'kill "$SERVICE_PID" 2> /dev/null || true; wait "$SERVICE_PID" 2> /dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" 2> /dev/null && break
    kill -0 "$SERVICE_PID" 2> /dev/null || { tail -n 30 "$LOG" >&2; exit 1; }
    sleep 1
done

if [[ -n "${JFR:-}" ]]; then
    # Starts recording once the warm-up is over (the client needs about a second to set up its merchant).
    (sleep $((${WARMUP_SECONDS:-15} + 2)) && jcmd "$SERVICE_PID" JFR.start settings=profile \
        duration="$((${SECONDS_MEASURED:-30} - 4))s" filename="$JFR" > /dev/null) &
fi
say "$(nproc) cores, $(java -version 2>&1 | head -n 1)"
MERCHANT_URL="http://127.0.0.1:$PORT" MERCHANT_PID="$SERVICE_PID" DB_URL="${MERCHANT_DB_URL}_test" \
    java -Xmx512m "$ROOT/deploy/bench/merchant-create/MerchantCreateBench.java"
