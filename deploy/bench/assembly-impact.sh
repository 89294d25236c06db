#!/usr/bin/env bash
# Benchmark (not a test) of the rider assembly's pricing impact preview on this machine:
# GET /api/v1/assembly/proposals/{id}/impact for a pricing proposal, with DELIVERIES stored deliveries requested in the
# last 30 days. Each call loads them from PostgreSQL, prices every one with the current and the proposed policy (CEL),
# and answers mean and distribution of price and rider pay, old vs new. Prints per-call times; asserts nothing.
#
#   deploy/bench/assembly-impact.sh
# Environment (all optional): DELIVERIES=50000 CALLS=10 SKIP_BUILD=1 (reuse rider-service/target/quarkus-app)
#
# The service runs as deploy/local/run.sh runs it (-Xmx256m, serial GC) on the rider_test database, emptied at start,
# with topics of this run only and the preview cache off (so every call computes). It holds the rider tests' lock
# meanwhile, so it never runs beside them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { printf '[assembly-impact] %s\n' "$*"; }
DELIVERIES="${DELIVERIES:-50000}"

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
LOG="$ROOT/.local/logs/assembly-impact-bench.log"
mkdir -p "$(dirname "$LOG")"
DB_NAME="${RIDER_DB_URL##*/}_test"

exec 9> /tmp/coop-rider-tests.lock
say "waiting for the rider tests' lock ($DB_NAME database)"
flock 9

say "starting rider-service on port $PORT (log: ${LOG#"$ROOT/"})"
java -Xmx256m -XX:+UseSerialGC -Dquarkus.http.port="$PORT" \
    -Dquarkus.datasource.jdbc.url="${RIDER_DB_URL}_test" \
    -Dquarkus.flyway.clean-at-start=true -Dquarkus.flyway.clean-disabled=false \
    -Dcoop.kafka.topic-prefix="$PREFIX" -Dquarkus.log.file.enabled=false \
    -Dcoop.assembly.impact-cache-time=PT0S \
    -jar "$APP/quarkus-run.jar" > "$LOG" 2>&1 &
SERVICE_PID=$!
trap 'kill "$SERVICE_PID" 2> /dev/null || true; wait "$SERVICE_PID" 2> /dev/null || true' EXIT
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

say "$(nproc) cores, $(java -version 2>&1 | head -n 1)"
RIDER_URL="http://127.0.0.1:$PORT" java -Xmx256m "$ROOT/deploy/bench/assembly-impact/AssemblyImpactBench.java"
