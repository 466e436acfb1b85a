#!/usr/bin/env bash
# The web page's browser test drives Debian's chromium through Debian's chromedriver (Selenium is
# told their paths and never downloads one). Installs them when missing and we may; otherwise
# says how.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium and chromium-driver (Debian packages) for the web page's browser test..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && exit 0
fi
echo "The web page's browser test needs chromium and chromedriver:" >&2
echo "  sudo apt-get install -y chromium chromium-driver" >&2
exit 1
