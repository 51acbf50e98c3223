#!/usr/bin/env bash
# deploy/postgres/install.sh — make sure Debian's PostgreSQL server binaries exist.
# Quiet and network-free when they are already installed. Prints the bin dir on stdout
# only with --print-bindir (used by start.sh / stop.sh).
set -euo pipefail
# shellcheck source=SCRIPTDIR/../env.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/env.sh"
export REX_LOG_TAG=postgres

# Newest /usr/lib/postgresql/<ver>/bin that has both initdb and pg_ctl.
find_bindir() {
  local d best="" bestver=-1 ver
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] || continue
    ver="$(basename "$(dirname "$d")")"
    ver="${ver%%.*}"
    [[ "$ver" =~ ^[0-9]+$ ]] || continue
    if (( ver > bestver )); then bestver=$ver; best=$d; fi
  done
  [[ -n "$best" ]] && printf '%s\n' "$best"
}

print_bindir=0
[[ "${1:-}" == "--print-bindir" ]] && print_bindir=1

if ! bindir="$(find_bindir)"; then
  rex_log "PostgreSQL server binaries not found; installing Debian package 'postgresql'"
  if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    rex_die "not root and no sudo: install PostgreSQL yourself (apt-get install -y postgresql)"
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq postgresql >/dev/null
  bindir="$(find_bindir)" || rex_die "postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
  rex_log "installed: $bindir"
fi

if (( print_bindir )); then
  printf '%s\n' "$bindir"
fi
