#!/usr/bin/env bash
# scripts/documents-deps.sh — what printable documents (common.documents) need from
# Debian: WeasyPrint's text stack (pango, harfbuzz's subsetter) and the CJK fonts it
# embeds (fonts-noto-cjk), for the services; poppler-utils (pdftotext, pdffonts,
# pdftoppm), with which the tests read every PDF back. From apt when missing — fonts
# come from the distribution, never from a website. Safe to run twice.
# The Dockerfile installs the runtime part of the same list (not poppler-utils).
set -euo pipefail
# shellcheck source=scripts/apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils)
need=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
apt_install documents-deps "${need[@]}"
