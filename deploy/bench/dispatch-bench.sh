#!/usr/bin/env bash
# Routing and dispatch benchmark on a real OSM extract (default: Porto from ../shared/osm). Prints figures; not a test.
#   deploy/bench/dispatch-bench.sh [osm.pbf] [riders=1000] [rounds=100]
# The JVM runs with dispatch-service's options from deploy/local/run.sh (override with BENCH_JVM_OPTS), so that the
# memory and pause figures are the service's. SKIP_BUILD=1 reuses the last build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OSM="${1:-$ROOT/../shared/osm/porto_portugal.osm.pbf}"
cd "$ROOT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    ./mvnw -B -q package -DskipTests -pl deploy/bench -am
fi
mkdir -p .local/graphs
JVM_OPTS="${BENCH_JVM_OPTS:--XX:+UseSerialGC -Xms48m -Xmx192m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=160m -Xss512k}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); JVM: $JVM_OPTS"
exec java $JVM_OPTS -Dcom.google.protobuf.use_unsafe_pre22_gencode=true \
    -cp "deploy/bench/target/bench-0.1.0-SNAPSHOT.jar:deploy/bench/target/lib/*" \
    coop.dispatch.bench.DispatchBenchmark "$OSM" .local/graphs "${2:-1000}" "${3:-100}"
