#!/usr/bin/env bash
# scripts/bootstrap.sh — install uv (from PyPI, with the machine's Python) and the
# workspace's locked dependencies. Sourced by run.sh and test.sh; safe to run twice.
# uv never downloads a Python: it uses the machine's python3 (>= 3.11).
set -euo pipefail
export UV_PYTHON_DOWNLOADS=never
export UV_PYTHON_PREFERENCE=only-system
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "bootstrap: Python >= 3.11 is required (found $(python3 --version 2>&1))" >&2
  exit 1
}
if ! command -v uv >/dev/null 2>&1; then
  echo "bootstrap: installing uv from PyPI" >&2
  # A distribution's own Python (Debian's /usr/bin/python3) refuses pip installs
  # (PEP 668, externally managed); uv is one standalone program, so the user's site
  # (~/.local) takes it without touching the system's packages.
  python3 -m pip install --quiet --disable-pip-version-check --user "uv>=0.5,<1" \
    || python3 -m pip install --quiet --disable-pip-version-check "uv>=0.5,<1" \
    || python3 -m pip install --quiet --disable-pip-version-check --user \
      --break-system-packages "uv>=0.5,<1"
  export PATH="$HOME/.local/bin:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
  hash -r
fi
command -v uv >/dev/null 2>&1 || { echo "bootstrap: uv is not on PATH after install" >&2; exit 1; }
uv sync --frozen --python "$(command -v python3)" >&2
