#!/usr/bin/env bash
# Geocoding accuracy and speed on a city's own OpenStreetMap addresses (a benchmark: prints figures, asserts nothing).
# Samples addresses of the extract (seeded), writes them as queries, exact and degraded (no diacritics, lower case,
# no postcode, no city, number before street, an abbreviation, one typo, the street number alone, a spaced postcode),
# geocodes them with the geocoder's own search and prints the share found within 25 m, p50/p99 latency, throughput and
# CPU time per query.
#
#   deploy/bench/geocode-accuracy.sh [city-key osm-file [city-name [aliases]]] [--sample N] [--seed S]
#   deploy/bench/geocode-accuracy.sh                                    Prague (../shared/osm/prague-small.osm.pbf)
#   deploy/bench/geocode-accuracy.sh heidelberg ../shared/osm/heidelberg.test.pbf
#   deploy/bench/geocode-accuracy.sh porto ../shared/osm/porto_portugal.osm.pbf Porto --sample 2000
#
# City names default to merchant-service's configuration (prague: Praha, aliases Prague,Prag; heidelberg: Heidelberg),
# else the key capitalised. Runs against merchant_test (imports the extract there if it is not yet), holding the
# merchant tests' lock meanwhile. SKIP_BUILD=1 reuses the last build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

positional=()
options=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --sample | --seed | --min-confidence) options+=("$1" "$2"); shift 2 ;;
        *) positional+=("$1"); shift ;;
    esac
done
KEY="${positional[0]:-prague}"
OSM="${positional[1]:-$ROOT/../shared/osm/prague-small.osm.pbf}"
PROPS="$ROOT/merchant-service/src/main/resources/application.properties"
configured() { sed -n "s/^coop\.cities\.$KEY\.$1=//p" "$PROPS" | head -n 1; }
NAME="${positional[2]:-$(configured name)}"
if [[ -z "$NAME" ]]; then NAME="$(tr '[:lower:]' '[:upper:]' <<< "${KEY:0:1}")${KEY:1}"; fi
ALIASES="${positional[3]:-$(configured aliases)}"

"$ROOT/deploy/local/infra.sh" start > /dev/null 2>&1 || "$ROOT/deploy/local/infra.sh" start
# shellcheck disable=SC1091
. "$ROOT/.local/infra.env"
export MERCHANT_DB_URL="${MERCHANT_DB_URL}_test"

exec 9> /tmp/coop-merchant-tests.lock
echo "[geocode-bench] waiting for the merchant tests' lock (merchant_test database)"
flock 9
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    ./mvnw -B -q package -DskipTests -pl geocoder,deploy/bench -am
fi
# The geocoder's tables: merchant_test is migrated as merchant-service migrates it (nothing to do if it is).
SKIP_BUILD=1 "$ROOT/deploy/local/geocoder-import.sh" --test-db "$KEY" "$OSM" "$NAME" "${ALIASES:-}" \
    2>&1 | grep -v -i "protobuf\|gencode\|^WARNING\|^INFO\|flyway\|SLF4J" || true
echo "[geocode-bench] $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -XX:+UseSerialGC -Xmx256m -Dslf4j.internal.verbosity=ERROR -cp "deploy/bench/target/bench-0.1.0-SNAPSHOT.jar:deploy/bench/target/lib/*" \
    coop.dispatch.bench.geocode.GeocodeAccuracy "$KEY" "$OSM" "$NAME" "${ALIASES:--}" "${options[@]}"
echo "[geocode-bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
