#!/usr/bin/env bash
# Installs what the browser end-to-end test needs, only where it is missing (safe to run again and again):
#   - Debian's Chromium (/usr/bin/chromium), through apt-get; never a browser build downloaded by a tool;
#   - playwright-core at the version pinned in deploy/e2e-tests/browser/package-lock.json, through `npm ci`;
#   - a font (fontconfig, DejaVu), which the screenshots and the replay benchmark's PNG charts draw text with.
# Node.js and npm come with the machine (Node.js >= 20 for playwright-core 1.65); Debian's are installed if absent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BROWSER_DIR="$ROOT/deploy/e2e-tests/browser"

say() { printf '[browser-deps] %s\n' "$*"; }
die() { printf '[browser-deps] ERROR: %s\n' "$*" >&2; exit 1; }

apt_install() {
    local as_root=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo > /dev/null || die "installing $* needs root or sudo"
        as_root=(sudo)
    fi
    say "installing $* (apt-get)"
    "${as_root[@]}" apt-get update -qq
    # Only the named packages and what they need: no upgrade of anything already installed.
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
        --no-upgrade "$@" > /dev/null
}

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v node > /dev/null || missing+=(nodejs)
command -v npm > /dev/null || missing+=(npm)
# Fonts for headless rendering: Chromium's screenshots and the MDRP replay's PNG charts (Java2D draws their text).
[[ -n "$(fc-list 2> /dev/null | head -n 1)" ]] || missing+=(fontconfig fonts-dejavu-core)
if ((${#missing[@]})); then
    apt_install "${missing[@]}"
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is still missing after apt-get"

node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "Node.js $(node --version) is too old for playwright-core; 20 or newer is needed"

wanted="$(node -p 'require(process.argv[1]).packages["node_modules/playwright-core"].version' \
    "$BROWSER_DIR/package-lock.json")"
installed="$(node -p 'try { require(process.argv[1]).version } catch (e) { "" }' \
    "$BROWSER_DIR/node_modules/playwright-core/package.json" 2>/dev/null || true)"
if [[ "$installed" != "$wanted" ]]; then
    say "installing playwright-core $wanted (npm ci)"
    # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing anyway; this keeps it so.
    (cd "$BROWSER_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
say "ready: $(/usr/bin/chromium --version 2>/dev/null | head -n 1), node $(node --version), playwright-core $wanted"
