#!/usr/bin/env bash
# Vendors the web page's libraries at build time (no CDN at run time): installs the exact versions
# of app/src/main/web/package-lock.json from the npm registry into target/web, and copies the two
# browser builds with their licences into the page's classpath folder. Installs Node.js (Debian
# packages) when missing and we may; otherwise says how.
set -euo pipefail
web="$1"      # app/src/main/web
target="$2"   # app/target
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing nodejs and npm (Debian packages) to vendor the web page's libraries..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nodejs npm >/dev/null
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "The build vendors the web page's libraries with npm: sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
fi
work="$target/web"
out="$target/classes/public/vendor"
mkdir -p "$work" "$out"
cp "$web/package.json" "$web/package-lock.json" "$work/"
# Only when the lock changed: npm ci wipes and reinstalls node_modules each time.
if ! cmp -s "$web/package-lock.json" "$work/node_modules/.package-lock.json.installed" 2>/dev/null; then
  (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$web/package-lock.json" "$work/node_modules/.package-lock.json.installed"
fi
cp "$work/node_modules/cytoscape/dist/cytoscape.min.js" "$out/"
cp "$work/node_modules/cytoscape/LICENSE" "$out/LICENSE-cytoscape.txt"
cp "$work/node_modules/cytoscape-dagre/dist/cytoscape-dagre.min.js" "$out/"
cp "$work/node_modules/cytoscape-dagre/LICENSE" "$out/LICENSE-cytoscape-dagre.txt"
