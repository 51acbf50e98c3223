#!/usr/bin/env bash
# scripts/documents-deps.sh — what printable documents (common.documents) need from
# Debian: WeasyPrint's text stack (pango, harfbuzz's subsetter) and the CJK fonts it
# embeds (fonts-noto-cjk), for the services; poppler-utils (pdftotext, pdffonts,
# pdftoppm), with which the tests read every PDF back. From apt when missing — fonts
# come from the distribution, never from a website. Safe to run twice.
# The Dockerfile installs the runtime part of the same list (not poppler-utils).
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils)
need=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "documents-deps: missing ${need[*]}; install them as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
  echo "documents-deps: apt-get install ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
