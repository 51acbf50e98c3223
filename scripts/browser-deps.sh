#!/usr/bin/env bash
# scripts/browser-deps.sh — what the portal's browser tests (pytest marker `browser`)
# need: Debian's chromium and chromium-driver (and a CJK font, so screenshots show
# Chinese), from apt when missing, and axe-core from npm (tests/browser/package.json,
# pinned by its lock). Nothing downloads a browser build of its own. Safe to run twice.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "browser-deps: missing ${need[*]}; install them as root:" >&2
    echo "  apt-get update && apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "browser-deps: apt-get install ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

if [[ ! -f "$ROOT/tests/browser/node_modules/axe-core/axe.min.js" ]]; then
  command -v npm >/dev/null 2>&1 || { echo "browser-deps: npm is required for axe-core" >&2; exit 1; }
  echo "browser-deps: npm ci (axe-core)" >&2
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
