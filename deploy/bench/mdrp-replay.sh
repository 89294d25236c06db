#!/usr/bin/env bash
# Replays Grubhub MDRP instances (../shared/mdrp, FORMAT.md) through the real dispatch engine, per policy, and writes
# the solution files, report.json, report.md and charts.html; with --all, every instance in one JVM plus summary.md.
#   deploy/bench/mdrp-replay.sh <instance-dir> <out-dir> [--policy NAME[,NAME]|all] [options]
#   deploy/bench/mdrp-replay.sh --all <instances-root> <out-dir> [--policy NAME|all] [--threads N] [options]
#   deploy/bench/mdrp-replay.sh --city <osm.pbf> <out-dir> [--seed N] [--orders N] [--restaurants N]
#        [--center LAT,LON] [--graphs DIR] [--policy NAME|all] [options]
#     a synthetic, seeded day on a real map with GraphHopper bike times (graph cached in .local/graphs/<name>-mdrp)
# options: --decline-rate R --seed N --decline-rule KEEP_PLACE|BACK_OF_QUEUE --max-pickup MIN --coordinators-after MIN
#          --bundle-limit N --bundle-slack MIN --fair-share key=value,...   (see MdrpReplay)
# Policies: NEAREST, LONGEST_WAITING, FEWEST_JOBS, LOWEST_EARNINGS_PER_HOUR, LOWEST_EARNINGS_PER_HOUR_BUNDLE3,
#           NEAREST_AT_READY, FAIR_SHARE. Exit status 2 if any written solution is infeasible.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
args=()
expect_value=0
path_value=0
for a in "$@"; do  # relative instance, map and output paths are the caller's, not the repository root's
    if (( expect_value )); then
        expect_value=0
        if (( path_value )) && [[ "$a" != /* ]]; then a="$PWD/$a"; fi
        path_value=0
    elif [[ "$a" == --all ]]; then :
    elif [[ "$a" == --city || "$a" == --graphs ]]; then expect_value=1; path_value=1
    elif [[ "$a" == --* ]]; then expect_value=1
    elif [[ "$a" != /* ]]; then a="$PWD/$a"
    fi
    args+=("$a")
done
cd "$ROOT"
# MDRP_SKIP_BUILD=1: use the jar already built (e.g. when others build the same modules at the same time)
[[ -n "${MDRP_SKIP_BUILD:-}" ]] || ./mvnw -B -q package -DskipTests -pl deploy/bench -am
exec java -Xmx1g -cp "deploy/bench/target/bench-0.1.0-SNAPSHOT.jar:deploy/bench/target/lib/*" \
    coop.dispatch.bench.mdrp.MdrpReplay "${args[@]}"
