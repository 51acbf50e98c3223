#!/usr/bin/env bash
# scripts/browser-deps.sh — what the portal's browser tests (pytest marker `browser`)
# need: Debian's chromium and chromium-driver (and a CJK font, so screenshots show
# Chinese), from apt when missing, and axe-core from npm (tests/browser/package.json,
# pinned by its lock). Nothing downloads a browser build of its own. Safe to run twice.
set -euo pipefail
# shellcheck source=scripts/apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
# grep reads all (no -q): with pipefail, fc-list killed by SIGPIPE would read as missing
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
apt_install browser-deps "${need[@]}"

if [[ ! -f "$ROOT/tests/browser/node_modules/axe-core/axe.min.js" ]]; then
  command -v npm >/dev/null 2>&1 || { echo "browser-deps: npm is required for axe-core" >&2; exit 1; }
  echo "browser-deps: npm ci (axe-core)" >&2
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
