#!/usr/bin/env bash
# Builds, without pulling anything, the images that docker/compose.yaml and the container tests run:
#   launchgraph-base:bookworm-jre17  Debian bookworm with openjdk-17-jre-headless, made by mmdebstrap
#                                    from Debian's packages (built once per machine, then reused)
#   launchgraph:local                docker/Dockerfile on that base
#   launchgraph-kafka:local          a KRaft broker from the Kafka jars in app/target/lib
#   launchgraph-registry:local       the Apicurio registry from app/target/apicurio-registry
# Run it from anywhere after `mvn package` (the build runs it before the integration tests).
# Options: --rebuild-base  build the base image again (e.g. for Debian's security updates).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/app/target"
base="${LAUNCHGRAPH_BASE_IMAGE:-launchgraph-base:bookworm-jre17}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
rebuild_base=false
for arg in "$@"; do
  case "$arg" in
    --rebuild-base) rebuild_base=true ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-images.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done
if [ ! -f "$target/launchgraph.jar" ] || [ ! -d "$target/lib" ] || [ ! -d "$target/apicurio-registry" ]; then
  echo "build-images.sh: $target has no launchgraph.jar, lib/ or apicurio-registry/: run 'mvn package -DskipTests' first" >&2
  exit 2
fi
docker info >/dev/null 2>&1 || { echo "build-images.sh: no Docker daemon answers (see README, 'Containers')" >&2; exit 2; }
step() { printf '[build-images] %s\n' "$*"; }
seconds() { echo $(( $(date +%s) - $1 )); }

if $rebuild_base || ! docker image inspect "$base" >/dev/null 2>&1; then
  command -v mmdebstrap >/dev/null || { echo "build-images.sh: mmdebstrap is missing: apt-get install -y mmdebstrap" >&2; exit 2; }
  start=$(date +%s)
  step "building $base from Debian's packages with mmdebstrap (once per machine, about a minute)"
  tar="$(mktemp -d)/base.tar"
  trap 'rm -rf "$(dirname "$tar")"' EXIT
  # Documentation, man pages and locales are dropped (the JRE's postinst still needs man1 to exist).
  mmdebstrap --quiet --variant=essential --include=openjdk-17-jre-headless,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    bookworm "$tar" "$mirror" </dev/null
  # A failed run can leave an empty tar behind, which docker would import as an empty image.
  [ -s "$tar" ] || { echo "build-images.sh: mmdebstrap made no image" >&2; exit 1; }
  docker import --change 'ENV LANG=C.UTF-8' "$tar" "$base" >/dev/null
  step "$base built in $(seconds "$start") s"
fi

build() { # name context dockerfile
  local start; start=$(date +%s)
  local out
  # The legacy builder's deprecation notice is noise here; its output is shown when a build fails.
  out="$(docker build --network host --label io.launchgraph.build=local --build-arg "BASE_IMAGE=$base" -t "$1" -f "$3" "$2" 2>&1)" \
    || { echo "$out" >&2; exit 1; }
  step "$1 built in $(seconds "$start") s ($(docker image inspect --format '{{.Size}}' "$1" | awk '{printf "%d MB", $1/1000000}'))"
}

build launchgraph:local "$root" "$root/docker/Dockerfile"

# The broker's context: only the jars a KRaft broker needs, not the service's whole lib/.
ctx="$target/docker/kafka"
rm -rf "$ctx" && mkdir -p "$ctx/libs"
cp "$root/docker/kafka/run.sh" "$root/docker/kafka/logback.xml" "$ctx/"
(cd "$target/lib" && cp kafka_2.13-*.jar kafka-clients-*.jar kafka-server-*.jar kafka-metadata-*.jar kafka-raft-*.jar \
  kafka-storage-*.jar kafka-coordinator-common-*.jar kafka-group-coordinator-*.jar kafka-share-coordinator-*.jar \
  kafka-transaction-coordinator-*.jar kafka-tools-api-*.jar scala-*.jar jackson-*.jar snakeyaml-*.jar argparse4j-*.jar \
  jopt-simple-*.jar jose4j-*.jar metrics-core-*.jar re2j-*.jar pcollections-*.jar caffeine-*.jar hash4j-*.jar \
  zstd-jni-*.jar lz4-java-*.jar snappy-java-*.jar slf4j-api-*.jar logback-*.jar commons-*.jar HdrHistogram-*.jar \
  LatencyUtils-*.jar jspecify-*.jar log4j-api-*.jar log4j-core-*.jar "$ctx/libs/")
build launchgraph-kafka:local "$ctx" "$root/docker/kafka/Dockerfile"

ctx="$target/docker/registry"
rm -rf "$ctx" && mkdir -p "$ctx"
cp -a "$target/apicurio-registry" "$ctx/"
build launchgraph-registry:local "$ctx" "$root/docker/registry/Dockerfile"

# Each build leaves the previous images untagged (their lib/ layer held the last build's own jars):
# remove them, ours only, so that repeated builds do not fill the disk.
docker image prune --force --filter label=io.launchgraph.build=local >/dev/null
