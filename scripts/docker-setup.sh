#!/usr/bin/env bash
# Makes what a machine with no image registry needs to build and run vkernel's images
# (docker/, docker-compose.yml, compose-tests):
#
#   engine   Debian's docker.io and docker-compose (Compose v1) if absent, Compose v2 as a
#            CLI plugin from Debian trixie's .deb, and dockerd started if it is not running
#   base     vkernel/debian:bookworm   debootstrap --variant=minbase, then docker import
#   jre      vkernel/jre:17            the host JDK's jlink on top of the base
#   kafka    vkernel/kafka:latest      the project's broker image (kafka-broker/target/docker)
#
# Each step is skipped when its result is already there, so a second run takes a second
# or two. Temporary files (rootfs, JRE, .debs) are removed on exit. The last line says
# what to export; every image this makes can also be rebuilt with --force.
#
# Usage: scripts/docker-setup.sh [--force] [--no-kafka] [--engine-only]
# Exit status: 0 ready; 2 no Docker engine could be started here (the reason is printed).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE_IMAGE=${VKERNEL_DEBIAN_IMAGE:-vkernel/debian:bookworm}
JRE_IMAGE=${VKERNEL_JRE_IMAGE:-vkernel/jre:17}
KAFKA_IMAGE=vkernel/kafka:latest
SUITE=${VKERNEL_DEBIAN_SUITE:-bookworm}
MIRROR=${VKERNEL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKERD_LOG=${VKERNEL_DOCKERD_LOG:-/var/log/vkernel-dockerd.log}
DOCKERD_PIDFILE=/run/vkernel-dockerd.pid
FORCE=0 KAFKA=1 ENGINE_ONLY=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    --no-kafka) KAFKA=0 ;;
    --engine-only) ENGINE_ONLY=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "docker-setup: unknown option $a" >&2; exit 64 ;;
  esac
done

T0=$(date +%s)
say() { printf 'docker-setup: [%3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
WORK=$(mktemp -d /tmp/vkernel-docker-setup.XXXXXX)
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
no_engine() { echo "docker-setup: NO DOCKER ENGINE: $*" >&2; exit 2; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null && SUDO="sudo -n"
fi

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- engine
apt_install() {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$WORK/apt.log" 2>&1 || {
    # lists may be missing or stale on a fresh machine
    $SUDO apt-get update -qq >>"$WORK/apt.log" 2>&1 || true
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$WORK/apt.log" 2>&1
  } || { tail -20 "$WORK/apt.log" >&2; return 1; }
}

ensure_packages() {
  local want=()
  command -v dockerd >/dev/null || want+=(docker.io)
  command -v docker-compose >/dev/null || want+=(docker-compose)
  command -v debootstrap >/dev/null || want+=(debootstrap)
  if [ ${#want[@]} -gt 0 ]; then
    say "installing ${want[*]} (apt-get)"
    apt_install "${want[@]}" || no_engine "apt-get install ${want[*]} failed"
  fi
}

# Compose v2 is not packaged for bookworm; trixie's plugin binary is static and runs here.
# It is fetched with apt-get download from a throw-away trixie source list (the system's
# sources are not touched) and unpacked into the CLI plugin directory every docker CLI reads.
ensure_compose_v2() {
  local plugins=/usr/local/lib/docker/cli-plugins
  if docker compose version >/dev/null 2>&1; then return 0; fi
  say "installing Compose v2 (the docker-compose plugin from Debian trixie's .deb)"
  local a="$WORK/apt"
  mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/debs"
  echo "deb $MIRROR trixie main" >"$a/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$a/sources.list" -o "Dir::Etc::SourceParts=-"
              -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache" -o "Dir::State::status=/var/lib/dpkg/status"
              -o "APT::Get::List-Cleanup=0" -o "Debug::NoLocking=1" -qq)
  if apt-get "${opts[@]}" update >"$WORK/apt-trixie.log" 2>&1 \
     && (cd "$a/debs" && apt-get "${opts[@]}" download docker-compose >>"$WORK/apt-trixie.log" 2>&1); then
    dpkg-deb -x "$a"/debs/docker-compose_*.deb "$a/x"
    local bin
    bin=$(find "$a/x" -type f -name docker-compose -perm -u+x | head -1)
    if [ -n "$bin" ]; then
      $SUDO mkdir -p "$plugins" && $SUDO install -m 0755 "$bin" "$plugins/docker-compose"
    fi
  fi
  docker compose version >/dev/null 2>&1 \
    || say "Compose v2 not available (see the tests' -Dvkernel.compose=v1); Compose v1: $(docker-compose version --short 2>/dev/null || echo none)"
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then return 0; fi
  command -v dockerd >/dev/null || no_engine "dockerd is not installed"
  local from=0
  if pgrep -x dockerd >/dev/null; then
    say "waiting for the running dockerd (not starting a second one)"
  else
    say "starting dockerd (log: $DOCKERD_LOG)"
    from=$( (stat -c %s "$DOCKERD_LOG" 2>/dev/null || echo 0) )
    # Default networking (docker0). Never start one with --bridge=none: it deletes docker0.
    $SUDO sh -c "setsid dockerd >>'$DOCKERD_LOG' 2>&1 </dev/null & echo \$! >'$DOCKERD_PIDFILE'"
  fi
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    if [ -f "$DOCKERD_PIDFILE" ] && ! kill -0 "$(cat "$DOCKERD_PIDFILE")" 2>/dev/null; then
      $SUDO rm -f "$DOCKERD_PIDFILE"
      no_engine "dockerd exited at start: $(tail -c +$((from + 1)) "$DOCKERD_LOG" 2>/dev/null | grep -v '^$' | tail -1)"
    fi
    sleep 0.5
  done
  no_engine "dockerd did not answer within 30 s: $(tail -c +$((from + 1)) "$DOCKERD_LOG" 2>/dev/null | grep -v '^$' | tail -1)"
}

# ---------------------------------------------------------------- images
ensure_base() {
  if [ "$FORCE" = 0 ] && image_exists "$BASE_IMAGE"; then return 0; fi
  say "making $BASE_IMAGE (debootstrap --variant=minbase $SUITE)"
  local rootfs="$WORK/rootfs"
  $SUDO debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  # smaller and reproducible-ish: no apt lists, caches, docs or logs in the image
  $SUDO rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/var/log/*.log "$rootfs"/debootstrap
  $SUDO tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'ENV LANG=C.UTF-8' -c 'CMD ["bash"]' \
    -c 'LABEL dev.vkernel.image=debian' \
    - "$BASE_IMAGE" >/dev/null
  $SUDO rm -rf "$rootfs"
}

host_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ] && [ -d "$JAVA_HOME/jmods" ]; then echo "$JAVA_HOME"; return; fi
  local j
  j=$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")
  if [ -x "$j/bin/jlink" ] && [ -d "$j/jmods" ]; then echo "$j"; return; fi
  for j in /usr/lib/jvm/*17*; do
    if [ -x "$j/bin/jlink" ] && [ -d "$j/jmods" ]; then echo "$j"; return; fi
  done
  return 1
}

ensure_jre() {
  if [ "$FORCE" = 0 ] && image_exists "$JRE_IMAGE"; then return 0; fi
  local jdk
  jdk=$(host_java_home) || { echo "docker-setup: no JDK 17 with jlink and jmods found (set JAVA_HOME)" >&2; exit 1; }
  say "making $JRE_IMAGE (jlink from $jdk)"
  # java.se is every java.* module (java.desktop too: Kafka needs java.beans); the jdk.*
  # ones are what Quarkus, gRPC/Netty and Kafka touch at run time.
  "$jdk/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.zipfs,jdk.jfr,jdk.charsets,jdk.localedata,jdk.security.auth,jdk.security.jgss,jdk.httpserver,jdk.jdwp.agent \
    --strip-debug --no-man-pages --no-header-files --compress=2 --output "$WORK/jre/openjdk"
  cat >"$WORK/jre/Dockerfile" <<EOF
FROM $BASE_IMAGE
LABEL dev.vkernel.image=jre
COPY openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN java -Xshare:dump >/dev/null 2>&1 || true; java -version
EOF
  DOCKER_BUILDKIT=0 docker build -q -t "$JRE_IMAGE" "$WORK/jre" >/dev/null 2>"$WORK/jre-build.log" \
    || { cat "$WORK/jre-build.log" >&2; exit 1; }
}

ensure_kafka() {
  if [ "$FORCE" = 0 ] && image_exists "$KAFKA_IMAGE"; then return 0; fi
  local ctx="$ROOT/kafka-broker/target/docker"
  if [ ! -f "$ctx/Dockerfile" ] || [ ! -d "$ctx/lib" ]; then
    say "packaging kafka-broker (./mvnw -pl kafka-broker package)"
    (cd "$ROOT" && ./mvnw -q -B -ntp -pl kafka-broker -am package -DskipTests) >"$WORK/mvn.log" 2>&1 \
      || { tail -30 "$WORK/mvn.log" >&2; exit 1; }
  fi
  say "making $KAFKA_IMAGE (from kafka-broker/target/docker, FROM $JRE_IMAGE)"
  DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE_IMAGE=$JRE_IMAGE" -t "$KAFKA_IMAGE" "$ctx" >/dev/null 2>"$WORK/kafka-build.log" \
    || { cat "$WORK/kafka-build.log" >&2; exit 1; }
}

ensure_packages
start_dockerd
ensure_compose_v2
if [ "$ENGINE_ONLY" = 0 ]; then
  ensure_base
  ensure_jre
  [ "$KAFKA" = 1 ] && ensure_kafka
  # what earlier builds of ours left behind: untagged images
  docker image prune -f --filter label=dev.vkernel.image >/dev/null 2>&1 || true
fi
say "ready: $(docker version --format 'engine {{.Server.Version}}' 2>/dev/null), $(docker compose version --short 2>/dev/null | sed 's/^/compose v2 /' || true) $(docker-compose version --short 2>/dev/null | sed 's/^/compose v1 /' || true)"
echo "export VKERNEL_BASE_IMAGE=$JRE_IMAGE"
