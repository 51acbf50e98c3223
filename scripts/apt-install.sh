#!/usr/bin/env bash
# scripts/apt-install.sh — sourced by the *-deps.sh scripts: apt_install WHO PACKAGE…
# installs the Debian packages given (only those missing, as the caller decided) when
# run as root, and otherwise says which command to run as root and fails.
apt_install() {
  local who=$1
  shift
  (($#)) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "$who: missing $*; install them as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends $*" >&2
    exit 1
  fi
  echo "$who: apt-get install $*" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "$@" >&2
}
