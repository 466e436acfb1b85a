#!/usr/bin/env bash
# The container tests run the launchgraph, broker and registry images under a real Docker daemon.
# This makes sure one answers (as root: installs Debian's docker.io, docker-compose and mmdebstrap
# and starts dockerd with no bridge network, every test container then runs on the host's network),
# then builds the images (docker/build-images.sh). Where Docker cannot be had, it says why in
# target/docker-unavailable.txt and lets the build go on: the container tests then fail with that
# line, and every other test still runs.
set -euo pipefail
target="$(cd "$(dirname "$0")/../../.." && pwd)/target"
marker="$target/docker-unavailable.txt"
rm -f "$marker"
unavailable() {
  echo "$1" > "$marker"
  echo "[ensure-docker] $1" >&2
  exit 0
}
answers() { docker info >/dev/null 2>&1; }

root=false
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && root=true
if $root; then
  missing=""
  command -v dockerd >/dev/null 2>&1 || command -v docker >/dev/null 2>&1 || missing="$missing docker.io"
  command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing="$missing docker-compose"
  command -v mmdebstrap >/dev/null 2>&1 || missing="$missing mmdebstrap"
  if [ -n "$missing" ]; then
    echo "[ensure-docker] installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086 # a list of package names
    apt-get install -y -qq $missing >/dev/null || unavailable "apt-get could not install$missing"
  fi
fi
if ! answers; then
  $root || unavailable "no Docker daemon answers, and this build cannot start one (it needs root and apt-get): start Docker, or run 'mvn verify' as root"
  command -v dockerd >/dev/null 2>&1 || unavailable "no Docker daemon answers and dockerd is not installed here (apt-get install docker.io)"
  if ! pgrep -x dockerd >/dev/null; then
    echo "[ensure-docker] starting dockerd (no bridge network, no iptables: containers use the host's network)"
    setsid nohup dockerd --bridge=none --iptables=false > /var/log/launchgraph-dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 150); do
    answers && break
    sleep 0.2
  done
  answers || unavailable "dockerd did not answer within 30 s (see /var/log/launchgraph-dockerd.log)"
fi
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 \
  || echo "[ensure-docker] neither docker-compose nor 'docker compose' is installed: ComposeIT will fail" >&2
exec bash "$(dirname "$0")/../../../../docker/build-images.sh"
