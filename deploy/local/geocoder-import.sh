#!/usr/bin/env bash
# Imports the addresses, streets and places of OpenStreetMap extracts into the geocoder's tables of the merchant
# database (PostGIS, pg_trgm), printing progress. Re-runnable: a city whose extract is already imported as it is now
# (same file name, size, modification time, city name, importer version) is skipped; each city's rows are replaced in
# one transaction. merchant-service does the same at start (in the background) for any configured city not imported
# yet; this command lets the setup show the progress and do it before the service starts.
#
#   deploy/local/geocoder-import.sh [--force] [--test-db]
#       every city configured in merchant-service's application.properties whose extract is set, e.g. through
#       COOP_HEIDELBERG_OSM_FILE and COOP_PRAGUE_OSM_FILE
#   deploy/local/geocoder-import.sh [--force] [--test-db] <city-key> <file.osm.pbf> <city name> [aliases,comma-separated]
#       e.g. deploy/local/geocoder-import.sh prague ../shared/osm/prague-small.osm.pbf Praha "Prague,Prag"
#
# --force imports even an extract already imported; --test-db imports into merchant_test (service tests, benchmark).
# Builds the geocoder module only if its jar is missing (SKIP_BUILD=1: never). Migrates the merchant database first
# (Flyway, merchant-service's own migrations), so it may run before merchant-service ever started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { printf '[geocoder] %s\n' "$*"; }

args=()
test_db=0
for arg in "$@"; do
    case "$arg" in
        --test-db) test_db=1 ;;
        -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) args+=("$arg") ;;
    esac
done

[[ -f "$ROOT/.local/infra.env" ]] || "$ROOT/deploy/local/infra.sh" start
# shellcheck disable=SC1091
. "$ROOT/.local/infra.env"
if [[ "$test_db" == 1 ]]; then
    export MERCHANT_DB_URL="${MERCHANT_DB_URL}_test"
fi

JAR="$ROOT/geocoder/target/geocoder-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$JAR" || ! -d "$ROOT/geocoder/target/lib" ]]; then
    [[ "${SKIP_BUILD:-}" == "1" ]] && { echo "[geocoder] $JAR is missing (SKIP_BUILD=1)" >&2; exit 1; }
    say "building the geocoder module"
    (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests -pl geocoder 2>/dev/null \
        || ./mvnw -B -q package -DskipTests -pl geocoder)
fi

MIGRATIONS="filesystem:$ROOT/merchant-service/src/main/resources/db/migration,filesystem:$ROOT/service-commons/src/main/resources/db/commons"
exec java -Xmx512m -XX:+UseSerialGC -Dslf4j.internal.verbosity=ERROR -Dcoop.geocoder.migrations="$MIGRATIONS" \
    -Dcoop.geocoder.service-properties="$ROOT/merchant-service/src/main/resources/application.properties" \
    -cp "$JAR:$ROOT/geocoder/target/lib/*" coop.dispatch.geocoder.GeocoderImport "${args[@]}"
