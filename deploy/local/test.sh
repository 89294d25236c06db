#!/usr/bin/env bash
# Runs every test: unit tests, @QuarkusTest service tests and the end-to-end tests, against a real PostgreSQL+PostGIS
# and a real Kafka broker that this script installs (if missing) and starts through infra.sh.
#   deploy/local/test.sh [extra Maven arguments]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

"$ROOT/deploy/local/infra.sh" start
# shellcheck disable=SC1091
. "$ROOT/.local/infra.env"

# Fail fast with a clear message rather than slow Kafka time-outs in every test.
for endpoint in "127.0.0.1:${COOP_PG_PORT}" "${KAFKA_BOOTSTRAP_SERVERS}"; do
    if ! (exec 3<>"/dev/tcp/${endpoint%:*}/${endpoint##*:}") 2>/dev/null; then
        echo "[test] ERROR: nothing listens on $endpoint; see .local/logs" >&2
        exit 1
    fi
done

# Debian's Chromium and the pinned playwright-core for the courier app's browser test (installed only if missing).
"$ROOT/deploy/local/browser-deps.sh"

maven_flags=(-B)
if [[ "${CI:-}" == "true" ]]; then
    maven_flags+=(-ntp)
fi
start=$SECONDS
./mvnw "${maven_flags[@]}" verify "$@"
echo "[test] build and all tests passed in $((SECONDS - start)) s"
