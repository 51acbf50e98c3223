#!/usr/bin/env bash
# deploy/kafka/install.sh — fetch the Apache Kafka broker jars from Maven Central into
#   $REX_CACHE_DIR/kafka-$REX_KAFKA_VERSION/lib
# using deploy/kafka/pom.xml (maven-dependency-plugin copy-dependencies, runtime scope).
# A marker file is written only after a complete download, so an interrupted one is redone.
# When the marker is there (and pom.xml unchanged) this does nothing and needs no network.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../env.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/env.sh"
export REX_LOG_TAG=kafka

pom="$REX_DEPLOY_DIR/kafka/pom.xml"
home="$(dirname "$REX_KAFKA_LIB")"
marker="$home/.complete"
want="version=$REX_KAFKA_VERSION pom-sha256=$(sha256sum "$pom" | cut -d' ' -f1)"

if [[ -f "$marker" && "$(cat "$marker")" == "$want" && -d "$REX_KAFKA_LIB" ]]; then
  exit 0   # complete: quiet, no network
fi

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if ((${#need[@]})); then
  rex_log "installing missing Debian packages: ${need[*]}"
  if [[ "$(id -u)" -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    rex_die "not root and no sudo: install ${need[*]} yourself"
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

rex_log "downloading Kafka $REX_KAFKA_VERSION jars (~50 MB) into $REX_KAFKA_LIB"
mkdir -p "$home"
rm -f "$marker"
tmp="$home/lib.partial"
rm -rf "$tmp"
start=$SECONDS
# (stdout goes to a log: maven prints stray ANSI resets even with -q -B)
if ! mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
  -Dkafka.version="$REX_KAFKA_VERSION" -DoutputDirectory="$tmp" >"$home/maven.log" 2>&1; then
  tail -n 30 "$home/maven.log" >&2
  rex_die "maven download failed (log: $home/maven.log; re-run to retry)"
fi
[[ -f "$tmp/kafka_2.13-$REX_KAFKA_VERSION.jar" ]] || rex_die "download incomplete: kafka_2.13-$REX_KAFKA_VERSION.jar missing"
rm -rf "$REX_KAFKA_LIB"
mv "$tmp" "$REX_KAFKA_LIB"
printf '%s\n' "$want" >"$marker"
rex_log "jars ready: $(find "$REX_KAFKA_LIB" -name '*.jar' | wc -l) jars, $(du -sh "$REX_KAFKA_LIB" | cut -f1), $((SECONDS - start)) s"
