#!/usr/bin/env bash
# Docker's health check: healthy when /health/ready answers 200. Plain bash (/dev/tcp), because
# slim base images carry neither curl nor wget.
port="${LAUNCHGRAPH_HTTP_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  *" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
