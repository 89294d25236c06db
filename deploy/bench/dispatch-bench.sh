#!/usr/bin/env bash
# Routing and dispatch benchmark on a real OSM extract (default: Porto from ../shared/osm). Prints figures; not a test.
#   deploy/bench/dispatch-bench.sh [osm.pbf] [riders=1000] [rounds=100]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OSM="${1:-$ROOT/../shared/osm/porto_portugal.osm.pbf}"
cd "$ROOT"
./mvnw -B -q package -DskipTests -pl deploy/bench -am
mkdir -p .local/graphs
exec java -Xmx1g -Dcom.google.protobuf.use_unsafe_pre22_gencode=true -cp "deploy/bench/target/bench-0.1.0-SNAPSHOT.jar:deploy/bench/target/lib/*" \
    coop.dispatch.bench.DispatchBenchmark "$OSM" .local/graphs "${2:-1000}" "${3:-100}"
