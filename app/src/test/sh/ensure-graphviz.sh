#!/usr/bin/env bash
# The graph export test renders DOT with Graphviz's dot (the tool users pipe it to). Installs
# Debian's graphviz when missing and we may; otherwise says how.
set -euo pipefail
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing graphviz (Debian package) for the graph export test..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq graphviz >/dev/null
  command -v dot >/dev/null 2>&1 && exit 0
fi
echo "The graph export test needs Graphviz's dot:" >&2
echo "  sudo apt-get install -y graphviz" >&2
exit 1
