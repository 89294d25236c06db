#!/usr/bin/env bash
# Checks what deploy/bench/mdrp-replay.sh wrote with the MDRP benchmark's own evaluator
# (grubhub/mdrplib, MDRP_code/compute_performance_summary.py, commit a3eca9c): feasibility of every solution, and its
# figures against report.json. Exit status 2 if a solution is infeasible or a figure differs.
#   deploy/bench/mdrp-official-check.sh <instances-root> <replay-out> [--policy NAME[,NAME]] [--evaluator FILE]
# The evaluator is read from --evaluator, $MDRP_EVALUATOR, the copy cached in .local/mdrp-official/, or downloaded from
# GitHub at that commit; its SHA-256 is checked either way. It needs Python 3 with pandas: if no python3 here has it,
# the script installs Debian's python3-pandas when it can (root and apt-get), and otherwise says what to install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COMMIT=a3eca9c56fb70e2bf10768f45c99020a6b8b8e84
SHA256=ee7ca90a5c04c37e7ddd4cdf32fcbba73f0f6ba17f48d5ac1ab0eb54fcb98fe5
URL="https://raw.githubusercontent.com/grubhub/mdrplib/$COMMIT/MDRP_code/compute_performance_summary.py"

usage() { sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 1; }
[[ $# -ge 2 ]] || usage
instances="$(cd "$1" && pwd)"
out="$(cd "$2" && pwd)"
shift 2
policy=""
evaluator="${MDRP_EVALUATOR:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --policy) policy="$2"; shift 2 ;;
        --evaluator) evaluator="$2"; shift 2 ;;
        *) usage ;;
    esac
done

cached="$ROOT/.local/mdrp-official/compute_performance_summary.py"
if [[ -z "$evaluator" ]]; then
    if [[ ! -f "$cached" ]]; then
        mkdir -p "$(dirname "$cached")"
        echo "downloading the evaluator from $URL"
        curl -fsSL --retry 3 -o "$cached.part" "$URL" || {
            echo "cannot download the evaluator; pass a copy of MDRP_code/compute_performance_summary.py from" \
                 "grubhub/mdrplib (commit $COMMIT) with --evaluator FILE" >&2
            exit 1
        }
        mv "$cached.part" "$cached"
    fi
    evaluator="$cached"
fi
actual="$(sha256sum "$evaluator" | cut -d' ' -f1)"
if [[ "$actual" != "$SHA256" ]]; then
    echo "$evaluator is not the evaluator of grubhub/mdrplib at $COMMIT (SHA-256 $actual, expected $SHA256)" >&2
    exit 1
fi

python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import pandas' 2>/dev/null; then
        python="$candidate"
        break
    fi
done
if [[ -z "$python" ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing python3-pandas (Debian) for the evaluator"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pandas >/dev/null \
            || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-pandas >/dev/null; }
        python=/usr/bin/python3
    else
        echo "the evaluator needs Python 3 with pandas (e.g. apt-get install python3-pandas, or pip install pandas)" >&2
        exit 1
    fi
fi

exec "$python" "$ROOT/deploy/bench/mdrp-official-check.py" "$evaluator" "$instances" "$out" ${policy:+"$policy"}
