#!/usr/bin/env bash
# The independent-client integration test drives Debian's Confluent Python client (nobody here
# wrote it, which is the point). Installs it when missing and we may; otherwise says how.
set -euo pipefail
PYTHON=/usr/bin/python3
check() { "$PYTHON" -c 'import confluent_kafka, avro, requests' 2>/dev/null; }
if [ -x "$PYTHON" ] && check; then
  exit 0
fi
PACKAGES="python3 python3-confluent-kafka python3-avro python3-requests"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing $PACKAGES (Debian packages) for the Python client test..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $PACKAGES >/dev/null
  check && exit 0
fi
echo "The Python client integration test needs Debian's $PACKAGES:" >&2
echo "  sudo apt-get install -y $PACKAGES" >&2
exit 1
