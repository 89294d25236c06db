#!/usr/bin/env bash
# Benchmark (not a test) of the rider assembly's pricing impact preview on this machine:
# GET /api/v1/assembly/proposals/{id}/impact for a pricing proposal, with DELIVERIES stored deliveries requested in the
# last 30 days, answered with mean and distribution of price and rider pay, old vs new. Prints per call the time (HTTP
# and the service's own), the CPU time of the service and of its PostgreSQL backends, and the load average; asserts
# nothing. The service runs twice (started afresh each time, so each first call meets a cold JVM):
#   1. with coop.assembly.impact-keep-samples=false: every call reads every delivery from PostgreSQL and prices it with
#      the current and the proposed policy (CEL): the full computation each time;
#   2. with the default settings: the deliveries and their prices under the current version are kept in memory, so
#      every call checks the table (count, latest arrival), reads what arrived since, and prices only the proposal.
#      Whoever reads first keeps them: the start-up warm-up if the deliveries are stored by then, the preparation
#      that starts when the proposal opens, or else the first call.
# In both the preview cache is off (coop.assembly.impact-cache-time=PT0S): every call computes the preview. Both wait
# for the start-up warm-up to end before the first call (WAIT_WARM_UP=0: do not), and print what the service logged:
# the warm-up, the preparation, and per call where its time went.
#
#   deploy/bench/assembly-impact.sh
# Environment (all optional): DELIVERIES=50000 CALLS=10 SKIP_BUILD=1 (reuse rider-service/target/quarkus-app)
#   PHASES=full|kept (only one of the two runs) SERVICE_OPTS="-D..." (more JVM options for the service)
#
# The service runs as deploy/local/run.sh runs it (-Xmx256m, serial GC) on the rider_test database, emptied at start,
# with topics of this run only. It holds the rider tests' lock meanwhile, so it never runs beside them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { printf '[assembly-impact] %s\n' "$*"; }
DELIVERIES="${DELIVERIES:-50000}"

"$ROOT/deploy/local/infra.sh" start > /dev/null 2>&1 || "$ROOT/deploy/local/infra.sh" start
# shellcheck disable=SC1091
. "$ROOT/.local/infra.env"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
    say "packaging rider-service (tests skipped)"
    (cd "$ROOT" && flock /tmp/coop-rider-tests.lock flock /tmp/coop-build.lock \
        ./mvnw -B -q -o package -DskipTests -pl rider-service -am)
fi
APP="$ROOT/rider-service/target/quarkus-app"
[[ -f "$APP/quarkus-run.jar" ]] || { echo "rider-service is not packaged" >&2; exit 1; }

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    2>/dev/null || echo 18093)"
PREFIX="bench-$(date +%s)."
LOG="$ROOT/.local/logs/assembly-impact-bench.log"
mkdir -p "$(dirname "$LOG")"
DB_NAME="${RIDER_DB_URL##*/}_test"

exec 9> /tmp/coop-rider-tests.lock
say "waiting for the rider tests' lock ($DB_NAME database)"
flock 9

SERVICE_PID=""
stop_service() {
    if [[ -n "$SERVICE_PID" ]]; then
        kill "$SERVICE_PID" 2> /dev/null || true
        wait "$SERVICE_PID" 2> /dev/null || true
        SERVICE_PID=""
    fi
}
trap stop_service EXIT

# One run of the service: start it (database emptied), store the deliveries, then the client's calls.
run_phase() {
    local label="$1"
    shift
    say "== $label"
    say "starting rider-service on port $PORT (log: ${LOG#"$ROOT/"})"
    # shellcheck disable=SC2086
    java -Xmx256m -XX:+UseSerialGC -Dquarkus.http.port="$PORT" \
        -Dquarkus.datasource.jdbc.url="${RIDER_DB_URL}_test" \
        -Dquarkus.flyway.clean-at-start=true -Dquarkus.flyway.clean-disabled=false \
        -Dcoop.kafka.topic-prefix="$PREFIX" -Dquarkus.log.file.enabled=false \
        -Dcoop.assembly.impact-cache-time=PT0S \
        '-Dquarkus.log.category."coop.dispatch.rider.assembly.service".level=DEBUG' \
        "$@" ${SERVICE_OPTS:-} -jar "$APP/quarkus-run.jar" > "$LOG" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 1 120); do
        curl -fsS -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" 2> /dev/null && break
        kill -0 "$SERVICE_PID" 2> /dev/null || { tail -n 30 "$LOG" >&2; exit 1; }
        sleep 1
    done

    say "storing $DELIVERIES deliveries of the last 30 days around Heidelberg"
    PGPASSWORD="$RIDER_DB_PASSWORD" psql -q -h 127.0.0.1 -p "$COOP_PG_PORT" -U "$RIDER_DB_USER" -d "$DB_NAME" \
        -v ON_ERROR_STOP=1 -v n="$DELIVERIES" <<'SQL'
INSERT INTO assembly_delivery_sample (delivery_id, requested_at, pickup_lat, pickup_lon, dropoff_lat, dropoff_lon,
                                      straight_line_m, weight_grams, price_cents, rider_pay_cents, pricing_version,
                                      received_at)
SELECT gen_random_uuid(), now() - random() * interval '30 days', p_lat, p_lon, d_lat, d_lon,
       -- haversine in meters
       2 * 6371008.8 * asin(sqrt(power(sin(radians(d_lat - p_lat) / 2), 2)
           + cos(radians(p_lat)) * cos(radians(d_lat)) * power(sin(radians(d_lon - p_lon) / 2), 2))),
       weight, 500 + (random() * 1500)::int, 400 + (random() * 1200)::int, '1', now()
FROM (SELECT 49.38 + random() * 0.06 AS p_lat, 8.63 + random() * 0.10 AS p_lon,
             49.38 + random() * 0.06 AS d_lat, 8.63 + random() * 0.10 AS d_lon,
             -- mostly light parcels, some for e-bikes and cargo bikes
             (CASE WHEN random() < 0.8 THEN random() * 8000 WHEN random() < 0.7 THEN 8000 + random() * 7000
                   ELSE 15000 + random() * 60000 END)::int AS weight
      FROM generate_series(1, :n)) AS g;
ANALYZE assembly_delivery_sample;
SQL
    # The first member to open a preview after a start does not come within the start-up warm-up's seconds (see
    # PricingWarmUp): wait for it to end, as that first member would (WAIT_WARM_UP=0: do not).
    if [[ "${WAIT_WARM_UP:-1}" == "1" ]]; then
        for _ in $(seq 1 120); do
            grep -q 'Pricing replay .*warmed up' "$LOG" && break
            sleep 0.5
        done
    fi
    RIDER_URL="http://127.0.0.1:$PORT" SERVICE_PID="$SERVICE_PID" DB_NAME="$DB_NAME" \
        java -Xmx256m "$ROOT/deploy/bench/assembly-impact/AssemblyImpactBench.java"
    # The service's own account of each call (debug log of ImpactService): where the time went.
    grep -o 'Pricing replay .*' "$LOG" | sed 's/^/[assembly-impact] service: /' || true
    grep -o 'Pricing preview of .*' "$LOG" | sed -E 's/^Pricing preview of [^ :]*:? ?/[assembly-impact] service: /' || true
    stop_service
}

say "$(nproc) cores, $(java -version 2>&1 | head -n 1)"
if [[ "${PHASES:-both}" != "kept" ]]; then
    run_phase "every call reads every delivery from PostgreSQL and prices it with both policies" \
        -Dcoop.assembly.impact-keep-samples=false
fi
if [[ "${PHASES:-both}" != "full" ]]; then
    run_phase "as configured by default: deliveries and the current version's prices kept in memory, each call \
prices only the proposal"
fi
